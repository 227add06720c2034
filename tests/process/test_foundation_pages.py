"""The front page, the public process page and the door to the staff area."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from process.models import Process
from tests.factories import MilestoneFactory, ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ishoj():
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())


def test_the_front_page_lists_active_processes_but_not_closed_ones(client):
    ProcessFactory(policy__title="Aktiv politik", policy__slug="aktiv")
    ProcessFactory(
        policy__title="Lukket politik", policy__slug="lukket", status=Process.Status.CLOSED
    )
    html = client.get("/").content.decode()
    assert "Aktiv politik" in html
    assert "Lukket politik" not in html


def test_the_process_page_names_everyone_with_their_departments(client, ishoj):
    from ishoj.seed import PROJECT_GROUP, STEERING_GROUP

    html = client.get("/proces/medborgerpolitik/").content.decode()
    for name, department in [*STEERING_GROUP, *PROJECT_GROUP]:
        assert f"<strong>{name}</strong>" in html
        assert department in html
    assert "<strong>Jeanet Flørnæss</strong>" in html


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
def test_the_process_page_lists_the_milestones_in_order_with_status(client, ishoj):
    page = client.get("/proces/medborgerpolitik/").content.decode()
    html = page.split('<ol class="timeline"', 1)[1].split("</ol>", 1)[0]
    titles = [
        "Kommissoriet godkendes",
        "Intern workshop for alle medarbejdere",
        "Borgermøde",
        "Offentlig høring",
        "Behandling i LokalMED",
        "Behandling i HovedMED",
        "Behandling i fagudvalget",
        "Endelig vedtagelse i byrådet",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "timeline-past" in html and "timeline-future" in html


def test_the_process_page_never_shows_e_mail_addresses(client, ishoj, coordinator):
    html = client.get("/proces/medborgerpolitik/").content.decode()
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_policy_without_a_process_is_not_found(client):
    assert client.get("/proces/findes-ikke/").status_code == 404


def test_the_process_page_runs_the_same_queries_for_few_and_many_milestones(
    client, process, django_assert_num_queries, no_page_cache
):
    MilestoneFactory(process=process)
    client.get("/proces/medborgerpolitik/")
    with CaptureQueriesContext(connection) as few:
        client.get("/proces/medborgerpolitik/")
    MilestoneFactory.create_batch(30, process=process)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/proces/medborgerpolitik/")


def test_the_staff_area_sends_anonymous_visitors_to_login(client):
    response = client.get("/styring/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=/styring/")


@pytest.mark.parametrize("persona", ["citizen", "employee"])
def test_the_staff_area_refuses_people_without_a_process_role(as_persona, persona):
    client, _ = as_persona(persona)
    assert client.get("/styring/").status_code == 403


@pytest.mark.parametrize(
    "persona",
    [
        "coordinator",
        "steering_member",
        "project_member",
        "outsider",
        "admin_user",
        "committee_member",
    ],
)
def test_the_staff_area_opens_for_role_holders_committee_members_and_administrators(
    as_persona, persona
):
    client, _ = as_persona(persona)
    assert client.get("/styring/").status_code == 200


def test_the_staff_area_link_is_shown_only_to_those_who_may_use_it(as_persona, coordinator):
    client, _ = as_persona("citizen")
    assert 'href="/styring/"' not in client.get("/privatliv/").content.decode()
    client, _ = as_persona("coordinator")
    assert 'href="/styring/"' in client.get("/privatliv/").content.decode()
