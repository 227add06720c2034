"""What `engagement` tells through `notifications`: a policy's followers hear when a public
event is announced. (The hearing's notices are in `hearing.notify`, whose scheduled job also
publishes the events' notices through `event_notices_due_send`.)"""

from __future__ import annotations

import datetime

from django.utils import timezone

from engagement.models import Event
from notifications import kinds
from notifications.kinds import when_param
from notifications.services import notice_publish, page_path


def event_announce(event: Event) -> None:
    """Tell the process's followers about a public event (once per event)."""
    if event.audience != Event.Audience.PUBLIC:
        return
    policy = event.process.policy
    notice_publish(
        topic=policy.follow_topic,
        title=policy.title,
        kind=kinds.EVENT_ANNOUNCED,
        url=page_path("engagement:event-detail", pk=event.pk),
        params={"event": event.title, "starts": when_param(event.starts_at)},
        key=f"event:{event.pk}:announced",
    )


def event_notices_due_send(*, now: datetime.datetime | None = None) -> int:
    """Announce the public events still to come (each once: the notice has a key)."""
    now = now or timezone.now()
    events = Event.objects.select_related("process__policy").filter(
        audience=Event.Audience.PUBLIC, starts_at__gt=now, cancelled_at__isnull=True
    )
    looked_at = 0
    for event in events:
        event_announce(event)
        looked_at += 1
    return looked_at
