from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileVerb(models.TextChoices):
    PROFILE_UPDATED = "profile.updated", _("Profile changed")
    EMAIL_CHANGE_REQUESTED = "profile.email_change_requested", _("Login email change asked for")
    EMAIL_CHANGED = "profile.email_changed", _("Login email changed")
    MFA_ADDED = "auth.mfa_added", _("Two-factor login turned on")
    MFA_REMOVED = "auth.mfa_removed", _("Two-factor login turned off")
    MFA_RESET = "auth.mfa_reset", _("Recovery codes renewed")
    MFA_FAILED = "auth.mfa_failed", _("Wrong two-factor code")
    SECRETS_ROTATED = "secrets.rotated", _("Stored secrets encrypted with a new key")


VERBS = ProfileVerb
