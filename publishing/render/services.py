"""Rendering as a service: render a page once per set of inputs and keep the result in storage.

`render_page(page=..., format="poster")` builds the document, looks its content hash up among
stored results and renders only when nothing matches. Files go to default storage, so object
storage works the same as the local `media/` folder. A failed render is recorded with its
message and raises RenderError; earlier good renders are left as they were. Example::

    >>> result = render_page(page=bulletin, format="poster")
    >>> result.width, result.files.filter(kind="slice").count()
    (1080, 4)
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from themes.catalogue import Theme

from ..models import RenderFile, RenderResult
from .document import RenderDocument, document_build
from .errors import RenderError, UnsupportedFormatError
from .outputs import RenderOutput
from .selectors import render_result_cached
from .themes import theme_for_page

logger = logging.getLogger(__name__)

FORMATS = (RenderResult.FORMAT_POSTER, RenderResult.FORMAT_PDF, RenderResult.FORMAT_VIDEO)


@dataclass
class RenderJob:
    """A page, its theme and the document to lay out for one format."""

    page: object
    theme: Theme
    format: str
    document: RenderDocument
    input_hash: str


def render_job_prepare(*, page, format: str, theme: str | None = None) -> RenderJob:
    """The document and content hash of `page` rendered as `format` in `theme` (or its default)."""
    if format not in FORMATS:
        raise UnsupportedFormatError(f"不支持的格式“{format}”，可选：{'、'.join(FORMATS)}。")
    page = page.specific
    chosen = theme_for_page(page, theme)
    document = document_build(page=page, theme=chosen, kind="pdf" if format == "pdf" else "poster")
    return RenderJob(page=page, theme=chosen, format=format, document=document,
                     input_hash=document.input_hash(format))


def render_output(*, document: RenderDocument, format: str) -> RenderOutput:
    """Render `document` to `format` in memory, without storing anything."""
    if format == RenderResult.FORMAT_POSTER:
        from .poster import render_poster

        return render_poster(document)
    if format == RenderResult.FORMAT_PDF:
        from .pdf import render_pdf

        return render_pdf(document)
    if format == RenderResult.FORMAT_VIDEO:
        from .video import render_video

        return render_video(document)
    raise UnsupportedFormatError(f"不支持的格式“{format}”。")


def render_page(*, page, format: str, theme: str | None = None, revision=None, force: bool = False) -> RenderResult:
    """The stored render of `page` as `format`; renders it only if these inputs never were.

    Raises RenderError (after recording the failure) when the render cannot be made.
    """
    try:
        job = render_job_prepare(page=page, format=format, theme=theme)
    except RenderError as error:
        render_failure_record_early(page=page, format=format, theme=theme, revision=revision, message=error.message)
        raise
    if not force:
        cached = render_result_cached(job.input_hash)
        if cached is not None:
            logger.debug("Render cache hit %s for page %s", job.input_hash[:12], job.page.pk)
            return cached
    revision = revision or getattr(job.page, "live_revision", None) or getattr(job.page, "latest_revision", None)
    started = time.perf_counter()
    try:
        output = render_output(document=job.document, format=format)
    except RenderError as error:
        render_failure_record(job=job, revision=revision, message=error.message,
                              seconds=time.perf_counter() - started)
        raise
    # A stored row whose files are gone from storage is replaced, like a forced render.
    stale = RenderResult.objects.filter(input_hash=job.input_hash, status=RenderResult.STATUS_SUCCEEDED).exists()
    return render_result_store(job=job, output=output, revision=revision, replace=force or stale)


def render_failure_record(*, job: RenderJob, revision, message: str, seconds: float) -> RenderResult:
    """Keep a failed render with the message editors see; good renders stay untouched."""
    logger.warning("Render of page %s as %s in %s failed: %s", job.page.pk, job.format, job.theme.key, message)
    return RenderResult.objects.create(
        page_id=job.page.pk, revision=revision, theme=job.theme.key, format=job.format,
        status=RenderResult.STATUS_FAILED, input_hash=job.input_hash, error=message, seconds=seconds,
        warnings=job.document.warnings,
    )


def render_failure_record_early(*, page, format: str, theme: str | None, revision, message: str) -> RenderResult | None:
    """Keep a render that failed before its document existed (bad theme, broken image)."""
    if format not in FORMATS or page.pk is None:
        return None
    specific = page.specific
    logger.warning("Render of page %s as %s failed before layout: %s", page.pk, format, message)
    return RenderResult.objects.create(
        page_id=page.pk, revision=revision or getattr(specific, "latest_revision", None),
        theme=theme or getattr(specific, "poster_theme", "") or "", format=format,
        status=RenderResult.STATUS_FAILED, input_hash="", error=message,
    )


def render_result_store(*, job: RenderJob, output: RenderOutput, revision, replace: bool = False) -> RenderResult:
    """Save `output`'s files to default storage and record them; returns the RenderResult."""
    primary = output.primary
    result = RenderResult(
        page_id=job.page.pk, revision=revision, theme=job.theme.key, format=job.format,
        input_hash=job.input_hash, bytes=primary.size, width=primary.width, height=primary.height,
        seconds=round(output.seconds, 3), sha256=primary.sha256, warnings=output.warnings,
        transcript=output.transcript,
    )
    saved: list[str] = []
    try:
        with transaction.atomic():
            if replace:
                render_result_delete(input_hash=job.input_hash)
            result.file.save(primary.name, ContentFile(primary.data), save=False)
            saved.append(result.file.name)
            result.save()
            for extra in output.files[1:]:
                record = RenderFile(result=result, kind=extra.kind, position=extra.position, bytes=extra.size,
                                    width=extra.width, height=extra.height, sha256=extra.sha256)
                record.file.save(extra.name, ContentFile(extra.data), save=False)
                saved.append(record.file.name)
                record.save()
    except IntegrityError:
        # Another worker stored the same inputs meanwhile: keep theirs, drop ours.
        _delete_files(saved)
        existing = render_result_cached(job.input_hash)
        if existing is None:
            raise
        return existing
    except Exception:
        _delete_files(saved)
        raise
    logger.info("Rendered page %s as %s in %s: %d files, %.2f s", job.page.pk, job.format, job.theme.key,
                len(output.files), output.seconds)
    return result


def render_result_delete(*, input_hash: str) -> int:
    """Delete the succeeded render of these inputs and its files; returns how many rows went."""
    count = 0
    for result in RenderResult.objects.filter(input_hash=input_hash, status=RenderResult.STATUS_SUCCEEDED):
        _delete_files([result.file.name, *(record.file.name for record in result.files.all())])
        result.delete()
        count += 1
    return count


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("Could not delete render file %s", name)
