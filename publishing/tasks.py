"""Background tasks of the publishing pipeline (django-tasks): renders on publish and on demand."""

from __future__ import annotations

import logging

from wagtail.models import Page, Revision

from django_tasks import task

from .render.errors import RenderError
from .render.services import render_page

logger = logging.getLogger(__name__)


@task()
def render_page_task(page_id: int, format: str, theme: str = "", revision_id: int | None = None,
                     force: bool = False) -> dict:
    """Render one page in one format; returns what happened as a small JSON-able dict."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        logger.info("Page %s is gone; render of %s skipped", page_id, format)
        return {"status": "skipped", "page_id": page_id}
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    try:
        result = render_page(page=page.specific, format=format, theme=theme or None, revision=revision, force=force)
    except RenderError as error:
        return {"status": "failed", "page_id": page_id, "format": format, "error": error.message}
    return {
        "status": result.status,
        "page_id": page_id,
        "format": format,
        "result_id": result.pk,
        "file": result.file.name,
        "warnings": result.warnings,
    }
