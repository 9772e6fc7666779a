"""Theme stylesheets: custom properties written in place, the document's style parsed once."""

import pytest
import weasyprint

from publishing.render.document import document_build
from publishing.render.fetcher import BASE_URL
from publishing.render.fonts import font_configuration
from publishing.render.layout import layout_render
from publishing.render.stylesheet import (
    document_stylesheet,
    parsed_stylesheet,
    resolve_custom_properties,
    split_style,
)
from publishing.render.themes import theme_get

from .helpers import make_bulletin

ROOT = ":root { --primary: #C8102E; --accent: #FFC83D; --edge: 4px solid var(--primary); }\n"


def test_var_is_replaced_by_the_value_set_on_root():
    css = resolve_custom_properties(ROOT + ".a { color: var(--primary); background: var( --accent ); }")
    assert ".a { color: #C8102E; background: #FFC83D; }" in css


def test_properties_may_refer_to_each_other():
    css = resolve_custom_properties(ROOT + ".a { border: var(--edge); }")
    assert ".a { border: 4px solid #C8102E; }" in css


def test_fallback_is_used_only_when_the_property_is_not_set():
    css = resolve_custom_properties(ROOT + ".a { color: var(--primary, blue); margin: var(--gap, 12px); }")
    assert ".a { color: #C8102E; margin: 12px; }" in css


def test_unknown_property_without_fallback_is_left_for_weasyprint():
    css = resolve_custom_properties(ROOT + ".a { color: var(--nowhere); }")
    assert "color: var(--nowhere)" in css


def test_self_reference_does_not_loop_forever():
    css = resolve_custom_properties(":root { --a: var(--a); } .x { color: var(--a); }")
    assert ".x { color: var(--a); }" in css


def test_split_style_takes_every_style_element_in_order():
    body, css = split_style("<head><style>a{}</style><style>b{}</style></head><p>x</p>")
    assert body == "<head></head><p>x</p>"
    assert css == "a{}\nb{}"


def test_same_stylesheet_text_is_parsed_once_per_process():
    first = parsed_stylesheet("p { color: red; }", BASE_URL)
    assert parsed_stylesheet("p { color: red; }", BASE_URL) is first
    assert parsed_stylesheet("p { color: blue; }", BASE_URL) is not first


def test_document_without_style_is_handed_over_as_it_is():
    html = "<p>没有样式</p>"
    assert document_stylesheet(html, BASE_URL) == (html, None)


@pytest.mark.django_db
@pytest.mark.parametrize("theme", ["alert-red", "calm-blue"])
def test_theme_documents_carry_their_colours_and_no_var(tree, theme):
    chosen = theme_get(theme)
    document = document_build(page=make_bulletin(tree["antifraud"]), theme=chosen)
    assert "var(" not in document.html
    assert f"border-left: 12px solid {chosen.colour('primary')}" in document.html


@pytest.mark.django_db
def test_layout_with_the_parsed_stylesheet_matches_the_plain_document(tree, monkeypatch):
    """The pre-parsed stylesheet and resolved properties change the speed, not the layout."""
    page = make_bulletin(tree["antifraud"])
    document = document_build(page=page, theme=theme_get("alert-red"))
    ours = layout_render(document)
    monkeypatch.setattr("publishing.render.document.resolve_document_properties", lambda html: html)
    as_written = document_build(page=page, theme=theme_get("alert-red")).html
    assert "var(--primary)" in as_written
    plain = weasyprint.HTML(string=as_written, base_url=BASE_URL).render(font_config=font_configuration())

    def geometry(rendered):
        from weasyprint.formatting_structure import boxes

        page = rendered.pages[0]._page_box
        return [
            (round(box.position_y, 2), round(box.position_x, 2), box.text)
            for box in page.descendants()
            if isinstance(box, boxes.TextBox)
        ]

    assert len(ours.pages) == len(plain.pages)
    assert geometry(ours) == geometry(plain)
    assert len(geometry(ours)) > 50
