"""`make run`: debug pages, mail written to var/mail and readable in the vendor console."""

from .base import *  # noqa: F403
from .base import PORTAL_FIELD_ENCRYPTION_KEYS, SECRET_KEY, derived_field_encryption_key, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
PORTAL_REQUIRE_VENDOR_MFA = env.bool("PORTAL_REQUIRE_VENDOR_MFA", default=False)
PORTAL_OUTBOX_KEEP_SENSITIVE = env.bool("PORTAL_OUTBOX_KEEP_SENSITIVE", default=True)
# Secrets at rest need no setup locally: a key derived from SECRET_KEY unless keys are given.
PORTAL_FIELD_ENCRYPTION_KEYS = PORTAL_FIELD_ENCRYPTION_KEYS or [
    derived_field_encryption_key(SECRET_KEY)
]
