from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's own data: the "my data" pages, export, erasure and the purge jobs.

    No models: it reads the other apps' rows and asks each app's own services to anonymise them.
    """

    name = "privacy"
    verbose_name = _("Your data")
