from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "portal.team"
    label = "team"

    def ready(self):
        from . import signals  # noqa: F401
