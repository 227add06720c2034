from django.apps import AppConfig
from django.conf import settings


class MedborgerConfig(AppConfig):
    name = "medborger"
    verbose_name = settings.SITE_NAME

    def ready(self) -> None:
        from django.urls import register_converter

        from medborger import (
            checks,  # noqa: F401 - registers the portal's system checks
            pagecache,
        )
        from medborger.converters import TokenConverter

        register_converter(TokenConverter, "token")
        pagecache.install()
