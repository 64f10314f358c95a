"""Settings shared by every environment; everything that differs comes from the environment."""

import base64
import hashlib
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "django_countries",
    "django_tables2",
    "django_filters",
]
LOCAL_APPS = [
    "portal.core",
    "portal.accounts",
    "portal.tenancy",
    "portal.access",
    "portal.audit",
    "portal.mail",
    "portal.team",
    "portal.profiles",
    "portal.customers",
    "portal.programs",
    "portal.support",
    "portal.orders",
    "portal.billing",
    "portal.console",
    "portal.dashboard",
    "portal.storefront",
    "portal.demo",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.tenancy.middleware.ActorMiddleware",
    # issue 9: the versions of kept page parts, read before the view reads any data
    "portal.access.middleware.FigureVersionsMiddleware",
    # PROG-3: a reseller reaches the portal only once the current program terms are accepted
    "portal.programs.middleware.ProgramTermsGateMiddleware",
    "portal.profiles.middleware.VendorMfaRequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.access.context_processors.navigation",
                "portal.accounts.context_processors.session_policy",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite has no row locks: a transaction that reads and then writes (deciding a staff
    # request) would lose with "database is locked". IMMEDIATE takes the write lock when the
    # transaction starts, so concurrent writers queue (up to `timeout` seconds) and the second
    # one sees the first one's result; WAL lets readers go on while someone writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache that every app server and worker shares: login throttling lives here.
REDIS_URL = env("REDIS_URL", default="")
# Figures and kept page parts (portal/access/figures.py) have a cache of their own: they are
# many and short-lived, and culling a full database cache must never drop throttling counters.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.core.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
        },
        "figures": {
            "BACKEND": "portal.core.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "figures",
        },
    }
    # Sessions are read on every page: from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        },
        "figures": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_figures_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["portal.accounts.backends.MemberAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email login only, no self sign-up, throttled failures.
ACCOUNT_ADAPTER = "portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# No sign-up to point to: a reset asked for an unknown address sends nothing (same page shown).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A reset link dies when the login email changes, and checking one writes no address row
# (allauth's default adds an unverified one, which blocks two-factor enrolment: issue 8).
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "portal.accounts.tokens.PasswordResetTokenGenerator"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partner Portal] "
ACCOUNT_RATE_LIMITS = {
    # Every login attempt, good or bad, per client address: a whole office signs in through one
    # address at nine o'clock, so this only stops floods (allauth's default is 30/m).
    "login": "600/m/ip",
    # Failed attempts: per person 5 in 5 minutes; per address generous for the same reason.
    "login_failed": "30/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
    # My profile → login email: each try checks the current password
    "email_change": "5/5m/user",
    # the public "send me a new activation link" form (portal/team/views.py)
    "activation_resend": "10/h/ip,3/h/key",
    # the public reseller application (PROG-1) and client registration forms (PROG-4): valid
    # submissions per client address, and per registration link
    "program_apply": "10/h/ip",
    "lead_register": "20/h/ip,60/h/key",
}
# Behind a reverse proxy every request comes from the proxy's address. Say how to find the
# client's: either the number of proxies that append to X-Forwarded-For (the client's address is
# the one the outermost trusted proxy appended), or the one header the proxy sets to it. The login
# limits and the audit trail both read the address this way (portal/core/request_context.py).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("DJANGO_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partner Portal"
# AUTH-4: vendor staff must enrol in two-factor login; the local demo turns it off.
PORTAL_REQUIRE_VENDOR_MFA = env.bool("PORTAL_REQUIRE_VENDOR_MFA", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_AGE", default=60 * 60 * 8)
# Idle sessions end (portal/tenancy/middleware.py): after this many minutes without a request,
# shorter for vendor staff. The login page says so.
# The home pages' figures are kept this long at most between changes (portal/access/figures.py).
PORTAL_FIGURES_CACHE_SECONDS = env.int("PORTAL_FIGURES_CACHE_SECONDS", default=120)
# What the kept figures and page parts are keyed by besides the data: empty for a digest of the
# code, templates and translations on disk (figures.release()); a deployment may name its own.
PORTAL_RELEASE = env.str("PORTAL_RELEASE", default="")
PORTAL_SESSION_IDLE_MINUTES = env.int("PORTAL_SESSION_IDLE_MINUTES", default=60)
PORTAL_VENDOR_SESSION_IDLE_MINUTES = env.int("PORTAL_VENDOR_SESSION_IDLE_MINUTES", default=20)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere (static/js/portal.js holds the behaviour); styles may be inline
# because htmx injects its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Partner Portal <portal@vendor.example>"
)
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
PORTAL_EMAIL_MAX_ATTEMPTS = 5
# Keep one-time links readable in the outbox after delivery: only for the local demo.
PORTAL_OUTBOX_KEEP_SENSITIVE = env.bool("PORTAL_OUTBOX_KEEP_SENSITIVE", default=False)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("hu", _("Hungarian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Uploaded and generated files (invoices, attachments) are private: no URL serves MEDIA_ROOT; a
# view checks the permission and streams the file (portal/core/files.py). Production may put them
# in an S3 bucket instead (production.py).
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

PHONENUMBER_DEFAULT_REGION = None
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # 403/404 are business as usual (and audited); errors still log with their traceback.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django.request": {"level": "ERROR"}},
}
ADMIN_URL = env("DJANGO_ADMIN_URL", default="admin/")
PORTAL_ACTIVATION_HOURS = env.int("PORTAL_ACTIVATION_HOURS", default=72)
# Whose public holidays are not business days (portal/core/calendar.py): an ISO country code.
PORTAL_BUSINESS_CALENDAR_COUNTRY = env("PORTAL_BUSINESS_CALENDAR_COUNTRY", default="PL")

# SEC-3: keys that encrypt secrets at rest (portal/core/crypto.py), comma-separated, newest first;
# after adding a key run `manage.py rotate_secrets`. Required in production (`check --deploy`
# fails without them, portal/core/checks.py); only local.py and test.py fall back to a key derived
# from SECRET_KEY, so that SECRET_KEY can change on its own where real secrets are kept.
PORTAL_FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in env.list("PORTAL_FIELD_ENCRYPTION_KEYS", default=[]) if key.strip()
]


def derived_field_encryption_key(secret: str) -> str:
    """The development fallback key (same as portal.core.crypto.derive_key)."""
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).decode()


# PROF-2: where "Open forum" posts the member's forum user name and password. Empty: no forum is
# connected, and "Open forum" says so instead of sending people to an address that does not exist.
PORTAL_FORUM_LOGIN_URL = env("PORTAL_FORUM_LOGIN_URL", default="")
# AUTH-4: TOTP secrets and recovery-code seeds are encrypted with the keys above.
MFA_ADAPTER = "portal.profiles.mfa.PortalMFAAdapter"
