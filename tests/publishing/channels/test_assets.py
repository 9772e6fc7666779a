"""Channel assets: images brought under a size limit, MP4 durations, render files from the engine."""

import io

import pytest
from PIL import Image

from publishing.channels.assets import AssetUnavailable, image_fit, mp4_duration

from .fixtures import fake_mp4, jpeg_bytes, noise_jpeg


def test_a_small_jpeg_or_png_is_sent_as_it_is():
    data = jpeg_bytes(100, 100)
    assert image_fit(data, max_bytes=1_000_000, filename="a.jpg") == (data, "a.jpg", "image/jpeg")
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    assert image_fit(buffer.getvalue(), max_bytes=1_000_000, filename="a.png")[2] == "image/png"


def test_a_large_image_is_reencoded_under_the_limit():
    big = noise_jpeg(1400, 1400)
    assert len(big) > 1_048_575
    data, name, kind = image_fit(big, max_bytes=1_048_575, filename="slice-01.jpg")
    assert len(data) <= 1_048_575 and kind == "image/jpeg" and name == "slice-01.jpg"
    webp = io.BytesIO()
    Image.new("RGB", (50, 50), "red").save(webp, "WEBP")
    data, name, kind = image_fit(webp.getvalue(), max_bytes=1_000_000, filename="x.webp")
    assert kind == "image/jpeg" and name == "x.jpg" and data[:3] == b"\xff\xd8\xff"


def test_an_image_that_cannot_fit_says_so():
    with pytest.raises(AssetUnavailable) as caught:
        image_fit(noise_jpeg(600, 600), max_bytes=200, filename="a.jpg")
    assert "KB" in caught.value.message


def test_mp4_duration_is_read_from_mvhd():
    assert mp4_duration(io.BytesIO(fake_mp4(seconds=42.5))) == pytest.approx(42.5)
    assert mp4_duration(io.BytesIO(b"\x00\x00\x00\x08free")) == 0.0
