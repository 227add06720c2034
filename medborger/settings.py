"""Settings for the Medborger portal, read from the environment (see .env.example).

Defaults are safe for local use: SQLite, console e-mail, local-memory cache, DEBUG off unless
asked for. Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, REDIS_URL and the e-mail host.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from medborger.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# Without DEBUG, a missing SECRET_KEY stays empty: Django then refuses everything that needs it
# (sessions, CSRF, signing), and the app servers (wsgi.py, asgi.py) refuse to start, while
# commands that need no key, such as `makemigrations --check`, still run.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-local-development-key-only-used-with-DEBUG-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The municipality the portal is run for, and its public address (used in e-mails and PDFs).
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Ishøj Kommune")
# The portal's one name, a proper name in every language: page titles, the header, e-mails, PDFs.
SITE_NAME = env_str("SITE_NAME", "Medborgerportalen")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# E-mail domains whose owners count as municipal employees (comma-separated).
STAFF_EMAIL_DOMAINS = env_list("STAFF_EMAIL_DOMAINS", ["ishoj.dk"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "django_tasks",
    # medborger's db_worker (the worker with the schedule) comes before django_tasks_db's own.
    "medborger",
    "django_tasks_db",
    "notifications",
    "policy",
    "process",
    "engagement",
    "hearing",
    "privacy",
    "ishoj",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sends staff without an authenticator app from /styring/ to the set-up page.
    "medborger.middleware.StaffMfaMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a rate-limited request into the portal's 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "medborger.urls"
# A failed CSRF check gets the portal's own page, in the visitor's language.
CSRF_FAILURE_VIEW = "medborger.views.csrf_failure"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "medborger.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medborger.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, but a Redis that cannot be reached is a miss, not an error.
            "BACKEND": "medborger.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "medborger",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Fine for one development server. Without DEBUG the system check medborger.E001 refuses
    # it: every worker would count the rate limits in its own memory.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages from the shared cache (medborger/pagecache.py); off only to measure.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_VIEW = "medborger.views.rate_limited"
# How many proxies (load balancers) the portal runs behind, each adding to X-Forwarded-For.
# Rate limits and allauth's login limits key on the client address derived from it
# (medborger.clientip); with 0 the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
RATELIMIT_IP_META_KEY = "medborger.clientip.client_ip"

# --- Accounts -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# The client address behind trusted proxies, and e-mails through the mail module.
ACCOUNT_ADAPTER = "medborger.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Two-factor authentication: an authenticator app (TOTP) with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Medborger")
# Staff must have an authenticator app before they get into the staff area (/styring/) or the
# admin (/admin/).
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", not DEBUG)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
# The first entry also takes the strings of the project-wide templates/ when running
# makemessages; each app keeps its own catalog so that work on one app touches only its files.
LOCALE_PATHS = [
    BASE_DIR / "medborger" / "locale",
    BASE_DIR / "policy" / "locale",
    BASE_DIR / "process" / "locale",
    BASE_DIR / "engagement" / "locale",
    BASE_DIR / "hearing" / "locale",
    BASE_DIR / "privacy" / "locale",
    BASE_DIR / "notifications" / "locale",
]
# English dates in the European order with a 24-hour clock (medborger/formats/en).
FORMAT_MODULE_PATH = ["medborger.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded and generated files (hearing attachments, PDF snapshots, meeting packets) go through
# Django's storage API only. With S3_BUCKET set they live in an S3-compatible object store
# (django-storages), which several app servers share; the credentials come from the usual
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables. Files are private and always served
# through the portal's own views, which check who may see them.
S3_BUCKET = env_str("S3_BUCKET")
DEFAULT_FILE_STORAGE_BACKEND = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 26_214_400, minimum=1)

# --- E-mail ---------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Medborger <medborger@ishoj.dk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Background tasks -----------------------------------------------------------------------
# E-mail, PDF rendering and the daily jobs run as tasks in the worker (`manage.py db_worker`),
# which takes them from a queue in the database; several workers can share it on PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A mail that fails is tried again after 1, 2, 4, … times this many seconds (at most an hour
# apart), MAIL_MAX_ATTEMPTS times in all; then it is marked failed for staff to see.
MAIL_RETRY_SECONDS = env_int("MAIL_RETRY_SECONDS", 60, minimum=0)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 10, minimum=1)
# Sent mails are kept this many days in the mail log, then deleted (they hold addresses).
MAIL_LOG_DAYS = env_int("MAIL_LOG_DAYS", 30, minimum=1)
# The worker's schedule: job name -> (task, when). "HH:MM" runs daily at that local time,
# "every N minutes" runs that often. Each job is idempotent; one worker enqueues each run.
TASK_SCHEDULE = {
    "milestone-reminders": ("process.tasks.milestone_reminders_send", "07:00"),
    "event-reminders": ("engagement.tasks.event_reminders_send", "08:00"),
    "comments-expire": ("policy.tasks.comments_expire", "03:30"),
    "hearing-data-purge": ("privacy.tasks.hearing_data_purge", "03:45"),
    "registrations-purge": ("privacy.tasks.registrations_purge", "03:50"),
    "mail-retry": ("medborger.mail.mail_retry_due", "every 10 minutes"),
    "follow-digests": ("notifications.tasks.digests_send", "07:15"),
    "follow-notices-due": ("hearing.tasks.notices_due_send", "every 10 minutes"),
    "hearing-responses-digest": ("hearing.tasks.hearing_responses_digest", "16:00"),
}
# The queue counts as stuck for /sundhed/ when its oldest waiting task is older than this.
TASKS_MAX_WAIT_SECONDS = env_int("TASKS_MAX_WAIT_SECONDS", 900, minimum=1)

# --- Security -------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes the health check over plain HTTP on the private network: it must get
# the 200 or 503 itself, not a redirect to https.
SECURE_REDIRECT_EXEMPT = [r"^sundhed/$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO; only its warnings are worth reading.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
