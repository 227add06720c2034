"""The shared cache (Redis), made to fail soft.

Everything the portal keeps in the cache can be rebuilt: cached pages and fragments are rendered
again, sessions are read from the database (`cached_db`), rate limits let the request through.
So when Redis cannot be reached, a read is a miss and a write is dropped instead of an error that
would break every page; the failure is logged at most once a minute per process (by
`medborger.pagecache`), not once per request. Short socket time-outs keep a hung Redis from
holding the workers.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError


class TolerantRedisCache(RedisCache):
    def _soft(self, action: str, error: Exception, default=None):
        from medborger import pagecache

        pagecache.report_failure(action, error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._soft("reading", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._soft("reading", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._soft("reading", error, False)

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._soft("writing", error)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._soft("writing", error, list(data))

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._soft("writing", error, False)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._soft("writing", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._soft("writing", error, False)

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self._soft("writing", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            # django-ratelimit reads a ValueError as "no counter yet" and lets the request in.
            self._soft("counting", error)
            raise ValueError("The cache cannot be reached.") from error
