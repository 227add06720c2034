from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from policy import services
from policy.models import Comment, FrozenVersionError, PolicyVersion, Section

pytestmark = pytest.mark.django_db


def test_new_draft_copies_latest_version_with_the_same_section_keys(version_one, coordinator):
    draft = services.draft_start(policy=version_one.policy, user=coordinator)
    assert draft.status == PolicyVersion.Status.DRAFT
    assert list(draft.sections.values_list("key", "heading", "order")) == list(
        version_one.sections.values_list("key", "heading", "order")
    )


def test_starting_a_draft_twice_gives_the_same_draft(version_one, coordinator):
    first = services.draft_start(policy=version_one.policy, user=coordinator)
    again = services.draft_start(policy=version_one.policy, user=coordinator)
    assert first.pk == again.pk


def test_first_draft_of_a_policy_without_versions_is_empty(policy, coordinator):
    draft = services.draft_start(policy=policy, user=coordinator)
    assert draft.sections.count() == 0


def test_publishing_gives_next_number_and_leaves_version_one_untouched(
    version_one, draft, coordinator
):
    before = list(version_one.sections.values_list("key", "heading", "body", "order"))
    section = draft.sections.order_by("order").first()
    services.section_update(section=section, heading="Ny overskrift", body="Ny tekst", theme=None)
    services.section_add(draft=draft, heading="Nyt afsnit", body="Om frivillighed")
    version = services.draft_publish(
        draft=draft, label="Høringsudkast", change_note="Nyt afsnit", user=coordinator
    )
    assert version.number == 2
    assert version.status == PolicyVersion.Status.PUBLISHED
    assert version.published_by == coordinator
    assert version.published_at is not None
    assert list(version_one.sections.values_list("key", "heading", "body", "order")) == before
    with pytest.raises(FrozenVersionError):
        services.section_update(section=section, heading="x", body="y", theme=None)


def test_next_draft_after_publishing_carries_the_keys_of_version_two(
    version_one, draft, coordinator
):
    services.section_add(draft=draft, heading="Nyt afsnit", body="Tekst")
    v2 = services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)
    next_draft = services.draft_start(policy=version_one.policy, user=coordinator)
    assert set(next_draft.sections.values_list("key", flat=True)) == set(
        v2.sections.values_list("key", flat=True)
    )


def test_sections_move_up_and_down_and_stop_at_the_edges(draft):
    first, second, third = draft.sections.order_by("order")
    assert services.section_move(section=second, direction="up") is True
    assert list(draft.sections.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
        third.pk,
    ]
    assert services.section_move(section=second, direction="up") is False
    assert services.section_move(section=third, direction="down") is False


def test_deleting_a_section_closes_the_gap_in_the_order(draft):
    _first, second, _third = draft.sections.order_by("order")
    services.section_delete(section=second)
    assert list(draft.sections.order_by("order").values_list("order", flat=True)) == [1, 2]


def test_every_section_edit_is_in_history_with_who(draft, coordinator):
    from simple_history.utils import update_change_reason  # noqa: F401 - history is on

    section = draft.sections.first()
    section._history_user = coordinator
    services.section_update(section=section, heading="Ny", body="Tekst", theme=None)
    latest = section.history.order_by("-history_date").first()
    assert latest.heading == "Ny"
    assert latest.history_user == coordinator


def test_signed_in_comment_is_published_at_once_when_policy_does_not_moderate(
    first_section, citizen
):
    comment = services.comment_create(section=first_section, body="God idé", user=citizen)
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.author_name == "Bente Borger"
    assert comment.email == ""


def test_signed_in_comment_is_held_when_policy_moderates(first_section, citizen):
    policy = first_section.version.policy
    policy.moderate_comments = True
    policy.save()
    comment = services.comment_create(section=first_section, body="God idé", user=citizen)
    assert comment.status == Comment.Status.PENDING


def test_anonymous_comment_waits_for_email_confirmation(
    first_section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(
            section=first_section, body="Hej", name="Ali", email="ali@example.org"
        )
    assert comment.status == Comment.Status.UNCONFIRMED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ali@example.org"]
    assert comment.token in mail.outbox[0].body
    confirmed = services.comment_confirm(token=comment.token)
    assert confirmed.status == Comment.Status.PUBLISHED
    assert services.comment_confirm(token=comment.token) is None


def test_unconfirmed_comment_expires_after_three_days(first_section):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        comment = services.comment_create(
            section=first_section, body="Hej", name="Ali", email="ali@example.org"
        )
    with time_machine.travel(datetime.datetime(2026, 12, 4, 13, tzinfo=datetime.UTC), tick=False):
        assert services.comment_confirm(token=comment.token) is None
        assert services.comments_expire() == 1
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_confirmed_comment_does_not_expire(first_section):
    comment = services.comment_create(
        section=first_section, body="Hej", name="Ali", email="ali@example.org"
    )
    services.comment_confirm(token=comment.token)
    assert services.comments_expire(now=timezone.now() + datetime.timedelta(days=30)) == 0


def test_expire_comments_command_deletes_expired_ones(first_section):
    from django.core.management import call_command

    comment = services.comment_create(
        section=first_section, body="Hej", name="Ali", email="ali@example.org"
    )
    Comment.objects.filter(pk=comment.pk).update(
        confirm_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("expire_comments")
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_moderation_publishes_and_hides_with_reason_in_history(first_section, project_member):
    policy = first_section.version.policy
    policy.moderate_comments = True
    policy.save()
    a = services.comment_create(section=first_section, body="A", user=project_member)
    b = services.comment_create(section=first_section, body="B", user=project_member)
    assert services.comments_moderate(comments=[a, b], action="publish", user=project_member) == 2
    services.comments_moderate(
        comments=[b], action="hide", reason="Personangreb", user=project_member
    )
    b.refresh_from_db()
    assert b.status == Comment.Status.HIDDEN
    assert b.hidden_reason == "Personangreb"
    assert b.moderated_by == project_member
    statuses = list(b.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["pending", "published", "hidden"]


def test_moderation_skips_unconfirmed_comments(first_section, project_member):
    comment = services.comment_create(
        section=first_section, body="Hej", name="Ali", email="ali@example.org"
    )
    assert (
        services.comments_moderate(comments=[comment], action="publish", user=project_member) == 0
    )


def test_report_counts_until_a_moderator_acts(first_section, project_member, citizen):
    comment = services.comment_create(section=first_section, body="A", user=citizen)
    services.comment_report(comment=comment, reason="Spam")
    comment.refresh_from_db()
    assert comment.open_reports == 1
    assert comment in Comment.objects.awaiting_moderation()
    services.comments_moderate(comments=[comment], action="publish", user=project_member)
    comment.refresh_from_db()
    assert comment.open_reports == 0
    assert comment.reports.get().handled is True


def test_official_reply_records_who_and_when(first_section, citizen, coordinator):
    comment = services.comment_create(section=first_section, body="A", user=citizen)
    services.comment_reply(comment=comment, body="Tak, vi ser på det.", user=coordinator)
    comment.refresh_from_db()
    assert comment.reply == "Tak, vi ser på det."
    assert comment.reply_by == coordinator
    assert comment.reply_at is not None


def test_only_the_latest_published_version_is_open_for_comments(version_one, draft, coordinator):
    assert services.version_open_for_comments(version_one, 1) is True
    v2 = services.draft_publish(draft=draft, label="2", change_note="x", user=coordinator)
    assert services.version_open_for_comments(version_one, 2) is False
    assert services.version_open_for_comments(v2, 2) is True
    v2.policy.comments_open = False
    assert services.version_open_for_comments(v2, 2) is False


def test_section_add_refuses_on_published_version(version_one):
    with pytest.raises(FrozenVersionError):
        services.section_add(draft=version_one, heading="x", body="y")
    assert Section.objects.filter(version=version_one).count() == 3


def test_anonymising_comments_scrubs_the_history_and_moves_the_page_marker(first_section):
    from policy.models import Policy
    from tests.policy.factories import CommentFactory

    mine = CommentFactory(
        section=first_section, author_name="Sara Jensen", email="Sara@Example.org"
    )
    other = CommentFactory(section=first_section, author_name="Ole", email="ole@example.org")
    policy = Policy.objects.get(pk=first_section.version.policy_id)
    before = policy.comments_changed_at

    assert services.comments_anonymise(email=" sara@example.org ") == 1

    mine.refresh_from_db()
    assert (mine.author_name, mine.email, mine.author_id) == ("Slettet af forfatteren", "", None)
    assert not mine.history.filter(author_name="Sara Jensen").exists()
    assert not mine.history.exclude(email="").exists()
    assert Comment.objects.get(pk=other.pk).author_name == "Ole"
    policy.refresh_from_db()
    assert policy.comments_changed_at is not None
    assert before is None or policy.comments_changed_at > before
    assert services.comments_anonymise(email="sara@example.org") == 0
    assert services.comments_anonymise(email="") == 0
