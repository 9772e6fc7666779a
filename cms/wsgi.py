"""WSGI entry point (gunicorn cms.wsgi); reader pages are served from the page cache when they can be."""

import os

from django.core.wsgi import get_wsgi_application

from cms.pagecache import PageCacheMiddleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

application = PageCacheMiddleware(get_wsgi_application())
