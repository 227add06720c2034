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
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from medborger import pagecache


def page_etag(request: HttpRequest, parts: Iterable[object]) -> str | None:
    """The ETag of an anonymous page built from `parts`; None if the page must not be cached.
    It is made from the same key inputs as the shared page cache (`medborger.pagecache`)."""
    key = pagecache.page_key(request, parts)
    return None if key is None else f'"{key}"'


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
