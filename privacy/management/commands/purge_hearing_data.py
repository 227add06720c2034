from django.core.management.base import BaseCommand

from hearing import services as hearing_services


class Command(BaseCommand):
    help = (
        "Past each hearing's deletion date: delete names, e-mail addresses and attachments of its "
        "responses; keep the anonymised text and the høringsnotat. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        result = hearing_services.hearing_data_purge()
        if not result.responses:
            self.stdout.write("purge_hearing_data: nothing to delete")
            return
        self.stdout.write(
            f"purge_hearing_data: {result.hearings} hearing(s), {result.responses} response(s) "
            f"anonymised, {result.files} attachment file(s) deleted"
        )
