"""Encryption of secrets stored at rest (SEC-3): forum passwords, TOTP secrets, later API tokens
and webhook secrets.

Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) made with the first key of the setting
`PORTAL_FIELD_ENCRYPTION_KEYS`; every key of the list can still decrypt. To rotate, put a new key
first, keep the old ones after it, run `manage.py rotate_secrets`, then drop the old keys.
Hashing (for secrets that are only ever compared, never sent on) does not live here.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(ValueError):
    """The value was not made with any of the configured keys, or was altered."""


def derive_key(secret: str) -> str:
    """A Fernet key derived from `secret` (SHA-256 → url-safe base64): for local development."""
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).decode()


def encrypt_text(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("The value cannot be decrypted with the configured keys.") from error


def rotate_text(token: str) -> str:
    """The same value encrypted again with the first key (the newest)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError("The value cannot be decrypted with the configured keys.") from error


def _fernet() -> MultiFernet:
    # Read on every call (cached per key list) so that tests and rotation see a changed setting.
    return _build(tuple(settings.PORTAL_FIELD_ENCRYPTION_KEYS))


@lru_cache(maxsize=8)
def _build(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PORTAL_FIELD_ENCRYPTION_KEYS must hold at least one key.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "Each key of PORTAL_FIELD_ENCRYPTION_KEYS must be 32 url-safe base64-encoded bytes "
            "(make one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        ) from error
