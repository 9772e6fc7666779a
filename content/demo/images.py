"""Draw the demo content's pictures with Pillow: column-coloured covers, simple figures and the logo."""

import io
import logging
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont

logger = logging.getLogger(__name__)

COVER_SIZE = (1200, 510)
FIGURE_SIZE = (1080, 1440)
LOGO_SIZE = (512, 512)

# Noto Sans CJK is a collection; index 2 is the Simplified Chinese face.
FONT_CANDIDATES = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-{weight}.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-{weight}.otf", 0),
]

_NO_LINE_START = "，。、；：！？”’）》」』…"
_NO_LINE_END = "“‘（《「『"

WHITE = (255, 255, 255)
INK = (31, 41, 55)


class DemoFontMissing(RuntimeError):
    """No font that can draw Chinese was found on this machine."""


@lru_cache(maxsize=2)
def _font_source(weight: str) -> tuple[str, int]:
    for pattern, index in FONT_CANDIDATES:
        path = pattern.format(weight=weight)
        if Path(path).exists():
            return path, index
    raise DemoFontMissing(
        "找不到可显示中文的字体。请先安装 Noto Sans CJK（Debian/Ubuntu：apt-get install -y fonts-noto-cjk）。"
    )


@lru_cache(maxsize=32)
def _font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    path, index = _font_source(weight)
    return ImageFont.truetype(path, size, index=index)


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#0B5CAD' -> (11, 92, 173)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """Blend colour `a` towards `b` by `amount` (0 keeps a, 1 gives b)."""
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break `text` into lines no wider than `width`, between any two characters (Chinese has no spaces).

    Closing punctuation never starts a line and opening punctuation never ends one.
    """
    lines: list[str] = []
    current = ""
    for char in text:
        if char == "\n":
            lines.append(current)
            current = ""
            continue
        if current and font.getlength(current + char) > width and char not in _NO_LINE_START:
            carried = ""
            while current and current[-1] in _NO_LINE_END:
                carried = current[-1] + carried
                current = current[:-1]
            lines.append(current)
            current = (carried + char).lstrip()
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def _wrap_balanced(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Like `_wrap`, but with lines of similar length instead of a full first line and a short last one."""
    lines = _wrap(text, font, width)
    if len(lines) < 2:
        return lines
    narrow, wide = width // 3, width
    while wide - narrow > 4:
        middle = (narrow + wide) // 2
        if len(_wrap(text, font, middle)) > len(lines):
            narrow = middle
        else:
            wide = middle
    return _wrap(text, font, wide)


def _fit(
    text: str,
    *,
    width: int,
    max_lines: int,
    largest: int,
    smallest: int,
    weight: str = "Bold",
    max_height: int | None = None,
    leading: float = 1.3,
):
    """The biggest font size (stepping down) at which `text` fits in `max_lines` lines of `width`.

    With `max_height`, the lines (at `leading` times the font size) must also fit that height.
    """
    size = largest
    while True:
        font = _font(size, weight)
        lines = _wrap_balanced(text, font, width)
        fits = len(lines) <= max_lines and (max_height is None or len(lines) * size * leading <= max_height)
        if fits or size <= smallest:
            return font, lines[:max_lines]
        size -= 2


def _hang(line: str, font: ImageFont.FreeTypeFont) -> int:
    """How far to pull a line left so that an opening quote or bracket hangs in the margin."""
    if line and line[0] in _NO_LINE_END:
        ink = font.getmask(line[0]).getbbox()
        return ink[0] if ink else 0
    return 0


def _gradient(size: tuple[int, int], start: tuple[int, int, int], end: tuple[int, int, int]) -> Image.Image:
    """A diagonal gradient from `start` (top left) to `end` (bottom right)."""
    width, height = size
    vertical = Image.linear_gradient("L").resize((width, height))
    horizontal = Image.linear_gradient("L").rotate(90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    mask = ImageChops.add(vertical, horizontal.resize((width, height)), scale=2)
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


def _draw_icon(draw: ImageDraw.ImageDraw, icon: str, centre: tuple[int, int], radius: int, fill) -> None:
    """A simple line-art pictogram for a column icon key (report, loan, shield, alert)."""
    cx, cy = centre
    r = radius
    stroke = max(4, r // 9)
    if icon == "report":
        draw.rounded_rectangle((cx - r * 0.7, cy - r, cx + r * 0.7, cy + r), radius=r // 6, outline=fill, width=stroke)
        for i, share in enumerate((0.9, 0.9, 0.6, 0.75)):
            y = cy - r * 0.55 + i * r * 0.38
            draw.line((cx - r * 0.45, y, cx - r * 0.45 + r * 0.9 * share, y), fill=fill, width=stroke)
    elif icon == "loan":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fill, width=stroke)
        font = _font(int(r * 1.2))
        draw.text((cx, cy), "¥", font=font, fill=fill, anchor="mm")
    elif icon == "shield":
        points = [
            (cx, cy - r), (cx + r * 0.85, cy - r * 0.62), (cx + r * 0.78, cy + r * 0.15),
            (cx, cy + r), (cx - r * 0.78, cy + r * 0.15), (cx - r * 0.85, cy - r * 0.62),
        ]
        draw.polygon(points, outline=fill, width=stroke)
        draw.line(
            [(cx - r * 0.38, cy), (cx - r * 0.08, cy + r * 0.3), (cx + r * 0.42, cy - r * 0.28)],
            fill=fill, width=stroke, joint="curve",
        )
    else:  # alert
        draw.polygon(
            [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)], outline=fill, width=stroke
        )
        draw.line((cx, cy - r * 0.35, cx, cy + r * 0.3), fill=fill, width=stroke + 2)
        draw.ellipse((cx - stroke, cy + r * 0.5 - stroke, cx + stroke, cy + r * 0.5 + stroke), fill=fill)


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue()


def render_cover(
    *, headline: str, kicker: str, colour: str, icon: str, brand: str = "金融常识", size=None
) -> bytes:
    """A JPEG cover: a gradient in `colour`, the column name as a tag, the headline large, the icon.

    >>> render_cover(headline="逾期记录保存5年", kicker="征信", colour="#0B5CAD", icon="report")[:2]
    b'\\xff\\xd8'
    """
    width, height = size or COVER_SIZE
    base = hex_to_rgb(colour)
    image = _gradient((width, height), _mix(base, WHITE, 0.08), _mix(base, (0, 0, 0), 0.38))
    # An RGB image drawn on in "RGBA" mode blends each translucent fill into what is below.
    draw = ImageDraw.Draw(image, "RGBA")
    unit = height / 510
    cx, cy, r = int(width * 0.83), int(height * 0.5), int(200 * unit)
    draw.ellipse((cx - r * 1.6, cy - r * 1.6, cx + r * 1.6, cy + r * 1.6), fill=(255, 255, 255, 18))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 255, 34))
    draw.ellipse((-r * 0.6, height - r * 0.5, r * 0.6, height + r * 0.7), fill=(255, 255, 255, 14))
    _draw_icon(draw, icon, (cx, cy), int(r * 0.55), (255, 255, 255, 235))

    margin = int(64 * unit)
    tag_font = _font(max(12, int(30 * unit)))
    tag_box = draw.textbbox((0, 0), kicker, font=tag_font)
    pad_x, pad_y = int(18 * unit), int(10 * unit)
    tag_w, tag_h = tag_box[2] - tag_box[0] + pad_x * 2, tag_box[3] - tag_box[1] + pad_y * 2
    top = int(58 * unit)
    draw.rounded_rectangle((margin, top, margin + tag_w, top + tag_h), radius=tag_h // 2, fill=WHITE)
    draw.text((margin + pad_x, top + pad_y - tag_box[1]), kicker, font=tag_font, fill=base)

    text_width = int(width * 0.58)
    text_top = top + tag_h + int(36 * unit)
    text_bottom = height - int(116 * unit)
    font, lines = _fit(
        headline, width=text_width, max_lines=3, largest=max(16, int(70 * unit)),
        smallest=max(12, int(40 * unit)), max_height=text_bottom - text_top,
    )
    line_height = int(font.size * 1.3)
    y = text_top + (text_bottom - text_top - line_height * len(lines)) // 2
    for line in lines:
        x = margin - _hang(line, font)
        draw.text((x + 2, y + 3), line, font=font, fill=(0, 0, 0, 40))
        draw.text((x, y), line, font=font, fill=WHITE)
        y += line_height

    brand_font = _font(max(10, int(26 * unit)))
    draw.text(
        (margin, height - int(52 * unit)), brand, font=brand_font, fill=(255, 255, 255, 210), anchor="ls"
    )
    return _encode(image, "JPEG")


def render_figure(*, headline: str, items: list[tuple[str, str]], colour: str, size=None) -> bytes:
    """A JPEG figure for an article: a headline over one to four numbered rows, sized for phones.

    Each item is (title, detail): a few words in bold and a short line under them. Used
    for what a reader should take in at a glance (three ways to check a credit report,
    the three stages of laundering). The rows are stacked so that the text stays
    legible on a phone screen. `size` is the width and the greatest height; the picture
    is cut to fit its rows.
    """
    if not 1 <= len(items) <= 4:
        raise ValueError("A figure holds one to four items.")
    width, max_height = size or FIGURE_SIZE
    unit = width / 1080
    base = hex_to_rgb(colour)
    margin = int(56 * unit)
    pad = int(36 * unit)
    circle_r = int(40 * unit)
    text_left = margin + pad + circle_r * 2 + int(32 * unit)
    text_width = width - text_left - margin - pad
    gap = int(24 * unit)

    head_font, head_lines = _fit(
        headline, width=width - margin * 2, max_lines=2,
        largest=max(14, int(60 * unit)), smallest=max(12, int(44 * unit)),
    )
    rows = []
    for title, detail in items:
        title_font, title_lines = _fit(
            title, width=text_width, max_lines=2, largest=max(12, int(48 * unit)), smallest=max(10, int(40 * unit))
        )
        detail_font, detail_lines = _fit(
            detail, width=text_width, max_lines=3, largest=max(10, int(38 * unit)),
            smallest=max(9, int(32 * unit)), weight="Regular",
        )
        text_height = len(title_lines) * int(title_font.size * 1.3) + int(10 * unit) + len(
            detail_lines
        ) * int(detail_font.size * 1.45)
        row_height = max(text_height, circle_r * 2) + pad * 2
        rows.append((title_font, title_lines, detail_font, detail_lines, text_height, row_height))

    head_height = len(head_lines) * int(head_font.size * 1.3)
    top = int(64 * unit) + head_height + int(36 * unit)
    height = min(max_height, top + sum(row[-1] for row in rows) + gap * (len(rows) - 1) + int(56 * unit))

    image = Image.new("RGB", (width, height), _mix(base, WHITE, 0.93))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, int(12 * unit)), fill=base)
    y = int(64 * unit)
    for line in head_lines:
        draw.text((width // 2, y), line, font=head_font, fill=INK, anchor="mt")
        y += int(head_font.size * 1.3)

    number_font = _font(max(10, int(42 * unit)))
    detail_colour = _mix(INK, WHITE, 0.3)
    y = top
    for i, (title_font, title_lines, detail_font, detail_lines, text_height, row_height) in enumerate(rows):
        draw.rounded_rectangle(
            (margin, y, width - margin, y + row_height), radius=int(24 * unit), fill=WHITE,
            outline=_mix(base, WHITE, 0.7), width=max(1, int(3 * unit)),
        )
        ccx, ccy = margin + pad + circle_r, y + row_height // 2
        draw.ellipse((ccx - circle_r, ccy - circle_r, ccx + circle_r, ccy + circle_r), fill=base)
        draw.text((ccx, ccy), str(i + 1), font=number_font, fill=WHITE, anchor="mm")
        ty = y + (row_height - text_height) // 2
        for line in title_lines:
            draw.text((text_left - _hang(line, title_font), ty), line, font=title_font, fill=INK)
            ty += int(title_font.size * 1.3)
        ty += int(10 * unit)
        for line in detail_lines:
            draw.text((text_left - _hang(line, detail_font), ty), line, font=detail_font, fill=detail_colour)
            ty += int(detail_font.size * 1.45)
        y += row_height + gap
    return _encode(image, "JPEG")


def render_logo(*, name: str, colour: str, size=None) -> bytes:
    """A PNG logo: the brand's name in white, two characters a row, on a rounded square of `colour`."""
    width, height = size or LOGO_SIZE
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    base = hex_to_rgb(colour)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=width // 5, fill=base)
    rows = [name[i : i + 2] for i in range(0, len(name), 2)][:2]
    font = _font(max(12, int(height * 0.3)))
    row_height = int(font.size * 1.12)
    y = height // 2 - row_height * len(rows) // 2 + row_height // 2
    for row in rows:
        draw.text((width // 2, y), row, font=font, fill=WHITE, anchor="mm")
        y += row_height
    return _encode(image, "PNG")
