import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medborger.settings")

from medborger.immutable_cache import ImmutableResponseCache

# Frozen responses (published versions' PDFs) are answered from memory after the first time.
application = ImmutableResponseCache(get_wsgi_application())
