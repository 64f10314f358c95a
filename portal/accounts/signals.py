"""Every login, logout and failed attempt goes into the audit trail (ASVS V7); a completed
password reset proves the login email."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import translation

from portal.audit.services import audit_auth_event

from .services import login_email_mark_verified


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_auth_event(verb="auth.login", request=request, user=user)
    if user.language:  # the welcome message of this very request already speaks their language
        translation.activate(user.language)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_auth_event(verb="auth.logout", request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username") or ""
    audit_auth_event(verb="auth.login_failed", request=request, email=str(email))


@receiver(password_reset)
def _password_reset(sender, request, user, **kwargs):
    audit_auth_event(verb="auth.password_reset", request=request, user=user)
    # The link came to the login email: the address is proven (two-factor enrolment needs it).
    login_email_mark_verified(user=user)


@receiver(password_changed)
def _password_changed(sender, request, user, **kwargs):
    audit_auth_event(verb="auth.password_changed", request=request, user=user)


@receiver(password_set)
def _password_set(sender, request, user, **kwargs):
    audit_auth_event(verb="auth.password_changed", request=request, user=user)
