from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"

    def ready(self):
        from portal.access.registry import area_modules

        from . import signals  # noqa: F401 - records refusals announced by the policy
        from .verbs import LABELS, TRAIL_ONLY_VERBS, register

        LABELS.clear()
        TRAIL_ONLY_VERBS.clear()
        for _config, module in area_modules("verbs"):
            register(module.VERBS, trail_only=getattr(module, "TRAIL_ONLY", ()))
