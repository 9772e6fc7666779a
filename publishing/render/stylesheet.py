"""Theme stylesheets made cheap to lay out: custom properties resolved, parsed once per process.

A theme writes its colours as CSS custom properties (`--primary`) set on `:root` and used as
`var(--primary)`. WeasyPrint resolves `var()` again for every element that uses it, re-parsing
each shorthand and colour: about a tenth of a poster's layout time. The values are known when
the document is built, so `resolve_custom_properties` writes them in place; and since most
renders of a theme share the same stylesheet text, `document_stylesheet` hands WeasyPrint the
document's `<style>` parsed once per process instead of once per render. Example::

    >>> resolve_custom_properties(":root { --primary: #C8102E; } a { color: var(--primary); }")
    ':root { --primary: #C8102E; } a { color: #C8102E; }'
"""

from __future__ import annotations

import atexit
import re
from functools import lru_cache

from .fonts import font_configuration

STYLE_ELEMENT = re.compile(r"<style>(.*?)</style>", re.S)
ROOT_RULE = re.compile(r":root\s*\{([^}]*)\}")
DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;}]+)")
VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
MAX_DEPTH = 8


def resolve_custom_properties(css: str) -> str:
    """`css` with every `var(--name)` of a property set on `:root` replaced by its value.

    A `var()` with a fallback uses the fallback when the property is not set; one whose
    property is unknown and has no fallback is left for WeasyPrint (which treats it as
    invalid, as a browser would). Properties may refer to each other, up to eight levels.
    """
    values: dict[str, str] = {}
    for rule in ROOT_RULE.finditer(css):
        for declaration in DECLARATION.finditer(rule.group(1)):
            values[declaration.group(1)] = declaration.group(2).strip()

    def value(match: re.Match) -> str:
        name, fallback = match.group(1), match.group(2)
        if name in values:
            return values[name]
        return fallback.strip() if fallback is not None else match.group(0)

    for _ in range(MAX_DEPTH):
        resolved = VAR.sub(value, css)
        if resolved == css:
            break
        css = resolved
    return css


def resolve_document_properties(html: str) -> str:
    """`html` with custom properties resolved inside each of its `<style>` elements."""
    return STYLE_ELEMENT.sub(lambda match: f"<style>{resolve_custom_properties(match.group(1))}</style>", html)


def split_style(html: str) -> tuple[str, str]:
    """The document without its `<style>` elements, and their text joined in document order."""
    sheets = STYLE_ELEMENT.findall(html)
    return STYLE_ELEMENT.sub("", html), "\n".join(sheets)


@lru_cache(maxsize=16)
def parsed_stylesheet(css: str, base_url: str):
    """WeasyPrint's parsed form of `css`, kept per process (its @font-face rules load once)."""
    import weasyprint

    from .fetcher import url_fetcher

    return weasyprint.CSS(string=css, base_url=base_url, url_fetcher=url_fetcher(), font_config=font_configuration())


# Parsed stylesheets hold the font configuration; let it go before the interpreter tears
# its modules down, when WeasyPrint's clean-up could no longer run.
atexit.register(parsed_stylesheet.cache_clear)


def document_stylesheet(html: str, base_url: str):
    """The document to hand WeasyPrint and its stylesheet, parsed (None when it has no style).

    Laying out the returned pair gives the same result as laying out `html` itself: the
    stylesheet is the document's own, only parsed ahead of time.
    """
    body, css = split_style(html)
    if not css.strip():
        return html, None
    return body, parsed_stylesheet(css, base_url)
