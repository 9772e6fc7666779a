"""Reads of stored renders: the cache lookup by content hash and the latest good render."""

from __future__ import annotations

from django.core.files.storage import default_storage

from ..models import RenderResult


def render_result_cached(input_hash: str) -> RenderResult | None:
    """The succeeded render of exactly these inputs, if its file is still in storage."""
    result = RenderResult.objects.filter(input_hash=input_hash, status=RenderResult.STATUS_SUCCEEDED).first()
    if result is None or not result.file or not default_storage.exists(result.file.name):
        return None
    return result


def render_result_latest(*, page, format: str, theme: str | None = None) -> RenderResult | None:
    """The newest succeeded render of `page` in `format` (and `theme`, when given)."""
    results = RenderResult.objects.filter(page=page, format=format, status=RenderResult.STATUS_SUCCEEDED)
    if theme:
        results = results.filter(theme=theme)
    return results.order_by("-created_at", "-id").first()


def render_results_for_page(*, page, limit: int = 20) -> list[RenderResult]:
    """The page's renders, newest first, failed ones included (they carry the error)."""
    return list(RenderResult.objects.filter(page=page).prefetch_related("files")[:limit])
