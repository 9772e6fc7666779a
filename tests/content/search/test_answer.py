"""Tests for content/search/answer.py and intents.py: extractive answers, confidence and hand-offs."""

import pytest

from content.search.answer import LOW_CONFIDENCE, NO_ANSWER, answer_question
from content.search.engine import SearchQueryError
from content.search.index import current_index
from content.search.intents import COMPLAINT, FRAUD_IN_PROGRESS, PERSONAL_ACCOUNT, question_intent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("借一万只到手八千合法吗", "upfront"),
        ("朋友借我的银行卡用有风险吗", "cards"),
        ("網貸逾期會影響徵信嗎", "overdue"),
        ("征信修复靠谱吗", "repair"),
    ],
)
def test_the_answer_cites_the_answering_page_first(library, question, expected):
    answer = answer_question(question=question)
    assert answer.sources[0].title == library[expected].title
    assert answer.sources[0].url == library[expected].url
    assert answer.confidence >= LOW_CONFIDENCE and answer.page_id == library[expected].pk


def test_the_answer_is_a_passage_of_the_page_never_new_text(library):
    answer = answer_question(question="借一万只到手八千合法吗")
    index = current_index()
    texts = [passage.text for passage in index.documents[library["upfront"].pk].passages]
    assert any(answer.text.endswith(text) or text in answer.text for text in texts)
    assert "不受法律保护" in answer.text or "砍头息" in answer.text


def test_a_case_studys_aftermath_answers_what_to_do_after_a_fraud(library):
    answer = answer_question(question="被骗了怎么办")
    assert answer.sources[0].title == library["case"].title
    assert "报警" in answer.text


def test_a_question_our_pages_cannot_answer_is_handed_off(library):
    answer = answer_question(question="比特币明年会涨吗")
    assert answer.text == NO_ANSWER and answer.sources == []
    assert answer.handoff_reason == "no_answer"


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("对方让我转到安全账户", FRAUD_IN_PROGRESS),
        ("我正在通话，他要我转账", FRAUD_IN_PROGRESS),
        ("刚刚转账给客服了怎么办", FRAUD_IN_PROGRESS),
        ("帮我查一下我的还款记录", PERSONAL_ACCOUNT),
        ("我的贷款为什么审批没通过", PERSONAL_ACCOUNT),
        ("我要投诉你们的催收", COMPLAINT),
        ("转账限额是多少", ""),
        ("网贷逾期会影响征信吗", ""),
    ],
)
def test_intents(question, intent):
    assert question_intent(question) == intent


def test_personal_questions_say_so_plainly(library):
    answer = answer_question(question="帮我查一下我的征信逾期记录")
    assert "本人" in answer.text and answer.handoff_reason == PERSONAL_ACCOUNT
    assert answer.page_id is None


def test_a_fraud_in_progress_keeps_the_answer_and_hands_off(library):
    answer = answer_question(question="对方让我转账到安全账户，说我涉嫌洗钱")
    assert answer.handoff_reason == FRAUD_IN_PROGRESS


def test_an_empty_index_hands_off_without_error(db):
    answer = answer_question(question="征信")
    assert answer.sources == [] and answer.handoff_reason == "no_answer"


def test_bad_input_raises_the_readers_reason():
    with pytest.raises(SearchQueryError):
        answer_question(question="\x00\x01")


def test_tables_are_searchable_passages_but_prose_answers_first(site_tree):
    from content.factories import ArticlePageFactory
    from content.search.passages import DATA, page_passages

    page = ArticlePageFactory(parent=site_tree["loans"], title="分期手续费", body__1__paragraph__value="<p>分期手续费要换算成年化利率再比较。</p>", body__2="table")
    page.save_revision().publish()
    kinds = {kind for _heading, _text, kind in page_passages(page)}
    assert DATA in kinds and "text" in kinds
    answer = answer_question(question="分期手续费怎么比较")
    assert answer.text.endswith("分期手续费要换算成年化利率再比较。") and "还款方式" not in answer.text


def test_a_how_to_question_prefers_the_passage_that_says_what_to_do(library):
    """被骗 is in the case's story as well; 怎么办 asks for its 受骗后怎么办 section."""
    answer = answer_question(question="刷单被骗了怎么办")
    assert answer.text.startswith("受骗后怎么办") and "报警" in answer.text
