from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
        from .choices import install

        # get_FOO_display() looks its label up (core/choices.py)
        install()
