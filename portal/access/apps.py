from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "portal.access"
    label = "access"

    def ready(self):
        from .registry import collect

        collect()
