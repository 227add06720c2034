"""The cache the app servers share: Redis when REDIS_URL is set, local memory otherwise."""

import pytest
from django.conf import settings
from django.core.cache import cache


def test_the_cache_backend_follows_redis_url():
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.REDIS_URL:
        assert backend == "medborger.cache.TolerantRedisCache"
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_values_round_trip_and_counters_are_atomic():
    cache.set("medborger-probe", {"æøå": [1, 2, 3]}, timeout=30)
    assert cache.get("medborger-probe") == {"æøå": [1, 2, 3]}
    cache.set("medborger-counter", 0)
    assert [cache.incr("medborger-counter") for _ in range(3)] == [1, 2, 3]


@pytest.mark.django_db
def test_sessions_survive_between_requests(client, citizen):
    client.force_login(citizen)
    assert client.get("/styring/").status_code == 403  # logged in (else 302), no role
