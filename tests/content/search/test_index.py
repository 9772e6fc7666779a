"""Tests for content/search/index.py on its own: slots, postings arrays and near terms follow every change."""

import pytest

from content.search.analysis import Query
from content.search.index import SearchIndex
from content.search.ranking import rank_documents


def row(page_id, title, body, *, visible=True, generation=1, column="credit"):
    return {"page_id": page_id, "generation": generation, "visible": visible, "analyzer_version": 1, "url": f"/p{page_id}/",
            "title": title, "kind": "article", "column": column, "summary": "", "published_at": None,
            "terms": {"title": title, "summary": "", "body": body}, "passages": [["", body, body]]}


def ranked(index, *terms, column=""):
    query = Query(text=" ".join(terms), folded=" ".join(terms), terms=dict.fromkeys(terms, 1.0))
    return [hit.document.page_id for hit in rank_documents(index, query, column=column)]


def test_changes_reuse_slots_and_refresh_the_arrays():
    index = SearchIndex()
    index.apply([row(1, "征信", "逾期 记录"), row(2, "贷款", "逾期 利息"), row(3, "洗钱", "银行卡")])
    assert ranked(index, "逾期") and set(ranked(index, "逾期")) == {1, 2}
    assert ranked(index, "征信") == [1]

    index.apply([row(1, "征信", "修复", visible=False, generation=2)])
    assert ranked(index, "逾期") == [2] and ranked(index, "征信") == []
    assert 1 not in index.documents

    index.apply([row(4, "网贷", "逾期 征信", generation=3, column="loans")])
    assert index.documents[4].slot == 0  # the slot page 1 left
    assert set(ranked(index, "逾期")) == {2, 4}
    assert ranked(index, "逾期", column="loans") == [4]


def test_the_slots_grow_past_the_first_allocation():
    index = SearchIndex()
    index.apply([row(number, f"标题{number}", "反诈 宣传") for number in range(1, 200)])
    assert len(ranked(index, "反诈")) == 10 and len(index.documents) == 199


@pytest.mark.parametrize(("typed", "meant"), [("征信修服", "征信修复"), ("征信修", "征信修复"), ("征信修复了", "征信修复")])
def test_near_terms_follow_the_vocabulary(typed, meant):
    index = SearchIndex()
    index.apply([row(1, meant, "正文")])
    assert index.near_terms(typed) == [meant]
    index.apply([row(1, meant, "正文", visible=False, generation=2)])
    assert index.near_terms(typed) == []
