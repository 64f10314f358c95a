"""System checks of the ground floor's settings; `manage.py check --deploy` runs them."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import crypto


@checks.register(checks.Tags.security, deploy=True)
def check_field_encryption_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Production keeps secrets at rest under keys of its own, not under one derived from
    SECRET_KEY (which would then decrypt them, and could not change without losing them)."""
    keys = list(getattr(settings, "PORTAL_FIELD_ENCRYPTION_KEYS", None) or [])
    hint = (
        "Set PORTAL_FIELD_ENCRYPTION_KEYS to a key made with `python -c 'from cryptography.fernet "
        "import Fernet; print(Fernet.generate_key().decode())'` (comma-separated, newest first)."
    )
    if not keys:
        return [
            checks.Error(
                "PORTAL_FIELD_ENCRYPTION_KEYS is empty: secrets at rest cannot be encrypted.",
                hint=hint,
                id="portal.E001",
            )
        ]
    if crypto.derive_key(settings.SECRET_KEY) in keys:
        return [
            checks.Error(
                "PORTAL_FIELD_ENCRYPTION_KEYS holds the key derived from SECRET_KEY "
                "(a development fallback).",
                hint=hint,
                id="portal.E002",
            )
        ]
    try:
        crypto._build(tuple(keys))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="portal.E003")]
    return []
