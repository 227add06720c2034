"""Managing one's own registration with the secret link: status, needs, cancel, promotion."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from engagement.models import Registration
from tests.engagement.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _waiting(event, n: int, **kwargs):
    base = timezone.now() - datetime.timedelta(hours=1)
    return [
        RegistrationFactory(
            event=event,
            status=Registration.Status.WAITING,
            created_at=base + datetime.timedelta(minutes=i),
            **kwargs,
        )
        for i in range(n)
    ]


def test_registrant_sees_status_and_needs_without_logging_in(client, meeting):
    registration = RegistrationFactory(event=meeting, diet="Halal")
    response = client.get(registration.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bekræftet" in body
    assert 'value="Halal"' in body
    assert response["X-Robots-Tag"] == "noindex"


def test_waiting_registrant_sees_their_place_in_the_queue(client, meeting):
    RegistrationFactory.create_batch(2, event=meeting)
    _first, second = _waiting(meeting, 2)
    body = client.get(second.get_absolute_url()).content.decode()
    assert "nummer 2 på ventelisten" in body


def test_registrant_changes_needs(client, meeting):
    registration = RegistrationFactory(event=meeting)
    response = client.post(
        registration.get_absolute_url(),
        {
            "organisation": "Ishøj Fællesråd",
            "accessibility_needs": "Kørestol",
            "diet": "",
            "interpreter_language": "tr",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.accessibility_needs == "Kørestol"
    assert registration.interpreter_language == "tr"
    assert registration.organisation == "Ishøj Fællesråd"
    assert registration.history.count() == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("accessibility_needs", "x" * 1001, "højst have 1000 tegn"),
        ("diet", "Halal\x07", "usynlige kontroltegn"),
        ("interpreter_language", "x" * 101, "Marker en gyldig valgmulighed"),
    ],
)
def test_bad_needs_are_refused_and_nothing_changes(client, meeting, field, value, message):
    registration = RegistrationFactory(event=meeting, diet="Vegetar")
    data = {
        "organisation": "",
        "accessibility_needs": "",
        "diet": "Vegetar",
        "interpreter_language": "",
    }
    data[field] = value
    response = client.post(registration.get_absolute_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    registration.refresh_from_db()
    assert registration.diet == "Vegetar"
    assert registration.accessibility_needs == ""


@pytest.mark.parametrize(
    "token", ["findes-ikke", "x" * 65, "%00", "ÆØÅ", "a%00b", "%E2%80%AE", "<script>"]
)
def test_bad_token_is_404_and_changes_nothing(client, meeting, token):
    registration = RegistrationFactory(event=meeting)
    assert client.get(f"/tilmelding/{token}/").status_code == 404
    assert client.post(f"/tilmelding/{token}/afmeld/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancelling_promotes_the_oldest_waiting_and_mails_them(client, meeting):
    leaving, _staying = RegistrationFactory.create_batch(2, event=meeting)
    oldest, younger = _waiting(meeting, 2, language="en")
    response = client.post(
        reverse("engagement:registration-cancel", kwargs={"token": leaving.token})
    )
    assert response.status_code == 302
    leaving.refresh_from_db()
    oldest.refresh_from_db()
    younger.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED
    assert leaving.cancelled_at is not None
    assert oldest.status == Registration.Status.CONFIRMED
    assert oldest.promoted_at is not None
    assert younger.status == Registration.Status.WAITING
    [message] = [m for m in mail.outbox if m.to == [oldest.email]]
    assert "A seat is free for you" in message.subject  # in the registrant's own language
    assert message.attachments[0][0].endswith(".ics")


def test_cancelling_twice_promotes_only_once(client, meeting):
    leaving, _ = RegistrationFactory.create_batch(2, event=meeting)
    _waiting(meeting, 3)
    url = reverse("engagement:registration-cancel", kwargs={"token": leaving.token})
    client.post(url)
    client.post(url)
    assert meeting.registrations.confirmed().count() == 2
    assert meeting.registrations.waiting().count() == 2
    # One promotion, and one cancellation for the person who left.
    assert sorted(m.to[0] == leaving.email for m in mail.outbox) == [False, True]


def test_cancelled_registration_can_no_longer_change_needs(client, meeting):
    registration = RegistrationFactory(event=meeting, status=Registration.Status.CANCELLED)
    response = client.post(registration.get_absolute_url(), {"diet": "Vegansk"})
    assert response.status_code == 200
    assert "Tilmeld dig igen" in response.content.decode()
    registration.refresh_from_db()
    assert registration.diet == ""


def test_after_cancelling_the_same_email_may_sign_up_again(client, meeting):
    RegistrationFactory(
        event=meeting, email="bente@example.org", status=Registration.Status.CANCELLED
    )
    response = client.post(
        reverse("engagement:event-detail", kwargs={"pk": meeting.pk}),
        {"name": "Bente", "email": "bente@example.org"},
    )
    assert response.status_code == 302
    assert meeting.registrations.active().filter(email="bente@example.org").count() == 1


def test_manage_page_does_not_leak_through_the_referrer(client, meeting):
    registration = RegistrationFactory(event=meeting)
    assert client.get(registration.get_absolute_url())["Referrer-Policy"] == "same-origin"
