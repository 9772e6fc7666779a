"""Long-image posters: lay out, rasterise at 1080 px, stamp the QR code, slice and compress.

`render_poster(document)` returns the full poster (JPEG), slices under 1 MB for WeChat cut
between blocks and never through a line of text, a 900x383 cover, a 900x900 cover, a JPEG
thumbnail under 64 KB and a plain-text transcript for alt text. Example::

    >>> output = render_poster(document_build(page=bulletin, theme=theme_get("alert-red")))
    >>> [file.kind for file in output.files][:2]
    ['full', 'slice']
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from .document import RenderDocument
from .fonts import pillow_font
from .jpeg import BLOCK_ROWS, JpegJoinError, encode_jpeg, jpeg_join
from .layout import PosterLayout, poster_layout
from .limits import within_render_limits
from .outputs import OutputFile, RenderOutput
from .raster import Rasteriser, intermediate_pdf, pil_image
from .slicing import plan_cuts

logger = logging.getLogger(__name__)

POSTER_PIXEL_WIDTH = 1080
SLICE_MAX_BYTES = 1_000_000
SLICE_MAX_HEIGHT = 2160
SLICE_MIN_HEIGHT = 540
COVER_WIDE = (900, 383)
COVER_SQUARE = (900, 900)
COVER_TALL = (1080, 1920)
THUMBNAIL_SIZE = (300, 300)
THUMBNAIL_MAX_BYTES = 64 * 1024


@dataclass
class PosterPixels:
    """The rasterised poster and what the video needs from its layout."""

    image: np.ndarray
    scale: float
    sections: list[tuple[str, int, int]]
    covers: dict[str, np.ndarray]
    layout: PosterLayout
    missing: list[str]


def poster_pixels(document: RenderDocument, *, covers: tuple[str, ...],
                  on_covers: Callable[[dict[str, np.ndarray]], None] | None = None,
                  on_slice: Callable[[np.ndarray, int, int], None] | None = None) -> PosterPixels:
    """Lay out and rasterise the poster (stamped with its QR code) and the named cover pages.

    The covers are drawn first and handed to `on_covers`; then the poster, slice by slice
    (cut where `slice_cuts` says), each handed to `on_slice(image, top, bottom)` as soon as
    it is drawn and stamped: the caller can compress them while the rest is drawn.
    """
    layout = poster_layout(document, covers=covers)
    text = re.sub(r"<[^>]+>", "", document.html)
    drawn = [name for name in covers if name in layout.cover_pages]
    pdf, missing = intermediate_pdf(layout.rendered, text=text,
                                    pages=[layout.poster_page] + [layout.cover_pages[name] for name in drawn])
    scale = POSTER_PIXEL_WIDTH / layout.width
    cuts = slice_cuts(layout, scale=scale, height=math.ceil(layout.height * scale))
    stamp = _Stamper(layout=layout, scale=scale, document=document, on_slice=on_slice)
    widths = {"cover-wide": COVER_WIDE[0], "cover-square": COVER_SQUARE[0], "cover-tall": COVER_TALL[0]}
    with Rasteriser(pdf) as raster:
        cover_images = {name: raster.page_array(position, width=widths[name])
                        for position, name in enumerate(drawn, start=1)}
        if on_covers is not None:
            on_covers(cover_images)
        image = raster.page_array(0, width=POSTER_PIXEL_WIDTH, bands=cuts, on_band=stamp.band_drawn)
    sections = [(title, round(top * scale), round(bottom * scale)) for title, top, bottom in layout.sections]
    return PosterPixels(image=image, scale=scale, sections=sections, covers=cover_images, layout=layout,
                        missing=missing)


class _Stamper:
    """Stamps the QR code once the rows of its slot are drawn, then hands on finished slices.

    A slice that overlaps the slot is held back until the stamp is on it.
    """

    def __init__(self, *, layout: PosterLayout, scale: float, document: RenderDocument, on_slice):
        self.layout, self.scale, self.document, self.on_slice = layout, scale, document, on_slice
        slot = layout.slots.get("qr") if document.stamp.url else None
        self.slot_rows = (math.floor(slot.y * scale), math.ceil(slot.bottom * scale)) if slot else None
        self.pending: list[tuple[int, int]] = []

    def band_drawn(self, image: np.ndarray, top: int, bottom: int) -> None:
        self.pending.append((top, bottom))
        if self.slot_rows is not None and bottom >= min(self.slot_rows[1], image.shape[0]):
            stamp_qr(image, layout=self.layout, scale=self.scale, document=self.document)
            self.slot_rows = None
        while self.pending and (self.slot_rows is None or self.pending[0][1] <= self.slot_rows[0]):
            band_top, band_bottom = self.pending.pop(0)
            if self.on_slice is not None:
                self.on_slice(image, band_top, band_bottom)


@within_render_limits
def render_poster(document: RenderDocument) -> RenderOutput:
    """Every poster output of `document`, in memory.

    Slices are compressed on a second thread while pdfium draws the next one, and joined
    into the full image without compressing it again (see `jpeg.jpeg_join`).
    """
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        slice_jobs: list[tuple[int, int, Future]] = []
        cover_jobs: dict[str, tuple[Image.Image, Future]] = {}
        thumbnail_job: list[Future] = []

        def compress_covers(covers: dict[str, np.ndarray]) -> None:
            for page_name, size in (("cover-wide", COVER_WIDE), ("cover-square", COVER_SQUARE)):
                image = _exact(covers[page_name], size)
                cover_jobs[page_name] = (image, pool.submit(encode_jpeg, image, quality=90))
            thumbnail_job.append(pool.submit(encode_thumbnail, cover_jobs["cover-square"][0]))

        def compress_slice(image: np.ndarray, top: int, bottom: int) -> None:
            slice_jobs.append((top, bottom, pool.submit(encode_jpeg, pil_image(image[top:bottom]), restart_rows=True)))

        pixels = poster_pixels(document, covers=("cover-wide", "cover-square"), on_covers=compress_covers,
                               on_slice=compress_slice)
        full = pil_image(pixels.image)
        pieces = [(top, bottom, job.result()) for top, bottom, job in slice_jobs]
        files = [OutputFile("full", "poster.jpg", _full_jpeg(full, pieces), "image/jpeg", full.width, full.height)]
        files += _slice_files(full, pieces)
        for page_name, (image, job) in cover_jobs.items():
            files.append(OutputFile(page_name.replace("-", "_"), f"{page_name}.jpg", job.result(), "image/jpeg",
                                    *image.size))
        thumbnail, thumbnail_size = thumbnail_job[0].result()
    files.append(OutputFile("thumbnail", "thumbnail.jpg", thumbnail, "image/jpeg", *thumbnail_size))
    transcript = poster_transcript(document, pixels.layout)
    files.append(OutputFile("transcript", "transcript.txt", transcript.encode(), "text/plain; charset=utf-8"))
    return RenderOutput(
        format="poster",
        files=files,
        warnings=[*document.warnings, *glyph_warnings(pixels.missing)],
        seconds=time.perf_counter() - started,
        transcript=transcript,
    )


def glyph_warnings(missing: list[str]) -> list[str]:
    """The editor-facing warning for characters that no installed font can draw."""
    if not missing:
        return []
    shown = "、".join(f"“{char}”(U+{ord(char):04X})" for char in missing)
    return [f"以下字符没有任何已安装的字体可以显示，在海报中会是空白方框：{shown}。请换成常用字或删除。"]


def _exact(array: np.ndarray, size: tuple[int, int]) -> Image.Image:
    image = pil_image(array)
    if image.size != size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    return image


def _full_jpeg(full: Image.Image, pieces: list[tuple[int, int, bytes]]) -> bytes:
    """The full poster as JPEG: its slices joined, or compressed anew if they cannot be."""
    try:
        return jpeg_join([data for _top, _bottom, data in pieces])
    except JpegJoinError as error:
        logger.info("Compressing the full poster again: %s", error)
        return encode_jpeg(full)


def slice_cuts(layout: PosterLayout, *, scale: float, height: int, max_height: int = SLICE_MAX_HEIGHT,
               start: int = 0, end: int | None = None) -> list[int]:
    """Cut positions (pixels) for slices of at most `max_height`, between blocks and lines.

    A cut never crosses a line of text or the QR code's slot, and avoids pictures; it
    prefers the gap between two blocks.
    """
    end = height if end is None else end
    hard = [(math.floor(top * scale), math.ceil(bottom * scale)) for top, bottom in layout.lines]
    slot = layout.slots.get("qr")
    if slot is not None:
        hard.append((math.floor(slot.y * scale), math.ceil(slot.bottom * scale)))
        hard.sort()
    soft = [(math.floor(top * scale), math.ceil(bottom * scale)) for top, bottom in layout.images]
    preferred = []
    for (_top, bottom), (next_top, _bottom) in zip(layout.blocks, layout.blocks[1:], strict=False):
        if next_top >= bottom:
            preferred.append(round((bottom + next_top) / 2 * scale))
    return plan_cuts(start, end, hard=hard, soft=soft, preferred=preferred, step=BLOCK_ROWS,
                     max_height=max_height, min_height=min(SLICE_MIN_HEIGHT, max_height // 2))


def _slice_files(full: Image.Image, pieces: list[tuple[int, int, bytes]]) -> list[OutputFile]:
    """The slice files of compressed `pieces`; one over 1 MB is cut again, or compressed harder."""
    checked: list[tuple[int, int, bytes]] = []
    for top, bottom, data in pieces:
        if len(data) > SLICE_MAX_BYTES:
            checked.extend(_shrink_slice(full, top, bottom))
        else:
            checked.append((top, bottom, data))
    return [
        OutputFile("slice", f"slice-{number:02d}.jpg", data, "image/jpeg", full.width, bottom - top,
                   position=number)
        for number, (top, bottom, data) in enumerate(checked, start=1)
    ]


def _shrink_slice(full: Image.Image, top: int, bottom: int) -> list[tuple[int, int, bytes]]:
    """Re-cut an oversized slice in two at a quiet row, or lower its JPEG quality."""
    middle = _quiet_row(full, top + (bottom - top) // 3, bottom - (bottom - top) // 3)
    if middle is not None and bottom - top > 400:
        return _shrink_slice(full, top, middle) + _shrink_slice(full, middle, bottom)
    piece = full.crop((0, top, full.width, bottom))
    for quality in (80, 70, 60, 50):
        data = encode_jpeg(piece, quality=quality)
        if len(data) <= SLICE_MAX_BYTES:
            break
    return [(top, bottom, data)]


def _quiet_row(full: Image.Image, low: int, high: int) -> int | None:
    """A row between `low` and `high` of one flat colour (no text or picture crosses it)."""
    band = np.asarray(full.crop((0, low, full.width, high)).convert("RGB")).astype(np.int16)
    flat = np.abs(np.diff(band, axis=1)).max(axis=(1, 2)) <= 2
    rows = np.flatnonzero(flat)
    if not rows.size:
        return None
    middle = (high - low) // 2
    return low + int(rows[np.argmin(np.abs(rows - middle))])


def encode_thumbnail(square: Image.Image) -> tuple[bytes, tuple[int, int]]:
    """A JPEG thumbnail of the square cover under 64 KB (WeChat's `thumb` limit)."""
    thumb = square.resize(THUMBNAIL_SIZE, Image.Resampling.LANCZOS, reducing_gap=2.0)
    for quality in (85, 75, 65, 50, 35):
        data = encode_jpeg(thumb, quality=quality)
        if len(data) < THUMBNAIL_MAX_BYTES:
            return data, thumb.size
    thumb = thumb.resize((200, 200), Image.Resampling.LANCZOS)
    return encode_jpeg(thumb, quality=60), thumb.size


def stamp_qr(image: np.ndarray, *, layout: PosterLayout, scale: float, document: RenderDocument) -> None:
    """Draw the QR code to the page's H5 address and the stamp lines into the theme's slot."""
    import segno

    slot = layout.slots.get("qr")
    if slot is None or not document.stamp.url:
        return
    left, top = round(slot.x * scale), round(slot.y * scale)
    width, height = round(slot.width * scale), round(slot.height * scale)
    theme = document.theme
    qr = segno.make(document.stamp.url, error="m", micro=False)
    matrix = np.array([list(row) for row in qr.matrix], dtype=bool)
    border = 2
    module = max(1, height // (matrix.shape[0] + 2 * border))
    dark = np.array(_rgb(theme.colour("primary_dark")), dtype=np.uint8)
    size = (matrix.shape[0] + 2 * border) * module
    code = np.full((size, size, 3), 255, dtype=np.uint8)
    modules = np.kron(matrix, np.ones((module, module), dtype=bool))
    offset = border * module
    code[offset:offset + modules.shape[0], offset:offset + modules.shape[1]][modules] = dark
    y = top + (height - size) // 2
    image[y:y + size, left:left + size, :3] = code
    _stamp_text(image, box=(left + size + round(28 * scale), top, left + width, top + height), document=document)


def _stamp_text(image: np.ndarray, *, box: tuple[int, int, int, int], document: RenderDocument) -> None:
    left, top, right, bottom = box
    if right - left < 80:
        return
    region = Image.fromarray(np.ascontiguousarray(image[top:bottom, left:right, :3]))
    draw = ImageDraw.Draw(region)
    theme = document.theme
    stack = "serif" if theme.font == "serif" else "sans"
    lines = list(document.stamp.lines) + ["长按图片识别二维码"]
    styles = [(700, 46, "primary"), (700, 34, "text"), (400, 30, "muted"), (400, 28, "muted")]
    heights = [size * 1.45 for _weight, size, _colour in styles[: len(lines)]]
    y = ((bottom - top) - sum(heights)) / 2
    for text, (weight, size, colour), line_height in zip(lines, styles, heights, strict=False):
        font = pillow_font(stack, weight, size)
        draw.text((0, y + (line_height - size) / 2), _fit(draw, text, font, right - left), font=font,
                  fill=_rgb(theme.colour(colour)))
        y += line_height
    image[top:bottom, left:right, :3] = np.asarray(region)


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while len(text) > 1 and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def poster_transcript(document: RenderDocument, layout: PosterLayout) -> str:
    """The poster's text in reading order, one paragraph a line, with the QR code's target."""
    lines = [paragraph for paragraph in layout.paragraphs if paragraph]
    lines.append(" · ".join(document.stamp.lines))
    if document.stamp.url:
        lines.append(f"二维码：{document.stamp.url}")
    return "\n".join(lines) + "\n"
