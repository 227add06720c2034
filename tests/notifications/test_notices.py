"""What followers are told, when, and in which language; the fan-out's batches and digests."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import kinds
from notifications.models import Notice, PendingNotice, Subscription
from notifications.services import (
    digests_send,
    notice_fan_out_batch,
    notice_publish,
    subscribers_count,
    subscription_token,
    subscriptions_erase,
)
from tests.notifications.conftest import follower, link_in, mails_to

pytestmark = pytest.mark.django_db


def _draft(policy, user):
    from policy.services import draft_start

    return draft_start(policy=policy, user=user)


def test_followers_hear_of_a_new_version_with_the_change_note_and_what_changed(
    policy, published_version, coordinator
):
    from policy.services import draft_publish

    follower(policy, email="da@example.org")
    follower(policy, email="en@example.org", language="en")
    follower(policy, email="unconfirmed@example.org", confirmed_at=None)
    draft_publish(
        draft=_draft(policy, coordinator),
        label="Høringsudkast",
        change_note="Afsnittet om frivillighed er skrevet om.",
        user=coordinator,
    )
    [danish] = mails_to("da@example.org")
    assert danish.subject == "Medborgerpolitik: Version 2 er offentliggjort: Høringsudkast."
    assert "Afsnittet om frivillighed er skrevet om." in danish.body
    assert "/politik/medborgerpolitik/sammenlign/1/2/" in danish.body
    [english] = mails_to("en@example.org")
    assert english.subject == "Medborgerpolitik: Version 2 is published: Høringsudkast."
    assert "/en/politik/medborgerpolitik/sammenlign/1/2/" in english.body
    assert not mails_to("unconfirmed@example.org")
    # Every follower's mail can be stopped in one click (RFC 8058).
    assert danish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = danish.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/foelg/afmeld/" in unsubscribe
    assert "/foelg/mine/" in danish.body


def test_a_second_notice_the_same_day_waits_for_the_next_mornings_digest(policy, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2027, 4, 1, 9, 0)))
    follower(policy)
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.EVENT_ANNOUNCED,
        url="/arrangementer/1/",
        params={"event": "Borgermøde", "starts": kinds.when_param(timezone.now())},
    )
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.NOTAT_PUBLISHED,
        url="/hoering/medborgerpolitik/notat/",
    )
    assert len(mails_to("folger@example.org")) == 1
    assert PendingNotice.objects.count() == 1
    time_machine.move_to(timezone.make_aware(datetime.datetime(2027, 4, 2, 7, 15)))
    assert digests_send() == 1
    [first, digest] = mails_to("folger@example.org")
    assert "Nyt arrangement: Borgermøde, 1. april 2027" in first.body
    assert "Høringsnotatet er offentliggjort." in digest.body
    assert not PendingNotice.objects.exists()
    # A third notice that day: already mailed today (the digest), so it waits again.
    notice_publish(
        topic=policy.follow_topic, title=policy.title, kind=kinds.POLICY_ADOPTED, url="/"
    )
    assert len(mails_to("folger@example.org")) == 2 and PendingNotice.objects.count() == 1


def test_several_waiting_notices_make_one_digest_mail(policy, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2027, 4, 1, 9, 0)))
    subscription = follower(policy, last_mailed_on=datetime.date(2027, 4, 1))
    for kind in (kinds.NOTAT_PUBLISHED, kinds.POLICY_ADOPTED):
        notice_publish(topic=policy.follow_topic, title=policy.title, kind=kind, url="/")
    assert not mail.outbox
    time_machine.move_to(timezone.make_aware(datetime.datetime(2027, 4, 2, 7, 15)))
    digests_send()
    [digest] = mail.outbox
    assert digest.subject == "Medborgerpolitik: 2 nyheder"
    assert "Høringsnotatet er offentliggjort." in digest.body
    assert "Politikken er vedtaget" in digest.body
    subscription.refresh_from_db()
    assert subscription.last_mailed_on == datetime.date(2027, 4, 2)


def test_a_notice_with_a_key_is_published_once(policy):
    follower(policy)
    for _ in range(3):
        notice_publish(
            topic=policy.follow_topic,
            title=policy.title,
            kind=kinds.NOTAT_PUBLISHED,
            url="/",
            key="hearing:1:notat",
        )
    assert Notice.objects.count() == 1 and len(mail.outbox) == 1


def test_the_fan_out_uses_the_same_number_of_queries_per_batch_whatever_its_size(
    policy, monkeypatch
):
    from types import SimpleNamespace

    # Count the fan-out's queries, not the worker's sending (the test backend runs at once).
    idle = SimpleNamespace(get_backend=lambda: None, enqueue=lambda ids: None)
    monkeypatch.setattr("medborger.mail.mail_deliver_many", idle)

    def queries_for_batch(size: int) -> int:
        Subscription.objects.all().delete()
        for n in range(size):
            follower(policy, email=f"f{n}@example.org", language="en" if n % 2 else "da")
        # Half of them were mailed today already: they wait for the digest.
        Subscription.objects.filter(language="en").update(last_mailed_on=timezone.localdate())
        notice = Notice.objects.create(
            topic=policy.follow_topic, title=policy.title, kind=kinds.NOTAT_PUBLISHED, url="/"
        )
        with CaptureQueriesContext(connection) as queries:
            result = notice_fan_out_batch(notice=notice, after=0, batch_size=size)
        assert result is not None and result[0] == size // 2
        return len(queries)

    assert queries_for_batch(4) == queries_for_batch(40)


def test_followers_hear_when_the_hearing_opens_and_three_days_before_it_closes(
    policy, process, coordinator, approved_version, time_machine
):
    from hearing.notify import notices_due_send
    from hearing.services import hearing_open

    follower(policy)
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    hearing_open(
        process=process,
        created_by=coordinator,
        version=approved_version,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(days=14),
        delete_after=timezone.localdate() + datetime.timedelta(days=90),
    )
    [opened] = mails_to("folger@example.org")
    assert "Den offentlige høring er åben" in opened.subject
    assert "/hoering/medborgerpolitik/" in link_in(opened.body, "/hoering/")
    notices_due_send()  # the job finds the opening already told
    assert len(mails_to("folger@example.org")) == 1
    time_machine.move_to(now + datetime.timedelta(days=11, hours=1), tick=False)
    notices_due_send()
    notices_due_send()
    [_opened, closing] = mails_to("folger@example.org")
    assert "lukker" in closing.subject


def test_a_hearing_that_opens_later_is_told_by_the_job_when_it_opens(
    policy, process, approved_version, time_machine
):
    from hearing.notify import notices_due_send
    from tests.hearing.factories import HearingFactory

    follower(policy)
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    HearingFactory(
        process=process,
        version=approved_version,
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=20),
    )
    notices_due_send()
    assert not mails_to("folger@example.org")
    time_machine.move_to(now + datetime.timedelta(days=1, minutes=10), tick=False)
    notices_due_send()
    assert len(mails_to("folger@example.org")) == 1


def test_followers_hear_of_a_new_public_event_once_and_not_of_a_staff_one(policy, process):
    from engagement.models import Event
    from hearing.notify import notices_due_send
    from tests.factories import EventFactory

    follower(policy)
    EventFactory(process=process, title="Borgermøde om fællesskab")
    EventFactory(process=process, title="Internt værksted", audience=Event.Audience.STAFF)
    notices_due_send()
    notices_due_send()
    [message] = mail.outbox
    assert "Borgermøde om fællesskab" in message.subject


def test_followers_hear_when_the_hoeringsnotat_is_published_and_the_policy_is_adopted(
    policy, process, published_version, hearing, time_machine
):
    from hearing.services import notat_publish
    from process.services import version_adopt

    follower(policy, email="a@example.org")
    notat_publish(hearing=hearing)
    [notat] = mails_to("a@example.org")
    assert "/hoering/medborgerpolitik/notat/" in notat.body
    follower(policy, email="b@example.org")
    version_adopt(version=published_version, adopted_on=datetime.date(2027, 6, 17))
    [adopted] = mails_to("b@example.org")
    assert "Politikken er vedtaget (version 1, 17. juni 2027)" in adopted.subject


def test_a_comments_author_hears_of_the_reply_and_of_the_hiding_with_the_reason(
    policy, published_version, project_member
):
    from policy.models import Comment
    from policy.services import comment_reply, comments_moderate

    section = published_version.sections.first()
    comment = Comment.objects.create(
        policy=policy,
        section=section,
        section_key=section.key,
        author_name="Bo",
        email="bo@example.org",
        body="Godt forslag",
        status=Comment.Status.PUBLISHED,
    )
    comment_reply(comment=comment, body="Tak, vi tager det med.", user=project_member)
    [reply] = mails_to("bo@example.org")
    assert "Kommunen har svaret på din kommentar" in reply.subject
    assert "Tak, vi tager det med." in reply.body
    assert f"/afsnit/{section.key}/" in reply.body
    comments_moderate(
        comments=[comment], action="hide", user=project_member, reason="Personfølsomt"
    )
    [_reply, hidden] = mails_to("bo@example.org")
    assert "skjult" in hidden.subject and "Personfølsomt" in hidden.body


def test_only_the_number_of_followers_is_public_and_erasure_forgets_them(policy):
    follower(policy, email="a@example.org")
    follower(policy, email="b@example.org", confirmed_at=None)
    assert subscribers_count(policy.follow_topic) == 1
    assert subscriptions_erase(email="A@example.org") == 1
    assert subscribers_count(policy.follow_topic) == 0


def test_followers_in_one_batch_share_the_text_but_each_gets_their_own_links(policy):
    first, second = follower(policy, email="a@example.org"), follower(policy, email="b@example.org")
    notice_publish(
        topic=policy.follow_topic, title=policy.title, kind=kinds.POLICY_ADOPTED, url="/"
    )
    [to_first], [to_second] = mails_to("a@example.org"), mails_to("b@example.org")
    assert to_first.subject == to_second.subject
    links = {link_in(m.body, "/foelg/mine/") for m in (to_first, to_second)}
    assert len(links) == 2 and "__manage_url__" not in to_first.body + to_second.body
    for message, subscription in ((to_first, first), (to_second, second)):
        header = message.extra_headers["List-Unsubscribe"]
        assert f"/foelg/afmeld/{subscription_token(subscription)}/" in header
