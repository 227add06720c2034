"""What `hearing` tells through `notifications`: a policy's followers hear when its hearing
opens and is about to close and when the høringsnotat comes out; the coordinators get one
notice a day per hearing with the responses that came in.

The scheduled job `notices_due_send` publishes what is due; every notice has a key, so a
notice is published once however often the job runs (and `hearing_open` may publish the
opening at once without the job publishing it again). The job also announces the public events
(`engagement.notify.event_notices_due_send`).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from engagement.notify import event_notices_due_send
from hearing.models import Hearing
from notifications import audiences, kinds
from notifications.kinds import when_param
from notifications.services import notice_publish, page_path, staff_notify

CLOSING_NOTICE = datetime.timedelta(days=3)  # followers are reminded this long before the close
LATE_OPENING = datetime.timedelta(days=2)  # a hearing that opened longer ago is not news


def hearing_opened_notify(hearing: Hearing) -> None:
    policy = hearing.process.policy
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.HEARING_OPENED,
        url=page_path("hearing:hearing-detail", policy=policy.slug),
        params={"closes": when_param(hearing.closes_at)},
        key=f"hearing:{hearing.pk}:opened",
    )


def hearing_closing_notify(hearing: Hearing) -> None:
    policy = hearing.process.policy
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.HEARING_CLOSING,
        url=page_path("hearing:hearing-detail", policy=policy.slug),
        params={"closes": when_param(hearing.closes_at)},
        key=f"hearing:{hearing.pk}:closing",
    )


def notat_published_notify(hearing: Hearing) -> None:
    policy = hearing.process.policy
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.NOTAT_PUBLISHED,
        url=page_path("hearing:notat-detail", policy=policy.slug),
        key=f"hearing:{hearing.pk}:notat",
    )


def notices_due_send(*, now: datetime.datetime | None = None) -> int:
    """Scheduled: publish the hearings that opened, the hearings that close within three days
    and the public events still to come. Returns how many were looked at."""
    now = now or timezone.now()
    hearings = Hearing.objects.select_related("process__policy")
    opened = hearings.filter(opens_at__lte=now, closes_at__gt=now, opens_at__gt=now - LATE_OPENING)
    closing = hearings.filter(
        closes_at__gt=now, closes_at__lte=now + CLOSING_NOTICE, opens_at__lte=now
    )
    looked_at = 0
    for hearing in opened:
        hearing_opened_notify(hearing)
        looked_at += 1
    for hearing in closing:
        hearing_closing_notify(hearing)
        looked_at += 1
    return looked_at + event_notices_due_send(now=now)


def responses_digest_send(*, now: datetime.datetime | None = None) -> int:
    """Scheduled daily: the coordinators of each hearing that received responses in the last
    day get one notice with the count (not one per response)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=1)
    hearings = (
        Hearing.objects.select_related("process__policy")
        .annotate(new=Count("responses", filter=Q(responses__received_at__gt=since)))
        .filter(new__gt=0)
    )
    told = 0
    for hearing in hearings:
        policy = hearing.process.policy
        staff_notify(
            audience=audiences.COORDINATORS,
            topic=policy.follow_topic,
            kind=kinds.RESPONSES_RECEIVED,
            title=policy.title,
            url=page_path("hearing:staff-hearing-detail", policy=policy.slug, pk=hearing.pk),
            params={"count": hearing.new},
        )
        told += 1
    return told
