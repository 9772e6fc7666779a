"""JPEG strips joined into one image without compressing again, and what cannot be joined."""

import io

import numpy as np
import pytest
from PIL import Image

from publishing.render.jpeg import JpegJoinError, encode_jpeg, jpeg_join


@pytest.fixture(scope="module")
def picture():
    """A 1080-wide picture with detail everywhere (noise) and flat areas (like a poster)."""
    rng = np.random.default_rng(7)
    pixels = (rng.random((1003, 1080, 3)) * 255).astype(np.uint8)
    pixels[:, :400] = (200, 30, 50)
    return Image.fromarray(pixels)


def strips_of(image, rows, **options):
    bounds = [0, *rows, image.height]
    return [encode_jpeg(image.crop((0, top, image.width, bottom)), **options)
            for top, bottom in zip(bounds, bounds[1:], strict=False)]


def decoded(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def test_joined_strips_are_the_whole_image_compressed_at_once(picture):
    joined = jpeg_join(strips_of(picture, [320, 328, 800], restart_rows=True))
    assert joined == encode_jpeg(picture, restart_rows=True)
    image = Image.open(io.BytesIO(joined))
    assert image.size == picture.size
    image.verify()


def test_joined_image_decodes_to_the_strips_stacked(picture):
    strips = strips_of(picture, [16 * 9, 16 * 40], restart_rows=True)
    stacked = np.vstack([decoded(strip) for strip in strips])
    assert np.array_equal(decoded(jpeg_join(strips)), stacked)


def test_more_than_eight_restarts_are_numbered_on_across_strips(picture):
    strips = strips_of(picture, [8 * n for n in range(1, 125, 3)], restart_rows=True)
    joined = jpeg_join(strips)
    scan = joined[joined.index(b"\xff\xda"):]
    markers = [scan[i + 1] - 0xD0 for i in range(len(scan) - 1) if scan[i] == 0xFF and 0xD0 <= scan[i + 1] <= 0xD7]
    assert len(markers) == -(-picture.height // 8) - 1
    assert markers == [n % 8 for n in range(len(markers))]


def test_strip_not_cut_on_a_block_row_is_refused(picture):
    with pytest.raises(JpegJoinError, match="not whole block rows"):
        jpeg_join(strips_of(picture, [100], restart_rows=True))


def test_strips_of_different_quality_are_refused(picture):
    top = encode_jpeg(picture.crop((0, 0, 1080, 512)), restart_rows=True)
    bottom = encode_jpeg(picture.crop((0, 512, 1080, 1003)), quality=70, restart_rows=True)
    with pytest.raises(JpegJoinError, match="other settings"):
        jpeg_join([top, bottom])


def test_strips_without_restart_markers_are_refused(picture):
    with pytest.raises(JpegJoinError, match="restart marker"):
        jpeg_join(strips_of(picture, [512]))


def test_too_tall_for_a_jpeg_is_refused():
    strip = encode_jpeg(Image.new("RGB", (8, 40000), "white"), restart_rows=True)
    with pytest.raises(JpegJoinError, match="more than a JPEG"):
        jpeg_join([strip, strip])
