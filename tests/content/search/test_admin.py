"""Tests for content/search/backend.py and the chooser: the admin finds Chinese."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from content.models import ArticlePage
from content.roles import EDITORS

from .conftest import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user(username="ed", password="pw-12345678")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def test_the_backend_tokenises_chinese_page_queries(library):
    backend = get_search_backend()
    found = {page.pk for page in backend.autocomplete("征信修复", Page.objects.all())}
    assert library["repair"].pk in found and library["cards"].pk not in found
    assert [page.pk for page in backend.search("砍头息", ArticlePage)] == [library["upfront"].pk]


def test_admin_page_search_finds_chinese(editor, library):
    other = article(library["tree"]["credit"], title="征信异议怎么申请", text="发现错误可以申请异议。")
    response = editor.get(reverse("wagtailadmin_pages:search"), {"q": "征信修复"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "都是骗局" in html and other.title not in html


def test_the_page_chooser_search_finds_chinese(editor, library):
    response = editor.get(reverse("wagtailadmin_choose_page_search"), {"q": "砍头息"})
    body = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content.decode()
    assert response.status_code == 200 and "砍头息" in body


def test_the_case_chooser_finds_a_case_by_words_run_together(editor, library):
    response = editor.get(reverse("case_study_chooser:choose_results"), {"q": "刷单被骗"})
    assert library["case"].title in response.content.decode()
    response = editor.get(reverse("case_study_chooser:choose_results"), {"q": "刷单理赔"})
    assert library["case"].title not in response.content.decode()
