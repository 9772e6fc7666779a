"""Vertical videos: 1080x1920 H.264 that shows a cover, then scrolls the poster section by section.

The poster is rasterised at 1080 px wide and converted to YUV 4:2:0 once; each frame is a
1920-row window of it, so making a frame is a copy, not a drawing. PyAV's own libx264 encodes
with a fast preset into an MP4 whose moov atom comes first (`movflags=faststart`), so players
and upload APIs can start before the whole file arrives.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass

import numpy as np

from .document import RenderDocument
from .errors import RenderError
from .jpeg import encode_jpeg
from .limits import within_render_limits
from .outputs import OutputFile, RenderOutput
from .poster import COVER_TALL, glyph_warnings, poster_pixels

logger = logging.getLogger(__name__)

FPS = 30
FRAME_WIDTH, FRAME_HEIGHT = COVER_TALL
MIN_SECONDS, MAX_SECONDS = 15.0, 90.0
COVER_SECONDS = 2.0
SCROLL_SPEED = 900.0  # pixels a second at full speed
TOP_MARGIN = 96  # pixels shown above a section's top when resting on it


@dataclass(frozen=True)
class Shot:
    """Part of the video: rest at `start` (start == end) or scroll from `start` to `end`."""

    start: int
    end: int
    seconds: float

    @property
    def frames(self) -> int:
        return max(1, round(self.seconds * FPS))


def video_plan(*, poster_height: int, sections: list[tuple[str, int, int]]) -> list[Shot]:
    """Rests on each section and smooth scrolls between them, 15 to 90 seconds in all."""
    limit = max(0, poster_height - FRAME_HEIGHT)
    stops: list[tuple[int, int]] = []
    for _title, top, bottom in sorted(sections, key=lambda section: section[1]):
        offset = min(limit, max(0, top - TOP_MARGIN)) // 2 * 2
        if stops and offset - stops[-1][0] < FRAME_HEIGHT // 4:
            stops[-1] = (stops[-1][0], stops[-1][1] + bottom - top)
            continue
        stops.append((offset, bottom - top))
    if not stops or stops[0][0] != 0:
        stops.insert(0, (0, FRAME_HEIGHT // 2))
    if stops[-1][0] != limit // 2 * 2:
        stops.append((limit // 2 * 2, FRAME_HEIGHT // 2))
    shots: list[Shot] = []
    for index, (offset, height) in enumerate(stops):
        if index:
            distance = offset - stops[index - 1][0]
            shots.append(Shot(stops[index - 1][0], offset, max(0.6, distance / SCROLL_SPEED)))
        shots.append(Shot(offset, offset, min(6.0, max(2.0, 1.2 + 3.0 * height / FRAME_HEIGHT))))
    total = COVER_SECONDS + sum(shot.seconds for shot in shots)
    rests = sum(shot.seconds for shot in shots if shot.start == shot.end)
    if total < MIN_SECONDS:
        factor = 1 + (MIN_SECONDS - total) / rests
        shots = [Shot(s.start, s.end, s.seconds * factor if s.start == s.end else s.seconds) for s in shots]
    elif total > MAX_SECONDS:
        factor = (MAX_SECONDS - COVER_SECONDS) / (total - COVER_SECONDS) * 0.999
        shots = [Shot(s.start, s.end, s.seconds * factor) for s in shots]
    return shots


def _ease(t: np.ndarray) -> np.ndarray:
    return t * t * (3 - 2 * t)


def rgb_to_yuv420(image: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BT.709 limited-range Y, U and V planes (U and V at half resolution) of an RGB array."""
    height, width = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    rgb = image[:height, :width].astype(np.float32)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    luma = 16 + 0.1826 * red + 0.6142 * green + 0.0620 * blue
    small = rgb.reshape(height // 2, 2, width // 2, 2, 3).mean(axis=(1, 3))
    red, green, blue = small[..., 0], small[..., 1], small[..., 2]
    u = 128 - 0.1006 * red - 0.3386 * green + 0.4392 * blue
    v = 128 + 0.4392 * red - 0.3989 * green - 0.0403 * blue
    return tuple(np.clip(plane + 0.5, 0, 255).astype(np.uint8) for plane in (luma, u, v))


@within_render_limits
def render_video(document: RenderDocument) -> RenderOutput:
    """The vertical MP4 of a poster document, its 9:16 cover frame as a JPEG too."""
    started = time.perf_counter()
    pixels = poster_pixels(document, covers=("cover-tall",))
    poster = pixels.image[..., :3]
    if poster.shape[0] < FRAME_HEIGHT:
        pad = np.empty((FRAME_HEIGHT - poster.shape[0], poster.shape[1], 3), dtype=np.uint8)
        pad[:] = poster[-1:, :, :]
        poster = np.concatenate([poster, pad])
    cover = np.ascontiguousarray(pixels.covers["cover-tall"][..., :3])
    if cover.shape[:2] != (FRAME_HEIGHT, FRAME_WIDTH):
        from PIL import Image

        cover = np.asarray(Image.fromarray(cover).resize((FRAME_WIDTH, FRAME_HEIGHT)))
    shots = video_plan(poster_height=poster.shape[0], sections=pixels.sections)
    data, frames = _encode(poster=poster, cover=cover, shots=shots)
    from PIL import Image

    cover_jpeg = encode_jpeg(Image.fromarray(cover), quality=90)
    files = [
        OutputFile("video", "video.mp4", data, "video/mp4", FRAME_WIDTH, FRAME_HEIGHT),
        OutputFile("cover_tall", "cover-tall.jpg", cover_jpeg, "image/jpeg", FRAME_WIDTH, FRAME_HEIGHT),
    ]
    output = RenderOutput(
        format="video",
        files=files,
        warnings=[*document.warnings, *glyph_warnings(pixels.missing)],
        seconds=time.perf_counter() - started,
    )
    logger.info("Video of %s: %d frames (%.1f s) in %.1f s", document.title, frames, frames / FPS, output.seconds)
    return output


def _encode(*, poster: np.ndarray, cover: np.ndarray, shots: list[Shot]) -> tuple[bytes, int]:
    import av

    y_plane, u_plane, v_plane = rgb_to_yuv420(poster)
    cover_planes = rgb_to_yuv420(cover)
    handle, path = tempfile.mkstemp(suffix=".mp4")
    os.close(handle)
    frame_count = 0
    try:
        with av.open(path, "w", format="mp4", options={"movflags": "faststart"}) as container:
            stream = container.add_stream("libx264", rate=FPS)
            stream.width, stream.height = FRAME_WIDTH, FRAME_HEIGHT
            stream.pix_fmt = "yuv420p"
            stream.options = {"preset": "ultrafast", "crf": "22", "tune": "stillimage"}
            buffer = np.empty((FRAME_HEIGHT * 3 // 2, FRAME_WIDTH), dtype=np.uint8)

            def frame_at(planes: tuple[np.ndarray, np.ndarray, np.ndarray], offset: int):
                y, u, v = planes
                half, quarter = offset // 2, FRAME_HEIGHT // 4
                buffer[:FRAME_HEIGHT] = y[offset:offset + FRAME_HEIGHT]
                buffer[FRAME_HEIGHT:FRAME_HEIGHT + quarter] = u[half:half + FRAME_HEIGHT // 2].reshape(quarter, FRAME_WIDTH)
                buffer[FRAME_HEIGHT + quarter:] = v[half:half + FRAME_HEIGHT // 2].reshape(quarter, FRAME_WIDTH)
                return av.VideoFrame.from_ndarray(buffer, format="yuv420p")

            def emit(frame) -> None:
                nonlocal frame_count
                frame.pts = frame_count
                frame_count += 1
                for packet in stream.encode(frame):
                    container.mux(packet)

            cover_frame = frame_at(cover_planes, 0)
            for _ in range(round(COVER_SECONDS * FPS)):
                emit(cover_frame)
            for shot in shots:
                if shot.start == shot.end:
                    frame = frame_at((y_plane, u_plane, v_plane), shot.start)
                    for _ in range(shot.frames):
                        emit(frame)
                    continue
                steps = _ease(np.linspace(0, 1, shot.frames + 1)[1:])
                for step in steps:
                    offset = int(round(shot.start + (shot.end - shot.start) * step)) // 2 * 2
                    emit(frame_at((y_plane, u_plane, v_plane), offset))
            for packet in stream.encode(None):
                container.mux(packet)
        with open(path, "rb") as handle_in:
            return handle_in.read(), frame_count
    except (OSError, ValueError, av.FFmpegError) as error:
        logger.exception("Video encoding failed")
        raise RenderError(f"视频编码失败：{error}") from error
    finally:
        os.unlink(path)
