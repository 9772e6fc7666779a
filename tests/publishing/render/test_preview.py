"""Preview modes: the poster and the PDF in Wagtail's preview panel, warnings and failures shown."""

from django.test import RequestFactory

import pytest

from publishing.render.preview import PREVIEW_MODES, preview_response
from publishing.render.services import render_page

from .helpers import make_case_study


@pytest.fixture
def case(tree, no_render_on_publish):
    return make_case_study(tree["antifraud"])


def test_reader_pages_offer_poster_and_pdf_modes(case):
    modes = dict(case.preview_modes)
    assert "" in modes and "poster" in modes and "pdf" in modes
    assert dict(PREVIEW_MODES)["poster"] == "长图海报"


def test_pdf_preview_is_the_pdf_itself(case):
    response = case.serve_preview(RequestFactory().get("/"), "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_poster_preview_shows_the_image_and_its_transcript(case):
    response = case.serve_preview(RequestFactory().get("/"), "poster")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/jpeg;base64,' in html
    assert "警示红（alert-red）" in html and "（预览，未保存）" in html
    assert "文字稿" in html and "案情经过" in html


def test_preview_of_a_stored_render_uses_it(case):
    render_page(page=case, format="poster")
    html = preview_response(page=case, request=RequestFactory().get("/"), mode="poster").content.decode()
    assert "（已生成过，直接显示存档）" in html


def test_unsaved_page_preview_warns_about_the_qr_code(tree):
    from content.models import CaseStudyPage, FraudType

    draft = CaseStudyPage(title="草稿案例", slug="draft", fraud_type=FraudType.objects.first(),
                          story="<p>经过</p>", technique="<p>手法</p>", red_flags="<p>要点</p>",
                          prevention="<p>建议</p>", aftermath="<p>处理</p>")
    html = preview_response(page=draft, request=RequestFactory().get("/"), mode="pdf").content.decode()
    assert "二维码暂时指向网站首页" in html
    assert '<embed type="application/pdf"' in html


def test_a_failing_render_shows_the_editor_why(case):
    case.poster_theme = "no-such-theme"
    html = case.serve_preview(RequestFactory().get("/"), "poster").content.decode()
    assert "无法生成长图海报" in html and "海报主题“no-such-theme”不存在" in html


def test_edit_form_offers_the_installed_themes(case, admin_client):
    response = admin_client.get(f"/admin/pages/{case.pk}/edit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<option value="alert-red">警示红（alert-red）</option>' in html
    assert "（跟随栏目默认主题）" in html

