"""The public hearing page with many published responses."""

from __future__ import annotations

import pytest

from hearing.models import Hearing
from hearing.views import RESPONSES_PER_PAGE
from tests.hearing.factories import HearingFactory, HearingResponseFactory


@pytest.mark.django_db
def test_a_big_hearing_shows_its_published_responses_a_page_at_a_time(client):
    hearing = HearingFactory(publication_rule=Hearing.PublicationRule.AT_ONCE)
    for n in range(RESPONSES_PER_PAGE + 3):
        HearingResponseFactory(hearing=hearing, text=f"Svar nummer {n:03d}.", status="published")
    url = f"/hoering/{hearing.process.policy.slug}/"
    first = client.get(url).content.decode()
    assert "Svar nummer 000." in first
    assert f"Svar nummer {RESPONSES_PER_PAGE:03d}." not in first
    assert f"({RESPONSES_PER_PAGE + 3})" in first
    assert "?side=2" in first
    second = client.get(url + "?side=2").content.decode()
    assert f"Svar nummer {RESPONSES_PER_PAGE:03d}." in second
    assert client.get(url + "?side=<script>").status_code == 200
