"""The purges that run daily in the background worker."""

from __future__ import annotations

from django_tasks import task

from hearing import services as hearing_services
from privacy import services


@task()
def hearing_data_purge() -> int:
    """Scheduled daily: past each hearing's deletion date, delete its personal data."""
    return hearing_services.hearing_data_purge().responses


@task()
def registrations_purge() -> int:
    """Scheduled daily: anonymise registrations three months after their event."""
    return services.registrations_purge()
