"""Notification work that runs in the background worker."""

from __future__ import annotations

from django_tasks import task

from notifications import services


@task()
def notice_fan_out_task(notice_id: int) -> int:
    """Tell a notice to its topic's followers (enqueued when it is published)."""
    return services.notice_fan_out(notice_id=notice_id)


@task()
def digests_send() -> int:
    """Scheduled each morning: the day's waiting notices, one mail per follower."""
    return services.digests_send()
