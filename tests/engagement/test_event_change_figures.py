"""Figures, printed (run with -s): what moving and cancelling a full event cost the staff
member's request (it only enqueues the telling), what the background task then takes to tell
everyone, and how long the door list takes to render.

No timed assertions; the assertions check that the work was done: everyone was told once."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement import services
from engagement.models import Registration
from medborger.models import OutgoingMail
from tests.engagement.factories import RegistrationFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SEATS, WAITING = 200, 50


def _timed(function, **kwargs):
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = function(**kwargs)
    return result, (time.perf_counter() - start) * 1000, len(queries)


def test_print_the_cost_of_moving_cancelling_and_the_door_list(process, monkeypatch):
    event = EventFactory(process=process, capacity=SEATS)
    RegistrationFactory.create_batch(SEATS, event=event)
    RegistrationFactory.create_batch(WAITING, event=event, status=Registration.Status.WAITING)
    fields = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    fields["starts_at"] += datetime.timedelta(days=1)
    fields["ends_at"] += datetime.timedelta(days=1)
    enqueued: list[dict] = []
    monkeypatch.setattr(services, "_enqueue_registrants_notify", lambda **kw: enqueued.append(kw))

    change, move_ms, move_queries = _timed(services.event_update, event_id=event.pk, fields=fields)
    told, move_task_ms, move_task_queries = _timed(services.event_registrants_notify, **enqueued[0])
    assert change.notified == told == SEATS + WAITING

    pdf, pdf_ms, _ = _timed(services.event_door_list_pdf, event=event)
    assert pdf.startswith(b"%PDF")

    count, cancel_ms, cancel_queries = _timed(services.event_cancel, event_id=event.pk)
    told, cancel_task_ms, _ = _timed(services.event_registrants_notify, **enqueued[1])
    assert count == told == SEATS + WAITING
    assert OutgoingMail.objects.count() == 2 * (SEATS + WAITING)

    print(
        f"\n{SEATS} seats + {WAITING} waiting ({connection.vendor}): "
        f"move request {move_ms:.0f} ms / {move_queries} queries, its task {move_task_ms:.0f} ms "
        f"/ {move_task_queries} queries (mail sent at once by the test backend); "
        f"cancel request {cancel_ms:.0f} ms / {cancel_queries} queries, its task "
        f"{cancel_task_ms:.0f} ms; door list PDF {pdf_ms:.0f} ms, {len(pdf) // 1024} KiB"
    )
