"""The worker's schedule: the daily jobs are enqueued once per run, by whichever worker wins."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from medborger.models import ScheduledJob
from medborger.schedule import next_run, schedule_tick

pytestmark = pytest.mark.django_db

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


class _Recorder:
    """Stands in for a task: counts how often the schedule enqueued it."""

    runs: list[str] = []

    def enqueue(self) -> None:
        self.runs.append("enqueued")


RECORDER = _Recorder()


@pytest.fixture
def recorded_job(settings):
    _Recorder.runs = []
    settings.TASK_SCHEDULE = {
        "comments-expire": ("tests.medborger.test_schedule.RECORDER", "03:30")
    }
    return _Recorder


def test_a_daily_job_runs_next_at_its_local_time():
    morning = datetime.datetime(2026, 12, 1, 6, 0, tzinfo=CPH)
    assert next_run("07:00", morning) == datetime.datetime(2026, 12, 1, 7, 0, tzinfo=CPH)
    evening = datetime.datetime(2026, 12, 1, 20, 0, tzinfo=CPH)
    assert next_run("07:00", evening) == datetime.datetime(2026, 12, 2, 7, 0, tzinfo=CPH)
    # Summer time: still seven o'clock on the town hall's clock.
    june = datetime.datetime(2026, 6, 1, 20, 0, tzinfo=CPH)
    assert next_run("07:00", june).astimezone(CPH).hour == 7


def test_a_job_every_ten_minutes_runs_on_the_next_tenth_minute():
    at = datetime.datetime(2026, 12, 1, 9, 3, 12, tzinfo=datetime.UTC)
    assert next_run("every 10 minutes", at) == datetime.datetime(
        2026, 12, 1, 9, 10, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize("when", ["7:00", "25:00", "daily", "every 0 minutes", ""])
def test_an_unreadable_schedule_entry_is_refused(when):
    with pytest.raises(ValueError, match="cannot read"):
        next_run(when, timezone.now())


def test_each_due_run_is_enqueued_once_however_many_workers_tick(recorded_job):
    night = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=CPH)
    assert schedule_tick(now=night) == []  # the first tick only plants the row
    job = ScheduledJob.objects.get()
    assert job.next_run_at == datetime.datetime(2026, 12, 1, 3, 30, tzinfo=CPH)
    later = datetime.datetime(2026, 12, 1, 3, 31, tzinfo=CPH)
    assert schedule_tick(now=later) == ["comments-expire"]
    assert schedule_tick(now=later) == []  # a second worker, the same minute
    assert recorded_job.runs == ["enqueued"]
    job.refresh_from_db()
    assert job.next_run_at == datetime.datetime(2026, 12, 2, 3, 30, tzinfo=CPH)


def test_a_worker_that_was_down_for_days_catches_up_with_one_run(recorded_job):
    ScheduledJob.objects.create(
        name="comments-expire", next_run_at=datetime.datetime(2026, 11, 20, 3, 30, tzinfo=CPH)
    )
    schedule_tick(now=datetime.datetime(2026, 12, 1, 12, 0, tzinfo=CPH))
    assert recorded_job.runs == ["enqueued"]


def test_every_scheduled_job_names_a_task_that_exists(settings):
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    # The six daily jobs, the followers' digest and due notices, and the responses digest.
    assert len(settings.TASK_SCHEDULE) == 9
    for task_path, when in settings.TASK_SCHEDULE.values():
        assert isinstance(import_string(task_path), Task)
        next_run(when, timezone.now())


def test_run_job_runs_a_job_now_and_refuses_an_unknown_one():
    out = io.StringIO()
    call_command("run_job", "comments-expire", stdout=out)
    assert out.getvalue() == "comments-expire: 0\n"
    with pytest.raises(CommandError, match="no scheduled job"):
        call_command("run_job", "send-everything")
