"""The coordinator's milestone board and the process overview."""

from __future__ import annotations

import datetime
import re

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
        f"/styring/proces/{SLUG}/versioner/1/godkend/", {"v1-comment": "Klar til høring"}
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
    response = client.post(f"/styring/proces/{SLUG}/versioner/1/godkend/", {"v1-comment": "Egen"})
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
        f"/styring/proces/{SLUG}/versioner/1/godkend/", {"v1-comment": "x" * 3000}
    )
    assert response.status_code == 200
    assert VersionApproval.objects.count() == 0
    assert 'id="id_v1-comment_error"' in response.content.decode()


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


# Session, user, process, roles, milestones, members, versions, approvals, approval requests,
# history, one count per kind of participation: comments, registrations and hearing responses,
# and four for the public phase (process.phase): milestones, versions, events and hearings.
BOARD_QUERIES = 17


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


# -- The board is one form: no edit is lost ------------------------------------------------------


def board_data(*milestones, changes: dict | None = None) -> dict:
    """What the board's one form posts: every row, as the page showed it, with `changes`
    ({milestone: {field: value}}) typed in."""
    data = {}
    for milestone in milestones:
        shown = row_data(milestone, started="on" if milestone.started else None)
        data.setdefault("row", []).append(str(milestone.pk))
        data.update(shown)
        data.update({f"initial-{name}": value for name, value in shown.items()})
        for name, value in (changes or {}).get(milestone, {}).items():
            key = f"m{milestone.pk}-{name}"
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
    return data


def test_the_coordinator_changes_two_rows_and_one_save_keeps_both(client, process, coordinator):
    sixth = MilestoneFactory(process=process, title="Sjette", planned_date=TODAY)
    seventh = MilestoneFactory(process=process, title="Syvende", planned_date=TODAY)
    client.force_login(coordinator)
    page = client.get(BOARD).content.decode()
    assert page.count('id="board-form"') == 1 and page.count('type="submit"') >= 1
    assert page.count("Gem ændringer") == 1  # one save button for the whole board
    # The design system draws a checkbox from the label that follows it: nothing in between.
    assert re.search(rf'id="id_m{sixth.pk}-started"[^>]*><label ', page)
    response = client.post(
        BOARD,
        board_data(
            sixth,
            seventh,
            changes={
                sixth: {"planned_date": "2027-02-01"},
                seventh: {"done_on": "2027-01-09", "owner": coordinator.pk},
            },
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == BOARD
    sixth.refresh_from_db()
    seventh.refresh_from_db()
    assert sixth.planned_date == datetime.date(2027, 2, 1)
    assert (seventh.done_on, seventh.owner) == (datetime.date(2027, 1, 9), coordinator)
    assert [r.history_user for r in sixth.history.all()[:1]] == [coordinator]
    assert [r.history_user for r in seventh.history.all()[:1]] == [coordinator]
    assert "2 milepæle blev gemt." in client.get(BOARD).content.decode()


def test_a_row_nobody_touched_is_not_written_over_someone_elses_change(
    client, process, coordinator
):
    touched = MilestoneFactory(process=process, title="Rørt", planned_date=TODAY)
    untouched = MilestoneFactory(process=process, title="Urørt", planned_date=TODAY)
    client.force_login(coordinator)
    data = board_data(touched, untouched, changes={touched: {"started": "on"}})
    # Meanwhile a colleague moves the untouched milestone from the milestone's own page.
    Milestone.objects.filter(pk=untouched.pk).update(done_on=TODAY)
    assert client.post(BOARD, data).status_code == 302
    untouched.refresh_from_db()
    touched.refresh_from_db()
    assert untouched.done_on == TODAY
    assert touched.started is True
    assert untouched.history.count() == 1  # only its creation: the board did not save it


def test_one_bad_row_saves_nothing_and_keeps_every_edit_with_the_error_beside_the_field(
    client, process, coordinator
):
    good = MilestoneFactory(process=process, title="God", planned_date=TODAY)
    bad = MilestoneFactory(process=process, title="Dårlig", planned_date=TODAY)
    client.force_login(coordinator)
    response = client.post(
        BOARD,
        board_data(
            good,
            bad,
            changes={good: {"planned_date": "2027-03-03"}, bad: {"done_on": "1850-01-01"}},
        ),
    )
    assert response.status_code == 200
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.planned_date, bad.done_on) == (TODAY, None)
    content = response.content.decode()
    assert "Intet blev gemt" in content
    assert f'href="#milestone-{bad.pk}">Dårlig</a>' in content
    assert f'id="id_m{bad.pk}-done_on_error"' in content
    assert "Skriv en dato mellem 1990 og 2200." in content
    assert f'name="m{good.pk}-planned_date" value="2027-03-03"' in content  # the edit is kept
    assert f'name="m{bad.pk}-done_on" value="1850-01-01"' in content
    assert not re.search(r'<input type="hidden"[^>]*aria-', content)  # invalid HTML


def test_a_row_without_any_date_is_refused_next_to_its_title(client, process, coordinator):
    milestone = MilestoneFactory(process=process, title="Uden dato", planned_date=TODAY)
    client.force_login(coordinator)
    response = client.post(BOARD, board_data(milestone, changes={milestone: {"planned_date": ""}}))
    assert response.status_code == 200
    assert f'id="m{milestone.pk}-errors"' in response.content.decode()
    assert "Angiv en planlagt dato eller en planlagt måned." in response.content.decode()


def test_saving_an_unchanged_board_changes_nothing(client, process, coordinator):
    milestone = MilestoneFactory(process=process, planned_date=TODAY)
    client.force_login(coordinator)
    response = client.post(BOARD, board_data(milestone), follow=True)
    assert "Intet var ændret" in response.content.decode()
    assert milestone.history.count() == 1


def test_rows_of_another_process_or_nonsense_are_ignored(client, process, coordinator):
    other = MilestoneFactory(title="Fremmed", planned_date=TODAY)
    client.force_login(coordinator)
    data = board_data(other, changes={other: {"done_on": "2027-01-01"}})
    data["row"].append("ikke-et-tal")
    assert client.post(BOARD, data).status_code == 302
    other.refresh_from_db()
    assert other.done_on is None


@pytest.mark.parametrize("persona", ["steering_member", "project_member"])
def test_only_the_coordinator_saves_the_board(as_persona, process, persona):
    milestone = MilestoneFactory(process=process, planned_date=TODAY)
    client, _user = as_persona(persona)
    data = board_data(milestone, changes={milestone: {"done_on": "2027-01-01"}})
    assert client.post(BOARD, data).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_saving_a_filtered_board_returns_to_the_same_filter(client, process, coordinator):
    milestone = MilestoneFactory(process=process, planned_date=TODAY)
    client.force_login(coordinator)
    data = board_data(milestone, changes={milestone: {"started": "on"}})
    response = client.post(f"{BOARD}?owner=none", data)
    assert response["Location"] == f"{BOARD}?owner=none"
    milestone.refresh_from_db()
    assert milestone.started is True


# -- The coordinator asks, the steering group approves or sends back -----------------------------


def test_the_coordinator_asks_and_the_steering_group_is_emailed(
    client,
    process,
    published_version,
    coordinator,
    steering_member,
    project_member,
    django_capture_on_commit_callbacks,
):
    from django.core import mail

    from process.models import ApprovalRequest

    client.force_login(coordinator)
    board = client.get(BOARD).content.decode()
    assert "Bed styregruppen om at godkende version 1" in board
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/styring/proces/{SLUG}/versioner/1/bed-om-godkendelse/")
    assert response.status_code == 302
    request = ApprovalRequest.objects.get()
    assert (request.version, request.requested_by) == (published_version, coordinator)
    [message] = mail.outbox
    assert message.to == ["styregruppe@example.org"]
    assert "Karen Ishøj beder styregruppen om at godkende version 1" in message.body
    assert f"/styring/proces/{SLUG}/#versions" in message.body
    board = client.get(BOARD).content.decode()
    assert "Karen Ishøj bad styregruppen om godkendelse" in board
    assert not VersionApproval.objects.exists()  # asking is not approving


def test_a_steering_member_sends_a_version_back_with_a_reason_and_it_cannot_go_to_hearing(
    client, process, published_version, steering_member
):
    from process.services import version_is_approved

    client.force_login(steering_member)
    url = f"/styring/proces/{SLUG}/versioner/1/send-tilbage/"
    response = client.post(url, {"v1-comment": "  "})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_v1-comment_error"' in content
    assert "Skriv, hvorfor versionen sendes tilbage" in content
    assert not VersionApproval.objects.exists()
    response = client.post(url, {"v1-comment": "Afsnittet om frivillighed mangler."})
    assert response.status_code == 302
    decision = VersionApproval.objects.get()
    assert decision.sends_back and decision.comment == "Afsnittet om frivillighed mangler."
    assert version_is_approved(published_version) is False
    board = client.get(BOARD).content.decode()
    assert "Sendt tilbage af Svend Ishøj" in board
    assert "Afsnittet om frivillighed mangler." in board


def test_one_member_sending_back_outweighs_another_approving(
    process, published_version, steering_member
):
    from process import services
    from tests.factories import UserFactory

    services.version_approve(version=published_version, user=UserFactory())
    assert services.version_is_approved(published_version) is True
    services.version_send_back(version=published_version, user=steering_member, comment="Nej")
    assert services.version_is_approved(published_version) is False


@pytest.mark.parametrize("persona", ["coordinator", "admin_user", "project_member"])
def test_only_the_steering_group_sends_a_version_back(
    as_persona, process, published_version, steering_member, persona
):
    client, _user = as_persona(persona)
    response = client.post(
        f"/styring/proces/{SLUG}/versioner/1/send-tilbage/", {"v1-comment": "Nej"}
    )
    assert response.status_code == 403
    assert not VersionApproval.objects.exists()


def test_a_steering_member_cannot_ask_for_approval(
    client, process, published_version, steering_member
):
    client.force_login(steering_member)
    response = client.post(f"/styring/proces/{SLUG}/versioner/1/bed-om-godkendelse/")
    assert response.status_code == 403
