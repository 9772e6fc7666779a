"""Server-side SVG charts for the admin: stacked bars over time, and horizontal bars for rankings.

Written by hand rather than with a chart library because the admin must work with no
JavaScript or CDN (the network is closed) and these two shapes need only rectangles, text
and a legend; every label is escaped, the SVG scales with its container.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#07c160", "#0b5cad", "#f0a020", "#c8102e", "#7a4fd0", "#2aa198")
FONT = mark_safe("font-family: 'Noto Sans CJK SC', 'PingFang SC', sans-serif")  # noqa: S308 - a constant


def _f(value: float) -> str:
    """A coordinate with one decimal."""
    return f"{value:.1f}"


def _svg(parts: list[SafeString]) -> SafeString:
    """The opening <svg> tag and the elements in `parts`, closed."""
    return format_html("{}</svg>", format_html_join("", "{}", ((part,) for part in parts)))


def _number(value: float) -> str:
    return f"{value / 10000:.1f}万" if value >= 10000 else f"{value:,.0f}"


def stacked_bars(*, categories: list[str], series: dict[str, list[float]], title: str,
                 width: int = 760, height: int = 280) -> SafeString:
    """Bars per category, each stacked from the series (same length as `categories`), with a legend.

    >>> str(stacked_bars(categories=["11-02"], series={"App": [3]}, title="阅读"))[:4]
    '<svg'
    """
    left, right, top, bottom = 56, 12, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    peak = max(totals + [1])
    step = plot_w / max(1, len(categories))
    bar = max(2.0, step * 0.64)
    parts = [format_html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
                         'aria-label="{}" style="width:100%;height:auto;{}">', width, height, title, FONT),
             format_html('<text x="{}" y="18" font-size="14" font-weight="bold" fill="#222">{}</text>', left, title)]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        parts.append(format_html('<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="#eee"/>', left, width - right, _f(y)))
        parts.append(format_html('<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#888">{}</text>',
                                 left - 6, _f(y + 4), _number(peak * tick / 4)))
    for index, category in enumerate(categories):
        x = left + step * index + (step - bar) / 2
        base = top + plot_h
        for colour, values in zip(PALETTE, series.values(), strict=False):
            h = plot_h * values[index] / peak
            if h > 0:
                base -= h
                parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}：{}</title></rect>',
                                         _f(x), _f(base), _f(bar), _f(h), colour, category, _number(values[index])))
        if len(categories) <= 16 or index % max(1, len(categories) // 12) == 0:
            parts.append(format_html('<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#555">{}</text>',
                                     _f(x + bar / 2), height - bottom + 16, category))
    x = left
    for colour, name in zip(PALETTE, series, strict=False):
        parts.append(format_html('<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                                 '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>',
                                 x, height - 14, colour, x + 14, height - 5, name))
        x += 24 + 12 * len(name)
    return _svg(parts)


def ranking_bars(*, rows: list[tuple[str, float]], title: str, width: int = 760, unit: str = "") -> SafeString:
    """One horizontal bar per (label, value), largest first as given, with the value at the end."""
    row_h, top, label_w = 26, 30, 280
    height = top + row_h * max(1, len(rows)) + 8
    peak = max([value for _label, value in rows] + [1])
    parts = [format_html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
                         'aria-label="{}" style="width:100%;height:auto;{}">', width, height, title, FONT),
             format_html('<text x="0" y="18" font-size="14" font-weight="bold" fill="#222">{}</text>', title)]
    if not rows:
        parts.append(format_html('<text x="0" y="{}" font-size="12" fill="#888">{}</text>', top + 16, "暂无数据"))
    for index, (label, value) in enumerate(rows):
        y = top + row_h * index
        short = label if len(label) <= 20 else label[:19] + "…"
        w = (width - label_w - 70) * value / peak
        parts.append(format_html('<text x="0" y="{}" font-size="12" fill="#333"><title>{}</title>{}</text>',
                                 y + 16, label, short))
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>',
                                 label_w, y + 4, _f(max(w, 1)), PALETTE[1]))
        parts.append(format_html('<text x="{}" y="{}" font-size="12" fill="#555">{}</text>',
                                 _f(label_w + w + 6), y + 16, _number(value) + unit))
    return _svg(parts)
