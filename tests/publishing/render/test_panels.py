"""The page edit view's renders panel: every render with its status, and links to its files."""

from django.urls import reverse

import pytest

from publishing.models import RenderResult
from publishing.render.services import render_page

from .helpers import make_case_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged(client, admin_user):
    client.force_login(admin_user)
    return client


def test_edit_view_lists_the_pages_renders_with_their_files(tree, admin_client_logged):
    page = make_case_study(tree["antifraud"])
    poster = render_page(page=page, format="poster")
    RenderResult.objects.create(page=page, theme="calm-blue", format="pdf", status=RenderResult.STATUS_FAILED,
                                input_hash="", error="海报中的资源无法加载，生成已停止：Failed to load image")

    html = admin_client_logged.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()

    assert "长图、PDF 与视频" in html
    assert poster.file.url in html
    for record in poster.files.all():
        assert record.file.url in html
    assert "切片 1" in html and "横版封面 2.35:1" in html and "文字稿" in html
    assert f"1080×{poster.height}" in html
    assert "海报中的资源无法加载，生成已停止" in html


def test_a_page_never_rendered_says_when_it_will_be(tree, admin_client_logged):
    page = make_case_study(tree["antifraud"])
    html = admin_client_logged.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "还没有生成过：页面发布后会自动生成。" in html
