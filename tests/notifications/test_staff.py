"""Staff are told through the same mechanism: an inbox item, and an e-mail unless turned off."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications import kinds
from notifications.models import NotificationPreference, StaffNotice
from notifications.services import notifications_for, notifications_unread_count, staff_notify
from tests.notifications.conftest import follower, mails_to

pytestmark = pytest.mark.django_db


def test_a_reported_comment_reaches_the_moderators_inbox_and_mail(
    policy, published_version, project_member, steering_member, coordinator, citizen, outsider
):
    from policy.models import Comment
    from policy.services import comment_report

    section = published_version.sections.first()
    comment = Comment.objects.create(
        policy=policy,
        section=section,
        section_key=section.key,
        author_name="Bo",
        body="Tekst",
        status=Comment.Status.PUBLISHED,
    )
    comment_report(comment=comment, reason="Den er stødende")
    told = set(StaffNotice.objects.values_list("user__email", flat=True))
    assert told == {project_member.email, steering_member.email, coordinator.email}
    [message] = mails_to(project_member.email)
    assert "En kommentar til" in message.subject and "Den er stødende" in message.body
    assert "/styring/politik/medborgerpolitik/kommentarer/" in message.body
    assert not mails_to(citizen.email) and not mails_to(outsider.email)


def test_a_kind_turned_off_is_in_the_inbox_but_not_mailed(coordinator, project_member):
    NotificationPreference.objects.create(
        user=coordinator, kind=kinds.MILESTONE_ASSIGNED, enabled=False
    )
    staff_notify(
        users=[coordinator, project_member],
        kind=kinds.MILESTONE_ASSIGNED,
        title="Medborgerpolitik",
        url="/styring/",
        params={"milestone": "Borgermøde", "due": "snart"},
    )
    assert notifications_unread_count(coordinator) == 1
    assert not mails_to(coordinator.email)
    assert len(mails_to(project_member.email)) == 1


def test_asking_for_approval_tells_the_steering_group_and_the_decision_tells_the_coordinator(
    process, published_version, coordinator, steering_member, project_member
):
    from process.services import version_request_approval, version_send_back

    version_request_approval(version=published_version, process=process, user=coordinator)
    [asked] = notifications_for(steering_member)
    assert asked.kind == kinds.APPROVAL_REQUESTED
    assert not notifications_for(project_member) and not notifications_for(coordinator)
    version_send_back(
        version=published_version, user=steering_member, comment="Afsnit 2 skal skærpes."
    )
    [decided] = notifications_for(coordinator)
    assert decided.detail == "Afsnit 2 skal skærpes."
    [message] = mails_to(coordinator.email)
    assert "sendt tilbage" in message.body and "Afsnit 2 skal skærpes." in message.body


def test_a_new_milestone_owner_is_told_but_not_when_they_assign_themselves(
    process, coordinator, project_member
):
    from process.services import milestone_update
    from tests.factories import MilestoneFactory

    milestone = MilestoneFactory(process=process, title="Plakat til borgermødet")
    milestone_update(milestone=milestone, user=coordinator, owner=project_member)
    [notice] = notifications_for(project_member)
    assert "Plakat til borgermødet" in notice.line
    milestone_update(milestone=milestone, user=coordinator, title="Plakat og flyer")
    milestone_update(milestone=milestone, user=coordinator, owner=coordinator)
    assert len(notifications_for(project_member)) == 1
    assert not notifications_for(coordinator)


def test_hearing_responses_come_to_the_coordinator_as_one_notice_a_day_per_hearing(
    hearing, coordinator, project_member
):
    from hearing.notify import responses_digest_send
    from tests.hearing.factories import HearingResponseFactory

    HearingResponseFactory.create_batch(3, hearing=hearing)
    mail.outbox.clear()
    assert responses_digest_send() == 1
    [notice] = notifications_for(coordinator)
    assert notice.line == "3 nye høringssvar det seneste døgn."
    assert len(mails_to(coordinator.email)) == 1
    assert not notifications_for(project_member)


def test_the_inbox_page_lists_and_marks_read(client, coordinator):
    staff_notify(
        users=[coordinator],
        kind=kinds.RESPONSES_RECEIVED,
        title="Medborgerpolitik",
        url="/styring/",
        params={"count": 2},
    )
    assert client.get("/notifikationer/").status_code == 302
    client.force_login(coordinator)
    page = client.get("/notifikationer/").content.decode()
    assert "2 nye høringssvar" in page and "1 ulæst notifikation." in page
    assert client.post("/notifikationer/").status_code == 302
    assert notifications_unread_count(coordinator) == 0
    english = client.get("/en/notifikationer/").content.decode()
    assert "2 new hearing responses" in english


def test_the_settings_page_turns_kinds_off_and_on(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/notifikationer/indstillinger/").content.decode()
    assert "En kommentar er anmeldt" in page and "csrfmiddlewaretoken" in page
    on = {k.key: "on" for k in kinds.STAFF_KINDS if k.key != kinds.COMMENT_REPORTED}
    assert client.post("/notifikationer/indstillinger/", on).status_code == 302
    assert NotificationPreference.objects.get(kind=kinds.COMMENT_REPORTED).enabled is False
    assert NotificationPreference.objects.get(kind=kinds.MILESTONE_ASSIGNED).enabled is True


def test_my_data_shows_exports_and_erases_the_follows(client, policy):
    from privacy.services import gdpr_token_make, personal_data_erase, personal_data_export

    follower(policy, email="mig@example.org")
    token = gdpr_token_make(email="mig@example.org")
    page = client.get(f"/mine-data/{token}/").content.decode()
    assert "Politikker, du følger" in page and "Medborgerpolitik" in page
    exported = personal_data_export(email="mig@example.org")
    assert exported["follows"][0]["follows"] == "Medborgerpolitik"
    assert personal_data_erase(email="mig@example.org").follows == 1
    assert personal_data_export(email="mig@example.org")["follows"] == []
