"""Handlings, approvals, adoption and memberships, at the service level."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from medborger import roles
from policy.models import PolicyVersion
from process import services
from process.models import Body, Handling, Membership, Milestone, VersionApproval
from tests.factories import (
    BodyFactory,
    MembershipFactory,
    MilestoneFactory,
    PolicyVersionFactory,
    UserFactory,
    published_version_with_sections,
)


def test_version_is_not_approved_until_a_steering_member_approves_it(
    published_version, steering_member
):
    assert services.version_is_approved(published_version) is False
    approval = services.version_approve(
        version=published_version, user=steering_member, comment=" OK "
    )
    assert services.version_is_approved(published_version) is True
    assert approval.comment == "OK"
    assert approval.approved_at is not None


def test_approving_twice_keeps_one_approval_per_person(published_version, steering_member):
    services.version_approve(version=published_version, user=steering_member, comment="first")
    services.version_approve(version=published_version, user=steering_member, comment="second")
    assert list(VersionApproval.objects.values_list("comment", flat=True)) == ["first"]


def test_a_working_draft_cannot_be_approved(policy, steering_member):
    draft = PolicyVersionFactory(
        policy=policy, status=PolicyVersion.Status.DRAFT, number=None, published_at=None
    )
    with pytest.raises(ValidationError):
        services.version_approve(version=draft, user=steering_member)
    assert services.version_is_approved(draft) is False


def test_version_is_approved_is_false_for_nothing():
    assert services.version_is_approved(None) is False


def test_council_approval_adopts_the_version_with_the_meeting_date(
    process, published_version, coordinator
):
    council = BodyFactory(name="Byrådet", short_name="Byråd", adopts_policy=True)
    handling = services.handling_record(
        process=process,
        user=coordinator,
        body=council,
        meeting_date=datetime.date(2027, 6, 22),
        agenda_item_title="Medborgerpolitik: endelig vedtagelse",
        version=published_version,
        decision=Handling.Decision.APPROVED,
        decision_text="Godkendt.",
    )
    published_version.refresh_from_db()
    assert handling.adopts is True
    assert published_version.status == PolicyVersion.Status.ADOPTED
    assert published_version.adopted_at == datetime.date(2027, 6, 22)


def test_a_body_flagged_as_adopting_adopts_whatever_its_name(
    process, published_version, coordinator
):
    body = BodyFactory(name="Kommunalt råd", adopts_policy=True)
    services.handling_record(
        process=process,
        user=coordinator,
        body=body,
        meeting_date=datetime.date(2027, 6, 1),
        agenda_item_title="Vedtagelse",
        version=published_version,
        decision=Handling.Decision.APPROVED_WITH_CHANGES,
    )
    published_version.refresh_from_db()
    assert published_version.status == PolicyVersion.Status.ADOPTED


@pytest.mark.parametrize("decision", ["", "sent_back", "noted"])
def test_council_handling_without_approval_adopts_nothing(
    process, published_version, coordinator, decision
):
    council = BodyFactory(name="Byrådet", short_name="Byråd", adopts_policy=True)
    services.handling_record(
        process=process,
        user=coordinator,
        body=council,
        meeting_date=datetime.date(2027, 6, 22),
        agenda_item_title="Vedtagelse",
        version=published_version,
        decision=decision,
    )
    published_version.refresh_from_db()
    assert published_version.status == PolicyVersion.Status.PUBLISHED
    assert published_version.adopted_at is None


def test_committee_approval_does_not_adopt(process, published_version, coordinator):
    services.handling_record(
        process=process,
        user=coordinator,
        body=BodyFactory(name="Fagudvalget"),
        meeting_date=datetime.date(2027, 5, 10),
        agenda_item_title="Behandling",
        version=published_version,
        decision=Handling.Decision.APPROVED,
    )
    published_version.refresh_from_db()
    assert published_version.status == PolicyVersion.Status.PUBLISHED


def test_adopting_a_newer_version_retires_the_older_adoption(process, policy, coordinator):
    council = BodyFactory(name="Byrådet", adopts_policy=True)
    v1 = published_version_with_sections(policy, sections=1, number=1)
    v2 = published_version_with_sections(policy, sections=1, number=2)
    for version, day in ((v1, 1), (v2, 2)):
        services.handling_record(
            process=process,
            user=coordinator,
            body=council,
            meeting_date=datetime.date(2027, 6, day),
            agenda_item_title="Vedtagelse",
            version=version,
            decision=Handling.Decision.APPROVED,
        )
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (PolicyVersion.Status.PUBLISHED, PolicyVersion.Status.ADOPTED)


def test_a_decided_handling_marks_its_milestone_done_on_the_meeting_date(process, coordinator):
    milestone = MilestoneFactory(process=process, kind=Milestone.Kind.COMMITTEE_HANDLING)
    services.handling_record(
        process=process,
        user=coordinator,
        body=BodyFactory(),
        meeting_date=datetime.date(2027, 5, 10),
        agenda_item_title="Behandling",
        milestone=milestone,
        decision=Handling.Decision.NOTED,
    )
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2027, 5, 10)


def test_a_pending_handling_leaves_its_milestone_open(process, coordinator):
    milestone = MilestoneFactory(process=process)
    services.handling_record(
        process=process,
        user=coordinator,
        body=BodyFactory(),
        meeting_date=datetime.date(2027, 5, 10),
        agenda_item_title="Behandling",
        milestone=milestone,
    )
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_handling_changes_are_in_history_with_the_user(process, coordinator):
    handling = services.handling_record(
        process=process,
        user=coordinator,
        body=BodyFactory(),
        meeting_date=datetime.date(2027, 5, 10),
        agenda_item_title="Behandling",
    )
    services.handling_update(handling=handling, user=coordinator, decision=Handling.Decision.NOTED)
    records = list(handling.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert {r.history_user for r in records} == {coordinator}


def test_milestone_update_records_who_changed_it(process, coordinator):
    milestone = MilestoneFactory(process=process)
    services.milestone_update(
        milestone=milestone, user=coordinator, done_on=datetime.date(2027, 1, 25)
    )
    latest = milestone.history.latest("history_date")
    assert latest.history_user == coordinator
    assert latest.done_on == datetime.date(2027, 1, 25)


def test_a_planned_date_replaces_the_planned_month(process, coordinator):
    milestone = MilestoneFactory(
        process=process, planned_date=None, planned_month=datetime.date(2027, 4, 1)
    )
    services.milestone_update(
        milestone=milestone, user=coordinator, planned_date=datetime.date(2027, 4, 9)
    )
    milestone.refresh_from_db()
    assert (milestone.planned_month, milestone.due_by) == (None, datetime.date(2027, 4, 9))


@pytest.mark.django_db(transaction=True)
def test_adding_a_new_person_creates_an_account_and_sends_an_invitation(process, coordinator):
    membership = services.membership_add(
        process=process,
        email="Ny.Person@Ishoj.dk",
        group=Membership.Group.STEERING,
        department="Kultur og Fritidscenter",
        first_name="Ny",
        last_name="Person",
        invited_by=coordinator,
    )
    assert membership.user.email == "Ny.Person@Ishoj.dk"
    assert membership.user.has_usable_password() is False
    assert roles.STEERING in roles.policy_roles(membership.user, process.policy_id)
    [message] = [m for m in mail.outbox if "Ny.Person@Ishoj.dk" in m.to]
    assert process.title in message.subject
    assert f"/styring/proces/{process.policy.slug}/" in message.body
    assert "/konto/password/reset/" in message.body


@pytest.mark.django_db(transaction=True)
def test_adding_an_existing_account_reuses_it(process, coordinator, citizen):
    membership = services.membership_add(
        process=process,
        email="BORGER@example.org",
        group=Membership.Group.PROJECT,
        invited_by=coordinator,
    )
    assert membership.user == citizen
    [message] = [m for m in mail.outbox if citizen.email in m.to]
    assert "/konto/login/" in message.body


def test_the_same_role_cannot_be_given_twice(process, coordinator):
    with pytest.raises(ValidationError):
        services.membership_add(
            process=process, email=coordinator.email, group=Membership.Group.COORDINATOR
        )


def test_removing_a_membership_ends_the_access(process, coordinator, steering_member):
    membership = Membership.objects.get(user=steering_member)
    services.membership_remove(membership=membership, user=coordinator)
    steering_member.refresh_from_db()
    fresh = type(steering_member).objects.get(pk=steering_member.pk)
    assert roles.policy_roles(fresh, process.policy_id) == frozenset()
    assert not fresh.has_perm("process.view_board", process)


def test_the_last_coordinator_cannot_be_removed(process, coordinator):
    membership = Membership.objects.get(user=coordinator)
    with pytest.raises(services.LastCoordinatorError):
        services.membership_remove(membership=membership, user=coordinator)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_second_coordinator_makes_removal_possible(process, coordinator):
    MembershipFactory(process=process, user=UserFactory(), group=Membership.Group.COORDINATOR)
    services.membership_remove(
        membership=Membership.objects.get(user=coordinator), user=coordinator
    )
    assert not Membership.objects.filter(user=coordinator).exists()


def test_the_adopting_body_is_data_not_a_name(db):
    assert Body(name="Kommunalbestyrelsen", adopts_policy=True).is_council
    assert not Body(name="Byrådet", short_name="Byråd").is_council
    assert not Body(name="Fagudvalget").is_council


def test_the_ishoj_seed_marks_the_city_council_as_the_adopting_body(db):
    call_command("load_ishoj", "--start=2026-11-20", stdout=io.StringIO())
    assert list(Body.objects.filter(adopts_policy=True).values_list("name", flat=True)) == [
        "Byrådet"
    ]
