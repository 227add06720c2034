"""The fixed cast of personas every permission test uses, and shared fixtures."""

from __future__ import annotations

import secrets

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import cache

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


@pytest.fixture(autouse=True)
def _danish_to_begin_with():
    """The test client leaves the language of its last request active in the thread, so a URL
    reversed after a request under /en/ would be English. Every test starts in Danish."""
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")


@pytest.fixture(autouse=True)
def _after_commit_runs_now(request, monkeypatch):
    """Tests inside one rolled-back transaction never commit, so `on_commit` would never fire,
    and no mail or task would run. Run the callbacks at once there; transactional tests keep
    the real behaviour."""
    marker = request.node.get_closest_marker("django_db")
    if (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames):
        return
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _one_rate_limit_window(request, monkeypatch):
    """django-ratelimit counts in fixed windows (a minute, an hour) that end at a time of its
    own choosing: a burst of requests in a test could straddle the end of one and find its
    count reset. Within a test, its clock stands still, so a test's requests always share a
    window. Tests that move through windows themselves are marked `real_clock`."""
    if request.node.get_closest_marker("real_clock"):
        return
    import time
    import types

    import django_ratelimit.core

    frozen = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: frozen))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Render every page afresh, so a test can count what rendering costs."""
    settings.PAGE_CACHE = False


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
    return published_version_with_sections(
        policy, sections=3, number=1, label="Udkast til borgermøde"
    )


@pytest.fixture
def citizen(db):
    return make_account("borger@example.org", first_name="Bente", last_name="Borger")


@pytest.fixture
def employee(db):
    return make_account(
        "medarbejder@example.org",
        first_name="Emil",
        last_name="Medarbejder",
        groups=[roles.EMPLOYEE_GROUP],
    )


@pytest.fixture
def committee_member(db):
    return make_account(
        "udvalg@example.org", first_name="Ulla", last_name="Udvalg", groups=[roles.COMMITTEE_GROUP]
    )


def _member(process: Process, email: str, group: str, first_name: str):
    user = make_account(
        email, first_name=first_name, last_name="Ishøj", groups=[roles.EMPLOYEE_GROUP]
    )
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
    "anonymous",
    "citizen",
    "employee",
    "committee_member",
    "project_member",
    "steering_member",
    "coordinator",
    "outsider",
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


@pytest.fixture(scope="session")
def portal_cluster(tmp_path_factory):
    """A PostgreSQL server of the tests' own with a migrated, seeded template database, for the
    tests that serve the portal with gunicorn and may stop the database (see tests/served.py)."""
    from tests.pgcluster import Cluster
    from tests.served import prepare_template

    cluster = Cluster().init()
    cluster.start()
    try:
        work = tmp_path_factory.mktemp("served")
        seeded = prepare_template(cluster, work)
        yield cluster, seeded, work
    finally:
        cluster.destroy()


@pytest.fixture
def served_portal(portal_cluster, tmp_path):
    """A new portal served by gunicorn on its own copy of the template database; call it with
    the worker count (and a Redis URL) to start it. Stopped at the end of the test."""
    from tests.served import new_portal

    cluster, seeded, _ = portal_cluster
    started = []

    def start(*, workers: int = 2, redis_url: str = ""):
        name = f"portal_{secrets.token_hex(6)}"
        portal = new_portal(cluster, seeded, tmp_path, name, redis_url=redis_url)
        portal.start(workers=workers)
        started.append(portal)
        return portal

    yield start
    for portal in started:
        portal.stop()
