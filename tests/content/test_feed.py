"""Tests for content/feed.py and its view: the app's JSON Feed 1.1 at /api/feed/."""

import datetime
import gc
import json
import re
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

import pytest

from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    ImageFactory,
)
from content.feed import (
    CONTENT_TYPE,
    DEFAULT_LIMIT,
    JSON_FEED_VERSION,
    MAX_LIMIT,
    BadCursor,
    BadLimit,
    UnknownColumn,
    decode_cursor,
    encode_cursor,
    feed_query_from_params,
)
from content.models import BulletinAlert, FraudType

# Wagtail leaves the SpooledTemporaryFile of each new rendition for the garbage collector.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.usefixtures("empty_cache"),
]

FEED_URL = "/api/feed/"
START = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the keys it defines; others must start with "_".
TOP_LEVEL_KEYS = {
    "version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
    "icon", "favicon", "authors", "language", "expired", "hubs", "items",
}
ITEM_KEYS = {
    "id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
    "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments",
}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_absolute_url(value, where):
    assert isinstance(value, str), f"{where} is not a string"
    parts = urlsplit(value)
    assert parts.scheme in {"http", "https"} and parts.netloc, f"{where} is not an absolute URL: {value!r}"


def assert_authors(authors, where):
    assert isinstance(authors, list) and authors, f"{where}.authors must be a non-empty array"
    for author in authors:
        assert isinstance(author, dict)
        assert set(author) <= {"name", "url", "avatar"}
        assert any(author.get(key) for key in ("name", "url", "avatar")), f"{where}: an author needs a name, url or avatar"
        assert all(isinstance(value, str) for value in author.values())
        for key in ("url", "avatar"):
            if key in author:
                assert_absolute_url(author[key], f"{where}.authors.{key}")


def assert_valid_json_feed(document):
    """Check a document against JSON Feed 1.1: required fields, types, absolute URLs, RFC 3339 dates."""
    assert document["version"] == JSON_FEED_VERSION
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["items"], list)
    for key in document:
        assert key in TOP_LEVEL_KEYS or key.startswith("_"), f"unknown top-level key {key!r}"
    for key in ("home_page_url", "feed_url", "next_url", "icon", "favicon"):
        if key in document:
            assert_absolute_url(document[key], key)
    for key in ("description", "user_comment", "language"):
        if key in document:
            assert isinstance(document[key], str)
    if "authors" in document:
        assert_authors(document["authors"], "feed")
    ids = []
    for index, item in enumerate(document["items"]):
        where = f"items[{index}]"
        assert isinstance(item["id"], str) and item["id"], f"{where}.id is required and a string"
        ids.append(item["id"])
        for key, value in item.items():
            if key.startswith("_"):
                assert isinstance(value, dict), f"{where}.{key}: an extension is an object"
            else:
                assert key in ITEM_KEYS, f"{where}: unknown key {key!r}"
        assert "content_html" in item or "content_text" in item, f"{where} needs content_html or content_text"
        for key in ("title", "content_html", "content_text", "summary", "language"):
            if key in item:
                assert isinstance(item[key], str), f"{where}.{key} must be a string"
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item:
                assert_absolute_url(item[key], f"{where}.{key}")
        for key in ("date_published", "date_modified"):
            if key in item:
                assert RFC3339.match(item[key]), f"{where}.{key} is not RFC 3339: {item[key]!r}"
                datetime.datetime.fromisoformat(item[key])
        if "tags" in item:
            assert isinstance(item["tags"], list) and all(isinstance(tag, str) for tag in item["tags"])
        for attachment in item.get("attachments", []):
            assert_absolute_url(attachment["url"], f"{where}.attachments.url")
            assert isinstance(attachment["mime_type"], str) and "/" in attachment["mime_type"]
            assert set(attachment) <= {"url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"}
        if "authors" in item:
            assert_authors(item["authors"], where)
    assert len(ids) == len(set(ids)), "item ids must be unique"


def publish(page, *, at):
    """Publish `page` through a revision, as the admin does, and date the publication `at`."""
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
    page.refresh_from_db()
    return page


def get_feed(client, params=None, **headers):
    return client.get(FEED_URL, params or {}, headers=headers)


@pytest.fixture(autouse=True)
def collect_rendition_files():
    """Collect the files Wagtail leaves open here, where the warning filter above applies."""
    yield
    gc.collect()


@pytest.fixture
def content(site_tree):
    """One article, one case study and one bulletin, published a day apart (bulletin newest)."""
    cover = ImageFactory()
    article = publish(
        ArticlePageFactory(
            parent=site_tree["credit"],
            title="个人信用报告怎么查：每年两次免费机会",
            summary="通过征信中心官网或银行网点，每年可以免费查询两次个人信用报告。",
            cover_image=cover,
            body__1__paragraph__value='<p>登录<a href="/zhengxin/">征信栏目</a>了解更多；<b>不要</b>找“征信修复”中介。</p>',
        ),
        at=START,
    )
    article.fraud_types.set([FraudType.objects.get(slug="fake-credit-repair")])
    publish(article, at=START)
    case_study = publish(
        CaseStudyPageFactory(
            parent=site_tree["antifraud"],
            title="兼职“刷单返利”，三天被骗 3.8 万元",
            story='<p>小王在社交平台看到“点赞返佣”的兼职。</p><script>alert("xss")</script><img src="x" onerror="alert(1)">',
        ),
        at=START + datetime.timedelta(days=1),
    )
    alert = BulletinAlert(
        fraud_type=FraudType.objects.get(slug="shuadan-fanli"),
        title="“点赞返佣”兼职是刷单诈骗",
        body="先给小额返利，再以“连单任务”要求垫付大额资金。\n凡是要求先垫钱的兼职都是诈骗。",
        case_study=case_study,
    )
    bulletin = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=7, cover_image=cover, alerts=[alert])
    publish(bulletin, at=START + datetime.timedelta(days=2))
    return {"article": article, "case_study": case_study, "bulletin": bulletin, "tree": site_tree}


@pytest.mark.django_db
def test_feed_is_valid_json_feed_with_every_page_type_newest_first(client, content):
    response = get_feed(client)

    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPE
    document = json.loads(response.content)
    assert_valid_json_feed(document)
    assert document["language"] == "zh-CN"
    assert document["feed_url"] == "http://testserver/api/feed/"
    assert document["home_page_url"] == "http://testserver/"
    assert "next_url" not in document
    ids = [item["id"] for item in document["items"]]
    assert ids == [f"page:{content[key].pk}" for key in ("bulletin", "case_study", "article")]
    types = [item["_jinrong"]["page_type"] for item in document["items"]]
    assert types == ["bulletin", "case_study", "article"]


@pytest.mark.django_db
def test_items_carry_what_the_app_shows(client, content):
    items = {item["_jinrong"]["page_type"]: item for item in json.loads(get_feed(client).content)["items"]}
    article, case_study, bulletin = items["article"], items["case_study"], items["bulletin"]

    assert article["title"] == "个人信用报告怎么查：每年两次免费机会"
    assert article["url"] == "http://testserver/zhengxin/" + content["article"].slug + "/"
    assert article["summary"].startswith("通过征信中心官网")
    assert article["tags"] == ["征信", FraudType.objects.get(slug="fake-credit-repair").name]
    assert article["authors"] == [{"name": "消保团队"}]
    assert article["date_published"] == "2025-03-03T17:00:00+08:00"
    assert article["image"].startswith("http://testserver/") and "fill-900x383" in article["image"]
    assert article["_jinrong"] == {
        "page_id": content["article"].pk,
        "page_type": "article",
        "column": "credit",
        "column_title": "征信",
        "revision_id": content["article"].live_revision_id,
    }
    assert "<strong>不要</strong>" in article["content_html"] or "<b>不要</b>" in article["content_html"]
    assert 'href="http://testserver/zhengxin/"' in article["content_html"]
    assert "自称“客服”的人要你把钱转到“安全账户”" in article["content_html"]
    assert "<li>B. 挂断电话，拨打 96110 核实</li>" in article["content_html"]
    assert "正确答案：<strong>B. 挂断电话，拨打 96110 核实</strong>" in article["content_html"]
    assert "公检法和银行都没有所谓的“安全账户”" in article["content_html"]

    assert case_study["tags"] == ["反诈骗", "刷单返利"]
    assert case_study["_jinrong"]["fraud_type"] == "shuadan-fanli"
    assert "案情经过" in case_study["content_html"] and "小王在社交平台" in case_study["content_html"]

    assert bulletin["_jinrong"]["issue_number"] == 7
    assert bulletin["_jinrong"]["week_start"] == content["bulletin"].week_start.isoformat()
    assert "本周预警" in bulletin["content_html"] and "本周提示" in bulletin["content_html"]
    case_url = f'href="http://testserver/fanzha/{content["case_study"].slug}/"'
    assert case_url in bulletin["content_html"]


@pytest.mark.django_db
def test_content_html_is_sanitised_and_has_no_relative_urls(client, content):
    for item in json.loads(get_feed(client).content)["items"]:
        html = item["content_html"]
        assert "<script" not in html.lower()
        assert not re.search(r"\son\w+\s*=", html, re.IGNORECASE)
        assert not re.search(r'\s(?:href|src)="/(?!/)', html), "relative URLs must be made absolute"


@pytest.mark.django_db
def test_drafts_private_and_navigation_pages_stay_out(client, content):
    tree = content["tree"]
    draft = ArticlePageFactory(parent=tree["loans"], title="草稿：尚未发布", live=False)
    private = publish(ArticlePageFactory(parent=tree["loans"], title="内部资料"), at=START)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    unpublished = publish(ArticlePageFactory(parent=tree["aml"], title="已撤下的文章"), at=START)
    unpublished.unpublish()

    ids = {item["id"] for item in json.loads(get_feed(client).content)["items"]}

    assert ids == {f"page:{content[key].pk}" for key in ("article", "case_study", "bulletin")}
    assert f"page:{draft.pk}" not in ids and f"page:{tree['credit'].pk}" not in ids


@pytest.mark.django_db
def test_column_filter_by_key_or_slug(client, content):
    by_key = json.loads(get_feed(client, {"column": "antifraud"}).content)
    by_slug = json.loads(get_feed(client, {"column": "fanzha"}).content)

    assert_valid_json_feed(by_key)
    expected = [f"page:{content['bulletin'].pk}", f"page:{content['case_study'].pk}"]
    assert [item["id"] for item in by_key["items"]] == expected
    assert by_slug["items"] == by_key["items"]
    assert by_key["title"].endswith("反诈骗")
    assert by_key["feed_url"] == "http://testserver/api/feed/?column=antifraud"
    assert by_key["home_page_url"] == "http://testserver/fanzha/"


@pytest.mark.django_db
def test_unknown_column_is_404_with_a_chinese_message(client, content):
    response = get_feed(client, {"column": "lottery"})

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "没有找到栏目“lottery”" in response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": encode_cursor(START, 5) + "x"},
        {"cursor": "fHg"},  # "|x"
        {"limit": "ten"},
        {"limit": "0"},
    ],
)
def test_bad_cursor_or_limit_is_400_with_a_chinese_message(client, content, params):
    response = get_feed(client, params)

    assert response.status_code == 400
    message = response.json()["error"]
    assert ("cursor 参数无效" in message) or ("limit 参数应为" in message)


@pytest.mark.django_db
def test_cursor_pagination_walks_every_item_once_even_with_inserts(client, site_tree):
    pages = [
        publish(
            ArticlePageFactory(parent=site_tree["loans"], title=f"借钱之前先算清年化利率（{n}）"),
            at=START + datetime.timedelta(hours=n),
        )
        for n in range(5)
    ]
    # Two pages published in the same second: the primary key breaks the tie.
    Page.objects.filter(pk=pages[1].pk).update(first_published_at=pages[2].first_published_at)

    first = json.loads(get_feed(client, {"limit": "2"}).content)
    assert_valid_json_feed(first)
    assert len(first["items"]) == 2
    assert "limit=2" in first["next_url"]
    newest = publish(ArticlePageFactory(parent=site_tree["loans"], title="新发布：网贷逾期怎么办"), at=START + datetime.timedelta(days=9))

    seen = [item["id"] for item in first["items"]]
    next_url = first["next_url"]
    while next_url:
        assert_absolute_url(next_url, "next_url")
        parts = urlsplit(next_url)
        document = json.loads(client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}).content)
        assert_valid_json_feed(document)
        seen += [item["id"] for item in document["items"]]
        next_url = document.get("next_url")

    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == {f"page:{page.pk}" for page in pages}
    assert f"page:{newest.pk}" not in seen
    assert json.loads(get_feed(client).content)["items"][0]["id"] == f"page:{newest.pk}"


@pytest.mark.django_db
def test_limit_defaults_to_20_and_is_capped_at_50(content):
    assert feed_query_from_params(params={}).limit == DEFAULT_LIMIT == 20
    assert feed_query_from_params(params={"limit": "5"}).limit == 5
    assert feed_query_from_params(params={"limit": "500"}).limit == MAX_LIMIT == 50
    with pytest.raises(BadLimit):
        feed_query_from_params(params={"limit": "-1"})
    with pytest.raises(UnknownColumn):
        feed_query_from_params(params={"column": "不存在"})


def test_cursor_round_trips_and_rejects_tampering():
    moment = datetime.datetime(2025, 3, 3, 9, 0, 0, 123456, tzinfo=datetime.UTC)
    assert decode_cursor(encode_cursor(moment, 42)) == (moment, 42)
    assert decode_cursor(encode_cursor(None, 7)) == (None, 7)
    for token in ["", "====", encode_cursor(moment, 42)[:-2], "MjAyNS0wMy0wM1QwOTowMDowMHw0Mg"]:
        with pytest.raises(BadCursor):
            decode_cursor(token)


@pytest.mark.django_db
def test_etag_answers_304_with_no_body(client, content):
    response = get_feed(client)
    etag = response["ETag"]

    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), "a strong ETag"
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]

    with CaptureQueriesContext(connection) as queries:
        not_modified = get_feed(client, If_None_Match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert "max-age=60" in not_modified["Cache-Control"]
    # Wagtail's public() reads the view restrictions, then one aggregate query of the pages and
    # one of their finished poster renders (publishing's construct_feed_etag); nothing is rendered.
    assert len(queries) == 3, [query["sql"] for query in queries]

    assert get_feed(client, If_None_Match=f"W/{etag}").status_code == 304
    assert get_feed(client, If_None_Match=f'"other", {etag}').status_code == 304
    assert get_feed(client, If_None_Match='"other"').status_code == 200
    assert get_feed(client, {"limit": "2"}, If_None_Match=etag).status_code == 200
    assert get_feed(client, {"column": "antifraud"}, If_None_Match=etag).status_code == 200


@pytest.mark.django_db
def test_publishing_and_unpublishing_change_the_etag_and_show_at_once(client, content):
    etag = get_feed(client)["ETag"]
    article = content["article"]
    article.title = "个人信用报告怎么查（更新版）"
    article.save_revision().publish()

    response = get_feed(client, If_None_Match=etag)
    assert response.status_code == 200
    items = {item["id"]: item for item in json.loads(response.content)["items"]}
    assert items[f"page:{article.pk}"]["title"] == "个人信用报告怎么查（更新版）"

    etag = response["ETag"]
    content["case_study"].unpublish()
    response = get_feed(client, If_None_Match=etag)
    assert response.status_code == 200
    assert f"page:{content['case_study'].pk}" not in {item["id"] for item in json.loads(response.content)["items"]}


@pytest.mark.django_db
def test_number_of_queries_does_not_grow_with_the_number_of_items(client, site_tree):
    fraud_type = FraudType.objects.get(slug="shuadan-fanli")
    cover = ImageFactory()

    def add_round(n):
        article = ArticlePageFactory(parent=site_tree["aml"], title=f"洗钱的三个阶段（{n}）", cover_image=cover)
        article.fraud_types.set([fraud_type])
        publish(article, at=START + datetime.timedelta(hours=n))
        publish(CaseStudyPageFactory(parent=site_tree["antifraud"], cover_image=cover), at=START + datetime.timedelta(hours=n, minutes=1))
        publish(BulletinPageFactory(parent=site_tree["antifraud"], issue_number=n + 1), at=START + datetime.timedelta(hours=n, minutes=2))

    def count_queries():
        get_feed(client)  # renders and caches each item's HTML and the cover renditions
        with CaptureQueriesContext(connection) as queries:
            assert get_feed(client).status_code == 200
        return len(queries)

    add_round(0)
    few = count_queries()
    for n in range(1, 5):
        add_round(n)
    many = count_queries()

    assert len(json.loads(get_feed(client).content)["items"]) == 15
    assert many == few


@pytest.mark.django_db
def test_items_attach_the_poster_and_the_case_studys_pdf(client, content):
    items = {item["_jinrong"]["page_type"]: item for item in json.loads(get_feed(client).content)["items"]}
    case_study = content["case_study"]

    assert items["case_study"]["attachments"] == [
        {"url": f"http://testserver/renders/{case_study.pk}/poster/", "mime_type": "image/jpeg", "title": "长图海报"},
        {"url": f"http://testserver/renders/{case_study.pk}/pdf/", "mime_type": "application/pdf", "title": "PDF 打印版"},
    ]
    assert [a["mime_type"] for a in items["bulletin"]["attachments"]] == ["image/jpeg"]
    assert [a["mime_type"] for a in items["article"]["attachments"]] == ["image/jpeg"]
