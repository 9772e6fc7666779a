"""Tests for cms/locale: the compiled catalogues match their sources, and the strings the admin
showed in English are Chinese where editors meet them."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from content.factories import ArticlePageFactory, build_site_tree

LOCALE = Path(settings.BASE_DIR) / "cms" / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of each singular entry of a .po file, strings joined and unescaped."""
    entries, current, field = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[\d+\]) "(.*)"$', line)
        if match:
            field = match.group(1)
            current[field] = current.get(field, "") + match.group(2)
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif not line.strip():
            if current.get("msgid") and "msgstr" in current:
                entries.append(tuple(json.loads(f'"{current[k]}"') for k in ("msgid", "msgstr")))
            current, field = {}, None
    return entries


def test_the_compiled_admin_catalogue_matches_its_source():
    entries = po_entries(LOCALE / "django.po")
    assert len(entries) > 100
    with translation.override("zh-hans"):
        stale = [msgid for msgid, msgstr in entries if translation.gettext(msgid) != msgstr]
    assert stale == [], "run compilemessages (see the header of django.po)"


@pytest.mark.django_db
def test_the_compiled_javascript_catalogue_matches_its_source(admin_client):
    body = admin_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    stale = [msgid for msgid, msgstr in po_entries(LOCALE / "djangojs.po") if catalog.get(msgid) != msgstr]
    assert stale == []
    assert catalog["(%(number)s new items in this menu)"] == "（本菜单有 %(number)s 项新内容）"


@pytest.mark.django_db
def test_the_workflow_reports_switch_in_chinese(admin_client):
    html = admin_client.get(reverse("wagtailadmin_reports:workflow")).content.decode()
    assert "按任务查看" in html and "By task" not in html
    html = admin_client.get(reverse("wagtailadmin_reports:workflow_tasks")).content.decode()
    assert "按工作流查看" in html and "By workflow" not in html


@pytest.mark.django_db
def test_the_admin_search_summary_names_pages_not_none(admin_client):
    tree = build_site_tree()
    ArticlePageFactory(parent=tree["credit"], title="征信修复都是骗局")
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "征信"}).content.decode()
    summary = re.sub(r"\s+", " ", html)
    assert re.search(r"第 1–\d+ 个，共 \d+ 个页面", summary)
    assert not re.search(r"个None", summary)


@pytest.mark.django_db
def test_the_help_menu_and_shortcuts_are_chinese_and_english_links_say_so(admin_client):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    labels = set(re.findall(r'"label": "([^"]*)"', html.encode().decode("unicode_escape")))
    assert "快捷键" in labels and "Shortcuts" not in labels
    assert "Wagtail 编辑指南（英文网站）" in labels
    assert "页面类型使用情况" in labels and "Page types usage" not in labels
    assert "官方编辑指南（英文网站）" in html
    for english in ("Toggle minimap", "Show keyboard shortcuts", "Text formatting", "Keyboard shortcuts are currently"):
        assert english not in html


@pytest.mark.django_db
def test_a_scheduled_page_says_in_chinese_that_it_is_locked(admin_client):
    page = ArticlePageFactory(parent=build_site_tree()["credit"], title="下周一上线")
    page.save_revision(approved_go_live_at=timezone.now() + timezone.timedelta(days=3))
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "已锁定，计划于" in html and "is locked and has been scheduled" not in html
