import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ishoj.seed import ishoj_load, most_recent_commissioning


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--start must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Load Ishøj Kommune's Medborgerpolitik with its process, milestones, bodies, events and "
        "the people in its steering group, project group and coordinator role. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--start",
            type=_date,
            help="The commissioning date (YYYY-MM-DD); default the most recent 20 November.",
        )
        parser.add_argument(
            "--demo-logins",
            action="store_true",
            help="Also add clearly marked demo accounts for each role (only with DEBUG on).",
        )

    def handle(self, *args, start: datetime.date | None, demo_logins: bool, **options) -> None:
        if demo_logins and not settings.DEBUG:
            raise CommandError(
                "--demo-logins is only for local use and refuses to run with DEBUG off."
            )
        start = start or most_recent_commissioning(timezone.localdate())
        report = ishoj_load(start=start, demo_logins=demo_logins)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the Ishøj Medborgerpolitik (commissioned {start:%Y-%m-%d})."
            )
        )
        for email, password in report.demo_logins:
            self.stdout.write(f"  demo login: {email} / {password}")
