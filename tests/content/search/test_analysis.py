"""Tests for content/search/analysis.py and tokens.py: folding, segmentation, stop words, synonyms."""

from content.search.analysis import analyse_query, fold, index_terms, search_words
from content.search.tokens import admin_query_tokens, admin_words, index_tokens, query_tokens


def test_traditional_full_width_and_numerals_are_folded():
    assert fold("網貸逾期會影響徵信嗎？") == "网贷逾期会影响征信吗?"
    assert fold("借一万只到手八千") == "借1万只到手8千"
    assert fold("二十万 十五天 ＡＰＲ") == "20万 15天 apr"
    assert fold("銀行帳戶") == "银行账户"


def test_finance_terms_stay_whole():
    for term in ("砍头息", "帮信罪", "杀猪盘", "征信"):
        assert term in index_terms(f"小心{term}的套路")


def test_the_index_keeps_single_characters_so_a_character_finds_a_word():
    assert index_terms("受骗后") == ["受骗", "受", "骗", "后"]


def test_question_words_are_dropped_and_synonyms_added_at_a_lower_weight():
    query = analyse_query("網貸逾期會影響徵信嗎")
    assert query.own_terms == ["网贷", "逾期", "影响", "征信"]
    assert query.terms["网络贷款"] < 1 and query.terms["征信报告"] < 1
    assert "吗" not in query.terms

    assert "查询记录" in analyse_query("征信花了怎么办").terms


def test_a_question_of_question_words_only_still_has_terms():
    assert analyse_query("怎么办").terms


def test_admin_words_split_a_long_word_into_its_parts():
    assert search_words("征信修复", parts=True) == ["征信", "修复"]
    assert admin_words("兼职被骗") == ["兼职", "被骗"]
    assert admin_query_tokens("征信修复") == "h5f81h4fe1 h4feeh590d"


def test_bigram_tokens_for_the_database_backend_are_ascii():
    assert index_tokens("刷单") == "h5237 h5355 h5237h5355"
    assert query_tokens("APR 96110") == "apr 96110"


def test_a_not_a_questions_are_question_words():
    assert "高不高" not in analyse_query("日息万分之五高不高").terms
    assert "日息" in analyse_query("日息万分之五高不高").terms
