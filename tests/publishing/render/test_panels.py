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
    assert reverse("render_file_admin", args=[poster.pk]) in html
    for record in poster.files.all():
        assert reverse("render_file_admin", args=[poster.pk, record.pk]) in html
    assert "/media/" not in html.split("长图、PDF 与视频", 1)[1]
    assert "切片 1" in html and "横版封面 2.35:1" in html and "文字稿" in html
    assert f"1080×{poster.height}" in html
    assert "海报中的资源无法加载，生成已停止" in html


def test_a_page_never_rendered_says_when_it_will_be(tree, admin_client_logged):
    page = make_case_study(tree["antifraud"])
    html = admin_client_logged.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "还没有生成过：页面发布后会自动生成。" in html


def test_the_panels_links_send_the_files_to_staff_only(tree, admin_client_logged, client, django_user_model):
    page = make_case_study(tree["antifraud"])
    poster = render_page(page=page, format="poster")
    slice_file = poster.files.filter(kind="slice").first()

    response = admin_client_logged.get(reverse("render_file_admin", args=[poster.pk, slice_file.pk]))
    assert response.status_code == 200
    with slice_file.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    assert "no-store" in response["Cache-Control"]

    nobody = django_user_model.objects.create_user("reader", password="pw-12345678")
    client.force_login(nobody)
    assert client.get(reverse("render_file_admin", args=[poster.pk])).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("render_file_admin", args=[poster.pk])).status_code == 302
