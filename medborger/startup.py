"""What an app server checks before it serves a single request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_to_serve_without_a_secret_key() -> None:
    """Settings leave SECRET_KEY empty when DEBUG is off and none is given, so that management
    commands that need no key (`makemigrations --check`) still run; serving never is allowed.
    (Django itself also refuses to read an empty SECRET_KEY.)"""
    if not settings.SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
