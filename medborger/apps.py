from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = _("Medborger portal")

    def ready(self) -> None:
        from medborger import checks  # noqa: F401 - registers the portal's system checks
