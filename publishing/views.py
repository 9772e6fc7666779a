"""Readers' download addresses: a live page's poster or PDF, sent with a name readers recognise.

The file is sent by this view (not a redirect to storage) so that it carries the page's
title as its file name (Content-Disposition, RFC 5987): 防诈周报 第 2 期…-长图.jpg rather than
a content hash. It is shown inline, as WeChat's browser needs to let readers long-press to
save it; `?download=1` asks for an attachment. An ETag of the render's content and `no-cache`
let clients keep it while a publish still changes what the address sends.

It is also the only way a reader gets a render at all: the stored files are private
(core/storage.py gives them unguessable names, cms/media.py never serves them), and this
view answers only for a page that is live and under no view restriction.
"""

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import render
from django.utils.http import parse_etags, quote_etag
from django.views.decorators.http import require_safe

from wagtail.models import Page

from .downloads import (
    DOWNLOADABLE,
    DownloadState,
    content_disposition,
    download_filename,
    download_formats,
    download_render_request,
    download_state,
)
from .models import RenderFile, RenderResult
from .render.errors import RenderError

RETRY_AFTER_SECONDS = 20


@require_safe
def render_download(request, page_id: int, format: str):
    """The page's current render in `format`, named after the page; 503 (try again shortly) while it is made."""
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or format not in DOWNLOADABLE or format not in download_formats(page):
        raise Http404("没有这个下载")
    page = page.specific
    label = DOWNLOADABLE[format][0]
    try:
        state = download_state(page=page, format=format)
    except RenderError:
        state = DownloadState(failed="render document")
    if state.result is not None:
        return _send(request, page=page, result=state.result, format=format)
    if state.failed:
        # What went wrong is for the editors (it is on the page's render list in the admin).
        return _pending(request, page=page, label=label, message=f"{label}暂时无法提供，请先看网页版。", status=503)
    download_render_request(page=page, format=format, input_hash=state.input_hash)
    response = _pending(request, page=page, label=label,
                        message=f"{label}正在生成，通常不到一分钟，本页会自动刷新。", status=503, refresh=True)
    # Expected right after a publish, not a fault: keep it out of the error log (Django logs
    # every 5xx as an error; this marks the response as logged). The queued render is logged.
    response._has_been_logged = True
    return response


def _pending(request, *, page, label: str, message: str, status: int, refresh: bool = False):
    context = {"page": page, "label": label, "message": message, "refresh": RETRY_AFTER_SECONDS if refresh else None}
    response = render(request, "publishing/download_pending.html", context, status=status)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _send(request, *, page, result, format: str):
    etag = quote_etag(result.sha256 or result.input_hash)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        extension = result.file.name.rsplit(".", 1)[-1] if "." in result.file.name else "bin"
        name, ascii_name = download_filename(page=page, format=format, extension=extension)
        response = FileResponse(result.file.open("rb"), content_type=DOWNLOADABLE[format][1])
        response["Content-Disposition"] = content_disposition(
            name=name, ascii_name=ascii_name, inline=request.GET.get("download") != "1"
        )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def render_slice(request, page_id: int, digest: str, name: str):
    """One slice of a live, public page's current poster (the app shows a bulletin as its slices).

    The slice is found by its content hash among the page's poster renders and sent only when
    that render is the page's live one (of its live revision, or of the same content); a slice
    of a draft, an older version, or of a page that is unpublished or restricted is not found.
    """
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("没有这个下载")
    record = (
        RenderFile.objects.filter(
            result__page_id=page_id, result__format=RenderResult.FORMAT_POSTER,
            result__status=RenderResult.STATUS_SUCCEEDED, kind="slice", sha256=digest,
        )
        .select_related("result").order_by("-result__created_at", "-pk").first()
    )
    if record is None or not _is_live_render(page.specific, record.result):
        raise Http404("没有这个下载")
    etag = quote_etag(record.sha256)
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(record.file.open("rb"), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def _is_live_render(page, result: RenderResult) -> bool:
    if result.revision_id is not None and result.revision_id == page.live_revision_id:
        return True
    try:
        state = download_state(page=page, format=RenderResult.FORMAT_POSTER)
    except RenderError:
        return False
    return state.result is not None and state.result.input_hash == result.input_hash
