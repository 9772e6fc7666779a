"""The render document: its HTML and the content hash."""


from publishing.render.document import document_build
from publishing.render.themes import theme_get

from .helpers import make_bulletin, make_case_study


def test_bulletin_document_holds_the_content_and_the_stamp(tree):
    page = make_bulletin(tree["antifraud"])
    document = document_build(page=page, theme=theme_get("alert-red"))
    assert document.html.startswith("<!DOCTYPE html>")
    for text in ("防范电信网络诈骗周报", "第 12\u00a0期", "2025.06.02–06.08", page.alerts.first().title, "96110"):
        assert text in document.html
    assert '@font-face { font-family: "Poster Sans"' in document.html
    assert document.stamp.url == page.full_url
    assert document.stamp.lines[1:] == ("金融常识", "第 12 期 · 2025.06.02–06.08")
    assert document.warnings == []


def test_hash_changes_with_content_theme_and_format_only(tree):
    page = make_case_study(tree["antifraud"])
    red = document_build(page=page, theme=theme_get("alert-red"))
    again = document_build(page=page, theme=theme_get("alert-red"))
    blue = document_build(page=page, theme=theme_get("calm-blue"))
    assert red.input_hash("poster") == again.input_hash("poster")
    assert red.input_hash("poster") != blue.input_hash("poster")
    assert red.input_hash("poster") != red.input_hash("video")
    page.region = "江苏南京"
    changed = document_build(page=page, theme=theme_get("alert-red"))
    assert changed.input_hash("poster") != red.input_hash("poster")


def test_unpublished_page_gets_a_warning_and_the_site_address(tree):
    from content.models import CaseStudyPage, FraudType

    draft = CaseStudyPage(title="草稿案例", slug="draft", fraud_type=FraudType.objects.first(),
                          story="<p>经过</p>", technique="<p>手法</p>", red_flags="<p>要点</p>",
                          prevention="<p>建议</p>", aftermath="<p>处理</p>")
    document = document_build(page=draft, theme=theme_get("calm-blue"))
    assert document.stamp.url.startswith("http://")
    assert "二维码暂时指向网站首页" in document.warnings[0]
