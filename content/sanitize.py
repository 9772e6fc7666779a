"""The one sanitiser for HTML that enters from outside the editor (imports, raw HTML blocks).

Besides script, it removes what would make a layout huge: a cell spans at most
MAX_TABLE_COLUMNS columns and MAX_TABLE_ROWS rows, a table keeps its first MAX_TABLE_ROWS
rows and the first MAX_TABLE_COLUMNS cells of each, and an image's width and height
attributes stay under MAX_IMAGE_SIDE. (`colspan="100000000"` once made a poster layout grow
past 11 GB.) `drop_unsafe_elements` and `TableLimitFilter` are shared with the WeChat
cleaner, so both remove the same elements and clamp the same tables.
"""

import re

import bleach
import tinycss2
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "hr", "i", "img", "ins", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)
MAX_TABLE_ROWS = 200
MAX_TABLE_COLUMNS = 30
MAX_IMAGE_SIDE = 4000
ALLOWED_ATTRIBUTES = {
    "*": ["class", "title", "lang", "style"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height", "loading"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
ALLOWED_CSS_PROPERTIES = frozenset(
    {
        "color", "background-color", "font-weight", "font-style", "text-align",
        "text-decoration", "margin", "margin-top", "margin-bottom", "padding", "border",
        "width", "max-width", "height",
    }
)
# Functions a style value may call; any other (IE's expression(), url(), image-set()…) drops the declaration.
ALLOWED_CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "calc"})


def _plain_css_value(tokens) -> bool:
    for token in tokens:
        if token.type == "function":
            if token.lower_name not in ALLOWED_CSS_FUNCTIONS or not _plain_css_value(token.arguments):
                return False
        elif token.type in {"url", "() block", "[] block", "{} block", "error"}:
            return False
    return True


class _ValueCheckingCSSSanitizer(CSSSanitizer):
    """bleach checks only the property names of a style; this also drops values that call functions.

    `width: expression(alert(1))` keeps an allowed property name, so bleach alone lets it
    through. Escapes are decoded by the CSS tokenizer before the function name is checked.
    """

    def sanitize_css(self, style):
        kept = []
        for token in tinycss2.parse_declaration_list(style, skip_comments=True, skip_whitespace=True):
            if (
                token.type == "declaration"
                and token.lower_name in self.allowed_css_properties
                and _plain_css_value(token.value)
            ):
                value = tinycss2.serialize(token.value).strip()
                kept.append(f"{token.lower_name}: {value}{' !important' if token.important else ''};")
        return " ".join(kept)


_CSS_SANITIZER = _ValueCheckingCSSSanitizer(allowed_css_properties=ALLOWED_CSS_PROPERTIES)
# Content of these elements is dropped with the element, not kept as text.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|noscript|template|svg|math)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_LEADING_INTEGER = re.compile(r"\s*\+?(\d+)")
_SPAN_LIMITS = {"colspan": MAX_TABLE_COLUMNS, "rowspan": MAX_TABLE_ROWS}


def drop_unsafe_elements(html: str) -> str:
    """`html` without script, style, frames, objects, SVG and MathML elements, content and all.

    Dropping whole elements can join fragments into a new one, so it repeats until stable.
    """
    previous = None
    while previous != html:
        previous = html
        html = _DROP_WITH_CONTENT.sub("", html)
    return html


def _clamped(value: str, limit: int) -> str | None:
    """An HTML non-negative integer attribute read as browsers do, clamped to 1..limit; None if not a number."""
    match = _LEADING_INTEGER.match(value or "")
    if match is None:
        return None
    return str(min(max(int(match.group(1)[:12]), 1), limit))


class TableLimitFilter(Filter):
    """An html5lib filter (bleach runs it after sanitising) that keeps tables and images to a sane size.

    Rows past MAX_TABLE_ROWS and cells past MAX_TABLE_COLUMNS in a row are dropped with their
    content; colspan/rowspan are clamped; image width/height over MAX_IMAGE_SIDE are removed.
    The token stream comes from a parsed tree, so every start tag has its end tag.
    """

    def __iter__(self):
        tables: list[list[int]] = []  # [rows so far, cells in the current row] per open table
        skipping: str | None = None
        depth = 0
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if skipping is not None:
                if name == skipping and kind == "StartTag":
                    depth += 1
                elif name == skipping and kind == "EndTag":
                    depth -= 1
                    if depth == 0:
                        skipping = None
                continue
            if kind == "StartTag" and name == "table":
                tables.append([0, 0])
            elif kind == "EndTag" and name == "table" and tables:
                tables.pop()
            elif kind == "StartTag" and name == "tr" and tables:
                tables[-1][0] += 1
                tables[-1][1] = 0
                if tables[-1][0] > MAX_TABLE_ROWS:
                    skipping, depth = name, 1
                    continue
            elif kind == "StartTag" and name in ("td", "th") and tables:
                tables[-1][1] += 1
                if tables[-1][1] > MAX_TABLE_COLUMNS:
                    skipping, depth = name, 1
                    continue
                _clamp_spans(token)
            elif kind in ("StartTag", "EmptyTag") and name == "img":
                _limit_image(token)
            yield token


def _clamp_spans(token) -> None:
    attributes = token.get("data") or {}
    for key in list(attributes):
        limit = _SPAN_LIMITS.get(key[1])
        if limit is None:
            continue
        value = _clamped(attributes[key], limit)
        if value is None:
            del attributes[key]
        else:
            attributes[key] = value


def _limit_image(token) -> None:
    attributes = token.get("data") or {}
    for key in list(attributes):
        if key[1] in ("width", "height"):
            value = _clamped(attributes[key], MAX_IMAGE_SIDE + 1)
            if value is None or int(value) > MAX_IMAGE_SIDE:
                del attributes[key]


_CLEANER = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    css_sanitizer=_CSS_SANITIZER,
    strip=True,
    strip_comments=True,
    filters=[TableLimitFilter],
)


def sanitize_html(html: str | None) -> str:
    """Return `html` with everything that could run script removed, and tables kept to a sane size.

    Keeps the tags and attributes an article needs; removes script, style and
    embedded objects with their content, event-handler attributes, and links or
    images whose URL is not http(s), mailto or tel (so no `javascript:` or
    `data:` URLs); clamps table spans and sizes (see TableLimitFilter). Safe to call
    twice: the result of a clean input is unchanged.

    >>> sanitize_html('<p onclick="x()">防诈<script>alert(1)</script></p>')
    '<p>防诈</p>'
    >>> sanitize_html('<table><tr><td colspan="100000000">x</td></tr></table>')
    '<table><tbody><tr><td colspan="30">x</td></tr></tbody></table>'
    """
    if not html:
        return ""
    return _CLEANER.clean(drop_unsafe_elements(html))
