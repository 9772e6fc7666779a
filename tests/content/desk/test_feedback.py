"""这篇有帮助吗: on every reader page, counted per page and day without cookies, comments scrubbed."""

import datetime as dt

import pytest
import time_machine

from content.desk.models import FeedbackComment, PageFeedback
from content.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree, empty_cache):
    return ArticlePageFactory(parent=site_tree["credit"])


def test_every_reader_page_has_the_form_without_inline_script_or_token(client, article, site_tree):
    for url in (article.url, site_tree["credit"].url, "/"):
        body = client.get(url).content.decode()
        assert "这篇有帮助吗？" in body
        assert 'action="/xiaobao/feedback/"' in body
    body = client.get(article.url).content.decode()
    form = body[body.index('class="page-feedback__form"'):body.index("</form>", body.index('class="page-feedback__form"'))]
    assert "csrfmiddlewaretoken" not in form and "<script" not in form and "onclick" not in form
    assert "js/feedback.js" in body


def test_vote_without_javascript_counts_and_thanks(client, article):
    response = client.post("/xiaobao/feedback/", {"page": article.pk, "helpful": "no", "comment": "没讲清楚，打我电话 13912345678"})
    assert response.status_code == 200
    assert "谢谢您的反馈" in response.content.decode() and article.url in response.content.decode()
    assert not response.cookies
    counter = PageFeedback.objects.get(page=article)
    assert (counter.helpful, counter.not_helpful) == (0, 1)
    comment = FeedbackComment.objects.get()
    assert "13912345678" not in comment.text and "[已隐去]" in comment.text


def test_vote_with_javascript_gets_json(client, article):
    for vote in ("yes", "yes", "no"):
        response = client.post("/xiaobao/feedback/", {"page": article.pk, "helpful": vote}, HTTP_ACCEPT="application/json")
        assert response.json() == {"ok": True, "message": "谢谢您的反馈！"}
    counter = PageFeedback.objects.get(page=article)
    assert (counter.helpful, counter.not_helpful) == (2, 1)
    assert not FeedbackComment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"helpful": "yes"}, "找不到"), ({"helpful": "maybe"}, "请选择"), ({"helpful": "no", "comment": "长" * 301}, "最多 300 字")],
)
def test_bad_votes_are_refused(client, article, data, message):
    data = {"page": article.pk, **data} if "找不到" not in message else {**data, "page": "999999"}
    response = client.post("/xiaobao/feedback/", data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and message in response.json()["message"]
    assert not PageFeedback.objects.exists()


def test_votes_on_a_private_or_draft_page_are_refused(client, article):
    article.unpublish()
    response = client.post("/xiaobao/feedback/", {"page": article.pk, "helpful": "yes"})
    assert response.status_code == 400


def test_votes_are_rate_limited_per_address(client, article):
    # The limit counts in fixed one-minute windows: hold the clock so the 21 votes share one.
    with time_machine.travel(dt.datetime(2026, 11, 29, 2, 0, 10, tzinfo=dt.UTC), tick=False):
        codes = [
            client.post("/xiaobao/feedback/", {"page": article.pk, "helpful": "yes"}).status_code
            for _ in range(21)
        ]
    assert codes[-1] == 429 and codes[:20] == [200] * 20
    assert PageFeedback.objects.get().helpful == 20


def test_the_page_stays_cacheable(client, article, settings):
    response = client.get(article.url)
    assert "Set-Cookie" not in response.headers and not response.cookies
