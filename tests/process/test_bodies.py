"""The editable list of decision bodies."""

from __future__ import annotations

import pytest

from process.models import Body
from tests.factories import BodyFactory

BODIES = "/styring/organer/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("employee", 403),
        ("project_member", 403),
        ("steering_member", 403),
        ("outsider", 200),
        ("coordinator", 200),
        ("admin_user", 200),
    ],
)
def test_body_pages_escalate_by_role(as_persona, process, persona, status):
    body = BodyFactory(name="HovedMED")
    client, _ = as_persona(persona)
    for url in (BODIES, f"{BODIES}{body.pk}/"):
        response = client.get(url)
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith("/konto/login/")


def test_coordinator_adds_the_city_council_as_an_adopting_body(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        BODIES,
        {"name": "Byrådet", "short_name": "Byråd", "order": 5, "adopts_policy": "on"},
        follow=True,
    )
    assert "“Byrådet” er tilføjet." in response.content.decode()
    assert Body.objects.get(name="Byrådet").adopts_policy is True


def test_coordinator_renames_a_body(client, coordinator):
    body = BodyFactory(name="Fagudvalg")
    client.force_login(coordinator)
    client.post(f"{BODIES}{body.pk}/", {"name": "Kultur- og Fritidsudvalget", "order": 2})
    body.refresh_from_db()
    assert body.name == "Kultur- og Fritidsudvalget"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "order": 1}, "name"),
        ({"name": "x" * 121, "order": 1}, "name"),
        ({"name": "LokalMED", "order": 1}, "name"),
        ({"name": "Nyt", "order": "-1"}, "order"),
        ({"name": "Nyt", "order": "99999999999"}, "order"),
        ({"name": "Nyt", "order": 1, "description": "d" * 2001}, "description"),
    ],
)
def test_bad_body_input_is_refused_next_to_the_field(client, coordinator, data, field):
    BodyFactory(name="LokalMED")
    client.force_login(coordinator)
    response = client.post(BODIES, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Body.objects.count() == 1


@pytest.mark.parametrize("n", [1, 20])
def test_body_list_runs_a_constant_number_of_queries(
    client, coordinator, django_assert_num_queries, n
):
    BodyFactory.create_batch(n)
    client.force_login(coordinator)
    client.get(BODIES)
    with django_assert_num_queries(4):
        client.get(BODIES)
