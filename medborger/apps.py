from django.apps import AppConfig
from django.conf import settings


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = settings.SITE_NAME
