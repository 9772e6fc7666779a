"""The text of a reader page as passages: the paragraphs an answer can quote, each under its heading.

An article's passages follow its body blocks: a paragraph per <p> or list item (long ones cut
at sentence ends), a callout or key-points block as one passage, a quiz as its question and
explanation. A case study gives its five sections (案情经过 … 受骗后怎么办) as headings; a
bulletin its lead warning, alerts and tip. Everything is plain text (tags stripped, entities
decoded); escaping is left to whoever shows it.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

MAX_PASSAGE = 220
DATA = "data"
_BLOCK_SPLIT = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
_HEADING_TAG = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def plain(markup: str) -> str:
    """`markup` as one line of plain text: tags stripped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def _cut(text: str) -> list[str]:
    """`text` in pieces of at most about MAX_PASSAGE characters, cut after a sentence's end."""
    if len(text) <= MAX_PASSAGE:
        return [text] if text else []
    pieces, current = [], ""
    for sentence in _SENTENCE_END.split(text):
        if current and len(current) + len(sentence) > MAX_PASSAGE:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


class _Collector:
    def __init__(self):
        self.heading = ""
        self.passages: list[tuple[str, str, str]] = []

    def add(self, text: str, heading: str | None = None, kind: str = "text") -> None:
        for piece in _cut(plain(text)):
            self.passages.append((self.heading if heading is None else heading, piece, kind))

    def rich_text(self, markup: str, heading: str | None = None) -> None:
        for chunk in _BLOCK_SPLIT.split(markup or ""):
            if heading is None and _HEADING_TAG.search(chunk):
                self.heading = plain(chunk)
                continue
            self.add(chunk, heading)


def _source(value) -> str:
    return getattr(value, "source", None) or str(value or "")


def _stream(collector: _Collector, body) -> None:
    for child in body or []:
        kind, value = child.block_type, child.value
        if kind == "heading":
            collector.heading = plain(value["text"])
        elif kind == "paragraph":
            collector.rich_text(_source(value))
        elif kind == "callout":
            title = plain(value.get("title") or "")
            collector.add((f"{title}：" if title else "") + plain(_source(value.get("body"))))
        elif kind == "key_points":
            title = plain(value.get("title") or "")
            collector.add((f"{title}：" if title else "") + "；".join(plain(point) for point in value.get("points") or []))
        elif kind == "quiz":
            collector.add(f"{plain(value.get('question'))} {plain(_source(value.get('explanation')))}")
        else:
            # Tables, figures, hotlines, images: searchable, but read badly as an answer on their own.
            collector.add(" ".join(str(part) for part in child.block.get_searchable_content(value)), kind=DATA)


def page_passages(page) -> list[tuple[str, str, str]]:
    """[(heading, text, kind)] of a specific reader page (ArticlePage, CaseStudyPage, BulletinPage);
    kind is "text" for prose and DATA for a table, figure or other structured block."""
    collector = _Collector()
    sections = getattr(page, "SECTIONS", None)
    if sections:
        for key, title in sections:
            collector.rich_text(getattr(page, key) or "", heading=str(title))
    if hasattr(page, "lead_warning"):
        collector.add(page.lead_warning, heading="本周预警")
        for alert in page.alerts.all():
            collector.add(f"{alert.title}：{alert.body}", heading="预警")
        collector.add(page.tip_of_week, heading="本周提示")
    collector.heading = ""
    _stream(collector, getattr(page, "body", None))
    return [(heading, text, kind) for heading, text, kind in collector.passages if text]
