from django.core.management.base import BaseCommand

from policy.services import comments_expire


class Command(BaseCommand):
    help = "Delete comments whose e-mail was not confirmed in time. Run it daily (cron)."

    def handle(self, *args, **options) -> None:
        count = comments_expire()
        self.stdout.write(f"Deleted {count} unconfirmed comment(s).")
