"""Small SVG charts drawn on the server, for the admin's 消保分析 and the monthly PDF report.

Written by hand rather than with a charting library: the network is closed to browsers' CDNs,
the admin must not run third-party JavaScript near personal data, and WeasyPrint lays out
inline SVG directly, so the same markup serves the page and the PDF. Three shapes cover the
analysis: stacked columns (per week), horizontal bars (words, pages) and one proportion bar
(deadline outcomes). Colours are the Okabe–Ito palette, readable with colour blindness; every
chart has a <title> and <desc> and prints its numbers, so nothing depends on colour alone.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FONT = 'font-family="Poster Sans, Noto Sans CJK SC, sans-serif"'
INK = "#1F2933"
MUTED = "#5B6B7B"
GRID = "#E3E6EB"


def _nice_max(value: int) -> int:
    """A round upper bound for an axis: 1, 2, 3, 5, 10, 20, 30, 50…"""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 3, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def text_width(text: str, size: float) -> float:
    """Rough width of `text` at font `size`: CJK characters are square, Latin and digits about half."""
    return sum(size if ord(character) > 0x2E7F else size * 0.58 for character in text)


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside is escaped below
        f'<svg xmlns="http://www.w3.org/2000/svg" class="desk-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>{''.join(body)}</svg>"
    )


def _legend(names: list[str], *, x: int, y: int, width: int, colours: list[str] | None = None) -> tuple[list[str], int]:
    colours = colours or [PALETTE[index % len(PALETTE)] for index in range(len(names))]
    parts, cursor_x, cursor_y = [], x, y
    for index, name in enumerate(names):
        item_width = 18 + text_width(name, 13) + 18
        if cursor_x + item_width > x + width:
            cursor_x, cursor_y = x, cursor_y + 20
        parts.append(f'<rect x="{cursor_x}" y="{cursor_y - 10}" width="12" height="12" rx="2" fill="{colours[index]}"/>')
        parts.append(f'<text x="{cursor_x + 18}" y="{cursor_y}" font-size="13" fill="{INK}" {FONT}>{escape(name)}</text>')
        cursor_x += item_width
    return parts, cursor_y + 14


def stacked_columns(labels: list[str], series: dict[str, list[int]], *, title: str, width: int = 640, height: int = 300) -> SafeString:
    """One column per label, stacked by series, with the total above each column.

    >>> "<svg" in stacked_columns(["11/2"], {"投诉": [3]}, title="每周诉求")
    True
    """
    names = list(series)
    legend, top = _legend(names, x=48, y=18, width=width - 60)
    left, bottom, right = 48, height - 28, width - 12
    totals = [sum(values[index] for values in series.values()) for index in range(len(labels))]
    axis_max = _nice_max(max(totals, default=0))
    plot_height = bottom - top - 16
    body = legend
    for fraction in (0, 0.5, 1):
        y = bottom - plot_height * fraction
        body.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" fill="{MUTED}" text-anchor="end" {FONT}>{round(axis_max * fraction)}</text>')
    slot = (right - left) / max(len(labels), 1)
    bar = slot * 0.62
    for index, label in enumerate(labels):
        x = left + slot * index + (slot - bar) / 2
        y = bottom
        for series_index, name in enumerate(names):
            value = series[name][index]
            if not value:
                continue
            bar_height = plot_height * value / axis_max
            y -= bar_height
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height:.1f}" fill="{PALETTE[series_index % len(PALETTE)]}">'
                f"<title>{escape(label)} {escape(name)}：{value}</title></rect>"
            )
        if totals[index]:
            body.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" font-size="11" fill="{INK}" text-anchor="middle" {FONT}>{totals[index]}</text>')
        body.append(f'<text x="{x + bar / 2:.1f}" y="{bottom + 16}" font-size="11" fill="{MUTED}" text-anchor="middle" {FONT}>{escape(label)}</text>')
    description = "；".join(f"{label}：{total}" for label, total in zip(labels, totals, strict=True))
    return _svg(width, height, title, description, body)


def horizontal_bars(items: list[tuple[str, int]], *, title: str, width: int = 640, secondary: list[int] | None = None,
                    names: tuple[str, str] = ("", ""), colour: str = PALETTE[0]) -> SafeString:
    """One bar per (label, value), longest first as given; `secondary` draws a thinner second bar
    (e.g. 有帮助 beside 没帮助), named by `names` in a legend."""
    row = 26 if secondary is None else 34
    label_width = min(260, max((text_width(label[:18], 13) for label, _ in items), default=60) + 14)
    top = 8 if secondary is None else 30
    height = top + row * max(len(items), 1) + 8
    left, right = label_width, width - 48
    axis_max = max([value for _, value in items] + (secondary or []) + [1])
    body = []
    if secondary is not None:
        legend, _ = _legend(list(names), x=left, y=18, width=width - left, colours=[colour, PALETTE[1]])
        body += legend
    if not items:
        body.append(f'<text x="{width / 2}" y="{top + 16}" font-size="13" fill="{MUTED}" text-anchor="middle" {FONT}>本月没有数据</text>')
    for index, (label, value) in enumerate(items):
        y = top + row * index
        shown = label if len(label) <= 18 else label[:17] + "…"
        body.append(f'<text x="{left - 8}" y="{y + 16}" font-size="13" fill="{INK}" text-anchor="end" {FONT}>{escape(shown)}<title>{escape(label)}</title></text>')
        length = (right - left) * value / axis_max
        body.append(f'<rect x="{left}" y="{y + 4}" width="{max(length, 1):.1f}" height="16" rx="3" fill="{colour}"/>')
        body.append(f'<text x="{left + length + 6:.1f}" y="{y + 16}" font-size="12" fill="{INK}" {FONT}>{value}</text>')
        if secondary is not None:
            other = secondary[index]
            other_length = (right - left) * other / axis_max
            body.append(f'<rect x="{left}" y="{y + 22}" width="{max(other_length, 1):.1f}" height="7" rx="2" fill="{PALETTE[1]}"/>')
            body.append(f'<text x="{left + other_length + 6:.1f}" y="{y + 30}" font-size="10" fill="{MUTED}" {FONT}>{other}</text>')
    description = "；".join(f"{label}：{value}" for label, value in items)
    return _svg(width, height, title, description, body)


def proportion_bar(parts: list[tuple[str, int, str]], *, title: str, width: int = 640) -> SafeString:
    """One bar split by (label, value, colour), with each part's count and share below it."""
    total = sum(value for _, value, _ in parts)
    left, right = 8, width - 8
    body, x = [], float(left)
    if total == 0:
        body.append(f'<rect x="{left}" y="8" width="{right - left}" height="28" rx="4" fill="{GRID}"/>')
        body.append(f'<text x="{width / 2}" y="27" font-size="13" fill="{MUTED}" text-anchor="middle" {FONT}>本月没有到期的诉求</text>')
    for label, value, fill in parts:
        if total and value:
            length = (right - left) * value / total
            body.append(f'<rect x="{x:.1f}" y="8" width="{length:.1f}" height="28" fill="{fill}"><title>{escape(label)}：{value}</title></rect>')
            x += length
    cursor, line = float(left), 64
    for label, value, fill in parts:
        share = f"{value * 100 / total:.0f}%" if total else "—"
        text = f"{label} {value}（{share}）"
        item_width = 18 + text_width(text, 13) + 18
        if cursor + item_width > right and cursor > left:
            cursor, line = float(left), line + 22
        body.append(f'<rect x="{cursor:.1f}" y="{line - 10}" width="12" height="12" rx="2" fill="{fill}"/>')
        body.append(f'<text x="{cursor + 18:.1f}" y="{line}" font-size="13" fill="{INK}" {FONT}>{escape(text)}</text>')
        cursor += item_width
    height = line + 12
    description = "；".join(f"{label}：{value}" for label, value, _ in parts)
    return _svg(width, height, title, description, body)
