"""Issue 9, item 1: a page title that is markup stays text in every admin preview.

Replays the stored XSS: a page titled `</title><svg onload=alert(1)>` ran script in the
admin's origin when anyone opened its poster preview (`view_draft?mode=poster`) or the
preview panel, because the preview page was built with `str.format`.
"""

from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

import pytest

from content.models import ArticlePage

pytestmark = pytest.mark.django_db

ATTACK = "</title><svg onload=alert(1)>"


@pytest.fixture
def admin(client):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "Qz7-long-enough-pw"))
    return client


@pytest.fixture
def page(site_tree, settings):
    settings.RENDER_ON_PUBLISH = False
    article = ArticlePage(title=ATTACK, slug="xss", summary=ATTACK, body=[("paragraph", "<p>防诈提醒</p>")])
    site_tree["credit"].add_child(instance=article)
    article.save_revision()
    return article


def assert_inert(response) -> None:
    assert response.status_code == 200
    if response["Content-Type"] == "application/pdf":
        assert response.content.startswith(b"%PDF")
        return
    html = response.content.decode()
    assert "<svg" not in html.lower(), "the title's markup reached the page unescaped"
    assert "&lt;svg onload=alert(1)&gt;" in html


def test_every_preview_mode_of_view_draft_shows_the_title_as_text(admin, page):
    modes = [mode for mode, _label in page.preview_modes]
    assert {"", "poster", "pdf"} <= set(modes)
    for mode in modes:
        assert_inert(admin.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)), {"mode": mode}))


def test_every_mode_of_the_preview_panel_shows_the_unsaved_title_as_text(admin, page):
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    form = admin.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).context["form"]
    data = {name: form[name].value() for name in ("slug", "summary", "author")}
    data.update({"title": ATTACK + "草稿", "body-count": "0", "fraud_types": []})
    answer = admin.post(preview_url, data).json()
    assert answer["is_valid"], answer
    for mode, _label in page.preview_modes:
        assert_inert(admin.get(preview_url, {"mode": mode}))


def test_a_failed_render_shows_its_message_as_text(page):
    page.poster_theme = ATTACK
    response = page.serve_preview(RequestFactory().get("/"), "poster")
    assert_inert(response)
    assert "无法生成长图海报" in response.content.decode()
