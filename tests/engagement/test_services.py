"""The registration services: capacity, waiting list, reminders, and the database constraint."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from engagement import services
from engagement.models import Registration
from tests.engagement.factories import RegistrationFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_two_active_registrations_with_one_email(meeting):
    RegistrationFactory(event=meeting, email="a@example.org")
    RegistrationFactory(event=meeting, email="a@example.org", status=Registration.Status.CANCELLED)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(
            event=meeting, email="a@example.org", status=Registration.Status.WAITING
        )


def test_seats_fill_then_the_waiting_list_takes_over(meeting):
    statuses = [
        services.registration_create(
            event_id=meeting.pk, name=f"P{i}", email=f"p{i}@example.org"
        ).status
        for i in range(4)
    ]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_staff_add_bypasses_deadline_but_not_capacity(meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    with time_machine.travel(meeting.registration_deadline + datetime.timedelta(hours=1)):
        registration = services.registration_create(
            event_id=meeting.pk, name="Telefon", email="tlf@example.org", added_by_staff=True
        )
    assert registration.status == Registration.Status.WAITING
    assert registration.added_by_staff


def test_nobody_can_sign_up_after_the_event_started(meeting):
    later = meeting.starts_at + datetime.timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(services.RegistrationError) as error:
        services.registration_create(
            event_id=meeting.pk, name="Sen", email="sen@example.org", added_by_staff=True
        )
    assert error.value.code == "started"


def test_raising_capacity_promotes_waiting_registrations(meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    waiting = RegistrationFactory(event=meeting, status=Registration.Status.WAITING)
    meeting.capacity = 3
    meeting.save()
    assert services.event_fill_seats(event_id=meeting.pk) == [waiting]


def test_reminders_go_the_day_before_once_and_in_each_language(process):
    tomorrow_event = EventFactory(process=process, capacity=10)
    start = timezone.localtime(tomorrow_event.starts_at)
    confirmed_da = RegistrationFactory(event=tomorrow_event, language="da")
    confirmed_en = RegistrationFactory(event=tomorrow_event, language="en")
    RegistrationFactory(event=tomorrow_event, status=Registration.Status.WAITING)
    RegistrationFactory(event=tomorrow_event, status=Registration.Status.CANCELLED)
    later_event = EventFactory(
        process=process, starts_at=tomorrow_event.starts_at + datetime.timedelta(days=3)
    )
    RegistrationFactory(event=later_event)
    day_before = start - datetime.timedelta(days=1)
    with time_machine.travel(day_before.replace(hour=8, minute=0)):
        out = io.StringIO()
        call_command("send_event_reminders", stdout=out)
        call_command("send_event_reminders", stdout=out)
        assert services.send_event_reminders() == 0
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert out.getvalue().splitlines() == ["Reminders sent: 2", "Reminders sent: 0"]
    assert recipients == sorted([confirmed_da.email, confirmed_en.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Påmindelse" in by_recipient[confirmed_da.email].subject
    assert "Reminder" in by_recipient[confirmed_en.email].subject


def test_ics_is_a_valid_calendar_with_the_event(meeting):
    import icalendar

    calendar = icalendar.Calendar.from_ical(services.event_ics(meeting))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["location"]).startswith(meeting.place)
    assert str(vevent["url"]).endswith(meeting.get_absolute_url())
    assert vevent.decoded("dtend") > vevent.decoded("dtstart")
