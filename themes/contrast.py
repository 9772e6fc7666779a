"""Colour contrast for the reader pages (WCAG 2.1): whether an editor's colour stays readable in reader.css.

A brand, accent or column colour is used three ways in ``themes/static/css/reader.css``: as text
on white and on the pale tints of cards and callouts, as the background of white text (the header,
buttons, banners), and as the edge of focus rings. All three need at least 4.5:1; the darkest pale
tint (``PALEST_TINT``) is the hardest case, and a colour that passes it also passes white.
"""

import re

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")

# WCAG 2.1 success criterion 1.4.3: normal text needs 4.5:1 (large text 3:1, which 4.5 covers).
MIN_TEXT_CONTRAST = 4.5
# The darkest pale background coloured text sits on in reader.css (.tag, .callout--warning, .alert-box).
PALEST_TINT = "#FDECEE"
WHITE = "#FFFFFF"


def relative_luminance(colour: str) -> float:
    """The relative luminance (0 black … 1 white) of a ``#RRGGBB`` colour, as WCAG defines it.

    >>> round(relative_luminance("#0B5CAD"), 4)
    0.1074
    """
    found = _HEX.match(colour)
    if not found:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    channels = [int(found.group(1)[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#RRGGBB`` colours, from 1 to 21.

    >>> round(contrast_ratio("#8A93A0", "#FFFFFF"), 1)
    3.1
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_colour_error(colour: str) -> str | None:
    """Why `colour` would make reader pages hard to read (a Chinese message for the editor), or None.

    >>> readable_colour_error("#0B5CAD") is None
    True
    >>> readable_colour_error("#4A90E2")[:15]
    '这个颜色与白色和浅色底的对比度'
    """
    if not _HEX.match(colour or ""):
        return None  # the format has its own validator and message
    ratio = min(contrast_ratio(colour, PALEST_TINT), contrast_ratio(colour, WHITE))
    if ratio >= MIN_TEXT_CONTRAST:
        return None
    return (
        f"这个颜色与白色和浅色底的对比度只有 {ratio:.1f}:1，读者（尤其是老年读者）看不清："
        f"它要用作文字、按钮和页头的颜色，至少需要 {MIN_TEXT_CONTRAST:g}:1（无障碍标准 WCAG 2.1 AA）。"
        "请换一个更深的颜色，例如 #0B5CAD 或 #C8102E。"
    )
