"""The admin speaks 简体中文 by default and carries the brand's name, mark and colours."""

import json
import re

from django.conf import settings
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def sidebar_strings(html: str) -> set[str]:
    """Every string in the sidebar's JSON props (menu labels, the site name, the user's name)."""
    match = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the admin page has no sidebar props"
    found: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return found


def test_dashboard_menu_is_chinese_and_branded(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans"' in html
    assert f"<title>控制面板 - {settings.WAGTAIL_SITE_NAME} 内容后台</title>" in html
    assert re.search(rf"<h1[^>]*>\s*{settings.WAGTAIL_SITE_NAME} 内容后台\s*</h1>", html)
    labels = sidebar_strings(html)
    assert {"页面", "图片", "文档", "设置", "资料库"} <= labels
    assert "Pages" not in labels


def test_dashboard_strings_wagtail_leaves_untranslated_are_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "搜索所有页面…" in html
    assert re.search(r"\d+ 个页面", html)
    assert "Search all pages" not in html
    assert "editor guide" not in html


def test_editor_javascript_strings_are_chinese(admin_client):
    response = admin_client.get(reverse("wagtailadmin_javascript_catalog"))

    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    assert catalog["Insert a block"] == "插入区块"
    assert catalog["Changes have been autosaved."] == "修改已自动保存。"


def test_new_user_with_an_english_browser_still_gets_chinese(client, django_user_model):
    editor = django_user_model.objects.create_user(
        username="new-editor", password="x", is_staff=True, is_superuser=True
    )
    assert not UserProfile.objects.filter(user=editor).exists()
    client.force_login(editor)

    html = client.get("/admin/", **ENGLISH_BROWSER).content.decode()

    assert '<html lang="zh-hans"' in html
    assert "页面" in sidebar_strings(html)


def test_an_editor_may_choose_english_in_their_account(client, django_user_model):
    editor = django_user_model.objects.create_user(username="en-editor", password="x", is_superuser=True)
    UserProfile.objects.create(user=editor, preferred_language="en")
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert '<html lang="en"' in html
    assert "Pages" in sidebar_strings(html)


def test_sidebar_shows_the_brand_mark_instead_of_wagtail(admin_client):
    html = admin_client.get("/admin/").content.decode()

    logo = re.search(r"<template data-wagtail-sidebar-branding-logo>(.*?)</template>", html, re.S).group(1)
    assert f'aria-label="{settings.WAGTAIL_SITE_NAME}"' in logo
    assert "icon-wagtail" not in logo
    assert "--w-color-secondary-hue: 210" in html


def test_login_page_is_branded_and_chinese(client):
    html = client.get("/admin/login/", **ENGLISH_BROWSER).content.decode()

    name = settings.WAGTAIL_SITE_NAME
    assert f"<title>登录 - {name} 内容后台</title>" in html
    assert f"<h1>登录{name}内容后台</h1>" in html
    assert f'<span class="jrcs-brand__name">{name}</span>' in html
    assert re.search(r'<label[^>]*for="id_password"[^>]*>\s*密码', html)
    assert "Password" not in html
    assert "icon-wagtail" not in html


def test_admin_404_shows_the_brand_mark(admin_client):
    response = admin_client.get("/admin/no-such-admin-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "jrcs-brand__mark" in html
    assert "icon-wagtail" not in html


def test_the_root_page_and_collection_are_called_gen_mu_lu_and_explained_in_chinese(admin_client):
    from wagtail.models import Collection, Page

    assert Page.get_first_root_node().title == "根目录"
    assert Collection.get_first_root_node().name == "根目录"
    html = admin_client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert "根目录用来添加新站点" in html and "The root level is where" not in html


def test_report_and_listing_filters_wagtail_leaves_untranslated_are_chinese(admin_client):
    locked = admin_client.get(reverse("wagtailadmin_reports:locked_pages")).content.decode()
    assert "锁定人" in locked and "任何人" in locked
    images = admin_client.get(reverse("wagtailimages:index")).content.decode()
    assert "使用次数（从多到少）" in images and "Usage count" not in images
