"""Tests for content/api.py and the page types' `api_fields`: what Wagtail's API v3 at /api/v3/ shows."""

import datetime
import gc

from wagtail.models import Page

import pytest

from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    ImageFactory,
)
from content.models import BulletinAlert, FraudType

# Wagtail leaves the SpooledTemporaryFile of each new rendition for the garbage collector.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"),
]

PAGES_URL = "/api/v3/pages/"
PUBLISHED = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)


def publish(page):
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(first_published_at=PUBLISHED)
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def collect_rendition_files():
    """Collect the files Wagtail leaves open here, where the warning filter above applies."""
    yield
    gc.collect()


@pytest.fixture
def pages(site_tree):
    cover = ImageFactory()
    article = ArticlePageFactory(
        parent=site_tree["credit"],
        title="个人信用报告怎么查：每年两次免费机会",
        summary="每人每年可以免费查询两次个人信用报告。",
        cover_image=cover,
        body__1__paragraph__value=f'<p>先读<a linktype="page" id="{site_tree["credit"].pk}">征信栏目</a>的入门文章。</p>',
    )
    article.fraud_types.set([FraudType.objects.get(slug="fake-credit-repair")])
    publish(article)
    case_study = publish(
        CaseStudyPageFactory(
            parent=site_tree["antifraud"],
            title="兼职“刷单返利”，三天被骗 3.8 万元",
            loss_amount="38000.00",
            region="浙江杭州",
        )
    )
    alert = BulletinAlert(
        fraud_type=FraudType.objects.get(slug="shuadan-fanli"),
        title="“点赞返佣”兼职是刷单诈骗",
        body="先给小额返利，再要求垫付大额资金。",
        case_study=case_study,
    )
    bulletin = publish(BulletinPageFactory(parent=site_tree["antifraud"], issue_number=12, alerts=[alert]))
    return {"article": article, "case_study": case_study, "bulletin": bulletin, "tree": site_tree}


def detail(client, page, **params):
    response = client.get(f"{PAGES_URL}{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    "key,page_type",
    [("article", "content.ArticlePage"), ("case_study", "content.CaseStudyPage"), ("bulletin", "content.BulletinPage")],
)
def test_listing_by_type_returns_the_live_pages_of_that_type(client, pages, key, page_type):
    response = client.get(PAGES_URL, {"type": page_type})

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["id"] == pages[key].pk
    assert item["title"] == pages[key].title
    assert item["meta"]["type"] == page_type
    assert item["meta"]["detail_url"] == f"http://testserver{PAGES_URL}{pages[key].pk}/"
    assert item["meta"]["first_published_at"] == "2025-03-03T09:00:00Z"


def test_article_detail_has_summary_cover_column_body_and_fraud_types(client, pages):
    data = detail(client, pages["article"])

    assert data["meta"]["type"] == "content.ArticlePage"
    assert data["summary"] == "每人每年可以免费查询两次个人信用报告。"
    assert data["author"] == "消保团队"
    assert data["cover"]["width"] == 900 and data["cover"]["height"] == 383
    assert data["cover"]["full_url"].startswith("http") and "fill-900x383" in data["cover"]["url"]
    column = pages["tree"]["credit"]
    assert data["column"] == {"id": column.pk, "key": "credit", "title": "征信", "slug": column.slug}
    assert data["fraud_types"] == [{"id": FraudType.objects.get(slug="fake-credit-repair").pk, "name": "虚假征信", "slug": "fake-credit-repair"}]
    assert [block["type"] for block in data["body"]] == ["heading", "paragraph", "quiz"]
    quiz = data["body"][2]["value"]
    assert quiz["answer"] == "B" and len(quiz["choices"]) == 3


def test_rich_text_comes_as_display_html_unless_the_stored_format_is_asked_for(client, pages):
    display = detail(client, pages["article"])["body"][1]["value"]
    stored = detail(client, pages["article"], rich_text_format="db_html")["body"][1]["value"]

    assert 'href="/zhengxin/"' in display and "linktype" not in display
    assert 'linktype="page"' in stored


def test_case_study_detail_has_the_five_sections_and_the_case_facts(client, pages):
    data = detail(client, pages["case_study"])

    assert data["fraud_type"] == {"id": FraudType.objects.get(slug="shuadan-fanli").pk, "name": "刷单返利", "slug": "shuadan-fanli"}
    assert data["loss_amount"] == "38000.00"
    assert data["region"] == "浙江杭州"
    assert data["occurred_on"] == "2025-03-08"
    for section in ("story", "technique", "red_flags", "prevention", "aftermath"):
        assert data[section].startswith("<p>"), section
    assert "小王" in data["story"]
    assert data["column"]["key"] == "antifraud"
    assert data["cover"] is None


def test_bulletin_detail_has_issue_dates_lead_warning_alerts_and_tip(client, pages):
    bulletin = pages["bulletin"]
    data = detail(client, bulletin)

    assert data["issue_number"] == 12
    assert data["week_start"] == bulletin.week_start.isoformat()
    assert data["week_end"] == bulletin.week_end.isoformat()
    assert data["lead_warning"] == bulletin.lead_warning
    assert data["tip_of_week"] == bulletin.tip_of_week
    [alert] = data["alerts"]
    assert alert["title"] == "“点赞返佣”兼职是刷单诈骗"
    assert alert["fraud_type"]["name"] == "刷单返利"
    assert alert["case_study"]["id"] == pages["case_study"].pk


def test_column_detail_has_key_intro_and_colour(client, pages):
    data = detail(client, pages["tree"]["antifraud"])

    assert data["column_key"] == "antifraud"
    assert data["colour"].startswith("#") and data["intro"]


def test_drafts_and_private_pages_stay_hidden_and_writes_need_a_token(client, pages):
    draft = ArticlePageFactory(parent=pages["tree"]["loans"], title="尚未发布的草稿", live=False)

    assert client.get(f"{PAGES_URL}{draft.pk}/").status_code == 404
    listed = {item["id"] for item in client.get(PAGES_URL, {"type": "content.ArticlePage"}).json()["items"]}
    assert draft.pk not in listed
    response = client.patch(
        f"{PAGES_URL}{pages['article'].pk}/", {"title": "被篡改"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_openapi_schema_describes_the_page_types(client, pages):
    response = client.get("/api/v3/openapi.json")

    assert response.status_code == 200
    schemas = response.json()["components"]["schemas"]
    assert {"ArticlePageSchema", "CaseStudyPageSchema", "BulletinPageSchema"} <= set(schemas)
    assert {"cover", "column", "fraud_types", "body"} <= set(schemas["ArticlePageSchema"]["properties"])
