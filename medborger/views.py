from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


# Retry-After on the 503 page: about how long a database restart or fail-over takes.
DATABASE_RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the database cannot be reached.

    Both render without the request context: the error may come from the database or a context
    processor, and this page must still appear. A lost database connection is not a bug in the
    portal but an outage: the visitor is told so, and that a form sent just now was probably
    not received (the hearing form's idempotency key makes sending it again safe)."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = render(None, "503.html", {"SITE_NAME": settings.SITE_NAME}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return render(
        None,
        "500.html",
        {"request_path": request.path, "SITE_NAME": settings.SITE_NAME},
        status=500,
    )


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "429.html", status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that failed the CSRF check: in the portal's frame and the visitor's language."""
    return render(request, "403_csrf.html", status=403)
