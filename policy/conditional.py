"""Conditional GET for the pages of published versions (ETag, Last-Modified, 304 Not Modified).

A published version's text never changes, but its page also shows things that do: comments
(`Policy.comments_changed_at` moves on each change), the policy's own fields, which versions are
published, theme names, the language, and, for a signed-in user, their name and role. So:

- Only anonymous requests without pending flash messages are answered conditionally; a signed-in
  user always gets a freshly rendered page (and a message is never swallowed by a 304).
- The ETag is a digest of everything the page is made from: the release (templates, code,
  translations and static manifest), the language, the full URL, and the database rows the caller
  passes in. Whenever one of them changes, the ETag changes, so a cached copy is never stale.
- Last-Modified is sent for information; a 304 is answered only on a matching ETag, because not
  every input (a renamed theme, an edited policy title) carries a timestamp.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

_RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".json"}


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


def page_etag(request: HttpRequest, parts: Iterable[object]) -> str | None:
    """The ETag of an anonymous page built from `parts`; None if the page must not be cached."""
    if request.user.is_authenticated or len(get_messages(request)):
        return None
    source = repr((release(), get_language(), request.get_full_path(), list(parts)))
    return '"' + hashlib.sha256(source.encode()).hexdigest()[:32] + '"'


def not_modified(request: HttpRequest, etag: str | None) -> HttpResponse | None:
    """A 304 when the browser's copy carries `etag`; None when the page must be rendered."""
    if etag is None:
        return None
    response = get_conditional_response(request, etag=etag)
    if isinstance(response, HttpResponseNotModified):
        response["ETag"] = etag
        patch_cache_control(response, private=True, no_cache=True)
    return response


def stamp(
    response: HttpResponse, etag: str | None, last_modified: datetime.datetime | None
) -> HttpResponse:
    """Give a freshly rendered page its validators, so the browser can ask again with them."""
    if etag is not None and response.status_code == 200:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        # The browser may keep the page but must ask every time before showing it again.
        patch_cache_control(response, private=True, no_cache=True)
    return response
