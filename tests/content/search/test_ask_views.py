"""Tests for content/search/ask_views.py: /ask/ and GET /api/ask/, hand-offs, limits, counting."""

import pytest

from content.models import AskedQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache(empty_cache):
    """The rate limiter counts in the default cache, which outlives each test's database."""


def test_the_api_answers_with_sources_confidence_and_handoff(client, library):
    data = client.get("/api/ask/", {"q": "借一万只到手八千合法吗"}).json()
    assert set(data) >= {"answer", "sources", "confidence", "handoff"}
    assert data["sources"][0] == {"url": library["upfront"].url, "title": library["upfront"].title}
    assert 0 < data["confidence"] <= 1
    handoff = data["handoff"]
    assert handoff["hotline"]["number"] and handoff["hotline"]["hours"] and handoff["request_url"] == "/xiaobao/"
    assert handoff["emergency"] == []


def test_a_fraud_in_progress_puts_110_and_96110_first(client, library):
    data = client.get("/api/ask/", {"q": "对方让我把钱转到安全账户"}).json()
    assert [line["number"] for line in data["handoff"]["emergency"]] == ["110", "96110"]
    assert data["handoff"]["needed"] and data["handoff"]["reason"] == "fraud_in_progress"

    html = client.get("/ask/", {"q": "对方让我把钱转到安全账户"}).content.decode()
    assert 'href="tel:110"' in html and 'href="tel:96110"' in html
    assert html.index('href="tel:110"') < html.index("ask-answer")


def test_low_confidence_says_so_and_offers_a_person(client, library):
    data = client.get("/api/ask/", {"q": "比特币明年会涨吗"}).json()
    assert data["sources"] == [] and data["handoff"]["needed"] and data["handoff"]["reason"] == "no_answer"
    html = client.get("/ask/", {"q": "比特币明年会涨吗"}).content.decode()
    assert "没有找到能回答" in html and 'href="/xiaobao/"' in html


@pytest.mark.parametrize("question", ["", "   ", "征" * 2001, "征信\x00", "\u202e征信"])
def test_bad_input_gets_a_clear_answer_never_a_500(client, question):
    response = client.get("/api/ask/", {"q": question})
    assert response.status_code == 400 and response.json()["error"]
    response = client.get("/ask/", {"q": question})
    assert response.status_code == 200 and "notice--error" in response.content.decode()


def test_asking_too_often_is_limited(client, library, settings):
    settings.ASK_PER_MINUTE = 2
    codes = [client.get("/api/ask/", {"q": "砍头息"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get("/api/ask/", {"q": "砍头息"})
    assert "110" in response.json()["error"] and response["Retry-After"] == "60"
    assert client.get("/ask/", {"q": "砍头息"}).status_code == 429


def test_questions_are_counted_without_personal_data(client, library):
    client.get("/api/ask/", {"q": "我叫张三，手机13812345678，身份证110101199003071234，砍头息合法吗"})
    stored = AskedQuestion.objects.get()
    assert "张三" not in stored.question and "13812345678" not in stored.question
    assert "110101199003071234" not in stored.question and "砍头息" in stored.question
    assert stored.page_id == library["upfront"].pk


def test_the_desk_is_linked_from_every_page_and_the_search(client, library):
    assert 'href="/ask/"' in client.get(library["upfront"].url).content.decode()
    assert "/ask/?q=" in client.get("/search/", {"q": "砍头息"}).content.decode()


def test_the_ask_page_without_a_question_shows_the_form_and_examples(client, db):
    html = client.get("/ask/").content.decode()
    assert '<label class="ask-form__label" for="ask-q">' in html and "大家常问" in html
    assert "<script>" not in html.split("<main", 1)[1]
