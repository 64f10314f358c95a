"""Only what makes tests fast and self-contained differs from base."""

from .base import *  # noqa: F403
from .base import PORTAL_FIELD_ENCRYPTION_KEYS, derived_field_encryption_key, env

DEBUG = False
SECRET_KEY = "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz"
PORTAL_FIELD_ENCRYPTION_KEYS = PORTAL_FIELD_ENCRYPTION_KEYS or [
    derived_field_encryption_key(SECRET_KEY)
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": env(
            "PORTAL_TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Tests build data behind the services' back and reuse keys between tests: figures are computed
# on every request unless a test turns the cache on (tests/test_figures_cache.py).
PORTAL_FIGURES_CACHE_SECONDS = 0
PORTAL_REQUIRE_VENDOR_MFA = env.bool("PORTAL_REQUIRE_VENDOR_MFA", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("REDIS_URL", default=""):
    # CI's PostgreSQL pass runs the throttling tests against the shared Redis cache.
    CACHES["default"] = {
        "BACKEND": "portal.core.redis_cache.SharedClientRedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": "portal-test",
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the live server of browser tests then gets its own connections.
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405 - a fresh clone has no var/
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    # Browser tests commit their data; waiting for each commit to reach the disk buys a test
    # database nothing.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# Browser tests read activation links in the outbox, as a person does with the local demo.
PORTAL_OUTBOX_KEEP_SENSITIVE = True
