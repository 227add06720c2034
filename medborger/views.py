from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    if not database_answers():
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def database_answers() -> bool:
    """Whether the database answers a trivial query on this thread's connection."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("The database did not answer")
        return False
    return True


def database_unreachable(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached, rather than a bug in the portal.

    Losing the server shows up as many classes, depending on the moment: OperationalError or
    InterfaceError mostly, but also a bare DatabaseError ("no message from the libpq") or an
    error from a transaction the lost connection left behind. Any of those counts when the
    database does not answer now either. A refused row (IntegrityError, DataError) never does.
    """
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    if not isinstance(error, DatabaseError) or isinstance(error, (IntegrityError, DataError)):
        return False
    return not database_answers()


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
    if database_unreachable(sys.exc_info()[1]):
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
