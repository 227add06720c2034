"""The portal's error pages as a visitor gets them, for the HTML and accessibility checks.

A real outage cannot be staged inside the test client or the live server, so the pages are
made by the portal's own handler (`medborger.views.server_error`) while an exception is being
handled, exactly as Django calls it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from medborger import views


def error_page(kind: str, language: str) -> tuple[int, bytes]:
    """`kind` is "500" (a bug), "503" (the database is gone) or "429" (rate limited)."""
    request = RequestFactory().get("/en/" if language == "en" else "/")
    request.user = AnonymousUser()
    with translation.override(language):
        if kind == "429":
            response = views.rate_limited(request)
        else:
            error = OperationalError("down") if kind == "503" else RuntimeError("boom")
            try:
                raise error
            except Exception:
                response = views.server_error(request)
    return response.status_code, response.content
