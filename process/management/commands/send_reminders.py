"""E-mail milestone owners about milestones due soon or late. Meant for cron; idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from process.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each owner about their milestones due within N days or late; when the owner has no "
        "e-mail address, or there is no owner, the process's coordinators get it instead. Each "
        "reminder is sent once per milestone, recipient and due date, so running it several "
        "times a day is safe."
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
        for line in run.redirected:
            self.stdout.write(f"Sent to the coordinator: {line}")
        for line in run.skipped:
            self.stdout.write(self.style.WARNING(f"Not sent: {line}"))
        self.stdout.write(f"Sent {run.emails_sent} e-mail(s) with {run.reminders} reminder(s).")
        if run.skipped:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(run.skipped)} reminder(s) could not be sent to anyone: give the "
                    "milestone an owner with an e-mail address, or the process a coordinator "
                    "with one."
                )
            )
