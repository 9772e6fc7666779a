"""Tests for content/search/views.py: the /search/ page and GET /api/search/."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_gives_ranked_results_with_every_field(client, library):
    response = client.get("/api/search/", {"q": "網貸逾期會影響徵信嗎", "limit": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["title"] == library["overdue"].title
    assert set(results[0]) == {"url", "title", "kind", "column", "snippet", "score"}
    assert results[0]["kind"] == "article" and results[0]["column"] == "credit"
    assert results[0]["url"] == library["overdue"].url
    assert [item["score"] for item in results] == sorted((item["score"] for item in results), reverse=True)
    assert "<mark>" in results[0]["snippet"]


def test_the_api_narrows_to_a_column(client, library):
    results = client.get("/api/search/", {"q": "逾期", "column": "loans"}).json()["results"]
    assert results == []


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "征信", "column": "nope"}, {"q": "征信", "limit": "0"}, {"q": "征信", "limit": "x"},
     {"q": "征信", "limit": "51"}, {"q": "征" * 2500}, {"q": "征信\x07"}],
)
def test_bad_parameters_answer_400_in_chinese(client, params):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_page_lists_results_with_highlighted_snippets(client, library):
    response = client.get("/search/", {"q": "砍头息"})
    html = response.content.decode()
    assert response.status_code == 200
    assert library["upfront"].title in html
    assert "<mark>砍头息</mark>" in html
    assert "按相关程度排序" in html


def test_the_page_escapes_the_query_and_explains_bad_input(client, library):
    html = client.get("/search/", {"q": "<script>x</script>"}).content.decode()
    assert "<script>x</script>" not in html
    response = client.get("/search/", {"q": "\x00"})
    assert response.status_code == 200 and "无法识别" in response.content.decode()
    response = client.get("/search/", {"q": "征" * 3000})
    assert response.status_code == 200 and "太长" in response.content.decode()


def test_the_page_without_a_query_shows_the_form_only(client, db):
    response = client.get("/search/")
    assert response.status_code == 200 and "notice--error" not in response.content.decode()
