"""The coordinator adds milestones and edits their details."""

from __future__ import annotations

import datetime

import pytest

from process.models import Milestone
from tests.factories import MilestoneFactory, UserFactory

SLUG = "medborgerpolitik"
NEW = f"/styring/proces/{SLUG}/milepaele/ny/"


def data(**overrides) -> dict:
    values = {
        "kind": "other",
        "title": "Dialogmøde med Integrationsrådet",
        "description": "",
        "planned_date": "",
        "planned_month": "2027-03",
        "owner": "",
        "is_public": "on",
        "notes": "",
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("project_member", 403),
        ("steering_member", 403),
        ("outsider", 403),
        ("coordinator", 200),
    ],
)
def test_milestone_forms_escalate_by_role(as_persona, process, persona, status):
    milestone = MilestoneFactory(process=process)
    client, _ = as_persona(persona)
    for url in (NEW, f"/styring/proces/{SLUG}/milepaele/{milestone.pk}/rediger/"):
        response = client.get(url)
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith("/konto/login/")


def test_coordinator_adds_a_month_only_milestone(client, process, coordinator):
    client.force_login(coordinator)
    response = client.post(NEW, data(owner=coordinator.pk))
    milestone = Milestone.objects.get()
    assert response["Location"].endswith(f"#milestone-{milestone.pk}")
    assert (milestone.planned_month, milestone.due_by) == (
        datetime.date(2027, 3, 1),
        datetime.date(2027, 3, 31),
    )
    assert milestone.owner == coordinator
    assert milestone.history.get().history_user == coordinator


def test_only_people_in_the_process_can_own_a_milestone(client, process, coordinator):
    stranger = UserFactory()
    client.force_login(coordinator)
    response = client.post(NEW, data(owner=stranger.pk))
    assert "owner" in response.context["form"].errors
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"kind": "party"}, "kind"),
        ({"planned_month": ""}, "__all__"),
        ({"planned_month": "marts"}, "planned_month"),
        ({"planned_date": "2027-02-30"}, "planned_date"),
        ({"notes": "n" * 5001}, "notes"),
    ],
)
def test_bad_milestone_input_is_refused_next_to_the_field(
    client, process, coordinator, overrides, field
):
    client.force_login(coordinator)
    response = client.post(NEW, data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Milestone.objects.exists()


def test_coordinator_edits_title_and_hides_a_milestone(client, process, coordinator):
    milestone = MilestoneFactory(process=process, title="Gammel titel")
    client.force_login(coordinator)
    client.post(
        f"/styring/proces/{SLUG}/milepaele/{milestone.pk}/rediger/",
        data(title="Ny titel", is_public="", planned_month="", planned_date="2027-02-14"),
    )
    milestone.refresh_from_db()
    assert (milestone.title, milestone.is_public) == ("Ny titel", False)
    assert (milestone.planned_date, milestone.planned_month) == (datetime.date(2027, 2, 14), None)
