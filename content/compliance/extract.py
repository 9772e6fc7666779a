"""Every piece of text on a page, with where it is, in what context, ready for the checks.

The walk is generic so that a field or block added later is checked without a change
here: every text field the content app declares on the page (including fields used only
by the poster), the page's title, SEO title and search description, every block of every
StreamField down through struct, list and stream blocks (headings, rich text, captions,
table cells, quiz questions and choices …), and the inline children of the page such as a
bulletin's alert items (``page.alerts``). Fields that hold codes rather than copy (choices,
slugs, colours, ``poster_theme``) are left out.

Contexts: the title and SEO title are ``title``; the summary and search description are
``summary``; quiz choices, and fields or body sections named like the rule set's quoting
sections (案情经过, 作案手法, 识别要点), are ``quote``; everything else is ``body``.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from modelcluster.models import get_all_child_relations

from ..blocks import HeadingBlock, QuizBlock
from .rules import CONTEXT_BODY, CONTEXT_QUOTE, CONTEXT_SUMMARY, CONTEXT_TITLE, QuotingModel
from .text import html_to_text

# Fields Wagtail's Page model defines that readers see; its other fields are bookkeeping.
PAGE_TEXT_FIELDS = ("title", "seo_title", "search_description")
# Text fields of the content app that hold codes, not copy.
NON_TEXT_FIELDS = frozenset({"poster_theme", "default_poster_theme", "colour"})
FIELD_CONTEXTS = {
    "title": CONTEXT_TITLE,
    "seo_title": CONTEXT_TITLE,
    "summary": CONTEXT_SUMMARY,
    "search_description": CONTEXT_SUMMARY,
}
# Struct-block children whose items are reported speech: a quiz's choices quote what
# scammers say as often as they give the right answer.
QUOTE_BLOCK_CHILDREN = ((QuizBlock, "choices"),)


@dataclass(frozen=True)
class TextSegment:
    """One piece of a page's text: the field it is in, its block path, a Chinese label, the text."""

    field: str
    path: str
    label: str
    text: str
    context: str
    block_id: str | None = None


def _is_copy_field(field: models.Field) -> bool:
    if isinstance(field, (StreamField, RichTextField)):
        return True
    if not isinstance(field, (models.CharField, models.TextField)):
        return False
    if isinstance(field, (models.SlugField, models.URLField, models.EmailField)) or field.choices:
        return False
    return field.name not in NON_TEXT_FIELDS


def copy_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of `model` that hold reader-facing text, in declaration order."""
    fields = []
    for field in model._meta.concrete_fields:
        if field.model is Page and field.name not in PAGE_TEXT_FIELDS:
            continue
        if _is_copy_field(field):
            fields.append(field)
    return fields


def _field_context(field: models.Field, quoting: QuotingModel) -> str:
    if field.name in FIELD_CONTEXTS:
        return FIELD_CONTEXTS[field.name]
    if quoting.is_quoting_section(str(field.verbose_name)):
        return CONTEXT_QUOTE
    return CONTEXT_BODY


def _plain(value) -> str:
    return "" if value is None else str(value)


def _field_of(path: str) -> str:
    """The top-level field a path is in: body[3].choices[1] -> body, alerts[0].title -> alerts."""
    return path.split("[", 1)[0].split(".", 1)[0]


def _walk_block(block, value, path, label, context, quoting, block_id) -> Iterator[TextSegment]:
    """Text segments of one block value, recursing through stream, list and struct blocks."""
    field_name = _field_of(path)
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        yield from _walk_stream(block, value, path, label, context, quoting)
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(value):
            yield from _walk_block(
                block.child_block,
                item,
                f"{path}[{index}]",
                f"{label} 第{index + 1}项",
                context,
                quoting,
                block_id,
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            child_context = context
            if any(
                isinstance(block, kind) and name == child_name
                for kind, child_name in QUOTE_BLOCK_CHILDREN
            ):
                child_context = CONTEXT_QUOTE
            yield from _walk_block(
                child,
                value.get(name),
                f"{path}.{name}",
                f"{label} › {child.label}",
                child_context,
                quoting,
                block_id,
            )
    elif isinstance(block, blocks.RichTextBlock):
        text = html_to_text(getattr(value, "source", value))
        yield TextSegment(field_name, path, label, text, context, block_id)
    elif isinstance(block, blocks.RawHTMLBlock):
        yield TextSegment(field_name, path, label, html_to_text(_plain(value)), context, block_id)
    elif isinstance(block, TableBlock):
        for row_index, row in enumerate(value.get("data") or []):
            for col_index, cell in enumerate(row or []):
                if cell:
                    yield TextSegment(
                        field_name,
                        f"{path}[{row_index}][{col_index}]",
                        f"{label} 第{row_index + 1}行第{col_index + 1}列",
                        _plain(cell),
                        context,
                        block_id,
                    )
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield TextSegment(field_name, path, label, _plain(value), context, block_id)


def _walk_stream(block, value, path, label, context, quoting) -> Iterator[TextSegment]:
    """A stream's children in order; a heading named like a quoting section (作案手法) makes
    the blocks after it, up to the next heading, a quoting context."""
    section_context = context
    for index, child in enumerate(value):
        child_label = f"{label} › 第{index + 1}块（{child.block.label}）"
        if isinstance(child.block, HeadingBlock):
            heading = _plain(child.value.get("text"))
            section_context = CONTEXT_QUOTE if quoting.is_quoting_section(heading) else context
            child_context = context
        else:
            child_context = section_context
        yield from _walk_block(
            child.block,
            child.value,
            f"{path}[{index}]",
            child_label,
            child_context,
            quoting,
            getattr(child, "id", None),
        )


def _walk_object(
    obj, prefix: str, label_prefix: str, quoting: QuotingModel
) -> Iterator[TextSegment]:
    for field in copy_fields(type(obj)):
        value = getattr(obj, field.name)
        if value in (None, ""):
            continue
        path = f"{prefix}{field.name}"
        label = f"{label_prefix}{field.verbose_name}"
        context = _field_context(field, quoting)
        if isinstance(field, StreamField):
            yield from _walk_stream(field.stream_block, value, path, label, context, quoting)
        elif isinstance(field, RichTextField):
            yield TextSegment(_field_of(path), path, label, html_to_text(value), context)
        else:
            yield TextSegment(_field_of(path), path, label, _plain(value), context)


def page_segments(page: Page, *, quoting: QuotingModel) -> list[TextSegment]:
    """Every piece of text on `page` (saved or not, e.g. built from a revision) in reading order."""
    if type(page)._meta.concrete_model is Page:
        page = page.specific
    segments = list(_walk_object(page, "", "", quoting))
    for relation in get_all_child_relations(type(page)):
        model = relation.related_model
        if model._meta.app_label != page._meta.app_label:
            continue
        accessor = relation.get_accessor_name()
        for index, child in enumerate(getattr(page, accessor).all()):
            segments.extend(
                _walk_object(
                    child,
                    f"{accessor}[{index}].",
                    f"{model._meta.verbose_name} 第{index + 1}条 › ",
                    quoting,
                )
            )
    return segments
