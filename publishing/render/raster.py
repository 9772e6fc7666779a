"""PDF from a WeasyPrint layout, and pages of that PDF as pixels (pypdfium2).

The PDF is only an intermediate here, so it is written the quickest way: fonts are the
pre-made subsets (HarfBuzz subsets them further in milliseconds) or, where WeasyPrint would
fall back to fontTools, embedded whole (`full_fonts`) so that nothing is subset per render.
"""

from __future__ import annotations

import ctypes
import logging
import math
from collections.abc import Callable, Sequence

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

    def page_array(self, index: int, *, width: int, bands: Sequence[int] = (),
                   on_band: Callable[[np.ndarray, int, int], None] | None = None) -> np.ndarray:
        """Page `index` as an (height, width, 4) uint8 RGBX array, `width` pixels wide.

        Four bytes a pixel is what pdfium draws natively and what Pillow can wrap without a
        copy (see `pil_image`); the fourth byte is padding. With `bands` (row positions), the
        page is drawn one band at a time straight into the array and `on_band(array, top,
        bottom)` is called after each, so that a caller can compress a finished band on
        another core while pdfium draws the next (pdfium and Pillow both release the GIL).
        Drawing in bands costs about the same as drawing the page at once.
        """
        page = self._pdf[index]
        try:
            page_width, page_height = page.get_size()
            height = math.ceil(page_height * width / page_width)
            array = np.empty((height, width, 4), dtype=np.uint8)
            rows = [0, *sorted({row for row in bands if 0 < row < height}), height]
            for top, bottom in zip(rows, rows[1:], strict=False):
                _draw_band(page, array[top:bottom], top=top, page_height=height)
                if on_band is not None:
                    on_band(array, top, bottom)
            return array
        finally:
            page.close()


def _draw_band(page, band: np.ndarray, *, top: int, page_height: int) -> None:
    """Draw rows `top` to `top + len(band)` of `page`, scaled to `page_height` rows, into `band`."""
    import pypdfium2.raw as pdfium_c

    rows, width = band.shape[:2]
    pointer = band.ctypes.data_as(ctypes.POINTER(ctypes.c_ubyte))
    bitmap = pdfium_c.FPDFBitmap_CreateEx(width, rows, pdfium_c.FPDFBitmap_BGRx, pointer, width * 4)
    if not bitmap:
        raise RenderError("无法为海报分配图像内存。")
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, width, rows, 0xFFFFFFFF)
        pdfium_c.FPDF_RenderPageBitmap(bitmap, page, 0, -top, width, page_height, 0,
                                       pdfium_c.FPDF_REVERSE_BYTE_ORDER)
    finally:
        pdfium_c.FPDFBitmap_Destroy(bitmap)


def pil_image(array: np.ndarray):
    """A Pillow RGBX image sharing `array`'s memory (no copy), for encoding and cropping."""
    from PIL import Image

    array = np.ascontiguousarray(array)
    return Image.frombuffer("RGBX", (array.shape[1], array.shape[0]), array, "raw", "RGBX", 0, 1)
