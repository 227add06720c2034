"""Engagement work that runs in the background worker: the daily event reminders."""

from __future__ import annotations

from django_tasks import task

from engagement import services


@task()
def event_reminders_send() -> int:
    """Scheduled daily: remind confirmed registrants of tomorrow's events."""
    return services.send_event_reminders()
