from __future__ import annotations

import pytest
from django.core.cache import cache

from engagement.models import Event
from tests.factories import EventFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache; each test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def meeting(process) -> Event:
    return EventFactory(process=process, title="Borgermøde: Kom Medborger", capacity=2)


@pytest.fixture
def workshop(process) -> Event:
    return EventFactory(
        process=process,
        kind=Event.Kind.STAFF_WORKSHOP,
        audience=Event.Audience.STAFF,
        title="Workshop for medarbejdere",
        capacity=1,
    )


def signup_data(**overrides) -> dict:
    data = {
        "name": "Bente Borger",
        "email": "bente@example.org",
        "organisation": "",
        "accessibility_needs": "",
        "diet": "",
        "interpreter_language": "",
        "website": "",
    }
    data.update(overrides)
    return data
