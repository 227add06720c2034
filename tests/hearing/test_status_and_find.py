"""The hearing page before and after the hearing, the hearings list, and "Find your response"."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.hearing.factories import HearingResponseFactory

PAGE = "/hoering/medborgerpolitik/"
FIND = "/hoering/find-dit-svar/"


def _move(hearing, *, opens: int, closes: int) -> None:
    now = timezone.now()
    hearing.opens_at = now + datetime.timedelta(days=opens)
    hearing.closes_at = now + datetime.timedelta(days=closes)
    hearing.save()


def test_a_hearing_not_open_yet_says_when_it_opens_and_has_no_form(client, hearing):
    _move(hearing, opens=5, closes=30)
    response = client.get(PAGE)
    page = response.content.decode()
    assert response.context["form"] is None
    assert "Høringen åbner" in page
    assert 'class="hearing-form"' not in page


def test_a_closed_hearing_says_how_many_responded_and_when_the_notat_comes(client, hearing):
    HearingResponseFactory.create_batch(3, hearing=hearing)
    _move(hearing, opens=-20, closes=-1)
    page = client.get(PAGE).content.decode()
    assert "Høringen sluttede" in page
    assert "Der kom 3 høringssvar." in page
    assert "Høringsnotatet, som besvarer alle høringssvar" in page
    # The stage bar moved on from the hearing.
    assert "Politisk behandling" in page


def test_a_closed_hearing_links_to_its_published_notat(client, hearing):
    _move(hearing, opens=-20, closes=-1)
    hearing.notat_published_at = timezone.now()
    hearing.save()
    page = client.get(PAGE).content.decode()
    assert reverse("hearing:notat-detail", kwargs={"policy": "medborgerpolitik"}) in page


def test_an_open_hearing_leads_the_stage_bar_with_its_deadline(client, hearing):
    page = client.get(PAGE).content.decode()
    assert 'aria-current="step"' in page
    assert "Høringsfristen er" in page
    assert "Afgiv høringssvar" in page


def test_the_hearings_list_shows_each_hearing_with_its_deadline(client, hearing):
    response = client.get("/hoeringer/")
    page = response.content.decode()
    assert response.status_code == 200
    assert hearing.get_absolute_url() in page
    assert "Åben for høringssvar" in page and "Høringsfristen er" in page
    english = client.get("/en/hoeringer/").content.decode()
    assert "Open for responses" in english and "The hearing closes on" in english


def test_finding_a_response_by_its_tracking_number_opens_the_receipt(client, hearing):
    answer = HearingResponseFactory(hearing=hearing)
    response = client.post(FIND, {"tracking": f"  {answer.tracking.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == answer.get_absolute_url()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "påkrævet"),
        ("hello", "Det er ikke et sagsnummer."),
        ("H-2027-2222222I", "Det er ikke et sagsnummer."),
        ("H-2027-22222222", "Intet høringssvar har det sagsnummer."),
    ],
)
def test_a_wrong_tracking_number_gets_a_clear_message_and_no_receipt(
    client, hearing, typed, message
):
    HearingResponseFactory(hearing=hearing, name="Bente Borger")
    response = client.post(FIND, {"tracking": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Bente Borger" not in page


def test_finding_a_response_is_rate_limited(client, hearing):
    statuses = [client.post(FIND, {"tracking": "H-2027-22222222"}).status_code for _ in range(12)]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429


def test_the_find_page_works_in_english(client):
    page = client.get("/en" + FIND).content.decode()
    assert "Find your hearing response" in page
    assert "csrfmiddlewaretoken" in page
