"""Printable PDFs: A4 with a running header and page numbers, fonts embedded, text extractable.

The theme's `pdf.html` sets the page rules; WeasyPrint writes the title, author, description,
keywords and language (`<html lang>`) into the PDF's metadata and subsets the fonts it embeds.
"""

from __future__ import annotations

import time

from .document import RenderDocument
from .errors import RenderError
from .layout import layout_render, missing_glyphs, raise_for_failed_resources, weasyprint_messages
from .limits import within_render_limits
from .outputs import OutputFile, RenderOutput
from .poster import glyph_warnings

A4_POINTS = (595, 842)


@within_render_limits
def render_pdf(document: RenderDocument) -> RenderOutput:
    """The PDF of a `pdf` document, in memory."""
    started = time.perf_counter()
    rendered = layout_render(document)
    with weasyprint_messages() as records:
        try:
            data = rendered.write_pdf(pdf_variant=None, custom_metadata=True)
        except Exception as error:
            raise RenderError(f"生成 PDF 失败：{error}") from error
    raise_for_failed_resources(records)
    missing = missing_glyphs(records)
    file = OutputFile("pdf", "document.pdf", data, "application/pdf", *A4_POINTS)
    return RenderOutput(
        format="pdf",
        files=[file],
        warnings=[*document.warnings, *glyph_warnings(missing)],
        seconds=time.perf_counter() - started,
    )
