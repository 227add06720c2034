"""System checks for what the deployment needs and Django's own checks do not know about."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

# Caches each app server process keeps for itself: nothing counted in one is seen by the others.
_PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production every rate limit and e-mail cap must count in one place for all workers."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in _PER_PROCESS_CACHES:
        return []
    return [
        checks.Error(
            "REDIS_URL is not set, so the cache is each app server process's own memory. Rate "
            "limits and the cap on confirmation e-mails then count separately in every worker: "
            "with 3 gunicorn workers, 30 comments a minute get through a limit of 10.",
            hint="Set REDIS_URL to the Redis server all app servers share (see .env.example).",
            id="medborger.E001",
        )
    ]
