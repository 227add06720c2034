"""The timeline drawing on a desktop: no number is clipped by the drawing's edge or overlaps."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from process.models import Process
from process.timeline import build_timeline
from tests.factories import MilestoneFactory

FONT = 13  # px, .tl-number in process.css


@pytest.fixture
def ishoj(db) -> Process:
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC), tick=False):
        call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.select_related("policy").get(policy__slug="medborgerpolitik")


def _assert_readable(timeline) -> None:
    numbers = [(e.x, e.label_y) for e in timeline.entries]
    for x, y in numbers:
        assert y - FONT >= 0, "a number is clipped at the top"
        assert 0 <= x - FONT <= timeline.width - 2 * FONT
    for i, (x, y) in enumerate(numbers):
        for x2, y2 in numbers[i + 1 :]:
            assert abs(x - x2) >= 26 or abs(y - y2) >= FONT + 2, "two numbers overlap"


def test_the_ishoj_timeline_numbers_neither_clip_nor_overlap(ishoj):
    _assert_readable(build_timeline(ishoj, today=datetime.date(2027, 1, 10)))


def test_four_steps_on_one_day_stay_readable(ishoj):
    for _ in range(3):
        MilestoneFactory(process=ishoj, planned_date=datetime.date(2027, 1, 25))
    _assert_readable(build_timeline(ishoj, today=datetime.date(2027, 1, 10)))
