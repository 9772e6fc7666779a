"""Chinese typesetting of amounts, for reader pages and render documents: a number never leaves its unit.

Editors write amounts the way Chinese copy usually spaces them, "损失 52.6 万元". The space
and the gap between 万 and 元 are both places where a line may break, so a title could end
"……52.6 万" with "元" alone on the next line. `keep_amounts_together` makes the space before
the unit a no-break space and joins multi-character units with a word joiner (U+2060,
invisible; the transcript drops it). Only text is changed, never tags or attributes::

    >>> keep_amounts_together("<h1>损失 52.6 万元</h1>") == "<h1>损失 52.6\u00a0万\u2060元</h1>"
    True
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
TAG = re.compile(r"(<[^>]*>)")
UNITS = "万亿千百元角分%％倍年月日天岁人次起笔个张条期"
NUMBER_SPACE_UNIT = re.compile(rf"(\d)[ \t]+(?=[{UNITS}])")
COMPOUND_UNIT = re.compile(r"(?<=[万亿千百])(?=元)")


def keep_amounts_together(html: str) -> str:
    """`html` with each number kept on the same line as the unit after it.

    The title (it becomes the PDF's metadata), styles and scripts are left as they are.
    """
    parts = TAG.split(html)
    for index in range(0, len(parts), 2):  # even positions are text, odd ones tags
        text = parts[index]
        opening = parts[index - 1].lower() if index else ""
        if not text or opening.startswith(("<style", "<script", "<title")) or not any(char.isdigit() for char in text):
            continue
        text = NUMBER_SPACE_UNIT.sub("\\1\u00a0", text)
        parts[index] = COMPOUND_UNIT.sub(WORD_JOINER, text)
    return "".join(parts)
