"""A whole-page cache in front of Django: anonymous readers get stored pages without entering Django.

`PageCacheMiddleware` wraps the WSGI application (cms/wsgi.py). For a GET or HEAD from a
reader (no session cookie, no Authorization header, not under the admin, Wagtail's `/_util/`
views, static or media files) it looks the page up in the cache alias `PAGE_CACHE_ALIAS`
and, on a hit, answers with the stored status, headers and body, skipping Django's
middleware, URL routing and the view. A hit answers `If-None-Match` with 304 Not Modified.

What is stored: only 200 responses to GET whose content type is in `PAGE_CACHE_CONTENT_TYPES`
(text/html and the app's application/feed+json), that set no cookie (so a page that used
a CSRF token, i.e. one with a POST form, is never stored: Django sets the CSRF cookie on
it), whose Cache-Control says neither private, no-store nor no-cache, that vary on nothing
but Cookie, Accept-Language and Accept-Encoding, that carry no Content-Encoding of their own,
and that are at most `PAGE_CACHE_MAX_BYTES` long. The stored entry keeps the response's own
ETag or gets a strong one made from the body, plus a gzip copy of the body for readers whose
browser accepts it (phones on 4G load a third of the bytes). A large body (the app's feed)
is stored under a key of its own, so a 304 reads only the small entry.

The key is the scheme, host, path, the query string with its parameters sorted and
tracking parameters dropped (`utm_*` and WeChat's share markers `from`, `isappinstalled`;
see `PAGE_CACHE_IGNORED_QUERY_PARAMS`) and, if LocaleMiddleware is installed, the language
it would pick for the request (as Django's own cache middleware does; the project serves
readers in 简体中文 only, so today it is not). A page that shows something that depends
on another cookie must say `Cache-Control: private`.

Purging: one cache key holds a site-wide generation number. Every entry records the
generation it was rendered under, and a hit needs the entry's generation to equal the
current one, so `page_cache_purge()` (called by content/signals.py when a page is
published, unpublished, moved or deleted, when a hotline, fraud type, the brand setting,
a site or a page's privacy changes) invalidates every page at once with one `incr`.
A lookup is one `get_many` of the generation key and the entry key: one round trip on
Redis, two small file reads on the file cache. A request reads the generation before
Django renders, so a page rendered while a publish commits is stored under the old
generation and is never served. The purge runs at once and again when the surrounding
transaction commits (Wagtail publishes inside one), so no reader can store the old page
under the new generation.

Where the cache lives (measured on the 2-core benchmark machine, benchmarks/README.md):
with `REDIS_URL` set, the `pages` alias is Redis, shared by every worker and every machine.
Without it, the alias is Django's FileBasedCache under `var/cache/pages` (or
`PAGE_CACHE_DIR`): the gunicorn workers of one machine share it, so a purge in one worker
reaches all of them, and a hit costs two small file reads from the OS page cache, fast
enough that the HTTP server, not the cache, is the bottleneck. Local memory would be
faster still but is private to each process, so a publish handled by one worker would
leave the others serving the old page; it is only used by settings that define no
`pages` alias (the test settings), which fall back to the default alias.

`PAGE_CACHE_SECONDS=0` (or DEBUG) turns the cache off: every request goes to Django.
"""

import gzip
import hashlib
import logging
import re
import time
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.db import connection, transaction
from django.http.cookie import parse_cookie
from django.utils.http import parse_etags
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
ENTRY_KEY_PREFIX = "pagecache:page:"
STATUS_HEADER = "X-Page-Cache"
BODY_KEY_SUFFIX = ":body"
GZIP_MIN_BYTES = 1024
# Bodies larger than this (plain + gzip) are stored under a key of their own, so that a
# 304 for a large response (the app's feed) reads only the small entry.
INLINE_BODY_BYTES = 32 * 1024
CACHEABLE_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})
UNCACHEABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Headers a 304 repeats from the full response (RFC 9110, section 15.4.5).
NOT_MODIFIED_HEADERS = frozenset({"cache-control", "content-location", "etag", "expires", "vary"})
_REFUSED = re.compile(r"q\s*=\s*0(\.0{0,3})?")

DEFAULT_EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/_util/", "/static/", "/media/", "/documents/")
DEFAULT_CONTENT_TYPES = ("text/html", "application/feed+json")
DEFAULT_IGNORED_QUERY_PARAMS = ("utm_*", "from", "isappinstalled")


def page_cache() -> BaseCache:
    """The cache that holds whole pages: alias `PAGE_CACHE_ALIAS`, or the default one if undefined."""
    alias = getattr(settings, "PAGE_CACHE_ALIAS", DEFAULT_CACHE_ALIAS)
    if alias not in settings.CACHES:
        alias = DEFAULT_CACHE_ALIAS
    return caches[alias]


def page_cache_generation(*, cache: BaseCache | None = None) -> int:
    """The current site-wide generation number, created (from the clock) if the cache lost it.

    A fresh number starts from the clock rather than from 1, so entries stored under an
    earlier generation can never match after the key was evicted.
    """
    cache = cache or page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def page_cache_purge(*, reason: str) -> None:
    """Make every stored page stale, now and again when the current transaction commits.

    `reason` is logged, e.g. "page 12 published".
    """
    _bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_bump_generation, robust=True)
    logger.info("Page cache purged: %s", reason)


def _bump_generation() -> None:
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        if not cache.add(GENERATION_KEY, time.time_ns(), timeout=None):
            cache.incr(GENERATION_KEY)


def _header_value(headers: list[tuple[str, str]], name: str) -> str:
    """The value of the first header called `name` (lower case), or ""."""
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


class _LanguageProbe:
    """Just enough of a request for Django's language negotiation."""

    __slots__ = ("COOKIES", "META")

    def __init__(self, cookies: dict, accept_language: str):
        self.COOKIES = cookies
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept_language}


@lru_cache(maxsize=256)
def _negotiated_language(cookie_language: str | None, accept_language: str) -> str:
    cookies = {} if cookie_language is None else {settings.LANGUAGE_COOKIE_NAME: cookie_language}
    return get_language_from_request(_LanguageProbe(cookies, accept_language))


class PageCacheMiddleware:
    """WSGI middleware: serve stored reader pages, store cacheable ones, answer 304s.

    Wrap the Django application once settings are loaded:
    `application = PageCacheMiddleware(get_wsgi_application())`. Settings are read when the
    wrapper is built.
    """

    def __init__(self, app):
        self.app = app
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        self.enabled = self.seconds > 0 and not settings.DEBUG
        self.excluded_paths = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS))
        self.content_types = frozenset(getattr(settings, "PAGE_CACHE_CONTENT_TYPES", DEFAULT_CONTENT_TYPES))
        self.max_bytes = int(getattr(settings, "PAGE_CACHE_MAX_BYTES", 2 * 1024 * 1024))
        ignored = tuple(getattr(settings, "PAGE_CACHE_IGNORED_QUERY_PARAMS", DEFAULT_IGNORED_QUERY_PARAMS))
        self.ignored_params = frozenset(name for name in ignored if not name.endswith("*"))
        self.ignored_prefixes = tuple(name[:-1] for name in ignored if name.endswith("*"))
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.language_cookie = settings.LANGUAGE_COOKIE_NAME
        self.negotiates_language = settings.USE_I18N and (
            "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
        )
        self.proxy_ssl_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)

    def __call__(self, environ, start_response):
        if not self.enabled:
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        path = environ.get("PATH_INFO", "") or "/"
        if path.startswith(self.excluded_paths) or "HTTP_AUTHORIZATION" in environ:
            return self.app(environ, start_response)
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        if self.session_cookie in cookies:
            return self.app(environ, start_response)

        cache = page_cache()
        key = self.entry_key(environ, cookies)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = page_cache_generation(cache=cache)
        page = found.get(key)
        if page is not None and page.generation == generation:
            answer = self._serve_stored(cache, key, page, environ, start_response)
            if answer is not None:
                return answer
        if method == "HEAD":
            return self.app(environ, start_response)
        return self._fill(cache, key, generation, environ, start_response)

    def entry_key(self, environ, cookies: dict) -> str:
        """The cache key of the page this request asks for (scheme, host, path, query, language)."""
        scheme = environ.get("wsgi.url_scheme", "http")
        if self.proxy_ssl_header:
            header, secure_value = self.proxy_ssl_header
            forwarded = environ.get(header)
            if forwarded is not None:
                scheme = "https" if forwarded.split(",", 1)[0].strip() == secure_value else "http"
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
        path = environ.get("SCRIPT_NAME", "") + (environ.get("PATH_INFO", "") or "/")
        query = self._normalized_query(environ.get("QUERY_STRING", ""))
        language = ""
        if self.negotiates_language:
            language = _negotiated_language(
                cookies.get(self.language_cookie), environ.get("HTTP_ACCEPT_LANGUAGE", "")
            )
        raw = "\n".join((scheme, host.lower(), path, query, language))
        return ENTRY_KEY_PREFIX + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _normalized_query(self, query_string: str) -> str:
        if not query_string:
            return ""
        pairs = [
            (name, value)
            for name, value in parse_qsl(query_string, keep_blank_values=True)
            if name not in self.ignored_params and not name.startswith(self.ignored_prefixes)
        ]
        pairs.sort()
        return urlencode(pairs)

    def _fill(self, cache: BaseCache, key: str, generation: int, environ, start_response):
        """Let Django answer; store the response if it may be shared, then send it."""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"], captured["exc_info"] = status, headers, exc_info
            if not self._storable(status, headers):
                captured["write"] = start_response(status, headers, exc_info)
                return captured["write"]
            return captured.setdefault("chunks", []).append

        result = self.app(environ, capture)
        if "write" in captured:
            return result
        try:
            body = b"".join([*result])
        finally:
            # Closing the response is what sends Django's request_finished signal.
            close = getattr(result, "close", None)
            if close is not None:
                close()
        body = b"".join([*captured.get("chunks", []), body])
        if "write" in captured:
            # The application called start_response only while its body was read.
            return [body]
        if len(body) > self.max_bytes:
            start_response(captured["status"], captured["headers"], captured["exc_info"])
            return [body]
        page, gzipped = self._stored_page(generation, captured["status"], captured["headers"], body)
        if page.body is None:
            cache.set_many(
                {key: page, key + BODY_KEY_SUFFIX: StoredBody(generation, page.etag, body, gzipped)},
                timeout=self.seconds,
            )
        else:
            cache.set(key, page, timeout=self.seconds)
        return self._respond(page, body, gzipped, environ, start_response, "miss")

    def _storable(self, status: str, headers: list[tuple[str, str]]) -> bool:
        if not status.startswith("200"):
            return False
        content_type = ""
        cache_control = ""
        vary = ""
        for name, value in headers:
            lower = name.lower()
            if lower == "set-cookie" or lower == "content-encoding":
                return False
            if lower == "content-type":
                content_type = value.split(";", 1)[0].strip().lower()
            elif lower == "cache-control":
                cache_control = value.lower()
            elif lower == "vary":
                vary = value
        if content_type not in self.content_types:
            return False
        if any(directive in cache_control for directive in UNCACHEABLE_CACHE_CONTROL):
            return False
        varies_on = {field.strip().lower() for field in vary.split(",") if field.strip()}
        return varies_on <= CACHEABLE_VARY

    @staticmethod
    def _stored_page(
        generation: int, status: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple["StoredPage", bytes | None]:
        """The entry to store for a response, and the gzip copy of its body (None if not worth it)."""
        etag = _header_value(headers, "etag") or f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
        vary = [field.strip() for field in _header_value(headers, "vary").split(",") if field.strip()]
        if "accept-encoding" not in {field.lower() for field in vary}:
            vary.append("Accept-Encoding")
        kept = [
            (name, value)
            for name, value in headers
            if name.lower() not in {"content-length", "etag", "vary", STATUS_HEADER.lower()}
        ]
        kept.append(("Vary", ", ".join(vary)))
        gzipped = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        if gzipped is not None and len(gzipped) >= len(body):
            gzipped = None
        has_gzip = gzipped is not None
        if len(body) + len(gzipped or b"") > INLINE_BODY_BYTES:
            return StoredPage(generation, status, kept, etag, has_gzip, None, None), gzipped
        return StoredPage(generation, status, kept, etag, has_gzip, body, gzipped), gzipped

    def _serve_stored(self, cache: BaseCache, key: str, page: "StoredPage", environ, start_response):
        """Answer from a stored page; None when its body, stored apart, has gone (then Django answers)."""
        body, gzipped = page.body, page.gzipped
        if body is None:
            if self._not_modified(page, environ):
                return self._respond(page, b"", None, environ, start_response, "hit")
            stored = cache.get(key + BODY_KEY_SUFFIX)
            if stored is None or stored.generation != page.generation or stored.etag != page.etag:
                return None
            body, gzipped = stored.body, stored.gzipped
        return self._respond(page, body, gzipped, environ, start_response, "hit")

    @staticmethod
    def _wants_gzip(environ) -> bool:
        return _accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))

    def _not_modified(self, page: "StoredPage", environ) -> bool:
        """True when If-None-Match names the ETag of the copy this client gets (plain or gzip)."""
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if not if_none_match:
            return False
        return _etag_matches(page.etag, if_none_match) or (
            page.has_gzip and _etag_matches(_gzip_etag(page.etag), if_none_match)
        )

    def _respond(self, page: "StoredPage", body: bytes, gzipped: bytes | None, environ, start_response, outcome):
        headers, etag = page.headers, page.etag
        if page.has_gzip and self._wants_gzip(environ):
            body, etag = gzipped or b"", _gzip_etag(etag)
            headers = [*headers, ("Content-Encoding", "gzip")]
        if self._not_modified(page, environ):
            kept = [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", [*kept, ("ETag", etag), (STATUS_HEADER, outcome)])
            return []
        start_response(
            page.status,
            [*headers, ("ETag", etag), ("Content-Length", str(len(body))), (STATUS_HEADER, outcome)],
        )
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        return [body]


class StoredPage(NamedTuple):
    """What the cache keeps of a response; `body` and `gzipped` are None when stored apart."""

    generation: int
    status: str
    headers: list[tuple[str, str]]
    etag: str
    has_gzip: bool
    body: bytes | None
    gzipped: bytes | None


class StoredBody(NamedTuple):
    """The body of a large response, under the page's key + BODY_KEY_SUFFIX."""

    generation: int
    etag: str
    body: bytes
    gzipped: bytes | None


@lru_cache(maxsize=256)
def _accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it)."""
    for coding in accept_encoding.lower().split(","):
        name, _, params = coding.partition(";")
        if name.strip() in ("gzip", "x-gzip"):
            return not _REFUSED.fullmatch(params.strip())
    return False


def _gzip_etag(etag: str) -> str:
    """The ETag of the gzip copy: the same tag with `-gzip` inside the quotes."""
    return etag[:-1] + '-gzip"' if etag.endswith('"') else etag + "-gzip"


@lru_cache(maxsize=1024)
def _etag_matches(etag: str, if_none_match: str) -> bool:
    """If-None-Match uses the weak comparison: W/ prefixes are ignored."""
    wanted = parse_etags(if_none_match)
    if "*" in wanted:
        return True
    bare = etag.removeprefix("W/")
    return any(candidate.removeprefix("W/") == bare for candidate in wanted)
