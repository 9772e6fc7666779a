"""WeasyPrint layout of a render document, and what the later steps read from it.

The poster is laid out once on a very tall page; its height is then set to the bottom of
the content, so the image has no blank tail and nothing is cut off. Content that does not fit
on that page (45000 CSS px, about 64800 pixels) fails with 内容过长 instead of growing the image. From the same layout
come the y positions of every line of text (slices are cut between them), the blocks and
sections (preferred cut points and the video's resting points), the slot where the QR code
goes and the text of the poster in reading order (the transcript).
"""

from __future__ import annotations

import logging
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from content.typography import WORD_JOINER

from .document import RenderDocument
from .errors import ImageRenderError, PosterTooLongError, RenderError
from .fetcher import BASE_URL, url_fetcher
from .fonts import font_configuration
from .stylesheet import document_stylesheet, parsed_stylesheet

logger = logging.getLogger(__name__)

COVER_PAGES = ("cover-wide", "cover-square", "cover-tall")
NOTDEF_MESSAGE = ".notdef glyph rendered"
TOO_LONG_MESSAGE = (
    "内容过长：海报超出了一张长图能容纳的高度（约 64000 像素），无法生成。请精简内容（例如缩短表格、删减段落）或拆成两期。"
)
IMAGE_FAILURE = re.compile(r"^Failed to load (image|stylesheet|font|inline SVG)")


@dataclass
class Box:
    """A rectangle in CSS px from the top-left of its page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass
class PosterLayout:
    """A laid-out poster document: the WeasyPrint document and the geometry read from it."""

    rendered: object
    poster_page: int
    cover_pages: dict[str, int]
    width: float
    height: float
    lines: list[tuple[float, float]] = field(default_factory=list)
    images: list[tuple[float, float]] = field(default_factory=list)
    blocks: list[tuple[float, float]] = field(default_factory=list)
    sections: list[tuple[str, float, float]] = field(default_factory=list)
    slots: dict[str, Box] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def weasyprint_messages():
    """Collect what WeasyPrint logs (missing glyphs, images that failed to load) meanwhile."""
    weasy_logger = logging.getLogger("weasyprint")
    collector = _Collector()
    weasy_logger.addHandler(collector)
    try:
        yield collector.records
    finally:
        weasy_logger.removeHandler(collector)


def missing_glyphs(records: list[logging.LogRecord]) -> list[str]:
    """The characters WeasyPrint drew as empty boxes because no installed font has them."""
    found: list[str] = []
    for record in records:
        if str(record.msg).startswith(NOTDEF_MESSAGE) and record.args:
            for char in str(record.args[0]):
                if char not in found:
                    found.append(char)
    return found


def raise_for_failed_resources(records: list[logging.LogRecord]) -> None:
    """Turn WeasyPrint's 'Failed to load image' log lines into a render failure."""
    for record in records:
        message = record.getMessage()
        if IMAGE_FAILURE.match(message):
            logger.warning("WeasyPrint: %s", message)
            raise ImageRenderError(f"海报中的资源无法加载，生成已停止：{message}")
        if not str(record.msg).startswith(NOTDEF_MESSAGE):
            logger.debug("WeasyPrint: %s", message)


def layout_render(document: RenderDocument, *, extra_css: str = ""):
    """Lay out `document` (with `extra_css` after its own style); returns the WeasyPrint Document."""
    import weasyprint

    with weasyprint_messages() as records:
        try:
            source, stylesheet = document_stylesheet(document.html, BASE_URL)
            sheets = [stylesheet] if stylesheet is not None else []
            if extra_css:
                sheets.append(parsed_stylesheet(extra_css, BASE_URL))
            html = weasyprint.HTML(string=source, base_url=BASE_URL, url_fetcher=url_fetcher())
            rendered = html.render(font_config=font_configuration(), stylesheets=sheets or None)
        except RenderError:
            raise
        except Exception as error:
            logger.exception("WeasyPrint could not lay out %s", document.title)
            raise RenderError(f"排版失败：{error}") from error
    raise_for_failed_resources(records)
    return rendered


def poster_layout(document: RenderDocument, *, covers: tuple[str, ...] = COVER_PAGES) -> PosterLayout:
    """Lay out a poster document and fit its first page's height to the content.

    Only the cover pages named in `covers` are laid out (each costs a few milliseconds);
    the others are hidden, by the class `cover--<name>` that the themes give them.
    """
    hidden = [name for name in COVER_PAGES if name not in covers]
    extra_css = "".join(f".cover--{name.removeprefix('cover-')} {{ display: none !important; }}" for name in hidden)
    rendered = layout_render(document, extra_css=extra_css)
    poster_pages = []
    covers: dict[str, int] = {}
    for index, page in enumerate(rendered.pages):
        name = page._page_box.page_type.name
        if name in COVER_PAGES:
            covers.setdefault(name, index)
        else:
            poster_pages.append(index)
    if len(poster_pages) != 1:
        raise PosterTooLongError(TOO_LONG_MESSAGE)
    index = poster_pages[0]
    page = rendered.pages[index]
    height = math.ceil(_content_bottom(page._page_box))
    if height > page.height + 1:
        # Something that cannot be split (an image, a fixed-height box) ran past the page's end.
        raise PosterTooLongError(TOO_LONG_MESSAGE)
    page.height = height
    layout = PosterLayout(
        rendered=rendered, poster_page=index, cover_pages=covers, width=page.width, height=height
    )
    _read_geometry(page._page_box, layout)
    return layout


def _content_bottom(page_box) -> float:
    """The bottom of the poster's content: its `.poster-page` box, or the html box's content."""
    for box in page_box.descendants():
        if "poster-page" in _classes(getattr(box, "element", None)):
            return box.position_y + box.margin_height()
    root = page_box.children[0]
    return root.position_y + root.margin_height()


def _classes(element) -> list[str]:
    return (element.get("class") or "").split() if element is not None else []


def _read_geometry(page_box, layout: PosterLayout) -> None:
    from weasyprint.formatting_structure import boxes

    seen_blocks: set[int] = set()

    def visit(box, inside_block: bool) -> None:
        element = getattr(box, "element", None)
        if isinstance(box, boxes.LineBox):
            band = text_band(box)
            if band is not None:
                layout.lines.append(band)
            return
        if isinstance(box, boxes.ReplacedBox):
            layout.images.append((box.border_box_y(), box.border_box_y() + box.border_height()))
        if element is not None and isinstance(box, boxes.BlockLevelBox) and id(element) not in seen_blocks:
            seen_blocks.add(id(element))
            top = box.border_box_y()
            bottom = top + box.border_height()
            if "poster-block" in _classes(element) and not inside_block:
                layout.blocks.append((top, bottom))
                inside_block = True
            if element.get("data-section"):
                layout.sections.append((element.get("data-section"), top, bottom))
            if element.get("data-slot"):
                layout.slots[element.get("data-slot")] = Box(
                    box.content_box_x(), box.content_box_y(), box.width, box.height
                )
        if isinstance(box, boxes.ParentBox):
            if box.children and all(isinstance(child, boxes.LineBox) for child in box.children):
                text = "".join(_line_text(child) for child in box.children).strip()
                if text:
                    layout.paragraphs.append(text)
            for child in box.children:
                visit(child, inside_block)

    visit(page_box, False)
    layout.lines.sort()
    layout.blocks.sort()


def text_band(line) -> tuple[float, float] | None:
    """The vertical extent of the glyphs' content areas in a line box, or None without text."""
    from weasyprint.formatting_structure import boxes

    tops, bottoms = [], []
    for child in line.descendants():
        if isinstance(child, boxes.TextBox) and child.text.strip(WORD_JOINER + " \t\n"):
            tops.append(child.position_y)
            bottoms.append(child.position_y + child.height)
    if not tops:
        return None
    return min(tops), max(bottoms)


def _line_text(box) -> str:
    """The text of a line box; inline-blocks inside it are set apart by spaces."""
    from weasyprint.formatting_structure import boxes

    parts: list[str] = []
    for child in box.children:
        if isinstance(child, boxes.TextBox):
            parts.append(child.text)
        elif isinstance(child, boxes.InlineBox):
            parts.append(_line_text(child))
        elif isinstance(child, boxes.InlineBlockBox):
            inner = " ".join(
                _line_text(line) for line in child.descendants() if isinstance(line, boxes.LineBox)
            )
            parts.append(f" {inner.strip()} ")
    return re.sub(r"[ \t]{2,}", " ", "".join(parts).replace("\u00a0", " ")).replace(WORD_JOINER, "")
