import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

from medborger.startup import refuse_to_serve_without_a_secret_key

application = get_asgi_application()
refuse_to_serve_without_a_secret_key()
