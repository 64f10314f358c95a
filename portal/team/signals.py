"""allauth's password reset belongs to allauth; what it means for a person who never activated
their account belongs here: a completed reset proves the address, so it activates them. At login
the person learns of invitations waiting for them (the banner reads the session, no query)."""

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .selectors import invitations_pending_for
from .services import activation_complete_by_password_reset


@receiver(password_reset)
def _activate_on_password_reset(sender, request, user, **kwargs):
    activation_complete_by_password_reset(user=user)


@receiver(user_logged_in)
def _note_pending_invitations(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["pending_invitations"] = invitations_pending_for(user=user).count()
