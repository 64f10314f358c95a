from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "portal.profiles"
    label = "profiles"

    def ready(self):
        from . import signals  # noqa: F401
