"""The public phase (`process.phase.process_phase`), walked over the Ishøj timeline.

The Ishøj seed is loaded on 20 November 2026: version 1 is out for comments, the citizen meeting
is on 31 January (registration closes 28 January), the hearing milestone is in April. On the
way, as staff would: the hearing runs 1–29 April, the høringsnotat comes out on 10 May and the
city council adopts the policy on 24 June. Each date is a frozen moment in Ishøj.
"""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from hearing.models import Hearing
from process import services
from process.models import Milestone, Process
from process.phase import Stage, days_left_text, process_phase, process_phases

TZ = ZoneInfo("Europe/Copenhagen")


def moment(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


@pytest.fixture
def ishoj(db) -> Process:
    with time_machine.travel(moment("2026-11-20"), tick=False):
        call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    process = Process.objects.select_related("policy").get(policy__slug="medborgerpolitik")
    version = process.policy.versions.get(number=1)
    Hearing.objects.create(
        process=process,
        version=version,
        opens_at=moment("2027-04-01", 9),
        closes_at=datetime.datetime(2027, 4, 29, 23, 59, tzinfo=TZ),
        delete_after=datetime.date(2028, 4, 30),
    )
    return process


def _at(process: Process, day: str, hour: int = 10):
    with time_machine.travel(moment(day, hour), tick=False), translation.override("da"):
        phase = process_phase(process)
        return phase, phase.deadline_text, phase.main_action


# day, phase, deadline in words, main action, next public step
WALK = [
    ("2026-11-20", "Udkast til kommentering", "", "Kommentér udkastet", "Borgermøde"),
    ("2026-12-15", "Udkast til kommentering", "", "Kommentér udkastet", "Borgermøde"),
    ("2027-01-02", "Udkast til kommentering", "", "Kommentér udkastet", "Borgermøde"),
    # Four weeks before the meeting its registration leads.
    (
        "2027-01-03",
        "Tilmelding til borgermøde",
        "Tilmeldingsfristen er 28. januar 2027 – om 25 dage",
        "Tilmeld dig borgermødet",
        "Offentlig høring",
    ),
    (
        "2027-01-27",
        "Tilmelding til borgermøde",
        "Tilmeldingsfristen er 28. januar 2027 – i morgen",
        "Tilmeld dig borgermødet",
        "Offentlig høring",
    ),
    (
        "2027-01-28",
        "Tilmelding til borgermøde",
        "Tilmeldingsfristen er 28. januar 2027 – i dag",
        "Tilmeld dig borgermødet",
        "Offentlig høring",
    ),
    # Registration closed: back to commenting until the hearing opens.
    ("2027-01-29", "Udkast til kommentering", "", "Kommentér udkastet", "Borgermøde"),
    ("2027-02-01", "Udkast til kommentering", "", "Kommentér udkastet", "Offentlig høring"),
    ("2027-03-31", "Udkast til kommentering", "", "Kommentér udkastet", "Offentlig høring"),
    (
        "2027-04-01",
        "Offentlig høring",
        "Høringsfristen er 29. april 2027 – om 28 dage",
        "Afgiv høringssvar",
        "Behandling i LokalMED",
    ),
    (
        "2027-04-17",
        "Offentlig høring",
        "Høringsfristen er 29. april 2027 – om 12 dage",
        "Afgiv høringssvar",
        "Behandling i LokalMED",
    ),
    ("2027-04-30", "Politisk behandling", "", "Følg tidsplanen", "Behandling i LokalMED"),
    ("2027-05-12", "Politisk behandling", "", "Læs høringsnotatet", "Behandling i fagudvalget"),
    ("2027-06-01", "Politisk behandling", "", "Læs høringsnotatet", "Endelig vedtagelse i byrådet"),
    ("2027-06-25", "Vedtaget", "", "Læs den vedtagne politik", None),
]


@pytest.mark.parametrize(("day", "label", "deadline", "action", "next_step"), WALK)
def test_the_phase_follows_the_ishoj_timeline(ishoj, day, label, deadline, action, next_step):
    if day >= "2027-05-10":
        Hearing.objects.filter(process=ishoj).update(notat_published_at=moment("2027-05-10"))
    if day >= "2027-06-24":
        services.version_adopt(
            version=ishoj.policy.versions.get(number=1), adopted_on=datetime.date(2027, 6, 24)
        )
        ishoj.policy.refresh_from_db()
    phase, deadline_text, main = _at(ishoj, day)
    assert (phase.label, deadline_text, main.label if main else None) == (label, deadline, action)
    assert (phase.next_step.title if phase.next_step else None) == next_step
    # The main action is one of the actions open now (or, when none leads, the timeline), and
    # they all lead somewhere real.
    assert main in phase.actions or main.url == ishoj.get_absolute_url()
    assert all(a.url.startswith("/") for a in phase.actions)


def test_the_stage_bar_marks_exactly_one_current_step_in_order(ishoj):
    for day, stage in [
        ("2026-12-15", Stage.DIALOGUE),
        ("2027-04-17", Stage.HEARING),
        ("2027-05-12", Stage.POLITICAL),
    ]:
        phase, _, _ = _at(ishoj, day)
        states = [s.state for s in phase.steps]
        assert phase.stage == stage
        assert states.count("current") == 1
        current = states.index("current")
        assert states[:current] == ["done"] * current
        assert states[current + 1 :] == ["upcoming"] * (len(states) - current - 1)


def test_a_citizen_is_never_offered_a_staff_only_step_on_any_day(ishoj):
    day = datetime.date(2026, 11, 20)
    while day <= datetime.date(2027, 6, 30):
        phase, _, _ = _at(ishoj, day.isoformat())
        if phase.next_step is not None:
            assert not phase.next_step.is_staff_only, day
            assert phase.next_step.is_public and phase.next_step.due_by >= day, day
        # The staff workshop's page is never an action for the public.
        assert all("Workshop" not in a.label for a in phase.actions), day
        day += datetime.timedelta(days=3)


def test_the_hearing_leads_over_a_meetings_registration(ishoj):
    event = ishoj.events.get(audience="public")
    event.starts_at, event.ends_at = moment("2027-04-20"), moment("2027-04-20", 13)
    event.registration_deadline = moment("2027-04-18")
    event.save()
    phase, _, _main = _at(ishoj, "2027-04-10")
    assert phase.label == "Offentlig høring"
    assert [a.label for a in phase.actions][:2] == ["Afgiv høringssvar", "Tilmeld dig borgermødet"]


def test_closed_comments_and_nothing_open_is_preparation(ishoj):
    ishoj.policy.comments_open = False
    ishoj.policy.save()
    phase, _, main = _at(ishoj, "2026-12-15")
    assert (phase.label, main) == ("Forberedelse", None)


def test_a_hidden_milestone_is_never_the_next_step(ishoj):
    Milestone.objects.filter(process=ishoj, kind="med_handling").update(is_public=False)
    phase, _, _ = _at(ishoj, "2027-04-17")
    assert phase.next_step.title == "Behandling i fagudvalget"


@pytest.mark.parametrize(
    ("days", "da", "en"),
    [(0, "i dag", "today"), (1, "i morgen", "tomorrow"), (12, "om 12 dage", "in 12 days")],
)
def test_days_left_in_words_in_both_languages(days, da, en):
    today = datetime.date(2027, 1, 3)
    day = today + datetime.timedelta(days=days)
    with translation.override("da"):
        assert days_left_text(day, today=today) == da
    with translation.override("en"):
        assert days_left_text(day, today=today) == en


def test_the_phases_of_many_processes_take_a_constant_number_of_queries(
    ishoj, django_assert_max_num_queries
):
    processes = list(Process.objects.select_related("policy"))
    with django_assert_max_num_queries(4):
        phases = process_phases(processes)
    assert set(phases) == {p.pk for p in processes}
