"""Pinyin slugs: a new page with a Chinese title gets an ASCII address, through the admin's create view."""

import re

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from content.factories import ArticlePageFactory
from content.models import ArticlePage
from content.slugs import has_chinese, is_autofilled, pinyin_slug
from tests.content.test_pages import article_body_form_data

pytestmark = pytest.mark.django_db


def test_pinyin_slugs():
    assert pinyin_slug("借款合同") == "jie-kuan-he-tong"
    assert pinyin_slug("第12期 周报：借款合同") == "di-12-qi-zhou-bao-jie-kuan-he-tong"
    assert pinyin_slug("防范电信网络诈骗周报 第 2 期（11.16–11.22）").startswith("fang-fan-dian-xin-wang-luo-zha-pian")
    long = pinyin_slug("借款" * 60)
    assert len(long) <= 80 and not long.endswith("-")
    assert has_chinese("征信") and not has_chinese("credit")
    assert is_autofilled(title="第12期", slug="12") and is_autofilled(title="借款合同", slug="")
    assert not is_autofilled(title="第12期", slug="my-slug") and not is_autofilled(title="Credit", slug="credit")


def add(client, column, **fields):
    data = nested_form_data({
        "title": "借款合同", "slug": "", "summary": "签合同前先看清年化利率和还款方式。", "author": "消保团队",
        "body": article_body_form_data(), "comments": inline_formset([]), **fields,
    })
    url = reverse("wagtailadmin_pages:add", args=["content", "articlepage", column.pk])
    return client.post(url, data)


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_create_form_leaves_no_chinese_in_the_address(editor_client, site_tree):
    form_html = editor_client.get(
        reverse("wagtailadmin_pages:add", args=["content", "articlepage", site_tree["loans"].pk])
    ).content.decode()
    # Wagtail's slug autofill keeps ASCII only (WAGTAIL_ALLOW_UNICODE_SLUGS is off) …
    slug_input = re.search(r'<input[^>]*id="id_slug"[^>]*>', form_html).group(0)
    assert 'data-controller="w-slug"' in slug_input and "data-w-slug-allow-unicode-value" not in slug_input
    # … and an empty slug, or what the autofill leaves of a Chinese title, becomes pinyin.
    response = add(editor_client, site_tree["loans"])
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ArticlePage.objects.get(title="借款合同")
    assert page.slug == "jie-kuan-he-tong" and page.url == "/xindai/jie-kuan-he-tong/"
    add(editor_client, site_tree["loans"], title="第12期借款提示", slug="12")
    assert ArticlePage.objects.get(title="第12期借款提示").slug == "di-12-qi-jie-kuan-ti-shi"
    # The same title again: the next free address.
    add(editor_client, site_tree["loans"])
    assert sorted(ArticlePage.objects.filter(title="借款合同").values_list("slug", flat=True)) == [
        "jie-kuan-he-tong", "jie-kuan-he-tong-2",
    ]


def test_the_editor_can_still_choose_the_slug(editor_client, site_tree):
    add(editor_client, site_tree["loans"], slug="loan-contract")
    assert ArticlePage.objects.get(title="借款合同").slug == "loan-contract"


def test_existing_pages_keep_their_address(editor_client, site_tree):
    old = ArticlePageFactory(parent=site_tree["loans"], title="借款合同", slug="借款合同")
    data = nested_form_data({
        "title": "借款合同要看清", "slug": "借款合同", "summary": old.summary or "摘要", "author": "消保团队",
        "body": article_body_form_data(), "comments": inline_formset([]),
    })
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[old.pk]), data)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.get_latest_revision_as_object().slug == "借款合同"


def test_pages_made_in_code_without_a_slug_get_pinyin(site_tree):
    page = ArticlePage(title="征信修复是骗局", summary="摘要")
    site_tree["credit"].add_child(instance=page)
    assert page.slug == "zheng-xin-xiu-fu-shi-pian-ju"
