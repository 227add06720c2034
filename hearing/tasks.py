"""Hearing work that runs in the background worker: telling followers and coordinators."""

from __future__ import annotations

from django_tasks import task

from hearing import notify


@task()
def notices_due_send() -> int:
    """Scheduled: tell followers of hearings that opened or close soon, and of new events."""
    return notify.notices_due_send()


@task()
def hearing_responses_digest() -> int:
    """Scheduled daily: one notice per hearing to its coordinators with the new responses."""
    return notify.responses_digest_send()
