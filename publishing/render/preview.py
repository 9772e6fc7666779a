"""Poster and PDF preview modes for Wagtail's preview panel, rendered from the unsaved page.

The preview uses the same document and content hash as a real render: an unchanged page
shows its stored result at once; anything else is rendered in memory and not stored.
Warnings (characters no font has, a QR code that cannot point at the page yet) and failures
are shown to the editor in Chinese above the poster. The page is a template, so every value
the editor typed (the title, warnings that quote the content, the transcript) is escaped.
"""

from __future__ import annotations

import base64
import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .errors import RenderError
from .selectors import render_result_cached
from .services import render_job_prepare, render_output

logger = logging.getLogger(__name__)

PREVIEW_MODES = [("poster", _("长图海报")), ("pdf", _("PDF 文档"))]

TEMPLATE = "publishing/render_preview.html"


def preview_response(*, page, request, mode: str) -> HttpResponse:
    """The preview of `page` as `mode` ("poster" or "pdf"), ready for the preview iframe."""
    try:
        job = render_job_prepare(page=page, format=mode)
        cached = render_result_cached(job.input_hash) if page.pk else None
        if cached is not None:
            with cached.file.open("rb") as handle:
                data = handle.read()
            warnings, transcript, size = cached.warnings, cached.transcript, (cached.width, cached.height)
        else:
            output = render_output(document=job.document, format=mode)
            data, warnings, transcript = output.primary.data, output.warnings, output.transcript
            size = (output.primary.width, output.primary.height)
    except RenderError as error:
        context = {"title": "生成失败", "error": error.message, "mode_label": dict(PREVIEW_MODES)[mode]}
        return render(request, TEMPLATE, context)
    if mode == "pdf" and not warnings:
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response
    context = {
        "title": page.title, "mode": mode, "theme_label": job.theme.label, "width": size[0], "height": size[1],
        "cached": cached is not None, "warnings": warnings, "transcript": transcript,
        "encoded": base64.b64encode(data).decode(),
    }
    return render(request, TEMPLATE, context)
