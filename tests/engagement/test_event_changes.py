"""Staff change, cancel and write to an event: the registered are told, with the updated .ics
(same UID, higher SEQUENCE; METHOD:CANCEL for a cancellation); capacity stays honest."""

from __future__ import annotations

import datetime
import io

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from engagement import services
from engagement.models import Event, Registration
from medborger.models import OutgoingMail
from tests.engagement.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING, CANCELLED = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITING,
    Registration.Status.CANCELLED,
)


def _mailed(to: str) -> list:
    return [m for m in mail.outbox if m.to == [to]]


def _vevent(content) -> icalendar.Event:
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return vevent


def _fields(event: Event, **changes) -> dict:
    fields = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    fields.update(changes)
    return fields


@pytest.fixture
def registered(meeting):
    """Two seats taken (one Danish, one English), one waiting, one cancelled."""
    return {
        "dorte": RegistrationFactory(event=meeting, email="dorte@example.org", language="da"),
        "emma": RegistrationFactory(event=meeting, email="emma@example.org", language="en"),
        "william": RegistrationFactory(event=meeting, email="william@example.org", status=WAITING),
        "carl": RegistrationFactory(event=meeting, email="carl@example.org", status=CANCELLED),
    }


def test_moving_the_event_tells_everyone_registered_with_a_newer_calendar_file(meeting, registered):
    new_start = meeting.starts_at + datetime.timedelta(days=7)
    change = services.event_update(
        event_id=meeting.pk,
        fields=_fields(
            meeting,
            starts_at=new_start,
            ends_at=new_start + datetime.timedelta(hours=2),
            registration_deadline=new_start - datetime.timedelta(days=1),
        ),
    )
    meeting.refresh_from_db()
    assert change.moved and change.notified == 3
    assert meeting.sequence == 1
    [dorte] = _mailed("dorte@example.org")
    [emma] = _mailed("emma@example.org")
    [william] = _mailed("william@example.org")
    assert _mailed("carl@example.org") == []
    assert "Ændret tid eller sted" in dorte.subject
    assert "Changed time or place" in emma.subject
    [(filename, content, mimetype)] = dorte.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar; method=PUBLISH"
    vevent = _vevent(content)
    assert vevent["uid"] == f"event-{meeting.pk}@" + vevent["uid"].split("@")[1]
    assert int(vevent["sequence"]) == 1
    assert vevent.decoded("dtstart") == new_start.replace(microsecond=0)
    # The waiting list is told in words; they never had the event in their calendar.
    assert william.attachments == []
    assert "ventelisten" in william.body


def test_a_later_move_outranks_the_earlier_file_and_a_new_place_counts_too(meeting, registered):
    services.event_update(event_id=meeting.pk, fields=_fields(meeting, place="Ishøj Bibliotek"))
    meeting.refresh_from_db()
    services.event_update(
        event_id=meeting.pk, fields=_fields(meeting, address="Ishøj Store Torv 1")
    )
    sequences = [
        int(_vevent(m.attachments[0][1])["sequence"]) for m in _mailed("dorte@example.org")
    ]
    assert sequences == [1, 2]
    assert "Ishøj Bibliotek" in _mailed("dorte@example.org")[0].body


def test_a_change_of_title_alone_tells_nobody(meeting, registered):
    change = services.event_update(event_id=meeting.pk, fields=_fields(meeting, title="Nyt navn"))
    meeting.refresh_from_db()
    assert not change.moved and meeting.sequence == 0 and meeting.title == "Nyt navn"
    assert mail.outbox == []


def test_capacity_cannot_fall_below_the_seats_given_and_nothing_is_saved(meeting, registered):
    with pytest.raises(services.EventError) as caught:
        services.event_update(
            event_id=meeting.pk, fields=_fields(meeting, capacity=1, place="Et andet sted")
        )
    assert caught.value.field == "capacity"
    assert "2" in str(caught.value.message)
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.place, meeting.sequence) == (2, "Ishøj Rådhus", 0)
    assert mail.outbox == []


def test_raising_the_capacity_moves_the_waiting_list_up_in_order(meeting, registered):
    later = RegistrationFactory(event=meeting, email="later@example.org", status=WAITING)
    change = services.event_update(event_id=meeting.pk, fields=_fields(meeting, capacity=3))
    assert [r.email for r in change.promoted] == ["william@example.org"]
    assert Registration.objects.get(email="william@example.org").status == CONFIRMED
    assert Registration.objects.get(pk=later.pk).status == WAITING
    [promotion] = _mailed("william@example.org")
    assert promotion.attachments  # the seat comes with the calendar file


def test_moving_and_raising_at_once_mails_the_promoted_only_once(meeting, registered):
    services.event_update(
        event_id=meeting.pk, fields=_fields(meeting, capacity=3, place="Ishøj Bibliotek")
    )
    [only] = _mailed("william@example.org")
    assert "Ishøj Bibliotek" in only.body
    assert int(_vevent(only.attachments[0][1])["sequence"]) == 1


def test_cancelling_the_event_tells_everyone_and_takes_it_out_of_calendars(meeting, registered):
    told = services.event_cancel(event_id=meeting.pk, message="Salen er oversvømmet.")
    meeting.refresh_from_db()
    assert told == 3 and meeting.is_cancelled and meeting.sequence == 1
    [dorte] = _mailed("dorte@example.org")
    assert "Aflyst" in dorte.subject and "Salen er oversvømmet." in dorte.body
    [(_name, content, mimetype)] = dorte.attachments
    assert mimetype == "text/calendar; method=CANCEL"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["method"]) == "CANCEL"
    vevent = _vevent(content)
    assert str(vevent["status"]) == "CANCELLED" and int(vevent["sequence"]) == 1
    assert _mailed("william@example.org")[0].attachments == []
    # Cancelling twice tells nobody twice.
    assert services.event_cancel(event_id=meeting.pk) == 0
    assert len(mail.outbox) == 3


def test_a_cancelled_event_takes_no_sign_ups_and_promotes_nobody(meeting, registered):
    services.event_cancel(event_id=meeting.pk)
    with pytest.raises(services.RegistrationError) as caught:
        services.registration_create(event_id=meeting.pk, name="Ny", email="ny@example.org")
    assert caught.value.code == "cancelled"
    assert services.registration_cancel(registration_id=registered["dorte"].pk) == []
    assert Registration.objects.get(email="william@example.org").status == WAITING
    with pytest.raises(services.EventError):
        services.event_update(event_id=meeting.pk, fields=_fields(meeting, place="X"))


def test_no_reminder_goes_out_for_a_cancelled_event(meeting, registered):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=tomorrow,
        ends_at=tomorrow + datetime.timedelta(hours=2),
        registration_deadline=tomorrow - datetime.timedelta(hours=2),
    )
    services.event_cancel(event_id=meeting.pk)
    mail.outbox.clear()
    assert services.send_event_reminders(now=timezone.now()) == 0


def test_the_public_feed_drops_a_cancelled_event_and_its_own_file_cancels_it(client, meeting):
    from process.hooks import public_events

    assert meeting in public_events(meeting.process)
    services.event_cancel(event_id=meeting.pk)
    assert meeting not in public_events(meeting.process)
    content = client.get(meeting.get_calendar_url()).content
    assert b"METHOD:CANCEL" in content and b"STATUS:CANCELLED" in content


def test_a_seat_can_be_given_by_hand_only_when_one_is_free(meeting, registered):
    william = registered["william"]
    with pytest.raises(services.RegistrationError) as caught:
        services.registration_promote(registration_id=william.pk)
    assert caught.value.code == "full"
    assert Registration.objects.get(pk=william.pk).status == WAITING
    services.registration_promote(registration_id=william.pk, add_seat=True)
    meeting.refresh_from_db()
    assert meeting.capacity == 3
    assert Registration.objects.get(pk=william.pk).status == CONFIRMED
    assert _mailed("william@example.org")[0].attachments
    with pytest.raises(services.RegistrationError) as again:
        services.registration_promote(registration_id=william.pk)
    assert again.value.code == "not_waiting"


def test_a_later_person_on_the_list_can_get_a_free_seat_ahead_of_the_queue(meeting):
    first = RegistrationFactory(event=meeting, status=WAITING)
    second = RegistrationFactory(event=meeting, status=WAITING)
    services.registration_promote(registration_id=second.pk)
    assert Registration.objects.get(pk=second.pk).status == CONFIRMED
    assert Registration.objects.get(pk=first.pk).status == WAITING


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        ("confirmed", {"dorte@example.org", "emma@example.org"}),
        ("waiting", {"william@example.org"}),
        ("all", {"dorte@example.org", "emma@example.org", "william@example.org"}),
    ],
)
def test_a_message_goes_to_the_chosen_group_one_mail_each(
    meeting, registered, recipients, expected
):
    sent = services.event_message_send(
        event=meeting, recipients=recipients, subject="Husk madpakke", body="Tag en madpakke med."
    )
    assert sent == len(expected)
    assert {m.to[0] for m in mail.outbox} == expected
    assert OutgoingMail.objects.filter(template="engagement/emails/event_message").count() == sent
    for message in mail.outbox:
        assert message.subject == "Husk madpakke"
        assert "Tag en madpakke med." in message.body


def test_a_message_is_framed_in_each_registrants_language(meeting, registered):
    services.event_message_send(event=meeting, recipients="confirmed", subject="S", body="B")
    [emma] = _mailed("emma@example.org")
    [dorte] = _mailed("dorte@example.org")
    assert "This message is about" in emma.body and "/en/tilmelding/" in emma.body
    assert "Beskeden handler om" in dorte.body and "/en/" not in dorte.body


def test_the_door_list_has_the_seat_holders_by_name_with_their_needs(meeting):
    from pypdf import PdfReader

    RegistrationFactory(
        event=meeting, name="Åse Ørum", organisation="Ishøj Fællesråd", diet="Halal"
    )
    RegistrationFactory(
        event=meeting, name="Anders And", interpreter_language="ar", accessibility_needs="Kørestol"
    )
    RegistrationFactory(event=meeting, name="Bo Venter", status=WAITING)
    pdf = services.event_door_list_pdf(event=meeting, language="da")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.index("Anders And") < text.index("Åse Ørum")
    assert "Ishøj Fællesråd" in text and "Halal" in text and "Arabisk" in text
    assert "Kørestol" in text
    assert "Bo Venter" not in text
