"""Vertical videos: stream properties, moov atom first, cover frame and a plan of 15 to 90 s."""

import io
from types import SimpleNamespace

import av
import numpy as np
import pytest

from publishing.render.document import document_build
from publishing.render.themes import theme_get
from publishing.render.video import (
    FPS,
    MAX_SECONDS,
    MIN_SECONDS,
    render_video,
    rgb_to_yuv420,
    video_plan,
)

from .helpers import make_case_study, rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def video(django_db_setup, django_db_blocker):
    from content.factories import build_site_tree

    with rolled_back(django_db_blocker):
        page = make_case_study(build_site_tree()["antifraud"])
        output = render_video(document_build(page=page, theme=theme_get("alert-red")))
    container = av.open(io.BytesIO(output.primary.data))
    stream = container.streams.video[0]
    frames = [
        frame.reformat(width=108, height=192, format="rgb24").to_ndarray().astype(np.int16)
        for frame in container.decode(stream)
    ]
    info = SimpleNamespace(
        codec=stream.codec_context.name, width=stream.width, height=stream.height,
        pix_fmt=stream.codec_context.pix_fmt, rate=stream.average_rate,
        duration=float(stream.duration * stream.time_base), format=container.format.name,
    )
    container.close()
    return SimpleNamespace(output=output, info=info, frames=frames)


def test_stream_is_vertical_h264_yuv420p_at_30_fps(video):
    assert video.info.codec == "h264"
    assert (video.info.width, video.info.height) == (1080, 1920)
    assert video.info.pix_fmt == "yuv420p"
    assert video.info.rate == FPS
    assert "mp4" in video.info.format


def test_duration_is_between_15_and_90_seconds(video):
    assert MIN_SECONDS <= video.info.duration <= MAX_SECONDS
    assert len(video.frames) == pytest.approx(video.info.duration * FPS, abs=2)


def test_moov_atom_comes_before_the_media_data(video):
    data = video.output.primary.data
    assert data[4:8] == b"ftyp"
    assert 0 < data.find(b"moov") < data.find(b"mdat")


def test_first_frames_show_the_cover_then_the_poster_scrolls(video):
    cover = video.output.files_of("cover_tall")[0]
    assert (cover.width, cover.height) == (1080, 1920)
    first, later = video.frames[0], video.frames[len(video.frames) // 2]
    # The cover is the theme's red; the middle of the video shows the poster's light cards.
    assert first[..., 0].mean() > 120 and first[..., 1].mean() < 90
    assert later.mean() > first.mean() + 40
    # Frames change while scrolling and hold still while resting on a section.
    differences = [np.abs(a - b).mean() for a, b in zip(video.frames[60:], video.frames[61:], strict=False)]
    assert max(differences) > 5
    assert sum(1 for value in differences if value < 0.5) > len(differences) // 3


def test_plan_rests_on_each_section_and_stays_in_bounds():
    sections = [("a", 0, 900), ("b", 1500, 2600), ("c", 4200, 5200), ("d", 6000, 6800)]
    shots = video_plan(poster_height=7000, sections=sections)
    rests = [shot.start for shot in shots if shot.start == shot.end]
    assert rests[0] == 0 and rests[-1] == 7000 - 1920
    assert all(0 <= shot.start <= 7000 - 1920 and shot.start % 2 == 0 for shot in shots)
    assert len(rests) >= 4


def test_plan_is_stretched_to_15_and_squeezed_to_90_seconds():
    short = video_plan(poster_height=2000, sections=[])
    long = video_plan(poster_height=60000, sections=[(str(n), n * 1000, n * 1000 + 900) for n in range(60)])
    assert 2.0 + sum(shot.seconds for shot in short) == pytest.approx(MIN_SECONDS, abs=0.1)
    assert 2.0 + sum(shot.seconds for shot in long) <= MAX_SECONDS


def test_yuv_conversion_of_white_and_red():
    image = np.zeros((2, 2, 3), dtype=np.uint8)
    image[0, :] = 255
    image[1, :] = (200, 16, 46)
    y, u, v = rgb_to_yuv420(image)
    assert y[0, 0] == 235 and y.shape == (2, 2) and u.shape == (1, 1)
    assert v[0, 0] > 150  # red pushes V up
