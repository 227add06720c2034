"""The fixed cast of personas every permission test uses, and shared fixtures."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from medborger import roles
from policy.models import Policy, PolicyVersion
from process.models import Membership, Process
from tests.factories import (
    MembershipFactory,
    PolicyFactory,
    ProcessFactory,
    UserFactory,
    published_version_with_sections,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_account(email: str, *, first_name: str = "Test", last_name: str = "Person", groups=()):
    """A user who can log in: verified primary e-mail, known password."""
    user = UserFactory(email=email, username=email, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def policy(db) -> Policy:
    return PolicyFactory(slug="medborgerpolitik", title="Medborgerpolitik")


@pytest.fixture
def process(policy) -> Process:
    return ProcessFactory(policy=policy, title="Revision af Medborgerpolitikken")


@pytest.fixture
def published_version(policy) -> PolicyVersion:
    return published_version_with_sections(policy, sections=3, number=1, label="Udkast til borgermøde")


@pytest.fixture
def citizen(db):
    return make_account("borger@example.org", first_name="Bente", last_name="Borger")


@pytest.fixture
def employee(db):
    return make_account("medarbejder@example.org", first_name="Emil", last_name="Medarbejder",
                        groups=[roles.EMPLOYEE_GROUP])


@pytest.fixture
def committee_member(db):
    return make_account("udvalg@example.org", first_name="Ulla", last_name="Udvalg",
                        groups=[roles.COMMITTEE_GROUP])


def _member(process: Process, email: str, group: str, first_name: str):
    user = make_account(email, first_name=first_name, last_name="Ishøj", groups=[roles.EMPLOYEE_GROUP])
    MembershipFactory(process=process, user=user, group=group, department="Stabsenheden Plan")
    return user


@pytest.fixture
def coordinator(process):
    return _member(process, "koordinator@example.org", Membership.Group.COORDINATOR, "Karen")


@pytest.fixture
def steering_member(process):
    return _member(process, "styregruppe@example.org", Membership.Group.STEERING, "Svend")


@pytest.fixture
def project_member(process):
    return _member(process, "projektgruppe@example.org", Membership.Group.PROJECT, "Pia")


@pytest.fixture
def outsider(db):
    """Coordinator of another policy's process: has a role, but not in this process."""
    other = ProcessFactory(policy=PolicyFactory(slug="en-anden-politik", title="En anden politik"))
    return _member(other, "udenforstaaende@example.org", Membership.Group.COORDINATOR, "Otto")


@pytest.fixture
def admin_user(db):
    user = make_account("admin@example.org", first_name="Ada", last_name="Admin")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


PERSONAS = [
    "anonymous", "citizen", "employee", "committee_member", "project_member", "steering_member",
    "coordinator", "outsider",
]


@pytest.fixture
def as_persona(request, client):
    """`as_persona("coordinator")` logs the test client in as that persona (or no one)."""

    def login(name: str):
        if name == "anonymous":
            return client, None
        user = request.getfixturevalue(name)
        client.force_login(user)
        return client, user

    return login
