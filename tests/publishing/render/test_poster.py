"""Posters: fitted height, slices, covers, thumbnail, QR code, transcript and line breaking."""

import io
import math
from types import SimpleNamespace

import pytest
import zxingcpp
from PIL import Image

from publishing.render.document import document_build
from publishing.render.layout import poster_layout
from publishing.render.poster import POSTER_PIXEL_WIDTH, SLICE_MAX_BYTES, render_poster
from publishing.render.themes import theme_get

from .helpers import (
    NO_LINE_START,
    PUNCTUATED,
    SAMPLE_ALERTS,
    make_bulletin,
    make_case_study,
    rolled_back,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bulletin(django_db_setup, django_db_blocker):
    """The sample bulletin in the red theme, rendered once for the module."""
    from content.factories import build_site_tree

    with rolled_back(django_db_blocker):
        tree = build_site_tree()
        alerts = [*SAMPLE_ALERTS, ("刷单返利", "标点不在行首", PUNCTUATED[:390])]
        page = make_bulletin(tree["antifraud"], alerts=alerts)
        document = document_build(page=page, theme=theme_get("alert-red"))
        output = render_poster(document)
        url, title = page.full_url, page.title
    return SimpleNamespace(document=document, output=output, url=url, title=title, layout=poster_layout(document))


@pytest.fixture(scope="module")
def case_study(django_db_setup, django_db_blocker):
    """The sample case study in the blue theme, rendered once for the module."""
    from content.factories import build_site_tree

    with rolled_back(django_db_blocker):
        page = make_case_study(build_site_tree()["credit"])
        document = document_build(page=page, theme=theme_get("calm-blue"))
        output = render_poster(document)
        url = page.full_url
    return SimpleNamespace(document=document, output=output, url=url, layout=poster_layout(document))


def image_of(file) -> Image.Image:
    image = Image.open(io.BytesIO(file.data))
    image.load()
    return image


def text_bands(layout):
    """Vertical extents (CSS px) of every piece of text, read straight from WeasyPrint's boxes."""
    from weasyprint.formatting_structure import boxes

    page = layout.rendered.pages[layout.poster_page]
    return [
        (box.position_y, box.position_y + box.height)
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox) and box.text.strip()
    ]


def line_starts(layout):
    from weasyprint.formatting_structure import boxes

    page = layout.rendered.pages[layout.poster_page]
    starts = []
    for line in page._page_box.descendants():
        if isinstance(line, boxes.LineBox):
            text = "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)).strip()
            if text:
                starts.append(text[0])
    return starts


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_height_is_fitted_to_the_content(name, request):
    rendered = request.getfixturevalue(name)
    full = image_of(rendered.output.files_of("full")[0])
    layout = rendered.layout
    assert full.width == POSTER_PIXEL_WIDTH
    assert abs(full.height - math.ceil(layout.height) * POSTER_PIXEL_WIDTH / 750) <= 2
    # The last piece of text (the colophon) ends within a few dozen pixels of the bottom: no blank tail.
    last_text = max(bottom for _top, bottom in text_bands(layout))
    assert 0 < layout.height - last_text < 60
    # The page is no taller than the content, so nothing below it could have been cut off.
    colophon_bottom = max(bottom for _top, bottom in layout.blocks)
    assert layout.height == pytest.approx(colophon_bottom, abs=2)


def test_longer_content_gives_a_taller_poster(bulletin, case_study):
    assert bulletin.layout.height > case_study.layout.height > 3000


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_slices_are_under_1mb_and_cover_the_poster(name, request):
    rendered = request.getfixturevalue(name)
    slices = rendered.output.files_of("slice")
    full = image_of(rendered.output.files_of("full")[0])
    assert len(slices) >= 2
    assert all(file.size <= SLICE_MAX_BYTES for file in slices)
    images = [image_of(file) for file in slices]
    assert all(image.format == "JPEG" and image.width == POSTER_PIXEL_WIDTH for image in images)
    assert sum(image.height for image in images) == full.height
    assert [file.height for file in slices] == [image.height for image in images]


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_slices_are_cut_between_lines_and_mostly_between_blocks(name, request):
    rendered = request.getfixturevalue(name)
    scale = POSTER_PIXEL_WIDTH / 750
    cuts, position = [], 0
    for file in rendered.output.files_of("slice")[:-1]:
        position += file.height
        cuts.append(position / scale)
    bands = text_bands(rendered.layout)
    for cut in cuts:
        crossed = [(top, bottom) for top, bottom in bands if top + 0.5 < cut < bottom - 0.5]
        assert not crossed, f"cut at {cut:.1f}px crosses text {crossed}"
    gaps = [
        (bottom, next_top)
        for (_top, bottom), (next_top, _bottom) in zip(rendered.layout.blocks, rendered.layout.blocks[1:], strict=False)
    ]
    between_blocks = [cut for cut in cuts if any(low - 1 <= cut <= high + 1 for low, high in gaps)]
    assert len(between_blocks) >= len(cuts) // 2


def test_covers_and_thumbnail_have_their_sizes(bulletin):
    wide = image_of(bulletin.output.files_of("cover_wide")[0])
    square = image_of(bulletin.output.files_of("cover_square")[0])
    thumbnail_file = bulletin.output.files_of("thumbnail")[0]
    thumbnail = image_of(thumbnail_file)
    assert wide.size == (900, 383)
    assert square.size == (900, 900)
    assert thumbnail.format == "JPEG"
    assert thumbnail_file.size < 64 * 1024
    assert thumbnail.width == thumbnail.height


def test_cover_shows_the_theme_colour_not_a_blank_page(bulletin):
    wide = image_of(bulletin.output.files_of("cover_wide")[0]).convert("RGB")
    red, green, blue = wide.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert red > 120 and green < 90 and blue < 90


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_qr_code_decodes_to_the_page_url(name, request):
    rendered = request.getfixturevalue(name)
    full = image_of(rendered.output.files_of("full")[0])
    texts = [result.text for result in zxingcpp.read_barcodes(full)]
    assert rendered.url in texts
    assert rendered.url.startswith("http")


def test_transcript_holds_the_posters_text_in_order(bulletin):
    transcript = bulletin.output.files_of("transcript")[0].data.decode()
    assert transcript == bulletin.output.transcript
    positions = [transcript.index(text) for text in (
        "防范电信网络诈骗周报", "本周预警", SAMPLE_ALERTS[0][1], SAMPLE_ALERTS[4][1], "本周提示", "96110",
    )]
    assert positions == sorted(positions)
    assert "第 12 期" in transcript
    assert f"二维码：{bulletin.url}" in transcript
    assert "\u2060" not in transcript


def test_no_line_starts_with_closing_punctuation(bulletin):
    starts = line_starts(bulletin.layout)
    assert len(starts) > 50
    assert not [char for char in starts if char in NO_LINE_START]
    # The punctuation-dense alert did fill lines to their ends.
    assert PUNCTUATED[:40] in "".join(bulletin.layout.paragraphs)


def test_missing_qr_slot_or_url_leaves_the_poster_alone(bulletin):
    assert bulletin.layout.slots["qr"].height == 200
    assert bulletin.output.warnings == []


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_qr_code_is_whole_in_one_slice_and_decodes_there(name, request):
    """Slices are compressed as they are drawn; the one holding the QR slot waits for the stamp."""
    rendered = request.getfixturevalue(name)
    slot = rendered.layout.slots["qr"]
    scale = POSTER_PIXEL_WIDTH / 750
    top = 0
    holding = []
    for file in rendered.output.files_of("slice"):
        bottom = top + file.height
        if top < slot.bottom * scale and slot.y * scale < bottom:
            holding.append(file)
        top = bottom
    assert len(holding) == 1, "a cut went through the QR code"
    texts = [result.text for result in zxingcpp.read_barcodes(image_of(holding[0]))]
    assert texts == [rendered.url]


def test_only_the_named_covers_are_laid_out(bulletin):
    layout = poster_layout(bulletin.document, covers=("cover-square",))
    assert list(layout.cover_pages) == ["cover-square"]
    assert len(layout.rendered.pages) == 2
    assert layout.height == bulletin.layout.height
    assert set(bulletin.layout.cover_pages) == {"cover-wide", "cover-square", "cover-tall"}


def test_short_slices_still_never_cut_through_the_qr_code(bulletin):
    from publishing.render.poster import slice_cuts

    scale = POSTER_PIXEL_WIDTH / 750
    height = math.ceil(bulletin.layout.height * scale)
    cuts = slice_cuts(bulletin.layout, scale=scale, height=height, max_height=400)
    slot = bulletin.layout.slots["qr"]
    assert len(cuts) > 15
    assert all(b - a <= 400 for a, b in zip([0, *cuts], [*cuts, height], strict=False))
    assert not [cut for cut in cuts if slot.y * scale < cut < slot.bottom * scale]
    # Starting just above the code, the first slice's lowest reach ends inside it.
    start = math.floor(slot.y * scale) - 100
    cuts = slice_cuts(bulletin.layout, scale=scale, height=height, max_height=300, start=start)
    assert cuts[0] <= slot.y * scale


@pytest.mark.parametrize("name", ["bulletin", "case_study"])
def test_full_image_is_the_slices_joined(name, request):
    """Slices are cut on rows of JPEG blocks, so the full image is their data spliced together."""
    import numpy as np

    rendered = request.getfixturevalue(name)
    slices = rendered.output.files_of("slice")
    assert all(file.height % 8 == 0 for file in slices[:-1])
    stacked = np.vstack([np.asarray(image_of(file).convert("RGB")) for file in slices])
    full = np.asarray(image_of(rendered.output.files_of("full")[0]).convert("RGB"))
    assert np.array_equal(full, stacked)


def test_full_image_is_compressed_anew_when_slices_cannot_be_joined():
    from publishing.render.jpeg import encode_jpeg
    from publishing.render.poster import _full_jpeg

    full = Image.new("RGB", (1080, 900), (200, 30, 50))
    pieces = [(0, 301, encode_jpeg(full.crop((0, 0, 1080, 301)), restart_rows=True)),
              (301, 900, encode_jpeg(full.crop((0, 301, 1080, 900)), restart_rows=True))]
    image = image_of(SimpleNamespace(data=_full_jpeg(full, pieces)))
    assert image.size == (1080, 900)
    assert image.convert("RGB").getpixel((500, 450)) == pytest.approx((200, 30, 50), abs=3)


@pytest.mark.parametrize("kind", ["poster", "pdf"])
def test_spaces_in_chinese_text_are_not_stretched(tree, kind):
    """A space beside Chinese ("14 岁", "App") stays a space: no justification widens it."""
    from weasyprint.formatting_structure import boxes

    from publishing.render.layout import layout_render

    story = "<p>14 岁的小宇在游戏里看到“低价出售皮肤”的广告，扫码进入所谓交易平台，被以账户冻结为由，用妈妈的手机转账 1.2 万元。</p>" * 3
    page = make_case_study(tree["antifraud"], story=story)
    rendered = layout_render(document_build(page=page, theme=theme_get("calm-blue"), kind=kind))
    with_spaces = [
        box for page_ in rendered.pages for box in page_._page_box.descendants()
        if isinstance(box, boxes.TextBox) and " " in box.text.strip()
    ]
    assert len(with_spaces) > 5
    assert [box.text for box in with_spaces if getattr(box, "justification_spacing", 0)] == []
