"""A shared cache of whole public pages, for anonymous visitors.

A public page (the front page, a version, a comparison, a process, the events, a hearing) is the
same for every anonymous visitor in one language, so it is rendered once and then answered from
the shared cache (Redis in production, local memory in the one-process default) until something
it shows changes. How that is kept true:

- **Key inputs** (`page_key`): the release (code, templates, translations, static manifest), the
  language, the URL, the date (the phase changes at midnight) or, for pages that depend on the
  hour (a deadline, an event's start), the minute, any parts the view passes in, and the
  *generation* of every database table the page reads. The policy app's conditional GET
  (`policy/conditional.py`) builds its ETags from the same inputs.
- **Table generations**: every INSERT, UPDATE or DELETE that Django sends to a table gives that
  table a new generation in the shared cache, at once and again when the transaction commits (a
  reader between the two cannot leave an old page under the new key). So publishing, a published
  comment, a reply, a registration, a hearing response or a renamed theme changes the key of
  every page that reads that table, on every app server. A page declares the models it shows;
  a page that reads a table it did not declare is rendered but not stored, and a warning names
  the table, so a page that grows is never served stale.
- **Who shares**: only anonymous GETs and HEADs without pending flash messages, with no query
  parameters other than the ones the page names, are answered from or stored into the cache.
  Signed-in visitors and staff always get a fresh page. Only a 200 is stored, and never one that
  added a message or sets a cookie of its own.
- **Per-visitor values**: the stored body carries placeholders instead of the CSRF token and of
  one-time form values (`fresh_hex`, the hearing form's idempotency key); they are filled in for
  each visitor when the page is answered, so two visitors never share a token, and the CSRF
  middleware sets each visitor's own cookie as for a freshly rendered page.
- **Faults**: when the cache cannot be reached, pages are rendered fresh; the failure is logged at
  most once a minute per process, and generations that could not be moved are moved as soon as the
  cache answers again.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

PAGE_SECONDS = 600  # a bound on an entry's life, in case a write escaped the generations
LOG_EVERY_SECONDS = 60.0
HEADERS_KEPT = ("ETag", "Last-Modified", "Cache-Control", "Content-Type")
CSRF_PLACEHOLDER = b"\x00pagecache-csrf\x00"
_FRESH_PLACEHOLDER = "\x00pagecache-fresh-{}\x00"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
# Tables a page may read that never change what it shows to an anonymous visitor.
_NOT_CONTENT = {"django_session", "django_content_type", "django_migrations"}
_RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json"}
_state = threading.local()


# --- Key inputs ------------------------------------------------------------------------------


@functools.cache
def release() -> str:
    """A digest of the code, templates and translations this process serves (computed once)."""
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(config.path) for config in apps.get_app_configs()]
    roots = [root for root in roots if root.resolve().is_relative_to(base)]
    for template in settings.TEMPLATES:
        roots += [Path(folder) for folder in template.get("DIRS", [])]
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    files = sorted(
        {
            path
            for root in roots
            if root.is_dir()
            for path in root.rglob("*")
            if path.suffix in _RELEASE_SUFFIXES and path.is_file()
        }
    )
    if manifest.is_file():
        files.append(manifest)
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def may_share(request: HttpRequest) -> bool:
    """Whether the page this request gets may be the same as another visitor's: anonymous, and
    no flash message waiting to be shown."""
    return not request.user.is_authenticated and not len(get_messages(request))


def page_key(request: HttpRequest, parts: Iterable[object]) -> str | None:
    """A digest of everything an anonymous page is made from; None if the page is personal."""
    if not may_share(request):
        return None
    source = repr((release(), get_language(), request.get_full_path(), list(parts)))
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _clock(kind: str) -> str:
    if kind == "minute":
        return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return timezone.localdate().isoformat()


# --- Faults ------------------------------------------------------------------------------------

_last_logged = [0.0]
_unsent: set[str] = set()  # tables whose new generation could not be stored
_lock = threading.Lock()


def report_failure(action: str, error: Exception) -> None:
    """Log a cache failure at most once a minute per process, not once per request."""
    now = time.monotonic()
    with _lock:
        if now - _last_logged[0] < LOG_EVERY_SECONDS:
            return
        _last_logged[0] = now
    logger.warning(
        "Page cache unreachable (%s: %s: %s); pages are rendered fresh. "
        "Logged at most once a minute.",
        action,
        type(error).__name__,
        error,
    )


# --- Table generations -------------------------------------------------------------------------


def _generation_key(table: str) -> str:
    return f"pagecache:gen:{table}"


def _new_generation() -> str:
    return f"{time.time_ns():x}{secrets.token_hex(4)}"


def tables_bump(*, tables: Iterable[str]) -> None:
    """Give each table a new generation, so every page that reads it gets a new key."""
    with _lock:
        names = set(tables) | _unsent
        _unsent.clear()
    if not names:
        return
    try:
        # A cache that fails soft (medborger.cache) answers with the keys it could not store.
        failed = cache.set_many({_generation_key(t): _new_generation() for t in names}, None)
    except Exception as error:
        failed = names
        report_failure("moving a generation", error)
    if failed:
        with _lock:
            _unsent.update(names)


def _generations(tables: list[str]) -> list[str]:
    if _unsent:
        tables_bump(tables=())
    keys = [_generation_key(t) for t in tables]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, _new_generation(), None)
        found.update(cache.get_many(missing))
    return [found.get(k, "") for k in keys]


def _watch(execute, sql, params, many, context):
    recording = getattr(_state, "reads", None)
    if recording is not None:
        recording.update(_READ.findall(sql))
    written = _WRITE.match(sql)
    result = execute(sql, params, many, context)
    if written and written.group(1) not in _NOT_CONTENT:
        table = written.group(1)
        tables_bump(tables=[table])
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(
                lambda: tables_bump(tables=[table]), using=connection.alias, robust=True
            )
    return result


def _install(sender, connection, **kwargs) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Watch every database connection this process opens for writes (from AppConfig.ready)."""
    connection_created.connect(_install, dispatch_uid="medborger.pagecache")
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _install(None, connection)


# --- Per-visitor values ------------------------------------------------------------------------


def fresh_hex(request: HttpRequest, nbytes: int = 16) -> str:
    """A random hex value for one visitor's form (an idempotency key). A cached copy of the page
    carries a placeholder instead, filled with a new value for each visitor."""
    value = secrets.token_hex(nbytes)
    request.__dict__.setdefault("_pagecache_fresh", []).append(value)
    return value


def _to_template(request: HttpRequest, body: bytes) -> bytes:
    body = _CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", body)
    for value in request.__dict__.get("_pagecache_fresh", []):
        body = body.replace(value.encode(), _FRESH_PLACEHOLDER.format(len(value)).encode())
    return body


def _fill(request: HttpRequest, body: bytes) -> bytes:
    if CSRF_PLACEHOLDER in body:
        body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    while b"\x00pagecache-fresh-" in body:
        start = body.index(b"\x00pagecache-fresh-")
        end = body.index(b"\x00", start + 1) + 1
        length = int(body[start + len(b"\x00pagecache-fresh-") : end - 1])
        body = body[:start] + secrets.token_hex(length // 2).encode() + body[end:]
    return body


# --- The decorator -----------------------------------------------------------------------------


def _answer(request: HttpRequest, entry: dict) -> HttpResponse:
    headers = entry["headers"]
    etag = headers.get("ETag")
    if etag and (not_modified := get_conditional_response(request, etag=etag)) is not None:
        for name in ("ETag", "Cache-Control"):
            if name in headers:
                not_modified[name] = headers[name]
        return not_modified
    response = HttpResponse(_fill(request, entry["body"]), status=entry["status"])
    for name, value in headers.items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _storable(request: HttpRequest, response: HttpResponse, tables: set[str]) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "no-store" in response.get("Cache-Control", ""):
        return False
    if not may_share(request):  # the view added a message
        return False
    undeclared = _state.reads - tables - _NOT_CONTENT
    if undeclared:
        logger.warning(
            "Page %s reads tables it does not declare (%s); it is not cached.",
            request.path,
            ", ".join(sorted(undeclared)),
        )
        return False
    return True


def cached_page(
    *,
    models: Callable[[], Iterable[type]],
    query: Iterable[str] = (),
    clock: str = "day",
) -> Callable:
    """Answer anonymous GETs of the view from the shared page cache.

    `models` returns the models whose rows the page shows (their tables' generations are part of
    the key); `query` names the query parameters that choose what the page shows (a request with
    any other parameter is rendered fresh and not stored); `clock` is "day" or "minute": how often
    the page changes by itself."""
    allowed = frozenset(query)

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if (
                not getattr(settings, "PAGE_CACHE", True)
                or request.method not in ("GET", "HEAD")
                or not set(request.GET) <= allowed
                or not may_share(request)
            ):
                return view(request, *args, **kwargs)
            tables = {m._meta.db_table for m in models()}
            try:
                generations = _generations(sorted(tables))
                key = "pagecache:page:" + (
                    page_key(request, [_clock(clock), generations, kwargs, args]) or ""
                )
                entry = cache.get(key)
            except Exception as error:
                report_failure("reading", error)
                return view(request, *args, **kwargs)
            if entry is not None:
                return _answer(request, entry)
            _state.reads = set()
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                storable = _storable(request, response, tables)
            finally:
                _state.reads = None
            if storable:
                headers = {h: response[h] for h in HEADERS_KEPT if h in response}
                entry = {
                    "status": response.status_code,
                    "headers": headers,
                    "body": _to_template(request, response.content),
                }
                try:
                    cache.set(key, entry, PAGE_SECONDS)
                except Exception as error:
                    report_failure("storing", error)
            return response

        return wrapped

    return decorator
