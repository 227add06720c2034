from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {"MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME, "SITE_NAME": settings.SITE_NAME}
