"""Production: PostgreSQL from DATABASE_URL, Redis cache, HTTPS only; passes `check --deploy`."""

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
# Persistent connections: a new PostgreSQL connection per request costs more than most pages
# (issue 9). Each gunicorn worker keeps its own for this many seconds, checked before reuse so a
# database restart costs one retry, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Production runs behind one reverse proxy (it sets X-Forwarded-Proto above); say otherwise here.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Private files: an S3 (or S3-compatible) bucket when one is named, else MEDIA_ROOT on local disk
# (one app server, or a shared volume). The bucket must not be public: files are handed out by
# views through portal/core/files.py, never by bucket URLs.
STORAGE_BUCKET = env("DJANGO_STORAGE_BUCKET", default="")
if STORAGE_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env("DJANGO_STORAGE_ENDPOINT_URL", default=None),
            "region_name": env("DJANGO_STORAGE_REGION", default=None),
            # Unset: the instance role or the AWS_* variables of boto3 are used.
            "access_key": env("DJANGO_STORAGE_ACCESS_KEY", default=None),
            "secret_key": env("DJANGO_STORAGE_SECRET_KEY", default=None),
            "location": env("DJANGO_STORAGE_PREFIX", default=""),
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},  # noqa: F405
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
