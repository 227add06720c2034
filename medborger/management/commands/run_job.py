"""`manage.py run_job NAME`: run one job of the worker's schedule now, in this process."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run a scheduled job (settings.TASK_SCHEDULE) now, without waiting for the worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=", ".join(settings.TASK_SCHEDULE))

    def handle(self, *args, name: str, **options) -> None:
        if name not in settings.TASK_SCHEDULE:
            raise CommandError(
                f"no scheduled job {name!r}; the jobs are: {', '.join(settings.TASK_SCHEDULE)}"
            )
        task_path, _when = settings.TASK_SCHEDULE[name]
        result = import_string(task_path).call()
        self.stdout.write(f"{name}: {result}")
