"""The one sanitiser for HTML that enters from outside the editor (imports, raw HTML blocks)."""

import re

import bleach
import tinycss2
from bleach.css_sanitizer import CSSSanitizer

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "hr", "i", "img", "ins", "li",
        "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)
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
_CLEANER = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    css_sanitizer=_CSS_SANITIZER,
    strip=True,
    strip_comments=True,
)


def sanitize_html(html: str | None) -> str:
    """Return `html` with everything that could run script removed.

    Keeps the tags and attributes an article needs; removes script, style and
    embedded objects with their content, event-handler attributes, and links or
    images whose URL is not http(s), mailto or tel (so no `javascript:` or
    `data:` URLs). Safe to call twice: the result of a clean input is unchanged.

    >>> sanitize_html('<p onclick="x()">防诈<script>alert(1)</script></p>')
    '<p>防诈</p>'
    """
    if not html:
        return ""
    previous = None
    text = html
    # Dropping whole elements can join fragments into a new one; repeat until stable.
    while previous != text:
        previous = text
        text = _DROP_WITH_CONTENT.sub("", text)
    return _CLEANER.clean(text)
