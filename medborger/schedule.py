"""The worker's schedule: the daily jobs, enqueued as tasks by the worker itself.

settings.TASK_SCHEDULE names each job's task and when it runs ("07:00" daily, local time, or
"every 10 minutes"). `schedule_tick` runs in every worker about once a minute: for each job
that is due it moves the job's `next_run_at` on with a compare-and-set update and, if that
update won, enqueues the job's task. So several workers (on several machines) enqueue each run
once, a worker that was down catches up with one run, and nothing needs cron.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from medborger.models import ScheduledJob

logger = logging.getLogger(__name__)

_DAILY = re.compile(r"^(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)$")
_EVERY = re.compile(r"^every (?P<minutes>[1-9]\d*) minutes?$")


def next_run(when: str, after: datetime.datetime) -> datetime.datetime:
    """The first time strictly after `after` that `when` ("HH:MM" or "every N minutes") names."""
    if match := _EVERY.match(when):
        step = datetime.timedelta(minutes=int(match["minutes"]))
        # Runs fall on whole multiples of the step since midnight, UTC.
        midnight = after.astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + step * ((after - midnight) // step + 1)
    if match := _DAILY.match(when):
        local = timezone.localtime(after)
        at = datetime.time(int(match["hour"]), int(match["minute"]))
        candidate = timezone.make_aware(datetime.datetime.combine(local.date(), at))
        if candidate <= after:
            candidate = timezone.make_aware(
                datetime.datetime.combine(local.date() + datetime.timedelta(days=1), at)
            )
        return candidate
    raise ValueError(f"cannot read the schedule entry {when!r}")


def schedule_tick(*, now: datetime.datetime | None = None) -> list[str]:
    """Enqueue the jobs that are due; return their names."""
    now = now or timezone.now()
    enqueued = []
    for name, (task_path, when) in settings.TASK_SCHEDULE.items():
        job, created = ScheduledJob.objects.get_or_create(
            name=name, defaults={"next_run_at": next_run(when, now)}
        )
        if created or job.next_run_at > now:
            continue
        won = ScheduledJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
            next_run_at=next_run(when, now), last_enqueued_at=now
        )
        if won:
            import_string(task_path).enqueue()
            enqueued.append(name)
            logger.info("scheduled job %s enqueued", name)
    return enqueued
