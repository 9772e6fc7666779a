"""PDF from a WeasyPrint layout, and pages of that PDF as pixels (pypdfium2).

The PDF is only an intermediate here, so it is written the quickest way: fonts are the
pre-made subsets (HarfBuzz subsets them further in milliseconds) or, where WeasyPrint would
fall back to fontTools, embedded whole (`full_fonts`) so that nothing is subset per render.
"""

from __future__ import annotations

import logging

import numpy as np

from .errors import RenderError
from .fonts import harfbuzz_subsetting_available, missing_from_subset
from .layout import missing_glyphs, raise_for_failed_resources, weasyprint_messages

logger = logging.getLogger(__name__)


def intermediate_pdf(rendered, *, text: str, pages: list[int] | None = None) -> tuple[bytes, list[str]]:
    """The PDF of `rendered` (only `pages`, when given) and the characters no font could draw."""
    options: dict = {"uncompressed_pdf": True}
    if not harfbuzz_subsetting_available() and not missing_from_subset(text):
        options["full_fonts"] = True
    document = rendered.copy([rendered.pages[index] for index in pages]) if pages is not None else rendered
    with weasyprint_messages() as records:
        try:
            data = document.write_pdf(**options)
        except Exception as error:
            logger.exception("WeasyPrint could not write the PDF")
            raise RenderError(f"生成 PDF 失败：{error}") from error
    raise_for_failed_resources(records)
    return data, missing_glyphs(records)


class Rasteriser:
    """Renders pages of one PDF to RGB numpy arrays at a given pixel width."""

    def __init__(self, pdf: bytes):
        import pypdfium2 as pdfium

        self._pdf = pdfium.PdfDocument(pdf)

    def __enter__(self) -> Rasteriser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._pdf.close()

    def __len__(self) -> int:
        return len(self._pdf)

    def page_array(self, index: int, *, width: int) -> np.ndarray:
        """Page `index` as an (height, width, 4) uint8 RGBX array, `width` pixels wide.

        Four bytes a pixel is what pdfium draws natively and what Pillow can wrap without a
        copy (see `pil_image`); the fourth byte is padding.
        """
        page = self._pdf[index]
        try:
            page_width, _page_height = page.get_size()
            bitmap = page.render(
                scale=width / page_width,
                rev_byteorder=True,
                prefer_bgrx=True,
                may_draw_forms=False,
                draw_annots=False,
            )
            array = bitmap.to_numpy()
            if array.shape[2] == 3:
                array = np.dstack([array, np.full(array.shape[:2], 255, dtype=np.uint8)])
            return np.ascontiguousarray(array)
        finally:
            page.close()


def pil_image(array: np.ndarray):
    """A Pillow RGBX image sharing `array`'s memory (no copy), for encoding and cropping."""
    from PIL import Image

    array = np.ascontiguousarray(array)
    return Image.frombuffer("RGBX", (array.shape[1], array.shape[0]), array, "raw", "RGBX", 0, 1)
