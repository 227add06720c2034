"""Engagement work that runs in the background worker: the daily reminders and purges."""

from __future__ import annotations

from django_tasks import task

from engagement import gdpr, hearing_services, services


@task()
def event_reminders_send() -> int:
    """Scheduled daily: remind confirmed registrants of tomorrow's events."""
    return services.send_event_reminders()


@task()
def hearing_data_purge() -> int:
    """Scheduled daily: past each hearing's deletion date, delete its personal data."""
    return hearing_services.hearing_data_purge().responses


@task()
def registrations_purge() -> int:
    """Scheduled daily: anonymise registrations three months after their event."""
    return gdpr.registrations_purge()
