"""Small constructors for the demo texts: body blocks in their stored (JSON) form.

The demo modules write a page body as a list of these calls. Blocks that point at
something in the database (an image, a hotline, a case study) hold a reference
object instead of a primary key; `content.demo.service` draws or finds the thing
and puts its key in place before the page is saved.

>>> heading("每年2次免费")
{'type': 'heading', 'value': {'text': '每年2次免费', 'level': 'h2'}}
"""

from dataclasses import dataclass

from ..blocks import CHOICE_LETTERS


@dataclass(frozen=True)
class Figure:
    """A figure the service draws in the column's colour: a headline over numbered (title, detail) cards."""

    headline: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HotlineRef:
    """A hotline snippet, found by its number (the numbers are seeded by migration 0002)."""

    number: str


@dataclass(frozen=True)
class CaseStudyRef:
    """A demo case study, found by its slug."""

    slug: str


BLOCK_TAGS = ("<p>", "<p ", "<ul>", "<ol>", "<h2>", "<h3>", "<blockquote>", "<hr")


def _html(parts: tuple[str, ...]) -> str:
    """Join text parts into HTML: a part that opens with a block tag is kept, any other becomes a <p>.

    >>> _html(("<b>APR</b> 是名义年化利率。", "<ul><li>一</li></ul>"))
    '<p><b>APR</b> 是名义年化利率。</p><ul><li>一</li></ul>'
    """
    return "".join(part if part.lstrip().startswith(BLOCK_TAGS) else f"<p>{part}</p>" for part in parts)


def paragraph(*parts: str) -> dict:
    """A rich-text paragraph block; each plain-text part becomes its own <p>."""
    return {"type": "paragraph", "value": _html(parts)}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def callout(kind: str, title: str, *parts: str) -> dict:
    """A boxed note; `kind` is tip (提示), warning (警示) or important (重要)."""
    return {"type": "callout", "value": {"kind": kind, "title": title, "body": _html(parts)}}


def tip(title: str, *parts: str) -> dict:
    return callout("tip", title, *parts)


def warning(title: str, *parts: str) -> dict:
    return callout("warning", title, *parts)


def important(title: str, *parts: str) -> dict:
    return callout("important", title, *parts)


def key_points(title: str, points: list[str]) -> dict:
    return {"type": "key_points", "value": {"title": title, "points": list(points)}}


def quiz(question: str, choices: list[str], answer: str, *explanation: str) -> dict:
    """A quiz; `answer` is the letter of the right choice (A for the first)."""
    if CHOICE_LETTERS.index(answer) >= len(choices):
        raise ValueError(f"Answer {answer} is not among the {len(choices)} choices of {question!r}.")
    return {
        "type": "quiz",
        "value": {
            "question": question,
            "choices": list(choices),
            "answer": answer,
            "explanation": _html(explanation),
        },
    }


def hotline(number: str, note: str = "") -> dict:
    return {"type": "hotline", "value": {"hotline": HotlineRef(number), "note": note}}


def case_study(slug: str, note: str = "") -> dict:
    return {"type": "case_study", "value": {"case_study": CaseStudyRef(slug), "note": note}}


def table(caption: str, rows: list[list[str]], *, first_col_is_header: bool = False) -> dict:
    """A table whose first row is the header row."""
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {
                "data": [list(row) for row in rows],
                "first_row_is_table_header": True,
                "first_col_is_header": first_col_is_header,
                "table_caption": "",
            },
        },
    }


def figure(headline: str, items: list[tuple[str, str]], caption: str = "", alt: str = "") -> dict:
    """An image block with a figure drawn for it; `alt` defaults to the headline and the items."""
    description = alt or headline + "：" + "；".join(f"{title}，{detail}" for title, detail in items)
    return {
        "type": "image",
        "value": {
            "image": Figure(headline, tuple(items)),
            "caption": caption,
            "alt": description[:120],
        },
    }
