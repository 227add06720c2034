"""Dates and times read the European way in both languages: day first, a 24-hour clock."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.factories import EventFactory

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
EVENING = datetime.datetime(2026, 12, 1, 22, 4, tzinfo=COPENHAGEN)
NOON = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=COPENHAGEN)


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "source", "value", "expected"),
    [
        ("en", '{{ v|date:"DATETIME_FORMAT" }}', EVENING, "1 December 2026, 22:04"),
        ("en", '{{ v|date:"DATE_FORMAT" }}', EVENING, "1 December 2026"),
        ("en", '{{ v|time:"TIME_FORMAT" }}', NOON, "12:00"),
        ("en", '{{ v|date:"SHORT_DATETIME_FORMAT" }}', EVENING, "01/12/2026 22:04"),
        ("en", '{{ v|date:"MONTH_DAY_FORMAT" }}', EVENING, "1 December"),
        ("da", '{{ v|date:"DATETIME_FORMAT" }}', EVENING, "1. december 2026 22:04"),
        ("da", '{{ v|time:"TIME_FORMAT" }}', NOON, "12:00"),
    ],
)
def test_dates_and_times_follow_the_european_order_in_both_languages(
    language, source, value, expected
):
    with translation.override(language), zoneinfo_override():
        assert _render(source, v=value) == expected


def zoneinfo_override():
    from django.utils import timezone

    return timezone.override(COPENHAGEN)


@pytest.mark.django_db
def test_english_event_page_shows_day_month_year_and_a_24_hour_clock(client):
    event = EventFactory(starts_at=EVENING, ends_at=EVENING + datetime.timedelta(minutes=30))

    page = client.get(f"/en{event.get_absolute_url()}").content.decode()

    assert "1 December 2026, 22:04" in page
    assert "p.m." not in page and "Dec." not in page
