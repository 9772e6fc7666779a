"""Tests for HomePage.route: one lookup by URL path finds any page below the home page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from content.factories import ArticlePageFactory, build_site_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_site_tree()


def test_a_live_article_is_found_in_two_queries(client, tree):
    article = ArticlePageFactory(parent=tree["credit"], title="查询信用报告", slug="report")
    home = tree["home"]
    with CaptureQueriesContext(connection) as queries:
        result = home.route(None, [tree["credit"].slug, "report"])
    assert result.page.pk == article.pk and type(result.page).__name__ == "ArticlePage"
    assert len(queries) == 2
    assert client.get(article.url).status_code == 200


def test_drafts_and_unknown_paths_are_404(client, tree):
    draft = ArticlePageFactory(parent=tree["credit"], title="草稿", slug="draft", live=False)
    assert client.get(tree["credit"].url + "draft/").status_code == 404
    assert client.get(tree["credit"].url + "no-such-page/").status_code == 404
    assert client.get(tree["credit"].url + "draft/extra/").status_code == 404
    draft.save_revision().publish()
    assert client.get(tree["credit"].url + "draft/").status_code == 200
