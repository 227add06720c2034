from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessConfig(AppConfig):
    name = "process"
    verbose_name = _("Processes")

    def ready(self) -> None:
        from process.panels import policy_hooks_register

        policy_hooks_register()

        from process.notify import audiences_register

        audiences_register()
