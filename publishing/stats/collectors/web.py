"""Reads of the reader pages, counted on the server: no cookie, no script, no personal data.

`ReadCounter` wraps the WSGI application outside the page cache (cms/wsgi.py), so a page
served from the cache is counted like one Django rendered. It counts a GET answered 200 or
304 for a path that may be a page, unless the user agent is empty or a bot's, or the
browser is only prefetching. Counts are kept in the process by (day, path) and written to
`DailyStat` (channel "web") every `FLUSH_SECONDS` and when the process exits; `counts_flush`
maps paths to live pages in one query and drops paths that are not pages.
"""

import atexit
import datetime
import logging
import re
import threading
import time
from collections import Counter

from django.utils import timezone

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 5.0
BOT_AGENTS = re.compile(
    r"bot|spider|crawl|slurp|archiver|facebookexternalhit|preview|monitor|uptime|pingdom|headless|phantomjs|"
    r"curl|wget|python|httpx|aiohttp|go-http-client|java/|okhttp|libwww|scrapy|node-fetch|axios|wrk|ab/|lighthouse",
    re.I,
)
NOT_PAGES = ("/admin/", "/django-admin/", "/static/", "/media/", "/api/", "/renders/", "/documents/", "/_", "/favicon",
             "/robots.txt", "/sitemap", "/search/")


def is_counted(environ: dict, status: str) -> bool:
    """Whether this request is a person reading a page."""
    if environ.get("REQUEST_METHOD") != "GET" or status[:3] not in ("200", "304"):
        return False
    path = environ.get("PATH_INFO", "")
    if not path.endswith("/") or path.startswith(NOT_PAGES):
        return False
    agent = environ.get("HTTP_USER_AGENT", "")
    if not agent or BOT_AGENTS.search(agent):
        return False
    purpose = (environ.get("HTTP_SEC_PURPOSE", "") + environ.get("HTTP_PURPOSE", "")).lower()
    return "prefetch" not in purpose and "preview" not in purpose


class _Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.last_flush = time.monotonic()

    def add(self, path: str) -> bool:
        """Count one read; True when it is time to flush."""
        day = timezone.localdate()
        with self.lock:
            self.counts[(day, path)] += 1
            return time.monotonic() - self.last_flush >= FLUSH_SECONDS

    def take(self) -> Counter:
        with self.lock:
            taken, self.counts = self.counts, Counter()
            self.last_flush = time.monotonic()
            return taken


COUNTS = _Counts()


def counts_flush() -> int:
    """Write the counted reads to DailyStat; returns how many page-days were written."""
    taken = COUNTS.take()
    if not taken:
        return 0
    try:
        return _write(taken)
    except Exception:
        logger.exception("Could not write %d page read counts", len(taken))
        return 0


def _write(taken: Counter) -> int:
    from wagtail.models import Page, Site

    from ..recording import stats_add

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return 0
    root = site.root_page.url_path.rstrip("/")
    paths = {path for _day, path in taken}
    pages = dict(Page.objects.live().public().filter(url_path__in=[root + path for path in paths])
                 .values_list("url_path", "pk"))
    written = 0
    for (day, path), count in taken.items():
        page_id = pages.get(root + path)
        if page_id is not None:
            stats_add(page_id=page_id, channel="web", day=day, reads=count)
            written += 1
    return written


def reads_count(path: str, *, day: datetime.date | None = None) -> None:
    """Count one read of `path` (for callers outside WSGI, e.g. tests and benchmarks)."""
    COUNTS.counts[(day or timezone.localdate(), path)] += 1


class ReadCounter:
    """WSGI middleware: count reader page reads around `app` (put it outside the page cache)."""

    def __init__(self, app):
        self.app = app
        atexit.register(counts_flush)

    def __call__(self, environ, start_response):
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"] = status
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.app(environ, capture)
        try:
            if is_counted(environ, seen.get("status", "")) and COUNTS.add(environ.get("PATH_INFO", "")):
                counts_flush()
        except Exception:
            logger.exception("Counting a read failed")
        return result
