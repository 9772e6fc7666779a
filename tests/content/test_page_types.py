"""Tests for content/page_types.py: the reader page types and their keys, in one table."""

from content.models import ArticlePage, BulletinPage, CaseStudyPage, ColumnPage, HomePage
from content.page_types import READER_TYPES, page_type_key


def test_each_reader_page_type_has_its_key_and_others_have_none():
    assert READER_TYPES == (ArticlePage, CaseStudyPage, BulletinPage)
    assert [page_type_key(model) for model in READER_TYPES] == ["article", "case_study", "bulletin"]
    assert page_type_key(ColumnPage) is None and page_type_key(HomePage) is None


def test_a_page_answers_like_its_class():
    assert page_type_key(CaseStudyPage(title="案例")) == "case_study"
