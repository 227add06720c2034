import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

from medborger.immutable_cache import ImmutableResponseCache
from medborger.startup import refuse_to_serve_without_a_secret_key

django_application = get_wsgi_application()
refuse_to_serve_without_a_secret_key()

# Frozen responses (published versions' PDFs) are answered from memory after the first time.
application = ImmutableResponseCache(django_application)
