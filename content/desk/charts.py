"""Small SVG charts drawn on the server, for the admin's 消保分析 and the monthly PDF report.

Written by hand rather than with a charting library: the network is closed to browsers' CDNs,
the admin must not run third-party JavaScript near personal data, and WeasyPrint lays out
inline SVG directly, so the same markup serves the page and the PDF. Three shapes cover the
analysis: stacked columns (per week), horizontal bars (words, pages) and one proportion bar
(deadline outcomes). Colours are the Okabe–Ito palette, readable with colour blindness; every
chart has a <title> and <desc> and prints its numbers, so nothing depends on colour alone.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
FONT = mark_safe('font-family="Poster Sans, Noto Sans CJK SC, sans-serif"')  # noqa: S308 - a constant
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


def _f(value: float) -> str:
    """A coordinate with one decimal."""
    return f"{value:.1f}"


def _svg(width: int, height: int, title: str, description: str, body: list[SafeString]) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="desk-chart" viewBox="0 0 {0} {1}" width="{0}" height="{1}" role="img">'
        "<title>{2}</title><desc>{3}</desc>{4}</svg>",
        width, height, title, description, format_html_join("", "{}", ((part,) for part in body)),
    )


def _legend(names: list[str], *, x: int, y: int, width: int, colours: list[str] | None = None) -> tuple[list[str], int]:
    colours = colours or [PALETTE[index % len(PALETTE)] for index in range(len(names))]
    parts, cursor_x, cursor_y = [], x, y
    for index, name in enumerate(names):
        item_width = 18 + text_width(name, 13) + 18
        if cursor_x + item_width > x + width:
            cursor_x, cursor_y = x, cursor_y + 20
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" rx="2" fill="{}"/>',
                                 cursor_x, cursor_y - 10, colours[index]))
        parts.append(format_html('<text x="{}" y="{}" font-size="13" fill="{}" {}>{}</text>',
                                 cursor_x + 18, cursor_y, INK, FONT, name))
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
        body.append(format_html('<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="{3}"/>', left, right, _f(y), GRID))
        body.append(format_html('<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="end" {}>{}</text>',
                                left - 6, _f(y + 4), MUTED, FONT, round(axis_max * fraction)))
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
            body.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {}：{}</title></rect>',
                _f(x), _f(y), _f(bar), _f(bar_height), PALETTE[series_index % len(PALETTE)], label, name, value,
            ))
        if totals[index]:
            body.append(format_html('<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle" {}>{}</text>',
                                    _f(x + bar / 2), _f(y - 4), INK, FONT, totals[index]))
        body.append(format_html('<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="middle" {}>{}</text>',
                                _f(x + bar / 2), bottom + 16, MUTED, FONT, label))
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
        body.append(format_html('<text x="{}" y="{}" font-size="13" fill="{}" text-anchor="middle" {}>{}</text>',
                                width / 2, top + 16, MUTED, FONT, "本月没有数据"))
    for index, (label, value) in enumerate(items):
        y = top + row * index
        shown = label if len(label) <= 18 else label[:17] + "…"
        body.append(format_html('<text x="{}" y="{}" font-size="13" fill="{}" text-anchor="end" {}>{}<title>{}</title></text>',
                                left - 8, y + 16, INK, FONT, shown, label))
        length = (right - left) * value / axis_max
        body.append(format_html('<rect x="{}" y="{}" width="{}" height="16" rx="3" fill="{}"/>',
                                left, y + 4, _f(max(length, 1)), colour))
        body.append(format_html('<text x="{}" y="{}" font-size="12" fill="{}" {}>{}</text>',
                                _f(left + length + 6), y + 16, INK, FONT, value))
        if secondary is not None:
            other = secondary[index]
            other_length = (right - left) * other / axis_max
            body.append(format_html('<rect x="{}" y="{}" width="{}" height="7" rx="2" fill="{}"/>',
                                    left, y + 22, _f(max(other_length, 1)), PALETTE[1]))
            body.append(format_html('<text x="{}" y="{}" font-size="10" fill="{}" {}>{}</text>',
                                    _f(left + other_length + 6), y + 30, MUTED, FONT, other))
    description = "；".join(f"{label}：{value}" for label, value in items)
    return _svg(width, height, title, description, body)


def proportion_bar(parts: list[tuple[str, int, str]], *, title: str, width: int = 640) -> SafeString:
    """One bar split by (label, value, colour), with each part's count and share below it."""
    total = sum(value for _, value, _ in parts)
    left, right = 8, width - 8
    body, x = [], float(left)
    if total == 0:
        body.append(format_html('<rect x="{}" y="8" width="{}" height="28" rx="4" fill="{}"/>', left, right - left, GRID))
        body.append(format_html('<text x="{}" y="27" font-size="13" fill="{}" text-anchor="middle" {}>{}</text>',
                                width / 2, MUTED, FONT, "本月没有到期的诉求"))
    for label, value, fill in parts:
        if total and value:
            length = (right - left) * value / total
            body.append(format_html('<rect x="{}" y="8" width="{}" height="28" fill="{}"><title>{}：{}</title></rect>',
                                    _f(x), _f(length), fill, label, value))
            x += length
    cursor, line = float(left), 64
    for label, value, fill in parts:
        share = f"{value * 100 / total:.0f}%" if total else "—"
        text = f"{label} {value}（{share}）"
        item_width = 18 + text_width(text, 13) + 18
        if cursor + item_width > right and cursor > left:
            cursor, line = float(left), line + 22
        body.append(format_html('<rect x="{}" y="{}" width="12" height="12" rx="2" fill="{}"/>', _f(cursor), line - 10, fill))
        body.append(format_html('<text x="{}" y="{}" font-size="13" fill="{}" {}>{}</text>',
                                _f(cursor + 18), line, INK, FONT, text))
        cursor += item_width
    height = line + 12
    description = "；".join(f"{label}：{value}" for label, value, _ in parts)
    return _svg(width, height, title, description, body)
