"""Committee members in the staff area: found by searching staff accounts, added and removed
with history, and their "Mine møder" page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from medborger import roles
from process import selectors
from process.models import BodyMemberChange
from tests.conftest import make_account
from tests.factories import BodyFactory, published_version_with_sections
from tests.process.factories import HandlingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return BodyFactory(name="Kultur- og Udviklingsudvalget")


def _members_url(body) -> str:
    return reverse("process:body-member-list", kwargs={"pk": body.pk})


def test_anonymous_is_sent_to_login(client, body):
    response = client.get(_members_url(body))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["citizen", "employee", "committee_member", "project_member"])
def test_people_who_do_not_manage_bodies_are_refused(as_persona, body, persona):
    client, _ = as_persona(persona)
    assert client.get(_members_url(body)).status_code == 403
    assert (
        client.post(
            reverse("process:body-member-create", kwargs={"pk": body.pk}), {"user": "1"}
        ).status_code
        == 403
    )


def test_search_finds_staff_accounts_and_never_citizens(as_persona, body, employee, citizen):
    client, _ = as_persona("coordinator")
    response = client.get(_members_url(body), {"q": "example.org"})
    page = response.content.decode()
    assert response.status_code == 200
    assert employee.email in page
    assert citizen.email not in page


def test_a_one_letter_search_lists_nobody(as_persona, body, employee):
    client, _ = as_persona("coordinator")
    page = client.get(_members_url(body), {"q": "e"}).content.decode()
    assert employee.email not in page
    assert selectors.staff_accounts_search(query="e") == []


def test_search_matches_every_word_of_the_name(employee, coordinator):
    assert selectors.staff_accounts_search(query="emil medarb") == [employee]
    assert selectors.staff_accounts_search(query="emil karen") == []


def test_staff_e_mail_domain_makes_a_staff_account(settings, db):
    settings.STAFF_EMAIL_DOMAINS = ["ishoj.dk"]
    colleague = make_account("ny@ishoj.dk", first_name="Nina")
    assert selectors.is_staff_account(colleague)


def test_coordinator_adds_a_member_who_joins_the_committee_group_with_history(
    as_persona, body, employee
):
    client, coordinator = as_persona("coordinator")
    response = client.post(
        reverse("process:body-member-create", kwargs={"pk": body.pk}), {"user": employee.pk}
    )
    assert response.status_code == 302
    assert list(body.members.all()) == [employee]
    assert employee.groups.filter(name=roles.COMMITTEE_GROUP).exists()
    change = BodyMemberChange.objects.get()
    assert (change.user, change.changed_by, change.action) == (employee, coordinator, "added")
    page = client.get(_members_url(body)).content.decode()
    assert "Emil Medarbejder" in page


def test_a_citizen_cannot_be_added_even_by_a_forged_post(as_persona, body, citizen):
    client, _ = as_persona("coordinator")
    response = client.post(
        reverse("process:body-member-create", kwargs={"pk": body.pk}), {"user": citizen.pk}
    )
    assert response.status_code == 302
    assert not body.members.exists()
    assert not BodyMemberChange.objects.exists()
    for bad in ["", "abc", "-1", "99999999999999999999"]:
        client.post(reverse("process:body-member-create", kwargs={"pk": body.pk}), {"user": bad})
    assert not body.members.exists()


def test_adding_a_member_twice_is_refused_with_a_message(as_persona, body, employee):
    client, _ = as_persona("coordinator")
    url = reverse("process:body-member-create", kwargs={"pk": body.pk})
    client.post(url, {"user": employee.pk})
    response = client.post(url, {"user": employee.pk}, follow=True)
    assert "allerede medlem" in response.content.decode()
    assert body.members.count() == 1


def test_coordinator_removes_a_member_with_history(as_persona, body, employee):
    body.members.add(employee)
    client, _ = as_persona("coordinator")
    response = client.post(
        reverse("process:body-member-delete", kwargs={"pk": body.pk, "user_pk": employee.pk})
    )
    assert response.status_code == 302
    assert not body.members.exists()
    assert BodyMemberChange.objects.get().action == "removed"


def test_removing_someone_who_is_not_a_member_is_404(as_persona, body, employee):
    client, _ = as_persona("coordinator")
    response = client.post(
        reverse("process:body-member-delete", kwargs={"pk": body.pk, "user_pk": employee.pk})
    )
    assert response.status_code == 404


# -- Mine møder -----------------------------------------------------------------------------------


def test_my_meetings_lists_only_the_bodies_the_member_sits_on(
    as_persona, process, committee_member, django_assert_max_num_queries
):
    version = published_version_with_sections(process.policy, sections=1, number=1)
    mine, other = BodyFactory(name="Fagudvalget"), BodyFactory(name="HovedMED")
    mine.members.add(committee_member)
    soon = timezone.localdate() + datetime.timedelta(days=7)
    on_agenda = HandlingFactory(
        process=process, body=mine, version=version, agenda_item_title="Punkt mit"
    )
    HandlingFactory(process=process, body=other, agenda_item_title="Punkt andet", meeting_date=soon)
    HandlingFactory(
        process=process,
        body=mine,
        agenda_item_title="Punkt før",
        meeting_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    client, _ = as_persona("committee_member")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("process:meeting-list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Punkt mit" in page and "Punkt før" in page
    assert "Punkt andet" not in page
    packet = reverse(
        "hearing:packet-detail",
        kwargs={"policy": process.policy.slug, "pk": on_agenda.pk},
    )
    assert packet in page
    assert (
        reverse("policy:version-pdf", kwargs={"policy": process.policy.slug, "number": 1}) in page
    )


def test_my_meetings_is_empty_for_a_member_of_no_body(as_persona, process, committee_member):
    HandlingFactory(process=process, agenda_item_title="Punkt andet")
    client, _ = as_persona("committee_member")
    page = client.get(reverse("process:meeting-list")).content.decode()
    assert "Punkt andet" not in page


@pytest.mark.parametrize("persona", ["citizen", "employee", "coordinator"])
def test_my_meetings_is_for_committee_members_only(as_persona, persona):
    client, _ = as_persona(persona)
    assert client.get(reverse("process:meeting-list")).status_code == 403


def test_handlings_for_member_needs_the_committee_group(process, employee):
    body = BodyFactory()
    body.members.add(employee)
    HandlingFactory(process=process, body=body)
    assert not selectors.handlings_for_member(employee).exists()
