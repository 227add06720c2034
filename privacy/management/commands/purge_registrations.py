from django.core.management.base import BaseCommand

from privacy.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Three months after an event, delete the names, e-mail addresses and needs of its "
        "registrations; keep their number for the attendance figures. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        count = registrations_purge()
        self.stdout.write(f"purge_registrations: {count} registration(s) anonymised")
