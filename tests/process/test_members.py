"""The coordinator manages the steering group, project group and coordinators."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from process.models import Membership

SLUG = "medborgerpolitik"
MEMBERS = f"/styring/proces/{SLUG}/medlemmer/"


@pytest.mark.django_db(transaction=True)
def test_coordinator_adds_a_new_member_who_gets_an_invitation(client, process, coordinator):
    client.force_login(coordinator)
    response = client.post(
        MEMBERS,
        {
            "email": "lisbet@ishoj.dk",
            "first_name": "Lisbet",
            "last_name": "Lentz",
            "group": "steering",
            "department": "Undervisning og Velfærd",
        },
        follow=True,
    )
    assert "Lisbet Lentz er tilføjet" in response.content.decode()
    membership = Membership.objects.get(user__email="lisbet@ishoj.dk")
    assert (membership.group, membership.department) == ("steering", "Undervisning og Velfærd")
    [invitation] = [m for m in mail.outbox if m.to == ["lisbet@ishoj.dk"]]
    assert "Revision af Medborgerpolitikken" in invitation.subject
    assert membership.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": ""}, "email"),
        ({"email": "ikke-en-adresse"}, "email"),
        ({"email": "<script>@x.dk"}, "email"),
        ({"email": "a@ishoj.dk", "group": "king"}, "group"),
        ({"email": "a@ishoj.dk", "department": "d" * 161}, "department"),
        ({"email": "koordinator@example.org", "group": "coordinator"}, "email"),
    ],
)
def test_bad_member_input_is_refused_next_to_the_field(client, process, coordinator, data, field):
    client.force_login(coordinator)
    before = Membership.objects.count()
    response = client.post(MEMBERS, {"group": "project", **data})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Membership.objects.count() == before


def test_coordinator_removes_a_member_and_their_access_ends(
    client, process, coordinator, steering_member
):
    membership = Membership.objects.get(user=steering_member)
    client.force_login(coordinator)
    client.post(f"{MEMBERS}{membership.pk}/fjern/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(steering_member)
    assert client.get(f"/styring/proces/{SLUG}/").status_code == 403


def test_the_last_coordinator_cannot_remove_themselves(client, process, coordinator):
    membership = Membership.objects.get(user=coordinator)
    client.force_login(coordinator)
    response = client.post(f"{MEMBERS}{membership.pk}/fjern/", follow=True)
    assert "En proces skal have mindst én koordinator." in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_member_list_groups_people_by_role(
    client, process, coordinator, steering_member, project_member
):
    client.force_login(coordinator)
    groups = {
        value: [m.user for m in members]
        for value, _l, members in client.get(MEMBERS).context["groups"]
    }
    assert groups == {
        "steering": [steering_member],
        "project": [project_member],
        "coordinator": [coordinator],
    }


def test_new_accounts_get_no_usable_password(client, process, coordinator):
    client.force_login(coordinator)
    client.post(MEMBERS, {"email": "ny@ishoj.dk", "group": "project"})
    assert get_user_model().objects.get(email="ny@ishoj.dk").has_usable_password() is False


@pytest.mark.parametrize("n", [1, 25])
def test_member_list_runs_a_constant_number_of_queries(
    client, process, coordinator, django_assert_num_queries, n
):
    from tests.factories import MembershipFactory, UserFactory

    for _ in range(n):
        MembershipFactory(process=process, user=UserFactory(), group=Membership.Group.PROJECT)
    client.force_login(coordinator)
    client.get(MEMBERS)
    with django_assert_num_queries(5):
        response = client.get(MEMBERS)
    assert sum(len(members) for _v, _l, members in response.context["groups"]) == n + 1


def test_coordinator_changes_a_members_department(client, process, coordinator, steering_member):
    membership = Membership.objects.get(user=steering_member)
    client.force_login(coordinator)
    response = client.post(
        f"{MEMBERS}{membership.pk}/", {"department": "  Kultur og Fritidscenter "}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.department == "Kultur og Fritidscenter"
    assert membership.history.latest("history_date").history_user == coordinator


def test_an_overlong_department_is_refused_next_to_the_field(
    client, process, coordinator, steering_member
):
    membership = Membership.objects.get(user=steering_member)
    client.force_login(coordinator)
    response = client.post(f"{MEMBERS}{membership.pk}/", {"department": "d" * 161})
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.department == "Stabsenheden Plan"
