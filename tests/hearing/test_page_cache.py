"""The hearing page from the shared page cache: its form keeps working for every visitor."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from hearing.models import HearingResponse
from tests.hearing.conftest import hearing_data

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_IDEMPOTENCY = re.compile(r'name="idempotency_key" value="([0-9a-f]+)"')


def _hearing_url(hearing) -> str:
    return reverse("hearing:hearing-detail", kwargs={"policy": hearing.process.policy.slug})


def test_two_visitors_answer_the_cached_hearing_page_each_with_their_own_keys(hearing):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(_hearing_url(hearing)).content.decode()
    response_two = second.get(_hearing_url(hearing))
    assert response_two["X-Page-Cache"] == "hit"
    page_two = response_two.content.decode()
    key_one = _IDEMPOTENCY.search(page_one).group(1)
    key_two = _IDEMPOTENCY.search(page_two).group(1)
    assert key_one != key_two and len(key_two) == 32
    for client, page, key, email in (
        (first, page_one, key_one, "en@example.org"),
        (second, page_two, key_two, "to@example.org"),
    ):
        response = client.post(
            _hearing_url(hearing),
            hearing_data(
                email=email,
                idempotency_key=key,
                csrfmiddlewaretoken=_TOKEN.search(page).group(1),
            ),
        )
        assert response.status_code == 302
    assert HearingResponse.objects.count() == 2


def test_the_english_hearing_page_is_cached_apart_from_the_danish(client, hearing):
    url = _hearing_url(hearing)
    client.get(url)
    english = client.get("/en" + url)
    assert "X-Page-Cache" not in english
    assert client.get("/en" + url)["X-Page-Cache"] == "hit"
    assert '<html lang="en"' in english.content.decode()
