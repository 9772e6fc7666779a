"""Tests for content/search.py and the /search/ view: Chinese site search with real queries on real text.

They run on whatever database the suite uses (SQLite FTS5 or PostgreSQL's `simple`
configuration): the tokens are ASCII, so both backends must agree.
"""

from wagtail.models import Page, PageViewRestriction

import pytest

from content.factories import ArticlePageFactory, BulletinPageFactory, CaseStudyPageFactory
from content.models import BulletinAlert, FraudType
from content.search import (
    MAX_QUERY_LENGTH,
    SEARCH_PAGE_SIZE,
    SearchQueryError,
    index_tokens,
    query_tokens,
    search_pages,
)

pytestmark = pytest.mark.django_db


def paragraph(text):
    return f"<p>{text}</p>"


def article(parent, *, title, text, summary=""):
    page = ArticlePageFactory(parent=parent, title=title, summary=summary, body__1__paragraph__value=paragraph(text))
    page.save_revision().publish()
    return page


def titles(query, page_number=None):
    return [page.title for page in search_pages(query=query, page_number=page_number).object_list]


@pytest.fixture
def library(site_tree):
    """A few pages of real reader content, each with a phrase the tests look for."""
    case = CaseStudyPageFactory(
        parent=site_tree["antifraud"],
        title="兼职刷单返利，三天被骗 3.8 万元",
        summary="先返小额佣金取得信任，再以“任务卡单”为由诱骗大额垫付。",
    )
    case.save_revision().publish()
    repair = article(
        site_tree["credit"],
        title="花钱就能删除逾期记录？小心骗局",
        text="所谓“征信修复”“征信洗白”都是骗局：逾期记录只能在结清后保留五年，任何机构都无权删除。",
    )
    apart = article(
        site_tree["credit"],
        title="个人信用报告的三种查询方式",
        text="查询征信报告要走官方渠道。守信修德，逾期记录到期后会自动消除，不需要花钱修复。",
    )
    loans = article(
        site_tree["loans"],
        title="看懂借款成本：名义利率和 APR",
        text="借款合同必须写明年化利率（APR）。只看“日息”“月费率”容易低估成本；对收费有疑问可拨打 12378 银行保险消费者投诉热线。",
    )
    mention = article(
        site_tree["aml"],
        title="出租银行卡的后果",
        text="把银行卡借给别人“走账”，可能被用于刷单和洗钱，卡主要承担法律责任。",
    )
    return {"case": case, "repair": repair, "apart": apart, "loans": loans, "mention": mention, "tree": site_tree}


def test_tokens_are_ascii_bigrams_and_words():
    assert index_tokens("刷单") == "h5237 h5355 h5237h5355"
    assert query_tokens("征信修复") == "h5f81h4fe1 h4fe1h4fee h4feeh590d"
    assert query_tokens("APR 96110") == "apr 96110"
    assert index_tokens("<p>拨打96110</p>").split()[-1] == "96110"


def test_two_characters_find_a_longer_phrase(library):
    """刷单 finds the case about 刷单返利 (title first) and the article that mentions 刷单."""
    assert titles("刷单") == ["兼职刷单返利，三天被骗 3.8 万元", "出租银行卡的后果"]


def test_a_phrase_must_occur_as_written(library):
    """征信修复 finds the page with 征信修复, not the one with 征信, 信修 and 修复 apart."""
    bigram_matches = {page.pk for page in Page.objects.live().search(query_tokens("征信修复"), operator="and")}
    assert library["apart"].pk in bigram_matches, "the bigrams alone match the wrong page too"

    assert titles("征信修复") == ["花钱就能删除逾期记录？小心骗局"]


def test_words_separated_by_a_space_may_occur_apart(library):
    assert set(titles("征信 修复")) == {"花钱就能删除逾期记录？小心骗局", "个人信用报告的三种查询方式"}


def test_a_single_character_finds_every_page_with_it(library):
    """Every article's default quiz mentions 96110 and 安全账户 but not 骗, so exactly two pages match."""
    assert set(titles("骗")) == {"兼职刷单返利，三天被骗 3.8 万元", "花钱就能删除逾期记录？小心骗局"}


def test_latin_words_and_numbers(library):
    assert titles("12378") == ["看懂借款成本：名义利率和 APR"]
    assert titles("APR") == ["看懂借款成本：名义利率和 APR"]
    assert titles("apr 年化利率") == ["看懂借款成本：名义利率和 APR"]
    assert titles("APR 征信修复") == []


def test_a_query_with_no_match_gives_an_empty_page(library):
    page_obj = search_pages(query="比特币挖矿")
    assert list(page_obj.object_list) == []
    assert page_obj.paginator.count == 0


def test_title_hits_come_first(library):
    article(library["tree"]["antifraud"], title="刷单诈骗的五个信号", text="要求先垫付的兼职都是诈骗。")

    found = titles("刷单")

    assert set(found[:2]) == {"兼职刷单返利，三天被骗 3.8 万元", "刷单诈骗的五个信号"}
    assert found[2:] == ["出租银行卡的后果"]


def test_results_are_paginated(site_tree):
    for n in range(SEARCH_PAGE_SIZE + 2):
        article(site_tree["loans"], title=f"网贷逾期怎么办（{n}）", text="逾期后先和平台协商还款计划，不要借新还旧。")

    first, second = search_pages(query="借新还旧"), search_pages(query="借新还旧", page_number="2")

    assert len(first.object_list) == SEARCH_PAGE_SIZE and first.has_next()
    assert len(second.object_list) == 2
    assert not {page.pk for page in first.object_list} & {page.pk for page in second.object_list}
    assert len(search_pages(query="借新还旧", page_number="abc").object_list) == SEARCH_PAGE_SIZE


def test_case_study_sections_and_bulletin_alerts_are_searched(site_tree):
    case = CaseStudyPageFactory(
        parent=site_tree["antifraud"],
        title="网恋对象推荐“投资平台”",
        technique="<p>对方在交友软件上嘘寒问暖，取得信任后推荐所谓“内部投资平台”，这就是“杀猪盘”。</p>",
    )
    case.save_revision().publish()
    alert = BulletinAlert(
        fraud_type=FraudType.objects.get(slug="fake-loan"),
        title="“无抵押秒到账”是陷阱",
        body="放款前要求交“解冻费”的贷款一律是诈骗。",
    )
    bulletin = BulletinPageFactory(parent=site_tree["antifraud"], issue_number=3, alerts=[alert])
    bulletin.save_revision().publish()

    assert titles("杀猪盘") == ["网恋对象推荐“投资平台”"]
    assert titles("解冻费") == [bulletin.title]


def test_unpublished_and_private_pages_are_not_found(library):
    library["repair"].unpublish()
    PageViewRestriction.objects.create(page=library["case"], restriction_type=PageViewRestriction.LOGIN)

    assert titles("征信修复") == []
    assert titles("刷单") == ["出租银行卡的后果"]


def test_republishing_updates_the_index(library):
    page = library["loans"]
    page.title = "看懂借款成本：别被“低息”骗了"
    page.save_revision().publish()

    assert titles("低息") == ["看懂借款成本：别被“低息”骗了"]


@pytest.mark.parametrize(
    "query,message",
    [
        ("", "请输入要搜索的关键词"),
        ("   ", "请输入要搜索的关键词"),
        ("征" * (MAX_QUERY_LENGTH + 1), "关键词太长了"),
        ("！？……", "关键词里需要有汉字、字母或数字"),
    ],
)
def test_queries_that_cannot_be_searched_raise_with_a_chinese_message(query, message):
    with pytest.raises(SearchQueryError, match=message):
        search_pages(query=query)


def test_search_view_renders_results(client, library):
    response = client.get("/search/", {"q": "征信修复"})

    assert response.status_code == 200
    assert response.context["query"] == "征信修复"
    assert response.context["error"] == ""
    assert [page.title for page in response.context["results"]] == ["花钱就能删除逾期记录？小心骗局"]
    assert response.context["page_obj"].paginator.count == 1
    assert "花钱就能删除逾期记录？小心骗局" in response.content.decode()


@pytest.mark.parametrize(
    "params,message",
    [({"q": ""}, "请输入要搜索的关键词"), ({"q": "骗" * 60}, "关键词太长了")],
)
def test_search_view_shows_a_message_for_a_bad_query(client, library, params, message):
    response = client.get("/search/", params)

    assert response.status_code == 200
    assert message in response.context["error"]
    assert response.context["results"] == []
    assert message in response.content.decode()


def test_search_view_without_a_query_shows_the_form_only(client, library):
    response = client.get("/search/")

    assert response.status_code == 200
    assert response.context["error"] == "" and response.context["page_obj"] is None
    assert 'name="q"' in response.content.decode()


def test_search_view_with_no_results(client, library):
    response = client.get("/search/", {"q": "比特币挖矿"})

    assert response.status_code == 200
    assert response.context["results"] == [] and response.context["error"] == ""


@pytest.mark.postgres
def test_postgres_simple_configuration_keeps_each_token_whole():
    """PostgreSQL's parser must not split 'h5f81h4fe1' (a bigram) or '96110'; `simple` must not stem them."""
    from django.db import connection

    text = "征信修复 APR 96110"
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('simple', %s))", [index_tokens(text)])
        lexemes = set(cursor.fetchone()[0])
    assert lexemes == set(index_tokens(text).split())
