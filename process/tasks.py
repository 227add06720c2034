"""Process work that runs in the background worker."""

from __future__ import annotations

from django_tasks import task

from process import services


@task()
def milestone_reminders_send(days: int = 7) -> int:
    """Scheduled daily: remind milestone owners of what is due within `days` days or late.
    Returns the number of e-mails."""
    return services.reminders_send(days=days).emails_sent
