"""Administrators manage users and roles in the Django admin, with full history."""

import pytest
from django.contrib.auth.models import Group

from tests.conftest import make_account

pytestmark = pytest.mark.django_db


def test_changing_a_users_groups_is_recorded_in_history(admin_user):
    user = make_account("emil@example.org")
    employees = Group.objects.create(name="Medarbejder")
    user.groups.add(employees)
    latest = user.history.latest("history_date")
    assert [g.group_id for g in latest.groups.all()] == [employees.pk]


def test_the_admin_shows_a_users_history_page(client, admin_user):
    user = make_account("emil@example.org")
    client.force_login(admin_user)
    response = client.get(f"/admin/auth/user/{user.pk}/history/")
    assert response.status_code == 200
    assert b"emil@example.org" in response.content


@pytest.mark.parametrize(
    "path", ["/admin/policy/policy/", "/admin/process/milestone/", "/admin/engagement/event/"]
)
def test_admin_lists_open_for_administrators_only(client, admin_user, citizen, path):
    assert client.get(path, follow=True).redirect_chain[-1][0].startswith("/konto/login/")
    client.force_login(citizen)
    assert client.get(path, follow=True).status_code == 403
    client.force_login(admin_user)
    assert client.get(path).status_code == 200
