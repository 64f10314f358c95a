"""The audit trail listens to the policy's refusals: one guard (`access.policies.require`), one
record of every refusal, whether a decorator, a view or a service asked."""

from django.dispatch import receiver

from portal.access.policies import access_refused

from .services import audit_refusal


@receiver(access_refused)
def _record_refusal(sender, actor, permission, obj, request, **kwargs):
    audit_refusal(actor=actor, permission=permission, request=request)
