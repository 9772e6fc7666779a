"""Rasterising: a page drawn in bands looks the same as drawn at once; bands arrive in order."""

import numpy as np
import pypdfium2 as pdfium
import pytest

from publishing.render.document import document_build
from publishing.render.layout import poster_layout
from publishing.render.raster import Rasteriser, intermediate_pdf
from publishing.render.themes import theme_get

from .helpers import make_bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture
def poster_pdf(tree):
    document = document_build(page=make_bulletin(tree["antifraud"]), theme=theme_get("alert-red"))
    layout = poster_layout(document, covers=())
    pdf, missing = intermediate_pdf(layout.rendered, text="", pages=[layout.poster_page])
    assert missing == []
    return pdf


def test_bands_give_the_same_pixels_as_one_pass(poster_pdf):
    seen = []
    with Rasteriser(poster_pdf) as raster:
        whole = raster.page_array(0, width=1080)
        banded = raster.page_array(0, width=1080, bands=[700, 1500, 1501, 4000, 99_999],
                                   on_band=lambda image, top, bottom: seen.append((top, bottom)))
    assert whole.shape == banded.shape and whole.shape[1] == 1080 and whole.shape[0] > 4000
    # pdfium places a few glyph edges a hair differently when the origin moves: a handful of
    # anti-aliasing pixels out of millions, never a visible change.
    difference = np.abs(whole[..., :3].astype(np.int16) - banded[..., :3].astype(np.int16)).max(axis=2)
    assert (difference > 2).mean() < 1e-5
    assert difference.max() <= 40
    assert seen == [(0, 700), (700, 1500), (1500, 1501), (1501, 4000), (4000, whole.shape[0])]


def test_pixels_match_pypdfium2s_own_rendering(poster_pdf):
    """Drawing straight into our buffer gives what pypdfium2's render() gives (RGB, white page)."""
    document = pdfium.PdfDocument(poster_pdf)
    page = document[0]
    reference = page.render(scale=1080 / page.get_size()[0], rev_byteorder=True, draw_annots=False).to_numpy()
    page.close()
    document.close()
    with Rasteriser(poster_pdf) as raster:
        ours = raster.page_array(0, width=1080)
    assert ours.shape[:2] == reference.shape[:2]
    difference = np.abs(ours[..., :3].astype(np.int16) - reference[..., :3].astype(np.int16))
    assert difference.max() <= 2
    assert (ours[..., :3] < 250).any(), "the poster is not blank"
