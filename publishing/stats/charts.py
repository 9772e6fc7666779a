"""Server-side SVG charts for the admin: stacked bars over time, and horizontal bars for rankings.

Written by hand rather than with a chart library because the admin must work with no
JavaScript or CDN (the network is closed) and these two shapes need only rectangles, text
and a legend; every label is escaped, the SVG scales with its container.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#07c160", "#0b5cad", "#f0a020", "#c8102e", "#7a4fd0", "#2aa198")
FONT = "font-family: 'Noto Sans CJK SC', 'PingFang SC', sans-serif"


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
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" style="width:100%;height:auto;{FONT}">',
             f'<text x="{left}" y="18" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>']
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#888">'
                     f'{_number(peak * tick / 4)}</text>')
    for index, category in enumerate(categories):
        x = left + step * index + (step - bar) / 2
        base = top + plot_h
        for colour, values in zip(PALETTE, series.values(), strict=False):
            h = plot_h * values[index] / peak
            if h > 0:
                base -= h
                parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                             f'<title>{escape(category)}：{_number(values[index])}</title></rect>')
        if len(categories) <= 16 or index % max(1, len(categories) // 12) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
                         f'fill="#555">{escape(category)}</text>')
    x = left
    for colour, name in zip(PALETTE, series, strict=False):
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{height - 5}" font-size="11" fill="#333">{escape(name)}</text>')
        x += 24 + 12 * len(name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def ranking_bars(*, rows: list[tuple[str, float]], title: str, width: int = 760, unit: str = "") -> SafeString:
    """One horizontal bar per (label, value), largest first as given, with the value at the end."""
    row_h, top, label_w = 26, 30, 280
    height = top + row_h * max(1, len(rows)) + 8
    peak = max([value for _label, value in rows] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" style="width:100%;height:auto;{FONT}">',
             f'<text x="0" y="18" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>']
    if not rows:
        parts.append(f'<text x="0" y="{top + 16}" font-size="12" fill="#888">暂无数据</text>')
    for index, (label, value) in enumerate(rows):
        y = top + row_h * index
        short = label if len(label) <= 20 else label[:19] + "…"
        w = (width - label_w - 70) * value / peak
        parts.append(f'<text x="0" y="{y + 16}" font-size="12" fill="#333"><title>{escape(label)}</title>'
                     f'{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1):.1f}" height="16" fill="{PALETTE[1]}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12" fill="#555">'
                     f'{escape(_number(value) + unit)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
