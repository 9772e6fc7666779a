"""Read-only queries of the reader pages: home and column lists, which case studies show, pages by type."""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import QuerySet

from wagtail.models import Page

from .models import BulletinPage, CaseStudyPage, ColumnPage
from .page_types import READER_TYPES

COLUMN_PAGE_SIZE = 12


def listed_pages(*, parent: Page | None = None):
    """Live articles, case studies and bulletins (optionally under `parent`), newest first, as specific pages."""
    queryset = Page.objects.live().public().type(*READER_TYPES)
    if parent is not None:
        queryset = queryset.child_of(parent)
    return queryset.order_by("-first_published_at", "-pk").specific().defer_streamfields()


def specific_pages_load(rows, querysets: dict[type[Page], QuerySet]) -> dict[int, Page]:
    """The specific pages of (pk, content_type_id) `rows`, by pk, in one query per page type present.

    `querysets` says how each type is loaded (what to defer, select or prefetch); pages of a type
    it does not name are left out (a home or column page among the rows).
    """
    by_type: dict[type, list[int]] = {}
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_type.setdefault(model, []).append(pk)
    pages: dict[int, Page] = {}
    for model, pks in by_type.items():
        queryset = querysets.get(model)
        if queryset is not None:
            pages.update((page.pk, page) for page in queryset.filter(pk__in=pks))
    return pages


def home_context(*, home: Page) -> dict:
    """What the home page shows: the latest bulletin, the columns and the newest pieces of each."""
    columns = list(ColumnPage.objects.live().child_of(home).order_by("path"))
    latest_bulletin = (
        BulletinPage.objects.live().public().order_by("-issue_number").select_related("cover_image").first()
    )
    recent = list(listed_pages()[:8])
    return {"columns": columns, "latest_bulletin": latest_bulletin, "recent_pages": recent}


def column_context(*, column: ColumnPage, page_number: str | None) -> dict:
    """One page of a column's pieces, newest first."""
    paginator = Paginator(listed_pages(parent=column), COLUMN_PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    return {"page_obj": page_obj, "items": list(page_obj.object_list)}


def case_study_for_readers(case) -> CaseStudyPage | None:
    """`case` (a case-study page or its id) as readers may see it, or None when they may not.

    A reference to a case study (a body block, a bulletin's alert) shows its title only while
    the case is live and neither it nor an ancestor has a view restriction; a draft, an
    unpublished or a private case is left out. The reader pages, the feed, the API, posters
    and WeChat articles all ask here, and the database is read each time, so a case that was
    unpublished or restricted a moment ago is already hidden.

    >>> case_study_for_readers(draft_case) is None  # doctest: +SKIP
    True
    """
    if case is None:
        return None
    pk = case if isinstance(case, int) else case.pk
    if pk is None:
        return None
    return CaseStudyPage.objects.live().public().filter(pk=pk).select_related("fraud_type").first()
