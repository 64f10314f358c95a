from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "portal.programs"
    label = "programs"
