"""One event, one UID: the public feed, the event's .ics and the mailed .ics agree, and a
cancellation takes the event out of the person's calendar again (METHOD:CANCEL, higher SEQUENCE).
The department or organisation field has one label and one rule at sign-up and afterwards."""

from __future__ import annotations

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from engagement.models import Registration
from tests.engagement.conftest import signup_data
from tests.engagement.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _vevent(content) -> icalendar.Event:
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    return vevent


def _mailed(to: str) -> list:
    return [m for m in mail.outbox if m.to == [to]]


def _sign_up(client, event, email: str = "bente@example.org", prefix: str = "") -> Registration:
    url = prefix + reverse("engagement:event-detail", kwargs={"pk": event.pk})
    assert client.post(url, signup_data(email=email)).status_code == 302
    return Registration.objects.filter(email=email).latest("pk")


def _cancel(client, registration) -> None:
    url = reverse("engagement:registration-cancel", kwargs={"token": registration.token})
    assert client.post(url).status_code == 302


def test_feed_event_file_and_mailed_file_use_one_uid(client, meeting, settings):
    settings.SITE_URL = "https://medborger.ishoj.dk"
    _sign_up(client, meeting)
    [confirmation] = _mailed("bente@example.org")
    mailed = _vevent(confirmation.attachments[0][1])
    feed = icalendar.Calendar.from_ical(
        client.get(
            reverse("process:process-calendar", kwargs={"policy": "medborgerpolitik"})
        ).content
    )
    [in_feed] = [c for c in feed.walk("VEVENT") if str(c["summary"]) == meeting.title]
    single = _vevent(
        client.get(reverse("engagement:event-calendar", kwargs={"pk": meeting.pk})).content
    )
    assert str(mailed["uid"]) == f"event-{meeting.pk}@medborger.ishoj.dk"
    assert str(in_feed["uid"]) == str(mailed["uid"]) == str(single["uid"])
    assert mailed.decoded("dtstart") == in_feed.decoded("dtstart")


def test_cancelling_mails_a_calendar_cancellation_with_the_same_uid_and_a_higher_sequence(
    client, meeting
):
    registration = _sign_up(client, meeting)
    [confirmation] = _mailed("bente@example.org")
    added = _vevent(confirmation.attachments[0][1])
    _cancel(client, registration)
    [_, cancellation] = _mailed("bente@example.org")
    assert "Din tilmelding er afmeldt" in cancellation.subject
    assert meeting.title in cancellation.body
    [(filename, content, mimetype)] = cancellation.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar; method=CANCEL"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["method"]) == "CANCEL"
    removed = _vevent(content)
    assert str(removed["uid"]) == str(added["uid"])
    assert removed["sequence"] > added["sequence"]
    assert str(removed["status"]) == "CANCELLED"
    assert str(removed["attendee"]) == "mailto:bente@example.org"


def test_signing_up_again_after_cancelling_outranks_the_cancellation(client, meeting):
    first = _sign_up(client, meeting)
    _cancel(client, first)
    _sign_up(client, meeting)
    confirmation, cancellation, again = _mailed("bente@example.org")
    sequences = [
        _vevent(m.attachments[0][1])["sequence"] for m in (confirmation, cancellation, again)
    ]
    assert sequences == [0, 1, 2]
    assert str(icalendar.Calendar.from_ical(again.attachments[0][1])["method"]) == "PUBLISH"


def test_cancelling_in_english_is_told_in_english(client, meeting):
    registration = _sign_up(client, meeting, prefix="/en")
    _cancel(client, registration)
    cancellation = _mailed("bente@example.org")[-1]
    assert "Your registration is cancelled" in cancellation.subject
    assert "takes the event out of your calendar" in cancellation.body


def test_leaving_the_waiting_list_is_confirmed_without_a_calendar_file(client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)  # the meeting holds two
    registration = _sign_up(client, meeting)
    assert registration.status == Registration.Status.WAITING
    _cancel(client, registration)
    [_, cancellation] = _mailed("bente@example.org")
    assert "afmeldt" in cancellation.subject
    assert cancellation.attachments == []
    assert "kalender" not in cancellation.body


def test_staff_cancelling_a_registration_tells_the_person(client, meeting, project_member):
    registration = _sign_up(client, meeting)
    client.force_login(project_member)
    client.post(
        reverse(
            "engagement:staff-registration-cancel",
            kwargs={"pk": meeting.pk, "registration_pk": registration.pk},
        )
    )
    cancellation = _mailed("bente@example.org")[-1]
    assert "METHOD:CANCEL" in cancellation.attachments[0][1]


# --- One label, one rule -------------------------------------------------------------------


def _label_of_organisation(html: str) -> str:
    start = html.index('<label class="form-label" for="id_organisation"')
    return " ".join(html[start : html.index("</label>", start)].split(">", 1)[1].split())


def test_the_department_field_reads_the_same_at_sign_up_and_on_the_manage_page(
    client, workshop, employee
):
    client.force_login(employee)
    signup = client.get(reverse("engagement:event-detail", kwargs={"pk": workshop.pk}))
    registration = RegistrationFactory(
        event=workshop, email=employee.email, organisation="Stabsenheden Plan"
    )
    manage = client.get(registration.get_absolute_url())
    label = _label_of_organisation(signup.content.decode())
    assert label.startswith("Afdeling")
    assert _label_of_organisation(manage.content.decode()) == label
    assert "valgfrit" not in label


def test_the_organisation_field_reads_the_same_at_sign_up_and_on_the_manage_page(client, meeting):
    signup = client.get(reverse("engagement:event-detail", kwargs={"pk": meeting.pk}))
    manage = client.get(RegistrationFactory(event=meeting).get_absolute_url())
    label = _label_of_organisation(signup.content.decode())
    assert label.startswith("Organisation")
    assert _label_of_organisation(manage.content.decode()) == label


def test_an_employee_cannot_empty_their_department_afterwards(client, workshop, employee):
    registration = RegistrationFactory(
        event=workshop, email=employee.email, organisation="Stabsenheden Plan"
    )
    response = client.post(
        registration.get_absolute_url(),
        {"organisation": "  ", "accessibility_needs": "", "diet": "Halal"},
    )
    assert response.status_code == 400
    assert "Skriv, hvilken afdeling du arbejder i." in response.content.decode()
    registration.refresh_from_db()
    assert registration.organisation == "Stabsenheden Plan" and registration.diet == ""
