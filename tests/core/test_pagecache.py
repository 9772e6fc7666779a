"""Tests of the whole-page cache (core/pagecache.py) and the receivers that purge it (content/signals.py).

Requests go through the real WSGI stack: `PageCacheMiddleware` around Django's
`WSGIHandler` (or around a small WSGI app where a test needs a particular response),
with a counter between the two so a test sees whether Django was reached at all.
"""

import gzip
import io
import os
from wsgiref.util import setup_testing_defaults

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.template import engines
from django.test.utils import override_settings
from django.urls import path

from wagtail.models import Site

import pytest

from content.factories import ArticlePageFactory, HotlineFactory
from content.models import BrandSettings
from core.pagecache import (
    BODY_KEY_SUFFIX,
    GENERATION_KEY,
    PageCacheMiddleware,
    page_cache,
    page_cache_purge,
)


def csrf_form_view(request):
    """A page with a POST form, the way a comment or feedback form would render it."""
    template = engines["django"].from_string(
        "<html><body><form method='post'>{% csrf_token %}<button>提交</button></form></body></html>"
    )
    return HttpResponse(template.render({}, request))


urlpatterns = [path("form/", csrf_form_view)]


class CountingApp:
    """WSGI app in front of another that counts how often it is reached."""

    def __init__(self, app):
        self.app = app
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


class Answer:
    """One response: status code, headers (lower-case names), body bytes."""

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = {name.lower(): value for name, value in headers}
        self.body = body

    @property
    def cache_outcome(self) -> str | None:
        return self.headers.get("x-page-cache")


def make_environ(path_info: str = "/", method: str = "GET", query: str = "", **headers) -> dict:
    """A WSGI environ; headers as WSGI keys, e.g. HTTP_COOKIE="a=b"."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b""),
        **headers,
    }
    setup_testing_defaults(environ)
    return environ


def request(app, path_info: str = "/", method: str = "GET", query: str = "", **headers) -> Answer:
    """Send one request through `app` and collect the answer."""
    environ = make_environ(path_info, method, query, **headers)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = status, response_headers
        return lambda chunk: None

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return Answer(started["status"], started["headers"], body)


PAGE_BODY = ("<html><body>" + "正文" * 600 + "</body></html>").encode()


def static_app(status="200 OK", headers=None, body=PAGE_BODY):
    """A WSGI app that always gives the same response (text/html unless `headers` say otherwise)."""
    headers = headers if headers is not None else [("Content-Type", "text/html; charset=utf-8")]

    def app(environ, start_response):
        start_response(status, list(headers))
        return [body]

    return CountingApp(app)


@pytest.fixture(autouse=True)
def empty_page_cache():
    page_cache().clear()
    yield
    page_cache().clear()


@pytest.fixture
def django_app():
    """PageCacheMiddleware around Django, reached through a counter.

    Like Django's test client, it keeps the request signals from closing the test's
    database connection (which holds the test transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    counter = CountingApp(WSGIHandler())
    try:
        yield PageCacheMiddleware(counter), counter
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def article(site_tree):
    return ArticlePageFactory(parent=site_tree["credit"], title="怎样查询个人信用报告", slug="chaxun")


def rename_brand(name: str) -> None:
    brand = BrandSettings.for_site(Site.objects.get(is_default_site=True))
    brand.name = name
    brand.save()


def publish_title(page, title: str) -> None:
    page.title = title
    page.save_revision().publish()


# Hits and misses


@pytest.mark.django_db
def test_second_request_is_served_from_the_cache_without_django(django_app, article):
    app, django = django_app

    first = request(app, article.url)
    second = request(app, article.url)

    assert first.status_code == second.status_code == 200
    assert (first.cache_outcome, second.cache_outcome) == ("miss", "hit")
    assert django.calls == 1
    assert second.body == first.body
    assert "怎样查询个人信用报告".encode() in second.body
    assert second.headers["content-length"] == str(len(second.body))


@pytest.mark.django_db
def test_head_is_answered_from_the_cache_without_a_body(django_app, article):
    app, django = django_app
    full = request(app, article.url)

    head = request(app, article.url, method="HEAD")

    assert head.status_code == 200 and head.cache_outcome == "hit"
    assert head.body == b""
    assert head.headers["content-length"] == str(len(full.body))
    assert django.calls == 1


def test_cache_off_when_seconds_is_zero():
    inner = static_app()
    with override_settings(PAGE_CACHE_SECONDS=0):
        app = PageCacheMiddleware(inner)

    answers = [request(app, "/zhengxin/") for _ in range(2)]

    assert inner.calls == 2
    assert [answer.cache_outcome for answer in answers] == [None, None]


# Purging


@pytest.mark.django_db
def test_publishing_a_new_title_shows_on_the_next_request(django_app, article):
    app, django = django_app
    request(app, article.url)
    assert request(app, article.url).cache_outcome == "hit"

    publish_title(article, "信用报告里的逾期记录能删除吗")
    answer = request(app, article.url)

    assert answer.cache_outcome == "miss"
    assert "信用报告里的逾期记录能删除吗".encode() in answer.body
    assert "怎样查询个人信用报告".encode() not in answer.body
    assert django.calls == 2


@pytest.mark.django_db
def test_unpublishing_takes_the_page_away_on_the_next_request(django_app, article):
    app, _django = django_app
    request(app, article.url)
    url = article.url

    article.unpublish()

    assert request(app, url).status_code == 404


@pytest.mark.django_db
def test_publishing_a_page_purges_the_other_pages_that_list_it(django_app, article, site_tree):
    app, _django = django_app
    column_url = site_tree["credit"].url
    request(app, column_url)

    publish_title(article, "新标题：征信异议怎么提")

    answer = request(app, column_url)
    assert answer.cache_outcome == "miss"
    assert "新标题：征信异议怎么提".encode() in answer.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: HotlineFactory(), id="hotline saved"),
        pytest.param(lambda: rename_brand("新品牌"), id="brand setting edited"),
    ],
)
def test_shared_content_changes_purge_the_cache(site_tree, change):
    BrandSettings.for_site(Site.objects.get(is_default_site=True))
    generation = page_cache().get(GENERATION_KEY)

    change()

    assert page_cache().get(GENERATION_KEY) != generation


def test_a_page_rendered_while_a_publish_lands_is_not_served_afterwards():
    def publishing_meanwhile(environ, start_response):
        page_cache_purge(reason="an editor published while this page rendered")
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<p>old content</p>"]

    inner = CountingApp(publishing_meanwhile)
    app = PageCacheMiddleware(inner)

    request(app, "/a/")
    request(app, "/a/")

    assert inner.calls == 2


def test_a_lost_generation_key_makes_every_stored_page_stale():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    request(app, "/a/")

    page_cache().delete(GENERATION_KEY)

    assert request(app, "/a/").cache_outcome == "miss"
    assert request(app, "/a/").cache_outcome == "hit"


# Who bypasses the cache


@pytest.mark.django_db
def test_a_logged_in_editor_bypasses_the_cache(django_app, article):
    app, django = django_app
    request(app, article.url)
    editor = get_user_model().objects.create_user("editor", password="pw-for-tests")
    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = editor.get_session_auth_hash()
    session.save()

    answers = [request(app, article.url, HTTP_COOKIE=f"sessionid={session.session_key}") for _ in range(2)]

    assert [answer.cache_outcome for answer in answers] == [None, None]
    assert django.calls == 3


@pytest.mark.django_db
def test_the_admin_is_never_cached(django_app):
    app, django = django_app

    answers = [request(app, "/admin/login/") for _ in range(2)]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.cache_outcome for answer in answers] == [None, None]
    assert django.calls == 2


def test_other_methods_and_authorization_go_to_django():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    request(app, "/a/")

    request(app, "/a/", method="POST")
    request(app, "/a/", HTTP_AUTHORIZATION="Bearer abc")

    assert inner.calls == 3


# What is stored


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_page_with_a_csrf_token_is_not_cached(django_app):
    app, django = django_app

    first = request(app, "/form/")
    second = request(app, "/form/", HTTP_COOKIE="csrftoken=" + "a" * 32)

    assert b"csrfmiddlewaretoken" in first.body
    assert (first.cache_outcome, second.cache_outcome) == (None, None)
    assert django.calls == 2


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param([("Content-Type", "text/html"), ("Set-Cookie", "seen=1; Path=/")], id="set-cookie"),
        pytest.param([("Content-Type", "text/html"), ("Cache-Control", "private, max-age=60")], id="private"),
        pytest.param([("Content-Type", "text/html"), ("Cache-Control", "no-store")], id="no-store"),
        pytest.param([("Content-Type", "text/html"), ("Vary", "User-Agent")], id="vary-user-agent"),
        pytest.param([("Content-Type", "image/png")], id="not-html"),
        pytest.param([("Content-Type", "text/html"), ("Content-Encoding", "br")], id="already-encoded"),
    ],
)
def test_responses_that_must_not_be_shared_are_not_stored(headers):
    inner = static_app(headers=headers)
    app = PageCacheMiddleware(inner)

    answers = [request(app, "/a/") for _ in range(2)]

    assert inner.calls == 2
    assert [answer.cache_outcome for answer in answers] == [None, None]
    assert answers[1].headers == {name.lower(): value for name, value in headers}


def test_only_200_responses_are_stored():
    inner = static_app(status="404 Not Found")
    app = PageCacheMiddleware(inner)

    request(app, "/gone/")
    request(app, "/gone/")

    assert inner.calls == 2


def test_the_feed_content_type_is_stored_with_its_own_etag():
    inner = static_app(
        headers=[("Content-Type", "application/feed+json"), ("ETag", '"feed-v7"')], body=b'{"items": []}'
    )
    app = PageCacheMiddleware(inner)
    request(app, "/api/feed/")

    answer = request(app, "/api/feed/")

    assert answer.cache_outcome == "hit"
    assert answer.headers["etag"] == '"feed-v7"'
    assert inner.calls == 1


# Keys


def test_query_strings_are_part_of_the_key_but_tracking_parameters_are_not():
    inner = static_app()
    app = PageCacheMiddleware(inner)

    request(app, "/zhengxin/", query="page=2&column=credit")
    outcomes = {
        "same, reordered": request(app, "/zhengxin/", query="column=credit&page=2").cache_outcome,
        "with utm and WeChat markers": request(
            app, "/zhengxin/", query="page=2&utm_source=wechat&from=timeline&isappinstalled=0&column=credit"
        ).cache_outcome,
        "another page": request(app, "/zhengxin/", query="page=3&column=credit").cache_outcome,
        "no query": request(app, "/zhengxin/").cache_outcome,
    }

    assert outcomes == {
        "same, reordered": "hit",
        "with utm and WeChat markers": "hit",
        "another page": "miss",
        "no query": "miss",
    }


def test_hosts_are_part_of_the_key():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    request(app, "/a/")

    assert request(app, "/a/", HTTP_HOST="other.example").cache_outcome == "miss"


def test_the_language_is_part_of_the_key_only_when_django_negotiates_it(settings):
    inner = static_app()
    plain = PageCacheMiddleware(inner)
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.locale.LocaleMiddleware"]
    negotiating = PageCacheMiddleware(inner)
    chinese, english = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.8"}

    request(plain, "/a/", **chinese)
    request(negotiating, "/b/", **chinese)

    assert request(plain, "/a/", **english).cache_outcome == "hit"
    assert request(negotiating, "/b/", HTTP_ACCEPT_LANGUAGE="zh-CN").cache_outcome == "hit"
    assert request(negotiating, "/b/", **english).cache_outcome == "miss"


# Conditional requests and compression


def test_a_matching_etag_gets_304_from_the_cache():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    etag = request(app, "/a/").headers["etag"]

    not_modified = request(app, "/a/", HTTP_IF_NONE_MATCH=etag)
    weak = request(app, "/a/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')
    changed = request(app, "/a/", HTTP_IF_NONE_MATCH='"something-else"')

    assert (not_modified.status_code, not_modified.body) == (304, b"")
    assert not_modified.headers["etag"] == etag
    assert "content-length" not in not_modified.headers
    assert weak.status_code == 304
    assert changed.status_code == 200
    assert inner.calls == 1


def test_the_first_request_also_gets_an_etag_and_its_304():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    etag = request(app, "/a/").headers["etag"]
    page_cache().clear()

    answer = request(app, "/a/", HTTP_IF_NONE_MATCH=etag)

    assert (answer.status_code, answer.cache_outcome) == (304, "miss")


def test_readers_that_accept_gzip_get_the_compressed_copy():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    plain = request(app, "/a/")

    compressed = request(app, "/a/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    revalidated = request(app, "/a/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed.headers["etag"])

    assert compressed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == plain.body
    assert len(compressed.body) < len(plain.body) / 2
    assert compressed.headers["etag"] != plain.headers["etag"]
    assert "Accept-Encoding" in plain.headers["vary"] and "Accept-Encoding" in compressed.headers["vary"]
    assert revalidated.status_code == 304


# The shared backends production uses


@pytest.fixture(
    params=[
        pytest.param("file", id="file cache"),
        pytest.param("redis", id="redis", marks=pytest.mark.redis),
    ]
)
def shared_pages_cache(request, settings, tmp_path):
    """The `pages` alias as production configures it: files on disk, or Redis with REDIS_URL."""
    if request.param == "file":
        pages = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "pages"),
            "TIMEOUT": None,
        }
    else:
        pages = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", ""),
            "KEY_PREFIX": f"test-pagecache-{os.getpid()}",
            "TIMEOUT": None,
        }
    settings.CACHES = {**settings.CACHES, "pages": pages}
    settings.PAGE_CACHE_ALIAS = "pages"
    page_cache().clear()
    yield page_cache()
    page_cache().clear()


def test_a_purge_reaches_every_process_sharing_the_cache(shared_pages_cache):
    worker_one, worker_two = PageCacheMiddleware(static_app()), PageCacheMiddleware(static_app())
    request(worker_one, "/a/")
    assert request(worker_two, "/a/").cache_outcome == "hit"

    page_cache_purge(reason="published from a third process")

    assert request(worker_two, "/a/").cache_outcome == "miss"
    assert request(worker_one, "/a/").cache_outcome == "hit"
    assert shared_pages_cache.get(GENERATION_KEY) is not None


def test_a_large_response_is_stored_apart_and_its_304_needs_only_the_small_entry():
    big = ("<html><body>" + "".join(f"<p>第{n}条：不要向陌生账户转账。</p>" for n in range(4000)) + "</body></html>").encode()
    inner = static_app(body=big)
    app = PageCacheMiddleware(inner)
    etag = request(app, "/api/feed/").headers["etag"]
    assert request(app, "/api/feed/").body == big

    page_cache().delete(app.entry_key(make_environ("/api/feed/"), {}) + BODY_KEY_SUFFIX)

    assert request(app, "/api/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    refetched = request(app, "/api/feed/")
    assert (refetched.cache_outcome, refetched.body) == ("miss", big)
    assert inner.calls == 2


def test_gzip_refused_with_q_zero_gets_the_plain_copy():
    inner = static_app()
    app = PageCacheMiddleware(inner)
    request(app, "/a/")

    answer = request(app, "/a/", HTTP_ACCEPT_ENCODING="gzip;q=0, identity")

    assert "content-encoding" not in answer.headers
    assert answer.body == PAGE_BODY
