"""The event pages from the shared page cache: forms keep working for every visitor."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from engagement.models import Registration
from tests.engagement.conftest import signup_data
from tests.engagement.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _event_url(event) -> str:
    return reverse("engagement:event-detail", kwargs={"pk": event.pk})


def test_two_visitors_sign_up_from_the_cached_event_page_each_with_their_own_csrf_token(meeting):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(_event_url(meeting))
    page_two = second.get(_event_url(meeting))
    assert "X-Page-Cache" not in page_one
    assert page_two["X-Page-Cache"] == "hit"
    token_one = _TOKEN.search(page_one.content.decode()).group(1)
    token_two = _TOKEN.search(page_two.content.decode()).group(1)
    assert token_one != token_two
    assert "pagecache" not in page_two.content.decode()
    cookie_one = first.cookies["csrftoken"].value
    cookie_two = second.cookies["csrftoken"].value
    assert cookie_one != cookie_two
    for client, token, email in (
        (first, token_one, "en@example.org"),
        (second, token_two, "to@example.org"),
    ):
        response = client.post(
            _event_url(meeting), signup_data(email=email, csrfmiddlewaretoken=token)
        )
        assert response.status_code == 302, response.content.decode()[:300]
    assert set(Registration.objects.values_list("email", flat=True)) == {
        "en@example.org",
        "to@example.org",
    }


def test_a_token_from_another_visitors_cookie_is_refused(meeting):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(_event_url(meeting))
    page_two = second.get(_event_url(meeting))
    first_token = first.cookies["csrftoken"].value
    second.cookies["csrftoken"] = first_token + "x"  # not this visitor's
    token_two = _TOKEN.search(page_two.content.decode()).group(1)
    response = second.post(_event_url(meeting), signup_data(csrfmiddlewaretoken=token_two))
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_a_registration_changes_the_seats_on_the_cached_event_page(client, meeting):
    assert "2 pladser tilbage" in client.get(_event_url(meeting)).content.decode()
    assert client.get(_event_url(meeting))["X-Page-Cache"] == "hit"
    RegistrationFactory(event=meeting)
    again = client.get(_event_url(meeting))
    assert "X-Page-Cache" not in again
    assert "1 plads tilbage" in again.content.decode()


def test_an_invitation_link_is_never_served_from_the_cache(client, meeting):
    url = _event_url(meeting) + "?invitation=" + "a" * 43
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)
