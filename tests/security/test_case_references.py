"""Issue 9, item 7: a reference to a case study shows it only while the case is live and public.

Replays the leak: an article's case-study block and a bulletin's 相关案例 pointing at a draft
or at a case under a view restriction showed that case's title in the poster, the WeChat
article, the reader page and the feed.
"""

import json

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from content.factories import ArticlePageFactory, BulletinPageFactory, CaseStudyPageFactory
from content.models import BulletinAlert, FraudType
from content.selectors import case_study_for_readers
from publishing.channels.wechat.content import article_build
from publishing.render.document import document_build
from publishing.render.themes import theme_get

pytestmark = pytest.mark.django_db

PUBLIC, DRAFT, PRIVATE, UNDER_PRIVATE = "公开案例标题甲", "草稿案例标题乙", "受限案例标题丙", "受限栏目下案例丁"


@pytest.fixture
def cases(site_tree):
    antifraud, loans = site_tree["antifraud"], site_tree["loans"]
    public = CaseStudyPageFactory(parent=antifraud, title=PUBLIC)
    draft = CaseStudyPageFactory(parent=antifraud, title=DRAFT, live=False)
    private = CaseStudyPageFactory(parent=antifraud, title=PRIVATE)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="Qz7-x")
    under = CaseStudyPageFactory(parent=loans, title=UNDER_PRIVATE)
    PageViewRestriction.objects.create(page=loans, restriction_type=PageViewRestriction.LOGIN)
    return [public, draft, private, under]


@pytest.fixture
def pages(site_tree, cases, settings):
    settings.RENDER_ON_PUBLISH = False
    article = ArticlePageFactory(parent=site_tree["credit"], title="引用案例的文章",
                                 body=[("case_study", {"case_study": case, "note": ""}) for case in cases])
    fraud = FraudType.objects.first()
    bulletin = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=40, alerts=[
        BulletinAlert(fraud_type=fraud, title=f"预警{index}", body="内容", case_study=case)
        for index, case in enumerate(cases)
    ])
    for page in (article, bulletin):
        page.save_revision().publish()
    return {"article": article, "bulletin": bulletin}


def assert_only_public(text: str) -> None:
    assert PUBLIC in text
    for hidden in (DRAFT, PRIVATE, UNDER_PRIVATE):
        assert hidden not in text, f"{hidden} leaked"


def test_the_selector_lets_only_live_public_cases_through(cases):
    assert [case_study_for_readers(case) for case in cases] == [cases[0], None, None, None]
    assert case_study_for_readers(None) is None


@pytest.mark.parametrize("which", ["article", "bulletin"])
def test_reader_page_shows_only_the_public_case(client, pages, which):
    response = client.get(pages[which].url)
    assert response.status_code == 200
    assert_only_public(response.content.decode())


def test_the_feed_shows_only_the_public_case(client, pages):
    response = client.get(reverse("content_feed"))
    assert response.status_code == 200
    assert_only_public(json.dumps(response.json(), ensure_ascii=False))


@pytest.mark.parametrize("which", ["article", "bulletin"])
@pytest.mark.parametrize("kind", ["poster", "pdf"])
def test_poster_and_pdf_show_only_the_public_case(pages, which, kind):
    page = pages[which].specific
    assert_only_public(document_build(page=page, theme=theme_get("alert-red"), kind=kind).html)


@pytest.mark.parametrize("which", ["article", "bulletin"])
def test_the_wechat_article_shows_only_the_public_case(pages, which):
    built = article_build(page=pages[which].specific, page_url="https://h5.example.com/x/")
    for hidden in (DRAFT, PRIVATE, UNDER_PRIVATE):
        assert hidden not in built.content
    if which == "article":
        assert PUBLIC in built.content


def test_the_api_shows_no_hidden_case_not_even_its_id(client, pages, cases):
    article = client.get(f"/api/v3/pages/{pages['article'].pk}/").json()
    assert [block["value"]["case_study"] for block in article["body"]] == [cases[0].pk, None, None, None]
    bulletin = client.get(f"/api/v3/pages/{pages['bulletin'].pk}/").json()
    references = [alert["case_study"] for alert in bulletin["alerts"]]
    assert references[0]["id"] == cases[0].pk and references[0]["title"] == PUBLIC
    assert references[1:] == [None, None, None]
