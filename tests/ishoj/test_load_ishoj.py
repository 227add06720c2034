"""`load_ishoj` loads the seed's facts, idempotently, relative to the commissioning date."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from engagement.models import Event
from ishoj import text
from ishoj.seed import PROJECT_GROUP, STEERING_GROUP, most_recent_commissioning
from policy.models import Policy, PolicyVersion, Section
from process.models import Body, Department, Membership, Milestone, Party, Process

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_ishoj", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        Policy,
        PolicyVersion,
        Section,
        Process,
        Milestone,
        Body,
        Membership,
        Event,
        Department,
        Party,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_the_medborgerpolitik_with_a_published_first_draft():
    load("--start=2026-11-20")
    policy = Policy.objects.get(slug="medborgerpolitik")
    version = policy.versions.get()
    assert (version.number, version.status) == (1, PolicyVersion.Status.PUBLISHED)
    headings = list(version.sections.values_list("heading", flat=True))
    assert len(headings) >= 6
    assert {
        "Baggrund",
        "Formål",
        "Kom Medborger",
        "Fællesskab",
        "Frivillighed",
        "Målgrupper",
    } <= set(headings)
    assert all(len(body) > 200 for body in version.sections.values_list("body", flat=True))


def test_it_loads_the_steering_group_project_group_and_coordinator_with_departments():
    load("--start=2026-11-20")
    process = Process.objects.get(policy__slug="medborgerpolitik")
    steering = {
        (m.user.get_full_name(), m.department)
        for m in process.memberships.filter(group=Membership.Group.STEERING)
    }
    project = {
        (m.user.get_full_name(), m.department)
        for m in process.memberships.filter(group=Membership.Group.PROJECT)
    }
    assert steering == set(STEERING_GROUP)
    assert project == set(PROJECT_GROUP)
    coordinator = process.memberships.get(group=Membership.Group.COORDINATOR)
    assert coordinator.user.get_full_name() == "Jeanet Flørnæss"
    assert not coordinator.user.has_usable_password()


def test_it_plans_the_eight_steps_from_the_commissioning_date():
    load("--start=2026-11-20")
    milestones = list(Milestone.objects.order_by("due_by", "id"))
    assert [m.kind for m in milestones] == [
        "commissioning",
        "staff_workshop",
        "citizen_meeting",
        "hearing",
        "med_handling",
        "med_handling",
        "committee_handling",
        "council_adoption",
    ]
    assert milestones[0].planned_date == datetime.date(2026, 11, 20)
    assert milestones[1].planned_date == datetime.date(2027, 1, 25)
    assert milestones[2].planned_date == datetime.date(2027, 1, 31)
    assert milestones[3].planned_month == datetime.date(2027, 4, 1)
    assert milestones[6].planned_month == datetime.date(2027, 5, 1)
    assert milestones[7].planned_month == datetime.date(2027, 6, 1)
    workshop = Event.objects.get(kind=Event.Kind.STAFF_WORKSHOP)
    assert workshop.starts_at.date() == datetime.date(2027, 1, 25)
    assert workshop.audience == Event.Audience.STAFF
    assert Event.objects.get(kind=Event.Kind.CITIZEN_MEETING).audience == Event.Audience.PUBLIC
    assert set(Body.objects.values_list("short_name", flat=True)) == {
        "KU",
        "Fagudvalg",
        "LokalMED",
        "HovedMED",
        "Byråd",
    }


def test_running_it_twice_leaves_the_same_database():
    load("--start=2026-11-20")
    first = counts()
    text_before = list(Section.objects.values_list("key", "heading", "body"))
    load("--start=2026-11-20")
    assert counts() == first
    assert list(Section.objects.values_list("key", "heading", "body")) == text_before


def test_a_new_start_date_moves_the_plan_but_not_the_published_text():
    load("--start=2026-11-20")
    published_at = PolicyVersion.objects.get().published_at
    load("--start=2027-11-20")
    assert Milestone.objects.get(kind="staff_workshop").planned_date == datetime.date(2028, 1, 25)
    assert PolicyVersion.objects.get().published_at == published_at
    assert Milestone.objects.count() == 8


@time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC))
def test_the_default_start_is_the_most_recent_20_november():
    output = load()
    assert "2026-11-20" in output
    assert Milestone.objects.get(kind="commissioning").planned_date == datetime.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 11, 19), datetime.date(2025, 11, 20)),
        (datetime.date(2026, 11, 20), datetime.date(2026, 11, 20)),
        (datetime.date(2026, 12, 31), datetime.date(2026, 11, 20)),
    ],
)
def test_most_recent_commissioning(today, expected):
    assert most_recent_commissioning(today) == expected


def test_demo_logins_refuse_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        load("--demo-logins")
    assert Policy.objects.count() == 0


def test_demo_logins_add_marked_accounts_that_can_log_in(settings, client):
    settings.DEBUG = True
    output = load("--demo-logins", "--start=2026-11-20")
    assert "demo-koordinator@demo.invalid" in output
    process = Process.objects.get()
    coordinator = process.memberships.get(user__email="demo-koordinator@demo.invalid").user
    assert "(demo)" in coordinator.get_full_name()
    response = client.post(
        "/konto/login/", {"login": "demo-koordinator@demo.invalid", "password": "medborger-demo"}
    )
    assert response.status_code == 302
    assert client.get("/styring/").status_code == 200
    load("--demo-logins", "--start=2026-11-20")
    assert process.memberships.filter(user__email__endswith="@demo.invalid").count() == 3


def test_a_bad_start_date_is_a_clear_error():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        load("--start=20-11-2026")


def test_the_sections_come_from_the_markdown_files_in_their_order():
    load("--start=2026-11-20")
    version = Policy.objects.get(slug="medborgerpolitik").versions.get()
    loaded = list(version.sections.order_by("order").values_list("heading", "theme__slug", "body"))
    files = sorted(text.SECTIONS_DIR.glob("*.md"))
    assert len(loaded) == len(files) == 8
    assert [heading for heading, _, _ in loaded][:3] == ["Baggrund", "Formål", "Kom Medborger"]
    # The body is the file's Markdown after its header, list markup and emphasis included.
    formaal = (text.SECTIONS_DIR / "02-formaal.md").read_text(encoding="utf-8")
    assert loaded[1][1] == "demokrati-og-deltagelse"
    assert loaded[1][2] == formaal.split("---", 2)[2].strip()
    assert "1. At give borgere" in loaded[1][2]
    assert loaded[0][1] is None  # "Baggrund" has no theme line


def test_a_section_file_without_a_header_or_heading_is_refused(tmp_path):
    (tmp_path / "01-a.md").write_text("No header here.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        text.sections_read(tmp_path)
    (tmp_path / "01-a.md").write_text("---\ntheme: x\n---\nBody\n", encoding="utf-8")
    with pytest.raises(ValueError, match="heading"):
        text.sections_read(tmp_path)
    (tmp_path / "01-a.md").write_text("---\nheading: A\n---\n\nBody *text*\n", encoding="utf-8")
    assert text.sections_read(tmp_path) == [("a", "A", None, "Body *text*")]


def test_nothing_outside_ishoj_imports_it():
    roots = [ROOT / name for name in ("medborger", "policy", "process", "engagement", "privacy")]
    offenders = [
        str(path.relative_to(ROOT))
        for root in roots
        if root.exists()
        for path in root.rglob("*.py")
        if re.search(r"^\s*(from|import) ishoj\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_it_seeds_the_centres_as_departments_and_the_councils_as_parties():
    load("--start=2026-11-20")
    departments = list(Department.objects.values_list("name", flat=True))
    assert "Center for Børn og Forebyggelse" in departments
    assert len(departments) == len(set(departments)) == 10
    parties = dict(Party.objects.values_list("name", "kind"))
    for name in ["Ældrerådet", "Handicaprådet", "Integrationsrådet"]:
        assert parties[name] == Party.Kind.COUNCIL
    assert parties["Folkeoplysningsudvalget"] == Party.Kind.COMMITTEE
    assert parties["HovedMED"] == Party.Kind.MED
    assert sum(name.startswith("LokalMED") for name in parties) >= 3
    assert all(p.email.endswith(".invalid") for p in Party.objects.all())


def test_the_seed_keeps_a_party_staff_have_edited():
    load("--start=2026-11-20")
    Party.objects.filter(name="Ældrerådet").update(email="rigtig@ishoj.dk")
    load("--start=2026-11-20")
    assert Party.objects.get(name="Ældrerådet").email == "rigtig@ishoj.dk"
