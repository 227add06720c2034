"""E-mail milestone owners about milestones due soon or late. Meant for cron; idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from process.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner about their milestones due within N days or late. Each reminder is "
        "sent once per milestone, owner and due date, so running it several times a day is safe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Remind about milestones due within this many days (default 7).",
        )

    def handle(self, *args, days: int, **options) -> None:
        if days < 0:
            self.stderr.write("--days must be 0 or more.")
            raise SystemExit(2)
        run = reminders_send(days=days)
        self.stdout.write(f"Sent {run.emails_sent} e-mail(s) with {run.reminders} reminder(s).")
