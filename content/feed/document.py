"""The JSON Feed 1.1 document of one feed request: its items, each with what the app needs.

Each process keeps each item as built (with its page) per live revision and base address
under the page cache's generation (core/memo.py): every change that can alter an item (a
publish, an unpublish, a move, a fraud type, an image, a site) moves the generation on, so a
page of items whose pages are all kept loads no page again before the hooks run.
"""

import copy
import datetime
import logging

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from core.memo import memoized_many
from core.public_urls import public_url

from ..api import COVER_RENDITION
from ..extensions import FEED_ITEMS_HOOK
from ..models import (
    ArticlePage,
    BrandSettings,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
)
from ..page_types import page_type_key
from ..selectors import specific_pages_load
from .html import pages_html
from .query import FeedQuery, encode_cursor
from .selection import FEED_FORMAT, ORDERING, listed_queryset, site_base

logger = logging.getLogger(__name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SUMMARY_LENGTH = 120


def _load_pages(rows: list[tuple[int, int]]) -> dict[int, Page]:
    """Load the specific pages for (pk, content_type_id) rows, one query per page type present."""
    cover = Prefetch("cover_image", queryset=get_image_model().objects.prefetch_renditions(COVER_RENDITION))
    # The bodies are read only when an item's HTML is not cached yet (then one query per page).
    case_text = [key for key, _title in CaseStudyPage.SECTIONS]
    querysets = {
        ArticlePage: ArticlePage.objects.defer("body").prefetch_related(cover, "fraud_types"),
        CaseStudyPage: CaseStudyPage.objects.defer("body", *case_text)
        .select_related("fraud_type")
        .prefetch_related(cover),
        BulletinPage: BulletinPage.objects.defer("body").prefetch_related(
            cover,
            Prefetch("alerts", queryset=BulletinAlert.objects.select_related("fraud_type", "case_study")),
        ),
    }
    pages = specific_pages_load(rows, querysets)
    if len(pages) < len(rows):
        logger.warning("Feed skipped %d pages of an unexpected type", len(rows) - len(pages))
    return pages


def _column_for(page: Page, columns: list[ColumnPage]) -> ColumnPage | None:
    for column in columns:
        if page.path.startswith(column.path):
            return column
    return None


def _rfc3339(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")



def _cover_url(page: Page, request) -> str | None:
    if not page.cover_image_id or page.cover_image is None:
        return None
    try:
        rendition = page.cover_image.get_rendition(COVER_RENDITION)
    except SourceImageIOError:
        logger.warning("Feed: cover image %s of page %s is missing its file", page.cover_image_id, page.pk)
        return None
    return public_url(rendition.url)


def _tags(page: Page, column: ColumnPage | None) -> list[str]:
    names = [column.title] if column else []
    if isinstance(page, ArticlePage):
        names += [fraud_type.name for fraud_type in page.fraud_types.all()]
    elif isinstance(page, CaseStudyPage):
        names.append(page.fraud_type.name)
    elif isinstance(page, BulletinPage):
        names += [alert.fraud_type.name for alert in page.alerts.all()]
    return list(dict.fromkeys(names))


def _extension(page: Page, column: ColumnPage | None) -> dict:
    """The `_jinrong` extension object: what the app needs beyond JSON Feed's own fields."""
    extension = {
        "page_id": page.pk,
        "page_type": page_type_key(page),
        "column": column.column_key if column else None,
        "column_title": column.title if column else None,
        "revision_id": page.live_revision_id,
    }
    if isinstance(page, CaseStudyPage):
        extension["fraud_type"] = page.fraud_type.slug
        extension["region"] = page.region
    elif isinstance(page, BulletinPage):
        extension["issue_number"] = page.issue_number
        extension["week_start"] = page.week_start.isoformat()
        extension["week_end"] = page.week_end.isoformat()
    return extension


def _item(page: Page, *, column: ColumnPage | None, content_html: str, request) -> dict:
    item = {"id": f"page:{page.pk}"}
    url = page.get_url(request)
    if url:
        item["url"] = public_url(url)
    item["title"] = page.title
    item["content_html"] = content_html
    item["summary"] = page.summary or strip_tags(content_html).strip()[:SUMMARY_LENGTH]
    image = _cover_url(page, request)
    if image:
        item["image"] = image
    if page.first_published_at:
        item["date_published"] = _rfc3339(page.first_published_at)
    modified = page.last_published_at or page.first_published_at
    if modified:
        item["date_modified"] = _rfc3339(modified)
    if isinstance(page, ArticlePage) and page.author:
        item["authors"] = [{"name": page.author}]
    item["tags"] = _tags(page, column)
    item["_jinrong"] = _extension(page, column)
    return item


def _build_items(rows: list[tuple], *, request, base: str) -> dict[int, tuple[Page, dict]]:
    """{page id: (page, item before the hooks)} for (pk, content_type_id, …) rows, with a fixed number of queries."""
    loaded = _load_pages([(row[0], row[1]) for row in rows])
    pages = [loaded[row[0]] for row in rows if row[0] in loaded]
    if not pages:
        return {}
    columns = list(ColumnPage.objects.only("pk", "path", "title", "column_key"))
    html = pages_html(pages, request, base)
    return {
        page.pk: (page, _item(page, column=_column_for(page, columns), content_html=html[page.pk], request=request))
        for page in pages
    }


def _built_items(rows: list[tuple], *, request, base: str) -> dict[int, tuple[Page, dict]]:
    """`_build_items` for the rows, keeping those of pages with a live revision in this process
    until the page cache's generation moves on (a page without one is built every time)."""
    keys = {row[0]: ("feed-item", FEED_FORMAT, base, row[0], row[3]) for row in rows if row[3]}
    by_key = {key: pk for pk, key in keys.items()}

    def load(missing):
        wanted = {by_key[key] for key in missing}
        built = _build_items([row for row in rows if row[0] in wanted], request=request, base=base)
        return {keys[pk]: entry for pk, entry in built.items()}

    kept = memoized_many(list(keys.values()), load) if keys else {}
    built = {by_key[key]: entry for key, entry in kept.items()}
    unkept = [row for row in rows if row[0] not in keys]
    if unkept:
        built.update(_build_items(unkept, request=request, base=base))
    return built


def feed_document(*, query: FeedQuery, request) -> dict:
    """Build the JSON Feed 1.1 document for `query` as a dict, ready for json.dumps.

    Holds at most `query.limit` items and a `next_url` when more follow. Every URL
    is absolute, on the scheme and host the request came in on.
    """
    base = site_base(request)
    rows = list(
        listed_queryset(query)
        .order_by(*ORDERING)
        .values_list("pk", "content_type_id", "first_published_at", "live_revision_id")[: query.limit + 1]
    )
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    built = _built_items(rows, request=request, base=base)
    pages = [built[row[0]][0] for row in rows if row[0] in built]
    # Copies: the hooks below add to the items, the kept ones are shared by every request.
    items = [copy.deepcopy(built[row[0]][1]) for row in rows if row[0] in built]
    brand = BrandSettings.for_request(request)

    feed_path = reverse("content_feed")
    if query.column is not None:
        title = f"{brand.name} · {query.column.title}"
        home_path = query.column.get_url(request) or "/"
    else:
        title = brand.name
        home_path = "/"
    home_page_url = public_url(home_path)
    query_string = urlencode(query.params())
    document = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": home_page_url,
        "feed_url": base + feed_path + (f"?{query_string}" if query_string else ""),
        "description": brand.slogan or title,
        "language": "zh-CN",
        "authors": [{"name": brand.name, "url": base + "/"}],
        "items": items,
    }
    for extend in hooks.get_hooks(FEED_ITEMS_HOOK):
        extend(pages=pages, items=document["items"], request=request)
    if has_more:
        last_pk, _type, last_published, _revision = rows[-1]
        next_params = query.params(cursor=encode_cursor(last_published, last_pk))
        document["next_url"] = base + feed_path + "?" + urlencode(next_params)
    return document
