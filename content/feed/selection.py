"""Which pages a feed request covers, and its ETag: whether any of them changed, in two small queries."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, Sum
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from core.public_urls import public_base_url

from ..extensions import FEED_ETAG_HOOK
from ..page_types import READER_TYPES
from .query import FeedQuery, encode_cursor

# Bump when the shape or rendering of items changes: it is part of every ETag and HTML cache key.
FEED_FORMAT = "2"
ORDERING = (F("first_published_at").desc(nulls_last=True), F("pk").desc())


def _listed_content_type_ids() -> list[int]:
    """The content types of the listed page types (cached by Django after the first call)."""
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*READER_TYPES).values()]


def _public_q() -> Q:
    """What Wagtail's `PageQuerySet.public()` filters on, read with one light query of the restricted paths.

    `public()` loads every restricted page as a full model; the 304 answer runs this
    on every request, so only the paths are read.
    """
    restricted = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        restricted |= Q(path__startswith=path)
    return ~restricted if restricted else Q()


def listed_queryset(query: FeedQuery):
    """Live public articles, case studies and bulletins the query covers (unordered, cursor applied)."""
    queryset = Page.objects.filter(_public_q(), live=True, content_type_id__in=_listed_content_type_ids())
    if query.column is not None:
        queryset = queryset.descendant_of(query.column)
    if query.cursor is not None:
        published_at, pk = query.cursor
        if published_at is None:
            queryset = queryset.filter(first_published_at__isnull=True, pk__lt=pk)
        else:
            queryset = queryset.filter(
                Q(first_published_at__lt=published_at)
                | Q(first_published_at=published_at, pk__lt=pk)
                | Q(first_published_at__isnull=True)
            )
    return queryset


def site_base(request) -> str:
    """The public address, e.g. 'https://zhishi.example.com', without a trailing slash (not the request's Host)."""
    return public_base_url()


def feed_etag(*, query: FeedQuery, request) -> str:
    """Return the strong ETag of the feed page `query` asks for, from one aggregate query (and `_public_q`'s).

    It changes when a page the query covers is published, republished (a new live
    revision raises the sum of live revision ids, which only grow), unpublished,
    restricted or moved out of the column, with the host the feed is read on, and
    with what higher layers add to the items (`FEED_ETAG_HOOK`: a poster render that
    finished). Edits that publish no page (a fraud type renamed) show up at the next publish.
    """
    listed = listed_queryset(query)
    stats = listed.aggregate(
        count=Count("pk"),
        last_published=Max("last_published_at"),
        revision_sum=Sum("live_revision_id"),
    )
    column_revision = query.column.live_revision_id if query.column is not None else ""
    parts = [
        FEED_FORMAT,
        site_base(request),
        urlencode(sorted(query.params(cursor=encode_cursor(*query.cursor) if query.cursor else None).items())),
        column_revision,
        stats["count"],
        stats["last_published"].isoformat() if stats["last_published"] else "",
        stats["revision_sum"] or 0,
        *(hook(pages=listed, request=request) for hook in hooks.get_hooks(FEED_ETAG_HOOK)),
    ]
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f'"{digest}"'
