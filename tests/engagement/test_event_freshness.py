"""Event pages show live seat counts, so they are never answered from a cached copy."""

from __future__ import annotations

import pytest

from tests.engagement.factories import RegistrationFactory
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_event_page_has_no_validators_and_always_shows_the_current_seat_count(client):
    event = EventFactory(capacity=10)
    first = client.get(event.get_absolute_url())
    assert first.status_code == 200
    assert not first.has_header("ETag")
    assert not first.has_header("Last-Modified")

    RegistrationFactory(event=event)
    again = client.get(event.get_absolute_url(), headers={"if-none-match": "*"})

    assert again.status_code == 200
    assert (first.context["seats_left"], again.context["seats_left"]) == (10, 9)
