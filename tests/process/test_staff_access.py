"""Escalating access for every staff view: anonymous → login, wrong role → 403, right role → 200."""

from __future__ import annotations

import pytest

from process.models import Membership
from tests.factories import BodyFactory
from tests.process.factories import HandlingFactory

SLUG = "medborgerpolitik"

# (name, path template, roles that get in)
READERS = {"coordinator", "steering_member", "project_member", "admin_user"}
MANAGERS = {"coordinator", "admin_user"}
VIEWS = [
    ("board", "/styring/proces/{slug}/", READERS),
    ("milestone", "/styring/proces/{slug}/milepaele/{milestone}/", READERS),
    ("handlings", "/styring/proces/{slug}/behandlinger/", READERS),
    ("handling-create", "/styring/proces/{slug}/behandlinger/ny/", MANAGERS),
    ("handling-update", "/styring/proces/{slug}/behandlinger/{handling}/", MANAGERS),
    ("handling-delete", "/styring/proces/{slug}/behandlinger/{handling}/slet/", MANAGERS),
    ("members", "/styring/proces/{slug}/medlemmer/", MANAGERS),
    ("member-update", "/styring/proces/{slug}/medlemmer/{membership}/", MANAGERS),
    ("member-remove", "/styring/proces/{slug}/medlemmer/{membership}/fjern/", MANAGERS),
]
PERSONAS = [
    "anonymous",
    "citizen",
    "employee",
    "committee_member",
    "outsider",
    "project_member",
    "steering_member",
    "coordinator",
    "admin_user",
]


@pytest.fixture
def objects(process, published_version):
    from tests.factories import MembershipFactory, MilestoneFactory, UserFactory

    milestone = MilestoneFactory(process=process)
    handling = HandlingFactory(process=process, body=BodyFactory(), version=published_version)
    membership = MembershipFactory(
        process=process, user=UserFactory(), group=Membership.Group.PROJECT
    )
    return {
        "slug": SLUG,
        "milestone": milestone.pk,
        "handling": handling.pk,
        "membership": membership.pk,
    }


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "template", "allowed"), VIEWS, ids=[v[0] for v in VIEWS])
def test_staff_view_access_escalates_by_role(as_persona, objects, persona, name, template, allowed):
    client, _user = as_persona(persona)
    response = client.get(template.format(**objects))
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif persona in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


POSTS = [
    ("milestone", "/styring/proces/{slug}/milepaele/{milestone}/", MANAGERS),
    # Only the steering group approves: not the coordinator who wrote it, not an administrator.
    ("approve", "/styring/proces/{slug}/versioner/1/godkend/", {"steering_member"}),
    ("send-back", "/styring/proces/{slug}/versioner/1/send-tilbage/", {"steering_member"}),
    # The coordinator asks for the approval.
    ("request-approval", "/styring/proces/{slug}/versioner/1/bed-om-godkendelse/", MANAGERS),
    ("handling-create", "/styring/proces/{slug}/behandlinger/ny/", MANAGERS),
    ("handling-delete", "/styring/proces/{slug}/behandlinger/{handling}/slet/", MANAGERS),
    ("members", "/styring/proces/{slug}/medlemmer/", MANAGERS),
    ("member-update", "/styring/proces/{slug}/medlemmer/{membership}/", MANAGERS),
    ("member-remove", "/styring/proces/{slug}/medlemmer/{membership}/fjern/", MANAGERS),
]


@pytest.mark.parametrize(
    "persona",
    ["anonymous", "citizen", "project_member", "steering_member", "coordinator", "admin_user"],
)
@pytest.mark.parametrize(("name", "template", "allowed"), POSTS, ids=[p[0] for p in POSTS])
def test_staff_post_access_escalates_by_role(as_persona, objects, persona, name, template, allowed):
    client, _user = as_persona(persona)
    response = client.post(template.format(**objects), {})
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")
    elif persona in allowed:
        assert response.status_code in {200, 302}
    else:
        assert response.status_code == 403


def test_the_approve_url_refuses_get(as_persona, objects):
    client, _ = as_persona("steering_member")
    assert client.get(f"/styring/proces/{SLUG}/versioner/1/godkend/").status_code == 405


def test_a_policy_without_process_is_not_found(as_persona, objects):
    client, _ = as_persona("coordinator")
    assert client.get("/styring/proces/findes-ikke/").status_code == 404


def test_access_ends_when_the_membership_is_removed(
    as_persona, objects, steering_member, coordinator
):
    client, _ = as_persona("steering_member")
    assert client.get(f"/styring/proces/{SLUG}/").status_code == 200
    Membership.objects.filter(user=steering_member).delete()
    assert client.get(f"/styring/proces/{SLUG}/").status_code == 403
