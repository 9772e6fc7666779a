"""Tests for content/compliance_views.py: findings in the editor's preview panel and edit form."""

from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from content.compliance_views import COMPLIANCE_PREVIEW_MODE
from content.models import ArticlePage, ColumnPage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    column = ColumnPage(title="信贷", slug="loans", column_key="loans", intro="信贷栏目")
    HomePage.objects.get().add_child(instance=column)
    page = ArticlePage(
        title="借钱之前先算清成本",
        slug="cost",
        summary="本平台借款稳赚不赔的好选择。",
        body=[("paragraph", "<p>骗子常说“保本高收益”，听到就要警惕。</p>")],
    )
    column.add_child(instance=page)
    page.save_revision()
    return page


def test_compliance_is_a_preview_mode_of_reader_pages(article):
    assert COMPLIANCE_PREVIEW_MODE in dict(article.preview_modes)


def test_preview_report_locates_the_error_and_leaves_the_quoted_scammer_line(article):
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True)
    response = article.serve_preview(request, COMPLIANCE_PREVIEW_MODE)
    html = response.render().content.decode()
    assert "稳赚不赔" in html
    assert "摘要" in html  # where the finding is
    assert "保本高收益" not in html.split("compliance-findings", 1)[1]  # a quoted scammer's line


def test_live_preview_checks_unsaved_form_data(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    form = client.get(edit_url).context["form"]
    data = {name: form[name].value() for name in ("title", "slug", "summary", "author")}
    data.update({"summary": "保证收益，零风险。", "body-count": "0", "fraud_types": []})
    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url, {"mode": COMPLIANCE_PREVIEW_MODE}).content.decode()
    assert "零风险" in html and "稳赚不赔" not in html


def test_edit_form_shows_findings_of_the_saved_revision(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert 'data-compliance-errors="' in html
    assert "稳赚不赔" in html and "合规检查" in html


def test_edit_form_says_the_findings_are_of_the_version_saved_at_its_time(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    saved = timezone.localtime(article.latest_revision_created_at)
    assert f"检查的是 {saved:%m-%d %H:%M} 保存的版本" in html
    assert "尚未保存的内容" not in html


def test_edit_form_sent_back_with_errors_says_it_checked_the_unsaved_text(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    edit_url = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    form = client.get(edit_url).context["form"]
    data = {name: form[name].value() for name in ("slug", "summary", "author")}
    # No title: the save fails and the form comes back with what was submitted.
    data.update({"title": "", "summary": "全网最低，零风险。", "body-count": "0", "fraud_types": []})
    response = client.post(edit_url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "检查的是这次提交、尚未保存的内容" in html
    panel = html.split("compliance-panel", 1)[1].split("</div>", 1)[0]
    assert "全网最低" in html and "稳赚不赔" not in panel


def test_each_finding_links_to_its_field(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert 'data-compliance-target="[data-contentpath=&quot;summary&quot;]"' in html
    assert "content/compliance.js" in html


def test_the_preview_report_says_it_checks_the_current_text_and_links_to_fields(article):
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True)
    html = article.serve_preview(request, COMPLIANCE_PREVIEW_MODE).render().content.decode()
    assert "实时检查编辑框里当前的文字" in html
    assert "data-compliance-target" in html and "content/compliance.js" in html


def test_a_new_page_form_says_nothing_is_saved_yet(client, article):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "pw-12345678"))
    column = article.get_parent()
    html = client.get(reverse("wagtailadmin_pages:add", args=["content", "articlepage", column.pk])).content.decode()
    assert "新页面还没有保存" in html and "检查的是上次保存的内容" not in html
