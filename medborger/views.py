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
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not.

    The answer also reports the task queue (how many tasks wait, and for how long the oldest
    has waited: "stuck" past TASKS_MAX_WAIT_SECONDS, when no worker seems to run) and the mail
    log (mails that failed for good, mails waiting for another try). A stuck queue does not
    make the answer 503: the pages still work, and a load balancer must not take every app
    server out because the worker is down. JSON by default; `?format=text` for people."""
    if database_answers():
        try:
            queue = _queue_report()
        except DatabaseError:  # e.g. not migrated yet: the database answers, the queue is unknown
            logger.exception("Health check: the task queue could not be read")
            queue = {"queue": {"status": "unknown"}}
        report, status = {"status": "ok", "database": "up", **queue}, 200
    else:
        report, status = {"status": "unavailable", "database": "down"}, 503
    if request.GET.get("format") == "text":
        lines = [f"{key}: {value}" for key, value in _flatten(report)]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=status)
    return JsonResponse(report, status=status)


def _queue_report() -> dict:
    from django_tasks_db.models import DBTaskResult

    from medborger.models import OutgoingMail

    now = timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    age = 0.0
    if oldest is not None:
        enqueued_at, run_after = oldest
        # A deferred task waits from the time it was due, not from when it was enqueued.
        waiting_since = run_after if enqueued_at < run_after <= now else enqueued_at
        age = max((now - waiting_since).total_seconds(), 0.0)
    mail_counts = dict(
        OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "queue": {
            "status": "stuck" if age > settings.TASKS_MAX_WAIT_SECONDS else "ok",
            "waiting": ready.count(),
            "oldest_wait_seconds": round(age, 1),
        },
        "mail": {
            "failed": mail_counts.get(OutgoingMail.Status.FAILED, 0),
            "waiting": mail_counts.get(OutgoingMail.Status.QUEUED, 0),
        },
    }


def _flatten(report: dict, prefix: str = ""):
    for key, value in report.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key} ")
        else:
            yield f"{prefix}{key}", value


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
