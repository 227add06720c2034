"""Settings for the test suite: the real stack, made fast and self-contained."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks")

from medborger.settings import *  # noqa: F403
from medborger.settings import STORAGES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# The staff-area tests log in without an authenticator; tests of the MFA rule switch it on.
STAFF_REQUIRE_MFA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, in the request that enqueues them (after its commit); the worker's own
# tests switch to the database backend and run db_worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:  # noqa: F405 - CI runs the PostgreSQL pass against the local Redis
    CACHES = {
        "default": {
            "BACKEND": "medborger.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,  # noqa: F405
            "KEY_PREFIX": "medborger-test",
        }
    }
    # Sessions stay in the database, so that query-count assertions mean the same on every run.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serve static files from the apps and node_modules without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
