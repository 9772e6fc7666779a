"""Tests for core/sites.py: the request's Site found from memory while nothing changed; a page's Site."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from content.models import ArticlePage, HomePage
from core import memo
from core.sites import default_site, page_site, site_for_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_memory():
    memo.memo_clear()
    yield
    memo.memo_clear()


def site_queries(queries):
    return [q for q in queries.captured_queries if "wagtailcore_site" in q["sql"]]


def test_the_second_request_needs_no_site_query():
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert site_for_request(request).is_default_site
    with CaptureQueriesContext(connection) as queries:
        assert site_for_request(RequestFactory().get("/", HTTP_HOST="localhost")).is_default_site
    assert site_queries(queries) == []


def test_a_changed_site_is_seen_on_the_next_request():
    factory = RequestFactory()
    default = site_for_request(factory.get("/", HTTP_HOST="zhishi.example.com"))
    assert default.is_default_site
    second = Site.objects.create(hostname="zhishi.example.com", port=80, root_page=HomePage.objects.get())
    found = site_for_request(factory.get("/", HTTP_HOST="zhishi.example.com"))
    assert found.pk == second.pk


def test_pages_are_served_with_the_remembered_site(client):
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert site_queries(queries) == []


def test_hosts_from_outside_cannot_grow_the_memory_without_bound():
    factory = RequestFactory()
    for number in range(memo.MAX_ENTRIES * 2):
        site_for_request(factory.get("/", HTTP_HOST=f"h{number}.example.com"))
    assert len(memo._entries) <= memo.MAX_ENTRIES


def test_a_page_has_its_own_site_and_a_page_not_in_the_tree_the_default_one():
    default = Site.objects.get(is_default_site=True)
    assert default_site() == default
    assert page_site(HomePage.objects.get()) == default
    second_home = Page.get_first_root_node().add_child(instance=HomePage(title="第二站点", slug="second"))
    second = Site.objects.create(hostname="second.example", root_page=second_home, is_default_site=False)
    assert page_site(second_home) == second
    assert page_site(ArticlePage(title="新文章")) == default


def test_without_any_site_there_is_none():
    Site.objects.all().delete()
    assert default_site() is None
    assert page_site(ArticlePage(title="新文章")) is None
