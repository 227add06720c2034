from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HearingConfig(AppConfig):
    name = "hearing"
    verbose_name = _("Hearings")

    def ready(self) -> None:
        from hearing.hooks import process_hooks_register
        from hearing.services import mail_hooks_register

        mail_hooks_register()
        process_hooks_register()
