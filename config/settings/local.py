"""`make run`: debug pages, mail written to var/mail and readable in the vendor console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
PORTAL_REQUIRE_VENDOR_MFA = env.bool("PORTAL_REQUIRE_VENDOR_MFA", default=False)
PORTAL_OUTBOX_KEEP_SENSITIVE = env.bool("PORTAL_OUTBOX_KEEP_SENSITIVE", default=True)
