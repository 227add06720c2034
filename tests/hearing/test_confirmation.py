"""Trust in what is published: a web response is published under a person's name only after the
address was confirmed by the receipt's link, or staff reviewed it. Unconfirmed responses are
received, kept and counted."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from hearing import services
from hearing.models import Hearing, HearingResponse
from hearing.notat import notat_build
from tests.hearing.conftest import hearing_data

pytestmark = pytest.mark.django_db

PUBLIC = "/hoering/medborgerpolitik/"


@pytest.fixture
def at_once(hearing):
    Hearing.objects.filter(pk=hearing.pk).update(publication_rule=Hearing.PublicationRule.AT_ONCE)
    hearing.refresh_from_db()
    return hearing


def _confirm_link() -> str:
    [receipt] = mail.outbox
    return re.search(r"https?://\S+/hoering/bekraeft/\S+/", receipt.body).group(0)


def test_a_new_hearing_publishes_after_review_by_default():
    assert Hearing._meta.get_field("publication_rule").default == "after_review"


def test_an_unconfirmed_response_is_kept_and_counted_but_not_public(client, at_once):
    client.post(PUBLIC, hearing_data(text="Et svar, der venter på bekræftelse."))
    stored = HearingResponse.objects.get()
    assert stored.status == HearingResponse.Status.RECEIVED and stored.confirmed_at is None
    assert "Et svar, der venter på bekræftelse." not in client.get(PUBLIC).content.decode()
    assert notat_build(hearing=at_once).total == 1


def test_the_receipt_link_confirms_the_address_and_publishes_at_once(client, at_once):
    client.post(PUBLIC, hearing_data(text="Et bekræftet svar."))
    link = _confirm_link()
    path = link[link.index("/hoering/") :]

    page = client.get(path)  # a mail scanner following the link confirms nothing
    assert page.status_code == 200 and "Bekræft min e-mailadresse" in page.content.decode()
    assert HearingResponse.objects.get().confirmed_at is None

    result = client.post(path)
    stored = HearingResponse.objects.get()
    assert result.status_code == 302 and stored.tracking in result["Location"]
    assert stored.confirmed_at is not None
    assert stored.status == HearingResponse.Status.PUBLISHED
    html = client.get(PUBLIC).content.decode()
    assert "Et bekræftet svar." in html and "Bente Borger" in html
    assert client.post(path).status_code == 302  # twice is harmless


def test_after_review_a_confirmed_response_still_waits_for_staff(client, hearing):
    client.post(PUBLIC, hearing_data(text="Venter på gennemsyn."))
    link = _confirm_link()
    client.post(link[link.index("/hoering/") :])
    stored = HearingResponse.objects.get()
    assert stored.confirmed_at is not None
    assert stored.status == HearingResponse.Status.RECEIVED


def test_without_consent_confirming_publishes_nothing(client, at_once):
    client.post(PUBLIC, hearing_data(consent="no", text="Kun til kommunen."))
    link = _confirm_link()
    client.post(link[link.index("/hoering/") :])
    assert HearingResponse.objects.get().status == HearingResponse.Status.RECEIVED


@pytest.mark.parametrize("token", ["x", "abc:def", "Wzk5OTks:1tq:forged"])
def test_a_forged_or_foreign_token_finds_nothing(client, at_once, token):
    client.post(PUBLIC, hearing_data())
    url = reverse("hearing:confirmation-update", kwargs={"token": token})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert HearingResponse.objects.get().confirmed_at is None


def test_a_token_stops_working_when_the_address_is_changed_or_erased(client, at_once):
    client.post(PUBLIC, hearing_data())
    stored = HearingResponse.objects.get()
    token = services.confirm_token_make(response=stored)
    HearingResponse.objects.filter(pk=stored.pk).update(email="other@example.org")
    url = reverse("hearing:confirmation-update", kwargs={"token": token})
    assert client.post(url).status_code == 404


def test_a_letter_entered_by_staff_needs_no_confirmation(client, coordinator, at_once):
    client.force_login(coordinator)
    client.post(
        reverse(
            "hearing:staff-response-create",
            kwargs={"policy": "medborgerpolitik", "pk": at_once.pk},
        ),
        {
            "channel": "letter",
            "received_at": "2026-04-10T10:00",
            "kind": "person",
            "name": "Brev Skriver",
            "email": "brev@example.org",
            "text": "Et brev.",
            "language": "da",
            "consent_to_publish": "on",
            "receipt": "email",
        },
    )
    stored = HearingResponse.objects.get()
    assert stored.status == HearingResponse.Status.PUBLISHED
    [receipt] = mail.outbox
    assert "/hoering/bekraeft/" not in receipt.body
