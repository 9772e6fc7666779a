"""Fonts: the subset covers common Chinese, rarer characters fall back, missing ones are reported."""

import subprocess
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont

from publishing.render.document import document_build
from publishing.render.fonts import (
    font_face_css,
    missing_from_subset,
    subset_charset,
    subset_font_path,
)
from publishing.render.pdf import render_pdf
from publishing.render.poster import render_poster
from publishing.render.themes import theme_get

from .helpers import have, make_bulletin, rolled_back

pytestmark = pytest.mark.django_db

RARE = "龘"  # not in GB2312, so not in the subset; Noto Sans CJK has it
NO_FONT = "\U0001F9E7"  # 🧧: no installed font has it


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    from content.factories import build_site_tree

    with rolled_back(django_db_blocker):
        page = make_bulletin(
            build_site_tree()["antifraud"],
            lead_warning=f"本周提醒：骗子自称“{RARE}先生”，还会在红包{NO_FONT}里附上链接，请勿点击。",
        )
        theme = theme_get("alert-red")
        pdf = render_pdf(document_build(page=page, theme=theme, kind="pdf"))
        poster = render_poster(document_build(page=page, theme=theme))
    path = tmp_path_factory.mktemp("fonts") / "fallback.pdf"
    path.write_bytes(pdf.primary.data)
    return SimpleNamespace(pdf=pdf, poster=poster, path=path)


def test_subset_font_holds_the_common_characters(render_fonts_ready):
    font = TTFont(str(subset_font_path("sans", 400)))
    cmap = font.getBestCmap()
    for char in "防范电信网络诈骗周报，。“”（）96110ABC":
        assert ord(char) in cmap, char
    assert ord(RARE) not in cmap
    assert len(subset_charset()) > 7000


def test_missing_from_subset_names_the_rare_characters():
    assert missing_from_subset(f"常用字{RARE}和{NO_FONT} ") == {RARE, NO_FONT}


def test_font_face_css_points_at_the_subset_fonts():
    css = font_face_css(("sans",))
    assert 'font-family: "Poster Sans"; font-weight: 400' in css
    assert 'url("poster-font:sans-700")' in css


def test_a_missing_glyph_is_reported_to_the_editor(rendered):
    for output in (rendered.pdf, rendered.poster):
        assert len(output.warnings) == 1
        assert NO_FONT in output.warnings[0] and "U+1F9E7" in output.warnings[0]
        assert RARE not in output.warnings[0]


@pytest.mark.skipif(not have("pdftotext"), reason="needs poppler-utils")
def test_rare_character_falls_back_to_the_full_system_font(rendered):
    text = subprocess.run(["pdftotext", str(rendered.path), "-"], capture_output=True, text=True,  # noqa: S603, S607
                          check=True).stdout
    assert f"“{RARE}先生”" in text
    fonts = subprocess.run(["pdffonts", str(rendered.path)], capture_output=True, text=True,  # noqa: S603, S607
                           check=True).stdout
    assert "Poster-Sans" in fonts
    assert "NotoSansCJK" in fonts.replace(" ", "") or "Noto" in fonts


@pytest.fixture
def render_fonts_ready():
    return [subset_font_path("sans", weight) for weight in (400, 700)]
