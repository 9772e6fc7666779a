"""Keeping the SearchDocument table in step with the pages readers may see (services).

`search_document_update(page_id=…)` reads the page as readers see it (the live row in the
database, never an editor's unsaved instance) and stores its analysed text, or marks it
hidden when readers may not see it: not live, not an article, case study or bulletin, behind
a view restriction (password, login or group: Wagtail's privacy, on it or an ancestor), or
outside every site. Each change takes the next generation, which tells every worker's
in-process index to pick it up.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F

from wagtail.models import Page

from .analysis import ANALYZER_VERSION, index_terms
from .passages import page_passages, plain

logger = logging.getLogger(__name__)

KINDS = {"articlepage": "article", "casestudypage": "case", "bulletinpage": "bulletin"}


def _next_generation() -> int:
    from ..models import SearchIndexState

    state, _created = SearchIndexState.objects.get_or_create(pk=1)
    SearchIndexState.objects.filter(pk=1).update(generation=F("generation") + 1)
    state.refresh_from_db()
    return state.generation


def _terms(text: str) -> str:
    return " ".join(index_terms(text))


def _reader_page(page_id: int):
    """The specific live public reader page `page_id`, or None when readers may not see it."""
    page = Page.objects.filter(pk=page_id).select_related("content_type").first()
    if page is None or not page.live or page.content_type.model not in KINDS:
        return None
    if page.get_view_restrictions().exists():
        return None
    try:
        specific = page.specific
    except ObjectDoesNotExist:  # being deleted: the specific row goes first
        return None
    if specific.get_url() is None:
        return None
    return specific


def document_fields(page) -> dict:
    """The columns of a SearchDocument for a specific reader page, analysed."""
    passages = page_passages(page)
    summary = plain(page.summary)
    extra = []
    if getattr(page, "fraud_type_id", None):
        extra.append(page.fraud_type.name)
    body_text = " ".join([*extra, *(f"{heading} {text}" for heading, text, _kind in passages)])
    column = page.column
    return {
        "visible": True,
        "analyzer_version": ANALYZER_VERSION,
        "url": page.get_url() or "",
        "title": page.title,
        "kind": KINDS[page.content_type.model],
        "column": column.column_key if column is not None else "",
        "summary": summary,
        "published_at": page.first_published_at,
        "terms": {"title": _terms(page.title), "summary": _terms(page.summary), "body": _terms(body_text)},
        # The summary is an answer too, often the shortest one: it comes first.
        "passages": [
            [heading, text, _terms(f"{heading} {text}"), kind]
            for heading, text, kind in ([("", summary, "text")] if summary else []) + passages
        ],
    }


HIDDEN = {"visible": False, "url": "", "title": "", "kind": "", "column": "", "summary": "",
          "published_at": None, "terms": {}, "passages": []}


def search_document_update(*, page_id: int) -> bool:
    """Store page `page_id` as readers see it now; True when it is searchable. No-op for pages never indexed and hidden."""
    from ..models import SearchDocument

    page = _reader_page(page_id)
    with transaction.atomic():
        if page is None:
            if not SearchDocument.objects.filter(page_id=page_id, visible=True).exists():
                return False
            fields = HIDDEN
        else:
            fields = document_fields(page)
        SearchDocument.objects.update_or_create(
            page_id=page_id, defaults={**fields, "generation": _next_generation()}
        )
    return page is not None


def search_documents_update(*, page_ids) -> int:
    """`search_document_update` for each page; returns how many are searchable."""
    return sum(search_document_update(page_id=page_id) for page_id in page_ids)


def search_subtree_update(*, page: Page, only_if_changed: bool = False) -> int:
    """Re-store `page` and everything under it (after a move or a privacy change).

    With `only_if_changed` (a column or the home page saved), nothing is done while the
    stored pages below still have the address and visibility they would get now: checked
    on one of them, so saving a column's intro does not re-analyse the column.
    """
    from ..models import SearchDocument

    ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    if only_if_changed:
        sample = SearchDocument.objects.filter(page_id__in=ids, visible=True).first()
        if sample is None:
            return 0
        current = _reader_page(sample.page_id)
        if current is not None and (current.get_url() or "") == sample.url:
            return 0
    return search_documents_update(page_ids=ids)


def search_index_rebuild() -> int:
    """Re-store every page (after the analysis or the dictionaries changed); returns how many are searchable."""
    from ..models import SearchDocument

    page_ids = set(Page.objects.values_list("pk", flat=True))
    page_ids |= set(SearchDocument.objects.filter(visible=True).values_list("page_id", flat=True))
    return search_documents_update(page_ids=sorted(page_ids))
