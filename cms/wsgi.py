"""WSGI entry point (gunicorn cms.wsgi); reader pages are served from the page cache when they can be,
and every read of one is counted for 阅读数据 (publishing/stats/collectors/web.py)."""

import os

from django.core.wsgi import get_wsgi_application

from core.pagecache import PageCacheMiddleware
from publishing.stats.collectors.web import ReadCounter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

# Reads are counted outside the page cache, so pages served from it count too.
application = ReadCounter(PageCacheMiddleware(get_wsgi_application()))
