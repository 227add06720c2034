""" "Til mig", the staff inbox at /styring/: what waits for the person, counted from the data."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medborger.models import OutgoingMail
from policy.models import Comment, Snapshot
from process import services
from process.models import ApprovalRequest, Handling, PacketEdition
from tests.factories import BodyFactory, MilestoneFactory
from tests.hearing.factories import HearingFactory, HearingResponseFactory
from tests.policy.factories import CommentFactory

pytestmark = pytest.mark.django_db

URL = "/styring/"


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def fill(process, version, *, coordinator, steering_member, committee_member, n: int):
    """`n` of everything the inbox counts."""
    section = version.sections.first()
    today = timezone.localdate()
    body = BodyFactory(name="Kultur- og Fritidsudvalget")
    body.members.add(committee_member)
    hearing = HearingFactory(process=process, version=version)
    for i in range(n):
        CommentFactory(section=section, status=Comment.Status.PENDING, published_at=None)
        CommentFactory(section=section, open_reports=1)
        HearingResponseFactory(hearing=hearing)
        MilestoneFactory(
            process=process, owner=coordinator, planned_date=today + datetime.timedelta(days=i)
        )
        MilestoneFactory(
            process=process, owner=steering_member, planned_date=today - datetime.timedelta(i + 1)
        )
        handling = Handling.objects.create(
            process=process,
            body=body,
            meeting_date=today + datetime.timedelta(days=i + 1),
            agenda_item_title=f"Punkt {i}",
            version=version,
        )
        OutgoingMail.objects.create(
            to=f"x{i}@example.org",
            template="t",
            subject="s",
            body="b",
            language="da",
            status=OutgoingMail.Status.FAILED,
            next_attempt_at=timezone.now(),
        )
    ApprovalRequest.objects.create(version=version, requested_by=coordinator)
    services.version_send_back(version=version, user=steering_member, comment="Mere om unge.")
    return handling


def test_a_committee_member_gets_the_inbox_with_their_meetings_not_a_403(
    client, process, published_version, committee_member, coordinator
):
    body = BodyFactory(name="Kultur- og Fritidsudvalget")
    body.members.add(committee_member)
    handling = Handling.objects.create(
        process=process,
        body=body,
        meeting_date=timezone.localdate() + datetime.timedelta(days=5),
        agenda_item_title="Medborgerpolitik – høringsudkast",
        version=published_version,
    )
    Handling.objects.create(  # a body the member does not sit on
        process=process,
        body=BodyFactory(name="Økonomiudvalget"),
        meeting_date=timezone.localdate() + datetime.timedelta(days=6),
        agenda_item_title="Andet punkt",
    )
    client.force_login(committee_member)
    html = page(client)
    assert "Til mig" in html
    assert "Medborgerpolitik – høringsudkast" in html
    assert "mødepakken er ikke udsendt endnu" in html
    assert "Økonomiudvalget" not in html
    assert "Værktøjer" not in html  # no process role: no staff tools
    snapshot = Snapshot.objects.create(
        version=published_version, kind=Snapshot.Kind.MEETING_PACKET, sha256="0" * 64, size=1
    )
    edition = PacketEdition.objects.create(
        handling=handling, number=1, snapshot=snapshot, issued_by=coordinator
    )
    assert edition.get_absolute_url() in page(client)


def test_the_coordinator_sees_what_waits_and_a_version_sent_back_with_its_comment(
    client, process, published_version, coordinator, steering_member, committee_member
):
    fill(
        process,
        published_version,
        coordinator=coordinator,
        steering_member=steering_member,
        committee_member=committee_member,
        n=2,
    )
    client.force_login(coordinator)
    html = page(client)
    assert "Kommentarer, der venter på moderation" in html
    assert "Kommentarer, som læsere har anmeldt" in html
    assert "Høringssvar uden svar" in html and "?vis=ubesvarede" in html
    assert "Version 1 blev sendt tilbage af Svend Ishøj" in html
    assert "Mere om unge." in html
    assert "2 e-mails kunne ikke leveres" in html
    assert html.count("/milepaele/") >= 2  # both milestones of the coordinator
    assert "Aktuel fase" in html


def test_a_steering_member_sees_the_version_waiting_for_approval_until_deciding(
    client, process, published_version, coordinator, steering_member
):
    ApprovalRequest.objects.create(version=published_version, requested_by=coordinator)
    client.force_login(steering_member)
    assert "Version 1 venter på din godkendelse" in page(client)
    services.version_approve(version=published_version, user=steering_member)
    assert "Version 1 venter på din godkendelse" not in page(client)


def test_a_project_member_sees_no_approvals_and_no_failed_mails(
    client, process, published_version, coordinator, project_member
):
    ApprovalRequest.objects.create(version=published_version, requested_by=coordinator)
    OutgoingMail.objects.create(
        to="x@example.org",
        template="t",
        subject="s",
        body="b",
        language="da",
        status=OutgoingMail.Status.FAILED,
        next_attempt_at=timezone.now(),
    )
    client.force_login(project_member)
    html = page(client)
    assert "venter på din godkendelse" not in html
    assert "kunne ikke leveres" not in html


@pytest.mark.parametrize("persona", ["citizen", "employee"])
def test_people_without_a_role_or_a_seat_get_403(as_persona, persona):
    client, _ = as_persona(persona)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["coordinator", "steering_member", "committee_member"])
def test_the_inbox_takes_the_same_number_of_queries_for_1_or_5_of_everything(
    client, request, process, published_version, persona
):
    people = {
        name: request.getfixturevalue(name)
        for name in ("coordinator", "steering_member", "committee_member")
    }
    client.force_login(people[persona])
    counts = []
    for n in (1, 5):
        fill(process, published_version, **people, n=n)
        with CaptureQueriesContext(connection) as queries:
            page(client)
        counts.append(len(queries))
    print(f"inbox queries for the {persona}: {counts[0]} with 1 of everything, {counts[1]} with 5")
    assert counts[0] == counts[1], counts


def test_the_inbox_lists_the_persons_notifications_newest_first_and_counts_the_new(
    client, process, coordinator
):
    from notifications import kinds
    from notifications.services import notifications_mark_read, staff_notify

    for title in ("Første besked", "Anden besked"):
        staff_notify(users=[coordinator], kind=kinds.COMMENT_REPORTED, title=title, url="/x/")
    first = coordinator.staff_notices.order_by("pk").first()
    notifications_mark_read(user=coordinator, notice_ids=[first.pk])
    client.force_login(coordinator)
    html = page(client)
    assert html.index("Anden besked") < html.index("Første besked")
    assert "1 ny" in html
    assert "Alle notifikationer" in html
