"""Where a process stands (`process.phase.current_step`), over the whole Ishøj timeline.

The Ishøj seed is loaded as commissioned on 20 November 2026; nobody marks a step done after
the commissioning, as happens when a coordinator is busy. Each date is a frozen day in Ishøj.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from process.models import Milestone, Process
from process.phase import current_step, current_step_of
from tests.factories import MilestoneFactory

TZ = ZoneInfo("Europe/Copenhagen")
WORKSHOP = "Intern workshop for alle medarbejdere"
MEETING = "Borgermøde"
HEARING = "Offentlig høring"
FAGUDVALG = "Behandling i fagudvalget"
COUNCIL = "Endelig vedtagelse i byrådet"

# day, the step (staff view) and whether it is under way, the citizens' step
WHOLE_TIMELINE = [
    ("2026-11-20", WORKSHOP, False, MEETING),
    ("2026-12-15", WORKSHOP, False, MEETING),
    ("2027-01-24", WORKSHOP, False, MEETING),
    ("2027-01-25", WORKSHOP, False, MEETING),  # the workshop's day: still the step
    ("2027-01-26", MEETING, False, MEETING),  # passed, not marked done: late, not current
    ("2027-01-31", MEETING, False, MEETING),
    ("2027-02-01", HEARING, False, HEARING),
    ("2027-03-31", HEARING, False, HEARING),
    ("2027-04-01", HEARING, True, HEARING),  # its month has begun: under way
    ("2027-04-30", HEARING, True, HEARING),
    ("2027-05-01", FAGUDVALG, True, FAGUDVALG),
    ("2027-05-31", FAGUDVALG, True, FAGUDVALG),
    ("2027-06-01", COUNCIL, True, COUNCIL),
    ("2027-06-30", COUNCIL, True, COUNCIL),
    ("2027-07-01", None, False, None),  # everything left is late
]


def at(day: str) -> time_machine.travel:
    moment = datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ)
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def seeded(db) -> Process:
    with at("2026-11-20"):
        call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    return Process.objects.get(policy__slug="medborgerpolitik")


def title(milestone: Milestone | None) -> str | None:
    return milestone.title if milestone else None


@pytest.mark.parametrize(("day", "step", "under_way", "public_step"), WHOLE_TIMELINE)
def test_the_current_step_follows_the_ishoj_timeline(seeded, day, step, under_way, public_step):
    with at(day):
        position = current_step_of(seeded)
    assert title(position.step) == step
    assert position.in_progress is under_way
    assert title(position.next_public_step) == public_step
    if position.step:
        assert position.deadline == position.step.due_by >= position.today
    assert all(m.due_by < position.today and m.done_on is None for m in position.late)


def test_citizens_are_never_offered_a_staff_only_or_past_step_on_any_day(seeded):
    milestones = list(seeded.milestones.all())
    day = datetime.date(2026, 11, 20)
    while day <= datetime.date(2027, 7, 15):
        position = current_step(milestones, today=day)
        offered = position.next_public_step
        if offered is not None:
            assert not offered.is_staff_only, day
            assert offered.kind != Milestone.Kind.STAFF_WORKSHOP, day
            assert offered.is_public and offered.due_by >= day, day
        if position.step is not None:
            assert position.step.due_by >= day, day
        day += datetime.timedelta(days=1)


def test_a_step_marked_done_gives_way_to_the_next(seeded):
    workshop = seeded.milestones.get(kind=Milestone.Kind.STAFF_WORKSHOP)
    workshop.done_on = datetime.date(2027, 1, 10)
    workshop.save()
    position = current_step_of(seeded, today=datetime.date(2027, 1, 12))
    assert title(position.step) == MEETING


def test_a_started_step_is_current_before_an_earlier_one_that_has_not_started(process):
    MilestoneFactory(process=process, title="Møde", planned_date=datetime.date(2027, 4, 10))
    MilestoneFactory(
        process=process, title="Høring", planned_date=datetime.date(2027, 4, 28), started=True
    )
    position = current_step_of(process, today=datetime.date(2027, 4, 5))
    assert (title(position.step), position.in_progress) == ("Høring", True)


def test_an_internal_step_is_the_staff_step_but_not_the_citizens(process):
    MilestoneFactory(process=process, title="Internt", planned_date=datetime.date(2027, 1, 5))
    Milestone.objects.filter(title="Internt").update(is_public=False)
    MilestoneFactory(process=process, title="Åbent", planned_date=datetime.date(2027, 1, 9))
    position = current_step_of(process, today=datetime.date(2027, 1, 1))
    assert (title(position.step), title(position.next_public_step)) == ("Internt", "Åbent")


@pytest.mark.parametrize(
    ("day", "board", "phase", "next_step", "marked"),
    [
        ("2026-12-15", WORKSHOP, "Udkast til kommentering", MEETING, MEETING),
        ("2027-01-10", WORKSHOP, "Tilmelding til borgermøde", HEARING, MEETING),
        ("2027-02-10", HEARING, "Udkast til kommentering", HEARING, HEARING),
        ("2027-05-12", FAGUDVALG, "Politisk behandling", FAGUDVALG, FAGUDVALG),
    ],
)
def test_the_board_the_timeline_and_the_front_page_agree_on_where_we_are(
    client, seeded, day, board, phase, next_step, marked
):
    coordinator = seeded.memberships.get(group="coordinator").user
    with at(day):
        home = client.get("/")
        public = client.get("/proces/medborgerpolitik/")
        client.force_login(coordinator)
        staff = client.get("/styring/proces/medborgerpolitik/")
    assert title(staff.context["position"].step) == board
    current_text = " ".join(text_of(staff, ".board-current").split())
    assert current_text.startswith(board)
    # The board, the timeline and the front page say the same public phase (process.phase).
    assert f"Borgerne ser fasen: {phase}" in " ".join(text_of(staff, ".board-public-step").split())
    assert " ".join(text_of(public, ".timeline-now").split()).startswith(f"Her er vi nu: {phase}")
    assert " ".join(text_of(home, ".stage-phase").split()) == f"Nu: {phase}"
    assert " ".join(text_of(home, ".stage-next").split()).startswith(f"Næste skridt: {next_step}")
    for response in (home, public):
        assert WORKSHOP not in text_of(response, ".timeline-now, .stage-phase, .stage-next")
    # Exactly one step is marked current on the public timeline, and it is the citizens' step.
    current = [e for e in public.context["timeline"].entries if e.is_current]
    assert [e.title for e in current] == [marked]


def text_of(response, selector: str) -> str:
    """The text of the paragraphs with the given classes (".a, .b"), tags stripped."""
    content = response.content.decode()
    texts = []
    for name in (part.strip().lstrip(".") for part in selector.split(",")):
        for inner in re.findall(rf'<p class="{name}"[^>]*>(.*?)</p>', content, re.DOTALL):
            texts.append(html.unescape(re.sub(r"<[^>]+>", "", inner)))
    return " ".join(texts)
