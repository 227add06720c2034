from django.core.management.base import BaseCommand

from engagement import hearing_services


class Command(BaseCommand):
    help = "Send hearing receipts and answer e-mails that have not gone out (safe to run often)."

    def handle(self, *args, **options) -> None:
        sent, failed = hearing_services.retry_mails()
        self.stdout.write(f"hearing e-mails sent: {sent}, still failing: {failed}")
        if failed:
            self.stderr.write("some hearing e-mails still fail; staff see them in the list")
