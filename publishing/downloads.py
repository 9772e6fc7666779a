"""Readers' downloads of a live page's long-image poster and printable PDF, and the app's too.

Each live, public page offers the formats its type is rendered to (a poster for every page,
a PDF for case studies) at a stable address, `/renders/<page id>/<format>/`, which the reader
pages link to and the JSON Feed lists as attachments. The address redirects to the stored
render of the page as it is now (its live content in its theme, found by content hash), so
it never shows a draft or an outdated version. When that render is not made yet (just
published, or a theme changed), the first request queues it and readers are asked to try
again in a moment; when it failed (editors see why in the admin), readers are pointed to
the web version for half an hour before a reader's request may queue it again (a broken
image stays broken, a storage hiccup heals). Example::

    >>> [download.label for download in page_downloads(case_study)]
    ['长图海报', 'PDF 打印版']
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.public_urls import public_url

from .models import RenderResult
from .signals import DEFAULT_RENDER_ON_PUBLISH

logger = logging.getLogger(__name__)

DOWNLOADABLE = {
    RenderResult.FORMAT_POSTER: ("长图海报", "image/jpeg"),
    RenderResult.FORMAT_PDF: ("PDF 打印版", "application/pdf"),
}
# What a saved file is called after the page's title: 《…》-长图.jpg, 《…》-打印版.pdf.
FILE_SUFFIXES = {RenderResult.FORMAT_POSTER: "长图", RenderResult.FORMAT_PDF: "打印版"}
FILENAME_TITLE_CHARS = 50
_UNSAFE_IN_FILENAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
REQUEST_TTL_SECONDS = 10 * 60  # one queued render per page, format and content in this time
FAILURE_HOLD_SECONDS = 30 * 60  # after a failed render, readers wait this long for another try


@dataclass(frozen=True)
class Download:
    """One format a reader can download: what to call it, where it is, what it is."""

    format: str
    label: str
    url: str
    mime_type: str


def download_formats(page) -> tuple[str, ...]:
    """The downloadable formats of `page`'s type: those it is rendered to on publish
    (settings.RENDER_ON_PUBLISH, or the defaults when that is off), poster and PDF only."""
    configured = getattr(settings, "RENDER_ON_PUBLISH", DEFAULT_RENDER_ON_PUBLISH) or DEFAULT_RENDER_ON_PUBLISH
    model = page.specific_class
    if model is None:
        return ()
    return tuple(format for format in configured.get(model._meta.model_name, ()) if format in DOWNLOADABLE)


def page_downloads(page) -> list[Download]:
    """The downloads `page` offers (none unless it is saved and live)."""
    if page.pk is None or not page.live:
        return []
    return download_links(page)


def download_links(page) -> list[Download]:
    """The download addresses of `page`'s formats, whether or not it is live right now
    (a delivery announcing a publish may hold the page as its revision had it)."""
    return [
        Download(format=format, label=DOWNLOADABLE[format][0], mime_type=DOWNLOADABLE[format][1],
                 url=reverse("render_download", kwargs={"page_id": page.pk, "format": format}))
        for format in download_formats(page)
    ]


def feed_items_add_downloads(*, pages, items, request) -> None:
    """Give each feed item its page's downloads as JSON Feed `attachments` (absolute addresses).

    `pages` and `items` are the feed's page of items in the same order (content/feed.py).
    """
    for page, item in zip(pages, items, strict=True):
        attachments = [
            {"url": public_url(download.url), "mime_type": download.mime_type,
             "title": download.label}
            for download in page_downloads(page)
        ]
        if attachments:
            item["attachments"] = attachments


@dataclass(frozen=True)
class DownloadState:
    """Where a download stands: its stored render, or why there is none yet."""

    result: RenderResult | None = None
    failed: str = ""  # the message of a recent failed render of exactly this content
    input_hash: str = ""  # the content hash of the page as it is now


def download_state(*, page, format: str) -> DownloadState:
    """The stored render of `page` (a live page, as it is now) in `format`, or its failure.

    Raises RenderError when the page's document cannot even be built (a missing theme).
    """
    from .render.selectors import render_result_cached
    from .render.services import render_job_prepare

    job = render_job_prepare(page=page, format=format)
    result = render_result_cached(job.input_hash)
    if result is not None:
        return DownloadState(result=result)
    since = timezone.now() - datetime.timedelta(seconds=FAILURE_HOLD_SECONDS)
    failure = (RenderResult.objects.filter(input_hash=job.input_hash, status=RenderResult.STATUS_FAILED,
                                           created_at__gte=since)
               .order_by("-created_at", "-id").first())
    return DownloadState(failed=failure.error if failure else "", input_hash=job.input_hash)


def download_render_request(*, page, format: str, input_hash: str) -> bool:
    """Queue the render a download is waiting for (`input_hash` from `download_state`);
    True if this call queued it.

    Requests for the same page, format and content within ten minutes queue it once, so a
    crowd of readers arriving right after a publish costs one render.
    """
    from .tasks import render_page_task

    if not cache.add(f"render-download:{page.pk}:{format}:{input_hash}", 1, REQUEST_TTL_SECONDS):
        return False
    render_page_task.enqueue(page_id=page.pk, format=format, revision_id=page.live_revision_id)
    logger.info("Download of page %s as %s queued its render", page.pk, format)
    return True


def download_filename(*, page, format: str, extension: str) -> tuple[str, str]:
    """(name, ascii_name) a reader's saved file gets: the page's title and what it is, and a
    plain fallback for clients that cannot read a Chinese name.

    >>> download_filename(page=bulletin, format="poster", extension="jpg")  # doctest: +SKIP
    ('防诈周报 第 2 期（11.16–11.22）-长图.jpg', 'bulletin-2-poster.jpg')
    """
    title = " ".join(_UNSAFE_IN_FILENAMES.sub(" ", page.title or "").split())[:FILENAME_TITLE_CHARS].strip(" .")
    name = f"{title or '金融常识'}-{FILE_SUFFIXES.get(format, format)}.{extension}"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "", page.slug or "") or f"page-{page.pk}"
    return name, f"{slug}-{format}.{extension}"


def content_disposition(*, name: str, ascii_name: str, inline: bool = True) -> str:
    """A Content-Disposition header with the Chinese name in RFC 5987 form and a plain fallback.

    >>> content_disposition(name="长图.jpg", ascii_name="poster.jpg")
    "inline; filename=\"poster.jpg\"; filename*=UTF-8''%E9%95%BF%E5%9B%BE.jpg"
    """
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
