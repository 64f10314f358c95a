"""Two-factor login (AUTH-4) on top of django-allauth's MFA: the adapter and the vendor rule.

allauth keeps the TOTP secret and the recovery-code seed in `Authenticator.data`; this adapter
encrypts them with the portal's keys (SEC-3) instead of allauth's default of storing them as is,
and keeps vendor staff from turning off the authenticator app they are required to use.
"""

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.access.policies import can
from portal.core.crypto import decrypt_text, encrypt_text


class PortalMFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Two-factor login is required for vendor staff, so it cannot be turned off."
        ),
    }

    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Vendor staff may not turn off the authenticator app they are required to use.
        actor = getattr(context.request, "actor", None)
        if authenticator.type == Authenticator.Type.TOTP and mfa_required(actor):
            return False
        return super().can_delete_authenticator(authenticator)


def totp_enabled(user) -> bool:
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def mfa_required(actor) -> bool:
    """AUTH-4: vendor staff must use two-factor login while the setting is on."""
    return bool(settings.PORTAL_REQUIRE_VENDOR_MFA and can(actor, "auth.mfa_required"))
