"""Vigil's one settings module, configured from the environment.

Every variable is listed, with its default, in ``.env.example``. The defaults run the demo
on SQLite from a fresh checkout; a production configuration (``VIGIL_ENV=production``)
refuses the demo defaults (see ``docs/deployment.md``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# "development" (the default, for the demo and tests) or "production".
VIGIL_ENV = env.str("VIGIL_ENV", default="development")
if VIGIL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("VIGIL_ENV must be 'development' or 'production'")
PRODUCTION = VIGIL_ENV == "production"

DEBUG = env.bool("VIGIL_DEBUG", default=False)

# Demo mode: shows a banner and lets accounts sign in without two-factor. It is on only
# when explicitly configured (`make run` sets it) and never in production.
DEMO_MODE = env.bool("VIGIL_DEMO_MODE", default=False)

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("VIGIL_SECRET_KEY", default=_DEV_SECRET)

if PRODUCTION:
    if DEMO_MODE:
        raise ImproperlyConfigured("VIGIL_DEMO_MODE cannot be on when VIGIL_ENV=production")
    if DEBUG:
        raise ImproperlyConfigured("VIGIL_DEBUG cannot be on when VIGIL_ENV=production")
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set VIGIL_SECRET_KEY to a random value of 50+ characters")

ALLOWED_HOSTS = env.list("VIGIL_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("VIGIL_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "csp",
    "vigil.accounts",
    "vigil.audit",
    "vigil.nominals",
    "vigil.registration",
    "vigil.risk",
    "vigil.visits",
    "vigil.reactive",
    "vigil.obligations",
    "vigil.reports",
    "vigil.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vigil.accounts.middleware.IdleTimeoutMiddleware",
    "vigil.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "vigil.audit.middleware.RequestContextMiddleware",
    "vigil.accounts.middleware.NoStoreMiddleware",
    # django-axes must be last (DEPENDENCIES.md §3).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vigil.urls"
WSGI_APPLICATION = "vigil.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vigil" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "vigil.accounts.context_processors.vigil",
            ],
            "libraries": {"vigil": "vigil.templatetags"},
        },
    }
]

# Databases: SQLite under var/ by default; PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'vigil.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions avoid "database is locked" (DEPENDENCIES.md §1).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("VIGIL_DB_CONN_MAX_AGE", default=60))
    # PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost. Vigil's
    # set-based reads of a whole force (one index probe per person) pass it and then spend
    # 0.3 to 0.5 s compiling a query that runs in less: off for this application's sessions
    # (docs/performance.md; ADR 5). VIGIL_DB_JIT=1 leaves the server's setting alone.
    if not env.bool("VIGIL_DB_JIT", default=False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The "in force" indexes carry extra columns (INCLUDE) on PostgreSQL, the production
# database; SQLite (tests, a laptop demo) builds them without, which is only slower.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes must be first (DEPENDENCIES.md §3).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "vigil.accounts.backends.VettedUserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"

# Sign-in hardening.
AXES_FAILURE_LIMIT = env.int("VIGIL_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("VIGIL_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vigil.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# One place decides the client's address, for lockout and audit alike.
AXES_CLIENT_IP_CALLABLE = "vigil.audit.context.client_ip"
# How many reverse proxies sit in front of Vigil and append to X-Forwarded-For
# (docs/deployment.md). 0: trust only the socket's address.
VIGIL_TRUSTED_PROXY_COUNT = env.int("VIGIL_TRUSTED_PROXY_COUNT", default=0)
VIGIL_IDLE_TIMEOUT = dt.timedelta(minutes=env.int("VIGIL_IDLE_TIMEOUT_MINUTES", default=30))
OTP_TOTP_ISSUER = env.str("VIGIL_OTP_ISSUER", default="Vigil")

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # a shift: the idle timeout ends sessions much sooner
SESSION_COOKIE_SECURE = env.bool("VIGIL_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "vigil.views.csrf_failure"

# Security headers. HSTS is only ever sent on HTTPS responses.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env.int("VIGIL_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = env.bool("VIGIL_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("VIGIL_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("VIGIL_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "vigil" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "VIGIL_STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Outside production, WhiteNoise serves straight from the app and build directories, so
# the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env.str("VIGIL_MEDIA_ROOT", default=str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# crispy-forms replaces a widget's classes with its own for date and time inputs (and
# crispy-forms-gds then adds only the width), so they lost GOV.UK's input style.
CRISPY_CLASS_CONVERTERS = {"dateinput": "govuk-input", "timeinput": "govuk-input"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

if env.str("VIGIL_REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("VIGIL_REDIS_URL"),
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("VIGIL_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
