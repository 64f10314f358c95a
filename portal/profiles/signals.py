"""Two-factor events from allauth go into the audit trail (AUTH-4, PLAT-3), and the profile kept
in each of the person's companies shows the change (`figures.person_changed`).

allauth's MFA views are not ours, so its signals are the only place to record them.
"""

from allauth.mfa import signals as mfa_signals
from django.dispatch import receiver

from portal.access import figures
from portal.audit.services import audit_auth_event


@receiver(mfa_signals.authenticator_added)
def _added(sender, request, user, authenticator, **kwargs):
    audit_auth_event(
        verb="auth.mfa_added", request=request, user=user, data={"type": authenticator.type}
    )
    figures.person_changed(user)


@receiver(mfa_signals.authenticator_removed)
def _removed(sender, request, user, authenticator, **kwargs):
    audit_auth_event(
        verb="auth.mfa_removed", request=request, user=user, data={"type": authenticator.type}
    )
    figures.person_changed(user)


@receiver(mfa_signals.authenticator_reset)
def _reset(sender, request, user, authenticator, **kwargs):
    audit_auth_event(
        verb="auth.mfa_reset", request=request, user=user, data={"type": authenticator.type}
    )
    figures.person_changed(user)


@receiver(mfa_signals.authentication_failed)
def _failed(sender, request, user, authenticator, **kwargs):
    audit_auth_event(
        verb="auth.mfa_failed",
        request=request,
        user=user,
        data={"reauthentication": bool(kwargs.get("reauthentication"))},
    )
