"""`manage.py db_worker`: django-tasks-db's worker, which also keeps the portal's schedule.

Besides running the tasks in the queue, a worker started without `--batch` enqueues the jobs of
settings.TASK_SCHEDULE when they are due (see medborger/schedule.py), so a deployment runs
workers and no cron. `--no-schedule` leaves the schedule to other workers.
"""

from __future__ import annotations

import logging
import os
import threading
from argparse import ArgumentParser

from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from medborger.schedule import schedule_tick

logger = logging.getLogger(__name__)

TICK_SECONDS = 60


def _keep_schedule(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            schedule_tick()
        except Exception:  # a database hiccup must not end the schedule
            logger.exception("the schedule tick failed")
        finally:
            close_old_connections()
        stop.wait(TICK_SECONDS)
    connections.close_all()


class Command(db_worker.Command):
    help = "Run the background worker: the tasks in the queue and the scheduled jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Only run tasks; do not enqueue the scheduled jobs.",
        )

    def handle(self, *args, schedule: bool = True, **options) -> None:
        reloading = options.get("reload") and not options.get("batch")
        # With --reload the worker runs in a child process; only that one keeps the schedule.
        in_worker_process = not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if not (schedule and not options.get("batch") and in_worker_process):
            super().handle(*args, **options)
            return
        stop = threading.Event()
        keeper = threading.Thread(target=_keep_schedule, args=(stop,), name="schedule", daemon=True)
        keeper.start()
        try:
            super().handle(*args, **options)
        finally:  # the worker stopped (--max-tasks, or a signal): so does the schedule
            stop.set()
            keeper.join(timeout=10)
