"""Engagement work that runs in the background worker: the daily event reminders, and telling
the registered that their event moved or was cancelled."""

from __future__ import annotations

from django_tasks import task

from engagement import services


@task()
def event_reminders_send() -> int:
    """Scheduled daily: remind confirmed registrants of tomorrow's events."""
    return services.send_event_reminders()


@task()
def event_registrants_notify(
    event_id: int,
    template: str,
    previous: dict | None = None,
    message: str = "",
    skip: list[int] | None = None,
) -> int:
    """Mail everyone registered or waiting that the event moved or was cancelled."""
    return services.event_registrants_notify(
        event_id=event_id, template=template, previous=previous, message=message, skip=skip
    )
