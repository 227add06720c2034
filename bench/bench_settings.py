"""Production-like settings for the benchmark: DEBUG off, plain static storage (no manifest)."""

import os

from medborger.settings import *  # noqa: F403
from medborger.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ROOT_URLCONF = "bench.urls"  # the portal's URLs plus the trivial ceiling page
SECURE_SSL_REDIRECT = False
# Off for load (every client is 127.0.0.1); the deployment tests switch it on to test it.
RATELIMIT_ENABLE = os.environ.get("RATELIMIT_ENABLE", "false") == "true"
# Posted comments and sign-ups send mail; the benchmark measures the portal, not a mail server.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
if os.environ.get("BENCH_MAIL_DIR"):
    # The soak and fault tests read what was sent: one file per message in this folder.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]
if os.environ.get("BENCH_MAIL_CONSOLE") == "1":
    # The mail queue benchmark measures a worker sending with the console backend.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Warnings and errors to stderr, with their tracebacks: a 500 in a soak or fault test must be
# diagnosable from the test's output (django.request logs the exception behind every 5xx).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
# Serve static files from the apps and node_modules, as the test settings do (no collectstatic).
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = BASE_DIR / "bench" / "out" / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

if os.environ.get("BENCH_NO_CACHE") == "1":
    # Measure the page as if every request missed the cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
