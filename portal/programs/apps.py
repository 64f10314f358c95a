from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "portal.programs"
    label = "programs"

    def ready(self):
        from . import signals  # noqa: F401 - the terms gate's cache follows publications
