"""Tests for content/search/engine.py with the index (index.py, documents.py, signals.py) on real pages."""

import time

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from content.models import SearchDocument
from content.search.engine import MAX_QUERY_LENGTH, SearchQueryError, clean_query, highlight, search
from content.search.index import current_index

from .conftest import article

pytestmark = pytest.mark.django_db


def titles(query, **kwargs):
    return [result.title for result in search(query=query, **kwargs)]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("我的征信有逾期怎么办", "overdue"),
        ("被骗了怎么办", "case"),
        ("借一万只到手八千合法吗", "upfront"),
        ("朋友借我的银行卡用有风险吗", "cards"),
        ("網貸逾期會影響徵信嗎", "overdue"),
        ("征信修复", "repair"),
        ("砍头息", "upfront"),
    ],
)
def test_readers_questions_find_the_page_that_answers(library, question, expected):
    assert titles(question)[0] == library[expected].title


def test_a_typo_finds_the_near_word(library):
    assert titles("征信修服")[:1] == [library["repair"].title]


def test_the_title_weighs_more_than_the_body(library):
    """帮信罪 is in one title; a page with the word twice in its body ranks below it."""
    body = article(library["tree"]["aml"], title="银行卡的使用常识", text="帮信罪是什么？了解帮信罪的构成。")
    found = titles("帮信罪")
    assert found.index(library["cards"].title) < found.index(body.title)


def test_the_column_narrows_and_the_limit_cuts(library):
    assert titles("逾期", column="loans") == []
    assert set(titles("逾期", column="credit")) == {library["repair"].title, library["overdue"].title}
    assert len(search(query="逾期", limit=1)) == 1


def test_snippets_are_escaped_with_the_words_marked(library):
    page = article(library["tree"]["antifraud"], title="假客服", text="<b>注意</b>：&lt;script&gt;alert(1)&lt;/script&gt; 不要共享屏幕")
    result = next(result for result in search(query="共享屏幕") if result.title == page.title)
    assert "<script>" not in result.snippet and "&lt;script&gt;" in result.snippet
    assert "<mark>共享屏幕</mark>" in result.snippet
    assert highlight("a<b>安全账户", ["安全账户"]) == "a&lt;b&gt;<mark>安全账户</mark>"


def test_drafts_unpublished_and_restricted_pages_never_appear(library):
    draft = library["overdue"]
    draft.title = "草稿标题：逾期新规"
    draft.save_revision()
    assert "草稿标题：逾期新规" not in titles("逾期新规")

    library["repair"].unpublish()
    assert library["repair"].title not in titles("征信修复")

    PageViewRestriction.objects.create(page=library["cards"], restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert titles("帮信罪") == []
    PageViewRestriction.objects.filter(page=library["cards"]).delete()
    assert titles("帮信罪") == [library["cards"].title]

    restriction = PageViewRestriction.objects.create(page=library["tree"]["loans"], restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.first())
    assert titles("砍头息") == []


def test_publish_delete_and_move_follow_within_a_second(library):
    started = time.perf_counter()
    page = article(library["tree"]["loans"], title="提前还款要不要违约金", text="提前还款前先看合同约定。")
    assert titles("违约金") == [page.title]
    assert time.perf_counter() - started < 1.0

    page.move(library["tree"]["credit"], pos="last-child")
    result = search(query="违约金")[0]
    assert result.column == "credit" and result.url.startswith(library["tree"]["credit"].url)

    page.delete()
    assert titles("违约金") == []
    assert SearchDocument.objects.get(page_id=page.pk).visible is False


def test_another_workers_change_is_picked_up_by_generation(library):
    index = current_index()
    seen = index.generation
    SearchDocument.objects.filter(page_id=library["upfront"].pk).update(visible=False, generation=seen + 1)
    from content.models import SearchIndexState

    SearchIndexState.objects.filter(pk=1).update(generation=seen + 1)
    assert library["upfront"].title not in titles("砍头息")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入"),
        ("   ", "请输入"),
        ("征" * (MAX_QUERY_LENGTH + 1), "太长"),
        ("x" * 5000, "太长"),
        ("征信\x00修复", "无法识别"),
        ("征信\u202e修复", "无法识别"),
        ("？！……", "汉字、字母或数字"),
    ],
)
def test_bad_questions_get_a_reason(query, message):
    with pytest.raises(SearchQueryError, match=message):
        clean_query(query)


def test_line_breaks_count_as_spaces():
    assert clean_query("征信\n修复\t") == "征信 修复"


def test_no_result_is_an_empty_list(library):
    assert search(query="比特币挖矿矿机") == []
