"""Capacity under concurrent sign-ups and cancellations, through the real views.

Every request runs in its own thread with its own database connection (closed when the thread
ends), all released at once by a start gate. On PostgreSQL up to `PARALLEL` of them hold a
connection at the same time, so the event row lock is what keeps the count right. SQLite's
in-memory test database is shared-cache, where a second writer fails at once instead of waiting,
so there the same threads take turns (`PARALLEL = 1`): the scenario and the assertions are the
same, the contention is not.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engagement.models import Registration
from tests.concurrency import parallel_slots, run_all
from tests.factories import EventFactory, ProcessFactory

pytestmark = pytest.mark.django_db(transaction=True)

ON_POSTGRESQL = connection.vendor == "postgresql"
PARALLEL = parallel_slots()


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATELIMIT_ENABLE = False


def _sign_up(url: str, n: int):
    def job():
        return (
            Client()
            .post(url, {"name": f"Person {n}", "email": f"person{n}@example.org"})
            .status_code
        )

    return job


def test_vendor_is_what_the_module_expects():
    assert (40 if connection.vendor == "postgresql" else 1) == PARALLEL


def test_200_simultaneous_sign_ups_for_50_seats_give_50_confirmed_and_150_waiting():
    event = EventFactory(process=ProcessFactory(), capacity=50)
    url = reverse("engagement:event-detail", kwargs={"pk": event.pk})
    statuses = run_all([_sign_up(url, n) for n in range(200)])
    assert statuses == [302] * 200  # every person got the page that says confirmed or waiting
    counts = Counter(event.registrations.values_list("status", flat=True))
    assert counts == {Registration.Status.CONFIRMED: 50, Registration.Status.WAITING: 150}
    emails = list(event.registrations.values_list("email", flat=True))
    assert len(set(emails)) == 200
    # The first 50 in the queue are the confirmed ones.
    queue = list(event.registrations.order_by("created_at", "id").values_list("status", flat=True))
    assert queue == ["confirmed"] * 50 + ["waiting"] * 150
    assert len(mail.outbox) == 200


def test_simultaneous_sign_ups_with_one_email_give_one_registration_and_clear_messages():
    event = EventFactory(process=ProcessFactory(), capacity=50)
    url = reverse("engagement:event-detail", kwargs={"pk": event.pk})

    def job():
        response = Client().post(url, {"name": "Samme", "email": "samme@example.org"})
        return response.status_code, "allerede tilmeldt" in response.content.decode()

    results = run_all([job for _ in range(20)])
    assert sorted(results) == [(302, False)] + [(400, True)] * 19
    assert event.registrations.count() == 1


def test_50_simultaneous_cancellations_promote_exactly_the_50_oldest_waiting_in_order():
    event = EventFactory(process=ProcessFactory(), capacity=50)
    start = timezone.now() - datetime.timedelta(hours=2)
    confirmed = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                name=f"C{i}",
                email=f"c{i}@example.org",
                token=f"c-{event.pk}-{i}",
                status=Registration.Status.CONFIRMED,
                created_at=start + datetime.timedelta(seconds=i),
            )
            for i in range(50)
        ]
    )
    waiting = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                name=f"W{i}",
                email=f"w{i}@example.org",
                token=f"w-{event.pk}-{i}",
                status=Registration.Status.WAITING,
                created_at=start + datetime.timedelta(minutes=10, seconds=i),
            )
            for i in range(80)
        ]
    )

    def cancel(token: str):
        return lambda: (
            Client()
            .post(reverse("engagement:registration-cancel", kwargs={"token": token}))
            .status_code
        )

    statuses = run_all([cancel(r.token) for r in confirmed])
    assert statuses == [302] * 50
    by_pk = {r.pk: r for r in event.registrations.all()}
    assert all(by_pk[r.pk].status == Registration.Status.CANCELLED for r in confirmed)
    promoted = [by_pk[r.pk] for r in waiting[:50]]
    still_waiting = [by_pk[r.pk] for r in waiting[50:]]
    assert all(r.status == Registration.Status.CONFIRMED for r in promoted)
    assert all(r.status == Registration.Status.WAITING for r in still_waiting)
    # In order: each freed seat went to the oldest waiting registration at that moment.
    promoted_at = [r.promoted_at for r in promoted]
    assert promoted_at == sorted(promoted_at)
    assert event.registrations.confirmed().count() == 50
    promotions = [m.to[0] for m in mail.outbox if m.to[0].startswith("w")]
    assert sorted(promotions) == sorted(r.email for r in promoted)
    # Everyone who left was told so, with the event taken out of their calendar.
    cancellations = [m for m in mail.outbox if m.to[0].startswith("c")]
    assert sorted(m.to[0] for m in cancellations) == sorted(r.email for r in confirmed)
    assert all("METHOD:CANCEL" in m.attachments[0][1] for m in cancellations)


def test_seats_given_by_hand_and_sign_ups_at_once_never_overfill_the_event():
    """Staff give seats to everyone waiting while new people sign up: one seat was free, so
    exactly one person gets it, whoever wins the lock; the rest keep their place in the queue."""
    from engagement import services
    from tests.engagement.factories import RegistrationFactory

    event = EventFactory(process=ProcessFactory(), capacity=10)
    for n in range(9):
        RegistrationFactory(event=event, email=f"seat{n}@example.org")
    waiting = [
        RegistrationFactory(
            event=event, email=f"wait{n}@example.org", status=Registration.Status.WAITING
        ).pk
        for n in range(10)
    ]
    url = reverse("engagement:event-detail", kwargs={"pk": event.pk})

    def promote(pk: int):
        def job():
            try:
                services.registration_promote(registration_id=pk)
            except services.RegistrationError as error:
                return error.code
            return "promoted"

        return job

    results = run_all([promote(pk) for pk in waiting] + [_sign_up(url, n) for n in range(10)])
    counts = Counter(event.registrations.values_list("status", flat=True))
    assert counts[Registration.Status.CONFIRMED] == 10
    assert counts[Registration.Status.WAITING] == 19
    assert results.count("promoted") <= 1  # one free seat: at most one hand-given
    assert results[10:] == [302] * 10
    assert set(results[:10]) <= {"promoted", "full"}
