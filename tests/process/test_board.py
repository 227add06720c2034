"""The coordinator's milestone board and the process overview."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from process.models import Milestone, VersionApproval
from tests.factories import MilestoneFactory, UserFactory

SLUG = "medborgerpolitik"
BOARD = f"/styring/proces/{SLUG}/"
TODAY = datetime.date(2027, 1, 10)


def milestone_url(milestone) -> str:
    return f"/styring/proces/{SLUG}/milepaele/{milestone.pk}/"


def row_data(milestone, **overrides) -> dict:
    prefix = f"m{milestone.pk}-"
    data = {
        "owner": milestone.owner_id or "",
        "planned_date": milestone.planned_date.isoformat() if milestone.planned_date else "",
        "planned_month": milestone.planned_month.strftime("%Y-%m")
        if milestone.planned_month
        else "",
        "done_on": "",
    }
    data.update(overrides)
    return {prefix + key: value for key, value in data.items() if value is not None}


def test_ishoj_process_shows_eight_steps_on_the_board(client, ishoj):
    coordinator = ishoj.memberships.get(group="coordinator").user
    client.force_login(coordinator)
    response = client.get(f"/styring/proces/{ishoj.policy.slug}/")
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 8
    assert [m.kind for m, _form in rows].count(Milestone.Kind.MED_HANDLING) == 2
    content = response.content.decode()
    assert "Intern workshop for alle medarbejdere" in content
    assert "Endelig vedtagelse i byrådet" in content


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_overview_shows_current_phase_due_soon_and_late(client, process, coordinator):
    MilestoneFactory(
        process=process,
        title="Kommissorium",
        planned_date=TODAY - datetime.timedelta(days=50),
        done_on=TODAY - datetime.timedelta(days=50),
    )
    MilestoneFactory(
        process=process, title="Glemt skridt", planned_date=TODAY - datetime.timedelta(days=3)
    )
    MilestoneFactory(
        process=process, title="Workshop", planned_date=TODAY + datetime.timedelta(days=5)
    )
    MilestoneFactory(
        process=process, title="Høring", planned_date=TODAY + datetime.timedelta(days=40)
    )
    client.force_login(coordinator)
    response = client.get(BOARD)
    # A forgotten, late step is listed as late; the current phase is the step ahead.
    assert response.context["position"].step.title == "Workshop"
    assert [m.title for m in response.context["due_soon"]] == ["Workshop"]
    assert [m.title for m in response.context["late"]] == ["Glemt skridt"]
    statuses = {m.title: m.current_status for m, _ in response.context["rows"]}
    assert statuses == {
        "Kommissorium": "done",
        "Glemt skridt": "late",
        "Workshop": "planned",
        "Høring": "planned",
    }


@time_machine.travel(datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "late"}, ["Sent"]),
        ({"status": "done"}, ["Færdig"]),
        ({"status": "in_progress"}, ["I gang"]),
        ({"status": "planned"}, ["Planlagt"]),
        ({"kind": "hearing"}, ["Planlagt"]),
        ({"owner": "none"}, ["Sent", "Færdig", "I gang"]),
    ],
)
def test_board_filters_by_status_kind_and_owner(client, process, coordinator, query, expected):
    MilestoneFactory(process=process, title="Færdig", planned_date=TODAY, done_on=TODAY)
    MilestoneFactory(process=process, title="Sent", planned_date=TODAY - datetime.timedelta(days=1))
    MilestoneFactory(
        process=process,
        title="I gang",
        planned_date=TODAY + datetime.timedelta(days=1),
        started=True,
    )
    MilestoneFactory(
        process=process,
        title="Planlagt",
        kind=Milestone.Kind.HEARING,
        owner=coordinator,
        planned_date=TODAY + datetime.timedelta(days=2),
    )
    client.force_login(coordinator)
    response = client.get(BOARD, query)
    assert [m.title for m, _ in response.context["rows"]] == expected


def test_board_filters_by_a_named_owner(client, process, coordinator):
    MilestoneFactory(process=process, title="Mit", owner=coordinator)
    MilestoneFactory(process=process, title="Andres")
    client.force_login(coordinator)
    response = client.get(BOARD, {"owner": str(coordinator.pk)})
    assert [m.title for m, _ in response.context["rows"]] == ["Mit"]


def test_an_unknown_filter_value_shows_everything(client, process, coordinator):
    MilestoneFactory.create_batch(2, process=process)
    client.force_login(coordinator)
    response = client.get(BOARD, {"status": "<script>", "owner": "999999"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_late_is_derived_never_stored(process):
    milestone = MilestoneFactory(
        process=process, planned_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert "status" not in {f.name for f in Milestone._meta.concrete_fields}
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert milestone.status == "late"
        assert Milestone.objects.with_status("late").get() == milestone


def test_coordinator_marks_a_milestone_done_in_place(client, process, coordinator):
    milestone = MilestoneFactory(process=process, title="Workshop")
    client.force_login(coordinator)
    response = client.post(
        milestone_url(milestone), row_data(milestone, done_on="2027-01-25", started="on")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BOARD}#milestone-{milestone.pk}"
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2027, 1, 25)
    assert milestone.started is True


def test_coordinator_changes_owner_and_moves_to_a_month(
    client, process, coordinator, steering_member
):
    milestone = MilestoneFactory(process=process)
    client.force_login(coordinator)
    client.post(
        milestone_url(milestone),
        row_data(milestone, owner=steering_member.pk, planned_date="", planned_month="2027-04"),
    )
    milestone.refresh_from_db()
    assert milestone.owner == steering_member
    assert (milestone.planned_date, milestone.planned_month) == (None, datetime.date(2027, 4, 1))
    assert milestone.due_by == datetime.date(2027, 4, 30)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_date": "", "planned_month": ""}, None),
        ({"planned_date": "not a date"}, "planned_date"),
        ({"planned_month": "2027-13"}, "planned_month"),
        ({"planned_month": "<script>alert(1)</script>"}, "planned_month"),
        ({"done_on": "9999-01-01"}, "done_on"),
        ({"done_on": "x" * 5000}, "done_on"),
        ({"owner": "123456789"}, "owner"),
        ({"owner": "ø̈́"}, "owner"),
    ],
)
def test_bad_input_on_the_board_is_refused_next_to_the_field(
    client, process, coordinator, overrides, field
):
    milestone = MilestoneFactory(process=process, title="Borgermøde")
    before = Milestone.objects.values().get(pk=milestone.pk)
    client.force_login(coordinator)
    response = client.post(milestone_url(milestone), row_data(milestone, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert (field or "__all__") in form.errors
    assert Milestone.objects.values().get(pk=milestone.pk) == before
    assert b"<script>alert(1)</script>" not in response.content


def test_the_board_error_is_in_danish_by_default_and_english_under_en(client, process, coordinator):
    milestone = MilestoneFactory(process=process)
    client.force_login(coordinator)
    da = client.post(
        milestone_url(milestone), row_data(milestone, planned_date="", planned_month="")
    )
    en = client.post(
        "/en" + milestone_url(milestone), row_data(milestone, planned_date="", planned_month="")
    )
    assert "Angiv en planlagt dato eller en planlagt måned." in da.content.decode()
    assert "Give a planned date or a planned month." in en.content.decode()


def test_history_shows_who_changed_what(client, process, coordinator):
    milestone = MilestoneFactory(process=process, title="Borgermøde")
    client.force_login(coordinator)
    client.post(milestone_url(milestone), row_data(milestone, done_on="2027-01-31"))
    response = client.get(milestone_url(milestone))
    content = response.content.decode()
    assert "Karen Ishøj" in content
    history = response.context["history"]
    changed = history[0]
    assert changed["record"].history_user == coordinator
    assert [c["name"] for c in changed["changes"]] == ["done_on"]
    board = client.get(BOARD)
    assert board.context["recent_changes"][0].history_user == coordinator


def test_a_steering_member_sees_the_board_without_edit_forms(client, process, steering_member):
    MilestoneFactory(process=process)
    client.force_login(steering_member)
    response = client.get(BOARD)
    assert all(form is None for _m, form in response.context["rows"])
    assert b'name="m' not in response.content


def test_steering_member_approves_a_version_and_it_shows_on_the_board(
    client, process, published_version, steering_member
):
    client.force_login(steering_member)
    response = client.post(
        f"/styring/proces/{SLUG}/versioner/1/godkend/", {"comment": "Klar til høring"}
    )
    assert response.status_code == 302
    approval = VersionApproval.objects.get()
    assert (approval.version, approval.approved_by, approval.comment) == (
        published_version,
        steering_member,
        "Klar til høring",
    )
    board = client.get(BOARD).content.decode()
    assert "Godkendt af Svend Ishøj" in board
    assert "Klar til høring" in board


@pytest.mark.parametrize("persona", ["coordinator", "admin_user"])
def test_only_the_steering_group_approves_not_the_coordinator_or_an_administrator(
    as_persona, process, published_version, steering_member, persona
):
    client, _user = as_persona(persona)
    response = client.post(f"/styring/proces/{SLUG}/versioner/1/godkend/", {"comment": "Egen"})
    assert response.status_code == 403
    assert not VersionApproval.objects.exists()
    board = client.get(BOARD).content.decode()
    assert "Godkend version 1" not in board
    assert "/versioner/1/godkend/" not in board


def test_an_overlong_approval_comment_is_refused(
    client, process, published_version, steering_member
):
    client.force_login(steering_member)
    response = client.post(
        f"/styring/proces/{SLUG}/versioner/1/godkend/", {"comment": "x" * 3000}, follow=True
    )
    assert VersionApproval.objects.count() == 0
    assert "Godkendelsen blev ikke gemt" in response.content.decode()


def test_an_unknown_version_cannot_be_approved(client, process, published_version, steering_member):
    client.force_login(steering_member)
    assert client.post(f"/styring/proces/{SLUG}/versioner/7/godkend/").status_code == 404


def _board_with(process, coordinator, n: int) -> None:
    owners = UserFactory.create_batch(3)
    for i in range(n):
        MilestoneFactory(
            process=process,
            owner=owners[i % 3],
            title=f"Skridt {i}",
            done_on=timezone.localdate() if i % 4 == 0 else None,
        )


@pytest.mark.parametrize("n", [2, 40])
def test_board_runs_a_constant_number_of_queries(
    client, process, coordinator, published_version, django_assert_num_queries, n
):
    _board_with(process, coordinator, n)
    client.force_login(coordinator)
    client.get(BOARD)  # warm up: session, user
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(BOARD)
    assert len(response.context["rows"]) == n


# Session, user, process, roles, milestones, members, versions, approvals, history, and one
# count per kind of participation: comments, registrations and hearing responses.
BOARD_QUERIES = 12


@pytest.mark.parametrize("changes", [1, 15])
def test_milestone_history_runs_a_constant_number_of_queries(
    client, process, coordinator, django_assert_num_queries, changes
):
    milestone = MilestoneFactory(process=process)
    for day in range(1, changes + 1):
        milestone.done_on = datetime.date(2027, 1, day)
        milestone._history_user = coordinator
        milestone.save()
    client.force_login(coordinator)
    client.get(milestone_url(milestone))
    with django_assert_num_queries(8):
        response = client.get(milestone_url(milestone))
    assert len(response.context["history"]) == changes + 1
