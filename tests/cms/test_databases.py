"""PostgreSQL (DATABASE_URL=postgres://…): the page tree and Chinese search work on the real server."""

from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from content.factories import ArticlePageFactory
from content.models import ArticlePage
from content.search.tokens import query_tokens

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_default_database_is_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000, "PostgreSQL 13 or newer is needed"


def test_search_uses_postgresql_full_text_backend():
    backend = get_search_backend()

    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    assert isinstance(backend, PostgresSearchBackend)


def test_page_tree_and_chinese_search_round_trip(site_tree):
    credit, antifraud = site_tree["credit"], site_tree["antifraud"]
    article = ArticlePageFactory(
        parent=credit,
        title="警惕“征信修复”骗局",
        body__1__paragraph__value="<p>所谓“征信修复”“逾期记录洗白”都是骗局，逾期记录不能花钱删除。</p>",
    )
    other = ArticlePageFactory(parent=credit, title="信用卡账单日和还款日")

    assert article.get_parent().specific == credit
    assert list(credit.get_children().type(ArticlePage).order_by("path")) == [
        article.page_ptr,
        other.page_ptr,
    ]

    article.move(antifraud, pos="last-child")
    article.refresh_from_db()
    credit.refresh_from_db()
    assert article.url_path == f"{antifraud.url_path}{article.slug}/"
    assert article.get_parent().pk == antifraud.pk
    assert credit.numchild == 1

    found = Page.objects.live().search(query_tokens("征信修复"), operator="and")
    assert [page.pk for page in found] == [article.pk]
    found = Page.objects.live().search(query_tokens("还款日"), operator="and")
    assert [page.pk for page in found] == [other.pk]
