"""The portal's URLs plus one trivial page, the benchmark's ceiling for a Django response."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from medborger.urls import *  # noqa: F403 - the whole root urlconf, handlers included
from medborger.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """No database, no template: what the middleware stack and gunicorn cost by themselves."""
    return HttpResponse("<!doctype html><title>ok</title><p>ok</p>", content_type="text/html")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *portal_urlpatterns]
