"""The coordinator records, edits and deletes handlings in decision bodies."""

from __future__ import annotations

import pytest

from policy.models import PolicyVersion
from process.models import Handling
from tests.factories import BodyFactory, MilestoneFactory
from tests.process.factories import HandlingFactory

SLUG = "medborgerpolitik"
LIST = f"/styring/proces/{SLUG}/behandlinger/"
NEW = LIST + "ny/"


@pytest.fixture
def council(db):
    return BodyFactory(name="Byrådet", short_name="Byråd", adopts_policy=True)


def form_data(decision_body, version=None, **overrides) -> dict:
    data = {
        "body": decision_body.pk,
        "meeting_date": "2027-06-22",
        "agenda_item_title": "Medborgerpolitik: endelig vedtagelse",
        "version": version.pk if version else "",
        "milestone": "",
        "decision": "",
        "decision_text": "",
        "is_public": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_records_a_council_adoption_and_the_version_is_adopted(
    client, process, published_version, coordinator, council
):
    client.force_login(coordinator)
    response = client.post(
        NEW, form_data(council, published_version, decision="approved"), follow=True
    )
    assert "Version 1 er nu den vedtagne version." in response.content.decode()
    published_version.refresh_from_db()
    assert published_version.status == PolicyVersion.Status.ADOPTED
    assert str(published_version.adopted_at) == "2027-06-22"
    handling = Handling.objects.get()
    assert handling.history.get().history_user == coordinator


def test_only_published_versions_of_this_policy_can_be_on_the_agenda(
    client, process, policy, published_version, coordinator, council
):
    draft = PolicyVersion.objects.create(policy=policy, status=PolicyVersion.Status.DRAFT)
    client.force_login(coordinator)
    response = client.post(NEW, form_data(council, draft))
    assert "version" in response.context["form"].errors
    assert Handling.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agenda_item_title": ""}, "agenda_item_title"),
        ({"agenda_item_title": "x" * 251}, "agenda_item_title"),
        ({"meeting_date": ""}, "meeting_date"),
        ({"meeting_date": "31-31-2027"}, "meeting_date"),
        ({"meeting_date": "1066-10-14"}, "meeting_date"),
        ({"decision": "<script>"}, "decision"),
        ({"decision_text": "y" * 10_001}, "decision_text"),
        ({"body": ""}, "body"),
    ],
)
def test_bad_handling_input_is_refused_next_to_the_field(
    client, process, coordinator, council, overrides, field
):
    client.force_login(coordinator)
    response = client.post(NEW, form_data(council, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Handling.objects.count() == 0


def test_html_and_odd_unicode_in_the_title_are_kept_as_text(client, process, coordinator, council):
    client.force_login(coordinator)
    title = "<b>Punkt</b> 7 \u2013 Ærø ẞ \U0001d518 ñ"  # invisible characters: see medborger.forms
    client.post(NEW, form_data(council, agenda_item_title=title))
    assert Handling.objects.get().agenda_item_title == title
    content = client.get(LIST).content.decode()
    assert "&lt;b&gt;Punkt&lt;/b&gt;" in content


def test_coordinator_edits_a_handling_to_record_the_decision(client, process, coordinator, council):
    milestone = MilestoneFactory(process=process)
    handling = HandlingFactory(process=process, body=council, milestone=milestone)
    client.force_login(coordinator)
    data = form_data(
        council, decision="noted", decision_text="Taget til efterretning.", milestone=milestone.pk
    )
    response = client.post(f"{LIST}{handling.pk}/", data)
    assert response.status_code == 302
    handling.refresh_from_db()
    milestone.refresh_from_db()
    assert handling.decision == "noted"
    assert milestone.done_on is not None


def test_coordinator_deletes_a_handling_after_confirming(client, process, coordinator, council):
    handling = HandlingFactory(process=process, body=council)
    client.force_login(coordinator)
    confirm = client.get(f"{LIST}{handling.pk}/slet/")
    assert handling.agenda_item_title in confirm.content.decode()
    client.post(f"{LIST}{handling.pk}/slet/")
    assert not Handling.objects.exists()
    assert Handling.history.filter(history_type="-").get().history_user == coordinator


def test_a_handling_of_another_process_is_not_found(client, process, coordinator, council):
    other = HandlingFactory(body=council)
    client.force_login(coordinator)
    assert client.get(f"{LIST}{other.pk}/").status_code == 404


def test_project_member_sees_handlings_without_edit_links(client, process, project_member, council):
    HandlingFactory(process=process, body=council)
    client.force_login(project_member)
    response = client.get(LIST)
    assert response.status_code == 200
    assert b"/slet/" not in response.content


@pytest.mark.parametrize("n", [1, 20])
def test_handling_list_runs_a_constant_number_of_queries(
    client, process, coordinator, council, published_version, django_assert_num_queries, n
):
    HandlingFactory.create_batch(n, process=process, body=council, version=published_version)
    client.force_login(coordinator)
    client.get(LIST)
    with django_assert_num_queries(5):
        client.get(LIST)
