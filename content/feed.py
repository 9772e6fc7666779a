"""The app's JSON Feed 1.1 (/api/feed/): live articles, case studies and bulletins, newest first.

The feed is read in three steps, each a selector the view calls in turn:

1. `feed_query_from_params` checks the query string (`column`, `cursor`, `limit`);
2. `feed_etag` answers, with two small queries (the restricted paths, then one
   aggregate), whether anything the page shows has changed, so that a client
   holding the same ETag gets a 304 without the body ever being built;
3. `feed_document` builds the page of items with a fixed number of queries
   whatever the page size, and reuses each item's rendered HTML from the cache,
   keyed by the page's live revision, so that publishing shows up at once.

Higher layers add to each item through the `construct_feed_items` Wagtail hook
(content/extensions.py): publishing lists the page's long-image poster (and, for case
studies, its PDF) as JSON Feed `attachments`, stable addresses that redirect to the render
of the page as it is now (publishing/downloads.py), and a bulletin's poster slices in
`_jinrong.poster_slices`.

Pages are ordered by (first_published_at, pk), newest first; the cursor in
`next_url` encodes the last item's pair, so the next page starts right after it
even when new pages are published in between.
"""

import base64
import binascii
import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks, strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import expand_db_html

from core.public_urls import public_base_url, public_url

from .api import COVER_RENDITION
from .extensions import FEED_ETAG_HOOK, FEED_ITEMS_HOOK
from .models import (
    ArticlePage,
    BrandSettings,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
)
from .models.pages import COLUMN_CHOICES
from .sanitize import sanitize_html
from .selectors import LISTED_TYPES, case_study_for_readers

logger = logging.getLogger(__name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_TYPE = "application/feed+json; charset=utf-8"
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
CACHE_MAX_AGE = 60
# Bump when the shape or rendering of items changes: it is part of every ETag and HTML cache key.
FEED_FORMAT = "2"
# Keyed by live revision, so a publish shows at once; a renamed snippet (hotline, fraud type) within a day.
HTML_CACHE_SECONDS = 24 * 3600
SUMMARY_LENGTH = 120
PAGE_TYPES = {ArticlePage: "article", CaseStudyPage: "case_study", BulletinPage: "bulletin"}
_ORDERING = (F("first_published_at").desc(nulls_last=True), F("pk").desc())
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
# Template indentation: a run of whitespace with a line break renders as one space (outside <pre>).
_BLANK_LINES = re.compile(r"[ \t\r]*\n\s*")


class FeedQueryError(Exception):
    """A feed request that cannot be answered as asked; `message` is shown to the app, `status` is the HTTP status."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnknownColumn(FeedQueryError):
    status = 404


class BadCursor(FeedQueryError):
    pass


class BadLimit(FeedQueryError):
    pass


@dataclass(frozen=True)
class FeedQuery:
    """One checked feed request: an optional column, where to start, and how many items."""

    column: ColumnPage | None = None
    cursor: tuple[datetime.datetime | None, int] | None = None
    limit: int = DEFAULT_LIMIT

    def params(self, *, cursor: str | None = None) -> dict:
        """The query-string parameters that ask for this feed again, starting at `cursor`."""
        params = {}
        if self.column is not None:
            params["column"] = self.column.column_key
        if cursor:
            params["cursor"] = cursor
        if self.limit != DEFAULT_LIMIT:
            params["limit"] = self.limit
        return params


def encode_cursor(published_at: datetime.datetime | None, pk: int) -> str:
    """Return the opaque, URL-safe cursor for the item published at `published_at` with primary key `pk`.

    >>> encode_cursor(datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC), 42)
    'MjAyNS0wMy0wMVQwMDowMDowMCswMDowMHw0Mg'
    """
    stamp = published_at.astimezone(datetime.UTC).isoformat() if published_at else ""
    return base64.urlsafe_b64encode(f"{stamp}|{pk}".encode()).decode("ascii").rstrip("=")


def decode_cursor(token: str) -> tuple[datetime.datetime | None, int]:
    """Return the (first_published_at, pk) pair a cursor encodes; raise BadCursor if it is not one of ours."""
    error = BadCursor("cursor 参数无效：请直接使用上一页返回的 next_url 翻页。")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        stamp, pk_text = raw.split("|")
        pk = int(pk_text)
        published_at = datetime.datetime.fromisoformat(stamp) if stamp else None
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise error from exc
    if pk < 1 or (published_at is not None and published_at.tzinfo is None):
        raise error
    if encode_cursor(published_at, pk) != token:
        raise error
    return published_at, pk


def feed_query_from_params(*, params) -> FeedQuery:
    """Check the feed's query string (`column`, `cursor`, `limit`) and return it as a FeedQuery.

    `column` is a column key (credit, loans, aml, antifraud) or the column page's slug;
    `limit` defaults to 20 and is capped at 50. Raises UnknownColumn, BadCursor or BadLimit
    with a message in Chinese.
    """
    column = None
    column_param = (params.get("column") or "").strip()
    if column_param:
        column = ColumnPage.objects.live().filter(Q(column_key=column_param) | Q(slug=column_param)).first()
        if column is None:
            keys = "、".join(key for key, _label in COLUMN_CHOICES)
            raise UnknownColumn(f"没有找到栏目“{column_param}”。可用的栏目：{keys}。")

    limit_param = (params.get("limit") or "").strip()
    limit = DEFAULT_LIMIT
    if limit_param:
        try:
            limit = int(limit_param)
        except ValueError:
            limit = 0
        if limit < 1:
            raise BadLimit(f"limit 参数应为 1 到 {MAX_LIMIT} 之间的整数。")
        limit = min(limit, MAX_LIMIT)

    cursor_param = (params.get("cursor") or "").strip()
    cursor = decode_cursor(cursor_param) if cursor_param else None
    return FeedQuery(column=column, cursor=cursor, limit=limit)


def _listed_content_type_ids() -> list[int]:
    """The content types of the listed page types (cached by Django after the first call)."""
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*LISTED_TYPES).values()]


def _public_q() -> Q:
    """What Wagtail's `PageQuerySet.public()` filters on, read with one light query of the restricted paths.

    `public()` loads every restricted page as a full model; the 304 answer runs this
    on every request, so only the paths are read.
    """
    restricted = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        restricted |= Q(path__startswith=path)
    return ~restricted if restricted else Q()


def _listed_queryset(query: FeedQuery):
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


def _site_base(request) -> str:
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
    listed = _listed_queryset(query)
    stats = listed.aggregate(
        count=Count("pk"),
        last_published=Max("last_published_at"),
        revision_sum=Sum("live_revision_id"),
    )
    column_revision = query.column.live_revision_id if query.column is not None else ""
    parts = [
        FEED_FORMAT,
        _site_base(request),
        urlencode(sorted(query.params(cursor=encode_cursor(*query.cursor) if query.cursor else None).items())),
        column_revision,
        stats["count"],
        stats["last_published"].isoformat() if stats["last_published"] else "",
        stats["revision_sum"] or 0,
        *(hook(pages=listed, request=request) for hook in hooks.get_hooks(FEED_ETAG_HOOK)),
    ]
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _load_pages(rows: list[tuple[int, int]]) -> dict[int, Page]:
    """Load the specific pages for (pk, content_type_id) rows, one query per page type present."""
    by_type: dict[type, list[int]] = {}
    for pk, content_type_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        by_type.setdefault(model, []).append(pk)

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
    pages: dict[int, Page] = {}
    for model, pks in by_type.items():
        queryset = querysets.get(model)
        if queryset is None:
            logger.warning("Feed skipped %d pages of unexpected type %s", len(pks), model)
            continue
        pages.update((page.pk, page) for page in queryset.filter(pk__in=pks))
    return pages


def _column_for(page: Page, columns: list[ColumnPage]) -> ColumnPage | None:
    for column in columns:
        if page.path.startswith(column.path):
            return column
    return None


def _rfc3339(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text_html(text: str) -> str:
    """Plain text with line breaks as HTML paragraphs, escaped."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks


def _render_quiz(quiz) -> str:
    """A quiz as static HTML: the reader page's version needs its script to hide the answer."""
    choices = format_html_join("", "<li>{}. {}</li>", ((c["letter"], c["text"]) for c in quiz.lettered_choices))
    answer = next((c for c in quiz.lettered_choices if c["correct"]), None)
    answer_html = format_html("<p>正确答案：<strong>{}. {}</strong></p>", answer["letter"], answer["text"]) if answer else ""
    explanation = quiz.get("explanation")
    return format_html(
        '<div class="block-quiz"><p><strong>{}</strong></p><p>{}</p><ul>{}</ul>{}{}</div>',
        "金融常识问答",
        quiz.get("question", ""),
        choices,
        answer_html,
        explanation if explanation else "",
    )


def _render_body(page: Page, request) -> str:
    """The stream body with the blocks' own templates, except quizzes (see `_render_quiz`)."""
    context = {"request": request, "page": page, "self": page}
    return "".join(
        _render_quiz(child.value) if child.block_type == "quiz" else child.render(context=context)
        for child in page.body
    )


def _render_article(page: ArticlePage, request) -> str:
    return _render_body(page, request)


def _render_case_study(page: CaseStudyPage, request) -> str:
    parts = [
        # Rich text from the database; the whole item is sanitised afterwards.
        format_html("<h2>{}</h2>{}", section["title"], mark_safe(expand_db_html(section["html"])))  # noqa: S308
        for section in page.sections
    ]
    return "".join(parts) + _render_body(page, request)


def _render_bulletin(page: BulletinPage, request) -> str:
    parts = [format_html("<h2>{}</h2>{}", "本周预警", _text_html(page.lead_warning))]
    for alert in page.alerts.all():
        parts.append(format_html("<h3>【{}】{}</h3>{}", alert.fraud_type.name, alert.title, _text_html(alert.body)))
        case = case_study_for_readers(alert.case_study) if alert.case_study_id else None
        case_url = case.get_url(request) if case is not None else None
        if case_url:
            parts.append(format_html('<p><a href="{}">相关案例：{}</a></p>', case_url, case.title))
    parts.append(format_html("<h2>{}</h2>{}", "本周提示", _text_html(page.tip_of_week)))
    return "".join(parts) + _render_body(page, request)


_RENDERERS = {ArticlePage: _render_article, CaseStudyPage: _render_case_study, BulletinPage: _render_bulletin}


def _html_cache_key(page: Page, base: str) -> str | None:
    if not page.live_revision_id:
        return None
    host = hashlib.sha256(base.encode()).hexdigest()[:12]
    return f"feed:html:{FEED_FORMAT}:{host}:{page.pk}:{page.live_revision_id}"


def _content_html(pages: list[Page], request, base: str) -> dict[int, str]:
    """Each page's body as sanitised HTML with absolute URLs, from the cache when its live revision was rendered before."""
    keys = {page.pk: _html_cache_key(page, base) for page in pages}
    cached = cache.get_many([key for key in keys.values() if key])
    html: dict[int, str] = {}
    fresh: dict[str, str] = {}
    for page in pages:
        key = keys[page.pk]
        if key in cached:
            html[page.pk] = cached[key]
            continue
        rendered = sanitize_html(str(_RENDERERS[type(page)](page, request)))
        rendered = _RELATIVE_URL.sub(lambda match: f'{match[1]}{base}{match[2]}"', rendered)
        if "<pre" not in rendered:
            rendered = _BLANK_LINES.sub("\n", rendered).strip()
        html[page.pk] = rendered
        if key:
            fresh[key] = rendered
    if fresh:
        cache.set_many(fresh, timeout=HTML_CACHE_SECONDS)
    return html


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
        "page_type": PAGE_TYPES[type(page)],
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


def feed_document(*, query: FeedQuery, request) -> dict:
    """Build the JSON Feed 1.1 document for `query` as a dict, ready for json.dumps.

    Holds at most `query.limit` items and a `next_url` when more follow. Every URL
    is absolute, on the scheme and host the request came in on.
    """
    base = _site_base(request)
    rows = list(
        _listed_queryset(query)
        .order_by(*_ORDERING)
        .values_list("pk", "content_type_id", "first_published_at")[: query.limit + 1]
    )
    has_more = len(rows) > query.limit
    rows = rows[: query.limit]
    loaded = _load_pages([(pk, content_type_id) for pk, content_type_id, _published in rows])
    pages = [loaded[pk] for pk, _type, _published in rows if pk in loaded]
    columns = list(ColumnPage.objects.only("pk", "path", "title", "column_key"))
    html = _content_html(pages, request, base)
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
        "items": [
            _item(page, column=_column_for(page, columns), content_html=html[page.pk], request=request)
            for page in pages
        ],
    }
    for extend in hooks.get_hooks(FEED_ITEMS_HOOK):
        extend(pages=pages, items=document["items"], request=request)
    if has_more:
        last_pk, _type, last_published = rows[-1]
        next_params = query.params(cursor=encode_cursor(last_published, last_pk))
        document["next_url"] = base + feed_path + "?" + urlencode(next_params)
    return document
