"""A small in-process cache, in front of Django, for responses that can never change.

Django marks such a response with the header `X-Immutable-Cache` (a published version's PDF
snapshot, whose bytes are frozen). This WSGI wrapper keeps the finished response (status,
headers, body) and answers the next GET or HEAD of the same URL itself, including conditional
requests (304 on a matching ETag), without entering Django. It is a cache, not state: every app
server fills its own, and losing it costs one trip through Django. Entries never go stale
because their content never changes; the cache is bounded in bytes and forgets the oldest first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

MARKER = "X-Immutable-Cache"
_MARKER_LOWER = MARKER.lower()


class ImmutableResponseCache:
    def __init__(
        self, app: Callable, *, max_bytes: int = 64 * 1024 * 1024, max_entry: int = 8 * 1024 * 1024
    ):
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._entries: OrderedDict[str, tuple[str, list[tuple[str, str]], bytes, str]] = (
            OrderedDict()
        )
        self._size = 0
        self._lock = threading.Lock()

    @staticmethod
    def _key(environ: dict) -> str:
        query = environ.get("QUERY_STRING", "")
        return environ.get("PATH_INFO", "") + ("?" + query if query else "")

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        key = self._key(environ)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
        if entry is not None:
            return self._serve(entry, environ, start_response, method)
        return self._pass_through(key, environ, start_response)

    def _serve(self, entry, environ, start_response, method) -> Iterable[bytes]:
        status, headers, body, etag = entry
        if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
            kept = [
                (k, v)
                for k, v in headers
                if k.lower() not in {"content-length", "content-type", "content-disposition"}
            ]
            start_response("304 Not Modified", kept)
            return [b""]
        start_response(status, headers)
        return [b""] if method == "HEAD" else [body]

    def _pass_through(self, key: str, environ: dict, start_response: Callable) -> Iterable[bytes]:
        captured: dict = {}

        def remember(status: str, headers: list[tuple[str, str]], exc_info=None):
            captured["status"], captured["headers"] = status, headers
            names = {k.lower() for k, _ in headers}
            # Never keep a response that sets a cookie: it belongs to one visitor.
            marked = _MARKER_LOWER in names and "set-cookie" not in names
            cleaned = [(k, v) for k, v in headers if k.lower() != _MARKER_LOWER]
            captured["marked"] = marked and status.startswith("200")
            return (
                start_response(status, cleaned, exc_info)
                if exc_info
                else start_response(status, cleaned)
            )

        result = self.app(environ, remember)
        if not captured.get("marked") or environ.get("REQUEST_METHOD") != "GET":
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != _MARKER_LOWER]
        etag = next((v for k, v in headers if k.lower() == "etag"), "")
        if len(body) <= self.max_entry:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = (captured["status"], headers, body, etag)
                    self._size += len(body)
                    while self._size > self.max_bytes and self._entries:
                        _, (_, _, old, _) = self._entries.popitem(last=False)
                        self._size -= len(old)
        return [body]
