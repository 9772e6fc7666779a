"""Tests for core/sites.py: the request's Site found from memory while nothing changed."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from content.models import HomePage
from core import memo
from core.sites import site_for_request

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
