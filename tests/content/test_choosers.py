"""Tests for content/choosers.py: the case chooser lists case studies and finds them by any words."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest

from content.blocks import BodyBlock, CaseStudyChooserBlock
from content.choosers import words_filter
from content.factories import ArticlePageFactory, CaseStudyPageFactory, build_site_tree
from content.models import FraudType
from content.roles import EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    tree = build_site_tree()
    click_farming = FraudType.objects.get(slug="shuadan-fanli")
    fake_service = FraudType.objects.get(slug="fake-customer-service")
    return {
        "farming": CaseStudyPageFactory(
            parent=tree["antifraud"], title="大学生做“点赞兼职”，三天被骗 3.8 万元", fraud_type=click_farming
        ),
        "courier": CaseStudyPageFactory(
            parent=tree["antifraud"], title="“快递丢了双倍理赔”：一通客服电话骗走 9.2 万元", fraud_type=fake_service
        ),
        "article": ArticlePageFactory(parent=tree["antifraud"], title="点赞兼职都是骗局"),
    }


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user(username="ed", password="pw-12345678")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    return client


def chosen_titles(response) -> list[str]:
    html = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content.decode()
    import re

    return [re.sub(r"\s+", " ", title).strip() for title in re.findall(r"data-chooser-modal-choice[^>]*>([^<]*)<", html)]


def test_the_chooser_opens_on_the_case_studies_only(editor_client, cases):
    response = editor_client.get(reverse("case_study_chooser:choose"))
    titles = chosen_titles(response)
    assert cases["farming"].title in titles and cases["courier"].title in titles
    assert cases["article"].title not in titles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("点赞", ["farming"]),  # a fragment of a Chinese title: no word boundaries needed
        ("兼职 3.8", ["farming"]),  # several words, in any order, all of them
        ("客服 理赔", ["courier"]),
        ("刷单返利", ["farming"]),  # the fraud type's name
        ("兼职 理赔", []),
    ],
)
def test_search_finds_a_case_by_any_words_of_its_title(editor_client, cases, query, expected):
    response = editor_client.get(reverse("case_study_chooser:choose_results"), {"q": query})
    assert sorted(chosen_titles(response)) == sorted(cases[name].title for name in expected)


def test_the_list_narrows_to_a_fraud_type(editor_client, cases):
    fraud_type = cases["courier"].fraud_type
    response = editor_client.get(reverse("case_study_chooser:choose_results"), {"fraud_type": fraud_type.pk})
    assert chosen_titles(response) == [cases["courier"].title]


def test_words_filter_needs_every_word():
    assert str(words_filter("a b", ("title",))) == "(AND: ('title__icontains', 'a'), ('title__icontains', 'b'))"


def test_the_case_study_block_stores_the_page_id_and_gives_the_page(cases):
    block = BodyBlock()
    stream = block.to_python([{"type": "case_study", "value": {"case_study": cases["farming"].pk, "note": ""}, "id": "x"}])
    assert stream[0].value["case_study"].specific == cases["farming"]
    assert stream[0].block.child_blocks["case_study"].deconstruct()[0] == "content.blocks.CaseStudyChooserBlock"
    assert isinstance(stream[0].block.child_blocks["case_study"], CaseStudyChooserBlock)
