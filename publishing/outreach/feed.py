"""The poster slices of feed items: the stored render of each page's live revision, never a render on the spot.

The feed answers in a fixed number of queries whatever its length, so the slices of a whole
page of items come from two queries: the newest succeeded poster of each page's live
revision, and their slices. A page whose poster is not rendered yet lists no slices (the
app falls back to the poster attachment, which waits for the render).
"""

from django.db.models import Max

from core.public_urls import public_url
from publishing.channels.assets import RenderedFile, slice_entries
from publishing.models import RenderFile, RenderResult

from .models import FORMAT_TEXT, WechatSettings


def stored_slices(*, pages) -> dict[int, list[RenderedFile]]:
    """{page id: its live revision's poster slices, top to bottom} for the pages that have them."""
    live = {page.pk: page.live_revision_id for page in pages if page.live_revision_id}
    if not live:
        return {}
    newest: dict[int, int] = {}
    results = (RenderResult.objects.filter(page_id__in=live, revision_id__in=live.values(),
                                           format=RenderResult.FORMAT_POSTER, status=RenderResult.STATUS_SUCCEEDED)
               .order_by("-created_at", "-id").values_list("id", "page_id", "revision_id"))
    for result_id, page_id, revision_id in results:
        if live.get(page_id) == revision_id:
            newest.setdefault(page_id, result_id)
    slices: dict[int, list[RenderedFile]] = {}
    by_result = {result_id: page_id for page_id, result_id in newest.items()}
    for record in RenderFile.objects.filter(result_id__in=by_result, kind="slice").order_by("position"):
        slices.setdefault(by_result[record.result_id], []).append(RenderedFile(
            kind=record.kind, name=record.file.name, width=record.width, height=record.height,
            position=record.position, size=record.bytes, sha256=record.sha256,
        ))
    return slices


def feed_items_add_slices(*, pages, items: list[dict], request) -> None:
    """Add `poster_slices` (position, url, width, height, size_in_bytes, mime_type) to the `_jinrong`
    of each item whose page type goes to WeChat as a poster (公众号设置)."""
    settings = WechatSettings.for_request(request)
    wanted = [page for page in pages if settings.format_for(type(page)) != FORMAT_TEXT]
    slices = stored_slices(pages=wanted)
    for page, item in zip(pages, items, strict=True):
        if slices.get(page.pk):
            item.setdefault("_jinrong", {})["poster_slices"] = slice_entries(
                slices[page.pk], page_id=page.pk, absolute=public_url
            )


def feed_slices_version(*, pages, request) -> str:
    """The id of the newest finished poster render of `pages` (a queryset), in one query: the slices
    the feed lists change when a render finishes. (A change of 公众号设置 between 图文 and 长图 shows
    at the next publish or render, like other edits that publish no page.)"""
    latest = (RenderResult.objects.filter(page_id__in=pages.values("pk"), format=RenderResult.FORMAT_POSTER,
                                          status=RenderResult.STATUS_SUCCEEDED)
              .aggregate(latest=Max("id"))["latest"])
    return str(latest or 0)
