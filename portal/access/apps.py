from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "portal.access"
    label = "access"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
        from .registry import collect

        collect()
