"""Send the day-before reminder to everyone confirmed for tomorrow's events. Safe to run often."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from engagement.services import send_event_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to confirmed registrants of events that start tomorrow (idempotent)."

    def handle(self, *args, **options) -> None:
        sent = send_event_reminders()
        self.stdout.write(f"Reminders sent: {sent}")
