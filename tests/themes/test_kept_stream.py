"""Reader pages keep each body's rendered blocks per process (reader_tags.kept_stream), keyed by the body itself."""

from django.test import RequestFactory

import pytest

from content.factories import ArticlePageFactory
from content.models import Hotline


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def article(site_tree):
    return publish(
        ArticlePageFactory(
            parent=site_tree["credit"],
            title="征信报告怎么读",
            body__1__paragraph__value="<p>已发布的正文：先看个人基本信息。</p>",
        )
    )


@pytest.mark.django_db
def test_a_body_is_rendered_once_then_kept(client, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "blocks/paragraph_block.html" in [t.name for t in first.templates]
    assert "blocks/paragraph_block.html" not in [t.name for t in second.templates]


@pytest.mark.django_db
def test_a_draft_shows_its_own_body_and_the_live_page_keeps_its_own(client, article):
    assert "已发布的正文" in client.get(article.url).content.decode()
    article.body = [("paragraph", "<p>草稿里的正文：还没有发布。</p>")]
    draft = article.save_revision().as_object()

    request = RequestFactory().get(article.url, HTTP_HOST="localhost")
    preview = draft.serve_preview(request, draft.default_preview_mode)
    preview.render()
    assert "草稿里的正文" in preview.content.decode()
    assert "已发布的正文" not in preview.content.decode()

    live = client.get(article.url).content.decode()
    assert "已发布的正文" in live and "草稿里的正文" not in live


@pytest.mark.django_db
def test_a_changed_hotline_shows_at_once_in_a_kept_body(client, site_tree):
    hotline = Hotline.objects.order_by("pk").first()
    page = publish(
        ArticlePageFactory(
            parent=site_tree["credit"],
            body__3="hotline",
            body__3__hotline__hotline=hotline,
        )
    )
    assert hotline.number in client.get(page.url).content.decode()
    hotline.number = "95588-0"
    hotline.save()
    assert "95588-0" in client.get(page.url).content.decode()
