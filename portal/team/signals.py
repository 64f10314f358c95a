"""allauth's password reset belongs to allauth; what it means for a person who never activated
their account belongs here: a completed reset proves the address, so it activates them."""

from allauth.account.signals import password_reset
from django.dispatch import receiver

from .services import activation_complete_by_password_reset


@receiver(password_reset)
def _activate_on_password_reset(sender, request, user, **kwargs):
    activation_complete_by_password_reset(user=user)
