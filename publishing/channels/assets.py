"""The files channels send (poster slices, covers, the vertical video), taken from images and the render engine.

Channels never render anything themselves: `poster_slices`, `cover_source` and
`video_source` ask the render engine (publishing/render) through `render_files`, the one
place that knows its API. Each file comes back as a lazily loaded source with a stable
`key`, so a delivery can record "slice-2 uploaded as URL …" and skip it when it resumes.

`image_fit` re-encodes an image that is over a platform's size limit (WeChat: in-article
images under 1 MB, JPG or PNG).
"""

import hashlib
import io
import logging
import math
import mimetypes
import struct
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import default_storage

from PIL import Image

logger = logging.getLogger(__name__)

WECHAT_IMAGE_MAX_BYTES = 1024 * 1024 - 1
WECHAT_COVER_MAX_BYTES = 10 * 1024 * 1024
COVER_RENDITION = "fill-900x383|format-jpeg|jpegquality-85"
BODY_RENDITION = "max-1080x4000|format-jpeg|jpegquality-82"


class AssetUnavailable(Exception):
    """A file a channel needs could not be made; `message` (Chinese) says why."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.message = message
        self.transient = transient


@dataclass(frozen=True)
class ImageSource:
    """An image to send, read only when needed: `load()` returns (bytes, filename, content type)."""

    key: str
    load: Callable[[], tuple[bytes, str, str]]


@dataclass(frozen=True)
class VideoSource:
    """A vertical video and what the platforms ask about it."""

    key: str
    path: str
    size: int
    width: int
    height: int
    duration: float
    content_type: str = "video/mp4"

    def open(self):
        return default_storage.open(self.path, "rb")


def _read_rendition(image, spec: str) -> tuple[bytes, str, str]:
    rendition = image.get_rendition(spec)
    with rendition.file.open("rb") as handle:
        data = handle.read()
    name = rendition.file.name.rsplit("/", 1)[-1]
    return data, name, "image/png" if name.lower().endswith(".png") else "image/jpeg"


def wagtail_image_source(image, *, spec: str = BODY_RENDITION) -> ImageSource:
    """An ImageSource for a Wagtail image, keyed by the image and its file (a replaced file gets a new key)."""
    digest = hashlib.sha1(f"{image.file.name}|{spec}".encode(), usedforsecurity=False).hexdigest()[:10]
    return ImageSource(key=f"image-{image.pk}-{digest}", load=lambda: _read_rendition(image, spec))


def image_fit(data: bytes, *, max_bytes: int, filename: str = "image.jpg") -> tuple[bytes, str, str]:
    """Return (bytes, filename, content type) of the image as JPG or PNG under `max_bytes`.

    A JPG or PNG already small enough is returned as it is; anything else is re-encoded
    as JPEG, first at lower quality and then smaller, until it fits.

    >>> data, name, kind = image_fit(big_png, max_bytes=1_000_000)     # doctest: +SKIP
    >>> len(data) < 1_000_000, kind
    (True, 'image/jpeg')
    """
    with Image.open(io.BytesIO(data)) as probe:
        kind = (probe.format or "").upper()
        if kind in {"JPEG", "PNG"} and len(data) <= max_bytes:
            return data, filename, "image/jpeg" if kind == "JPEG" else "image/png"
        image = probe.convert("RGB")
    stem = filename.rsplit(".", 1)[0]
    for scale in (1.0, 0.85, 0.7, 0.55, 0.4, 0.3):
        resized = image if scale == 1.0 else image.resize(
            (max(1, int(image.width * scale)), max(1, int(image.height * scale))), Image.Resampling.LANCZOS
        )
        for quality in (85, 75, 65, 55):
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue(), f"{stem}.jpg", "image/jpeg"
    raise AssetUnavailable(f"图片 {filename} 压缩后仍超过 {max_bytes // 1024} KB，请换一张较小的图片。")


@dataclass(frozen=True)
class RenderedFile:
    """One stored file of a render (publishing.models.RenderResult / RenderFile), read from storage."""

    kind: str
    name: str
    width: int | None
    height: int | None
    position: int
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return mimetypes.guess_type(self.name)[0] or "application/octet-stream"

    def read(self) -> bytes:
        with default_storage.open(self.name, "rb") as handle:
            return handle.read()


PRIMARY_KINDS = {"poster": "full", "video": "video", "pdf": "pdf"}


def render_files(*, page, kind: str) -> list[RenderedFile]:
    """The files the render engine made for `page` as `kind` ("poster" or "video"), rendering if needed.

    The engine renders each set of inputs once (`publishing.render.services.render_page`), so
    asking again for a page it already rendered on publish costs a lookup. A poster gives
    "full", "slice" (by position), "cover_wide", "cover_square", "thumbnail"; a video gives
    "video" and "cover_tall".
    """
    from publishing.render.errors import RenderError
    from publishing.render.services import render_page

    try:
        result = render_page(page=page, format=kind)
    except RenderError as error:
        what = "视频" if kind == "video" else "海报"
        raise AssetUnavailable(f"生成{what}失败：{error.message}") from error
    files = [
        RenderedFile(
            kind=PRIMARY_KINDS.get(kind, kind), name=result.file.name, width=result.width, height=result.height,
            position=0, size=result.bytes, sha256=result.sha256,
        )
    ]
    files += [
        RenderedFile(
            kind=record.kind, name=record.file.name, width=record.width, height=record.height,
            position=record.position, size=record.bytes, sha256=record.sha256,
        )
        for record in result.files.all()
    ]
    return files


def mp4_duration(handle) -> float:
    """Seconds of an MP4, read from its `moov/mvhd` box (0.0 when there is none)."""
    def boxes(end: int | None):
        while end is None or handle.tell() < end:
            header = handle.read(8)
            if len(header) < 8:
                return
            size, kind = struct.unpack(">I4s", header)
            start = handle.tell() - 8
            if size == 1:
                size = struct.unpack(">Q", handle.read(8))[0]
            elif size == 0:
                size = (end or 1 << 62) - start
            yield kind, start, size
            handle.seek(start + size)

    handle.seek(0)
    for kind, start, size in boxes(None):
        if kind != b"moov":
            continue
        handle.seek(start + 8)
        for child, child_start, _child_size in boxes(start + size):
            if child != b"mvhd":
                continue
            handle.seek(child_start + 8)
            version = handle.read(1)[0]
            handle.read(3)
            if version == 1:
                handle.read(16)
                timescale, duration = struct.unpack(">IQ", handle.read(12))
            else:
                handle.read(8)
                timescale, duration = struct.unpack(">II", handle.read(8))
            return duration / timescale if timescale else 0.0
    return 0.0


def _file_source(file, *, key: str) -> ImageSource:
    def load() -> tuple[bytes, str, str]:
        return file.read(), file.name.rsplit("/", 1)[-1], file.content_type

    return ImageSource(key=key, load=load)


def poster_slices(*, page) -> list[ImageSource]:
    """The page's long poster as slices, top to bottom (each under WeChat's 1 MB)."""
    return poster_parts(page=page)[0]


def poster_parts(*, page) -> tuple[list[ImageSource], str]:
    """The page's poster slices, top to bottom and each under WeChat's 1 MB, and its transcript.

    A stored slice at or over the limit (a render made before the engine cut slices that
    small, or a very busy image) is cut again into full-width bands rather than shrunk, so
    the stacked slices still line up edge to edge.
    """
    files = render_files(page=page, kind="poster")
    slices = sorted((file for file in files if file.kind == "slice"), key=lambda file: file.position)
    sources: list[ImageSource] = []
    for file in slices:
        key = f"slice-{file.position}-{file.sha256[:10]}"
        if file.size < WECHAT_IMAGE_MAX_BYTES:
            sources.append(_file_source(file, key=key))
        else:
            sources.extend(_band_sources(file, key=key))
    transcript = next((file.read().decode("utf-8", "replace") for file in files if file.kind == "transcript"), "")
    return sources, transcript


def _band_sources(file: "RenderedFile", *, key: str) -> list[ImageSource]:
    """`file` (an image over 1 MB) as full-width horizontal bands, each encoded under the limit."""
    bands = math.ceil(file.size * 1.25 / WECHAT_IMAGE_MAX_BYTES)
    stem = file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def band(index: int) -> Callable[[], tuple[bytes, str, str]]:
        def load() -> tuple[bytes, str, str]:
            with Image.open(io.BytesIO(file.read())) as image:
                height = image.height
                top, bottom = height * index // bands, height * (index + 1) // bands
                piece = image.convert("RGB").crop((0, top, image.width, bottom))
            for quality in (90, 82, 74, 66, 58, 50):
                buffer = io.BytesIO()
                piece.save(buffer, "JPEG", quality=quality, optimize=True)
                if buffer.tell() < WECHAT_IMAGE_MAX_BYTES:
                    return buffer.getvalue(), f"{stem}-{index + 1}.jpg", "image/jpeg"
            raise AssetUnavailable(f"海报切片 {stem} 太复杂，切分后仍超过 1 MB，请简化海报内容。")
        return load

    return [ImageSource(key=f"{key}-{index + 1}", load=band(index)) for index in range(bands)]


def slice_entries(files: list[RenderedFile], *, page_id: int, absolute: Callable[[str], str]) -> list[dict]:
    """The app's description of poster slices: position, absolute URL, pixel size, bytes, type.

    Render files are private (they are never served from storage's own address): each URL is
    the page's public slice address, `/renders/<page id>/poster/<sha256>/<file name>`, which
    answers only while the page is live and public and the slice is of its live poster
    (publishing/views.py). `absolute` turns that path into a full address.
    """
    from django.urls import reverse

    return [
        {
            "position": index,
            "url": absolute(reverse("render_slice", kwargs={
                "page_id": page_id, "digest": file.sha256, "name": file.name.rsplit("/", 1)[-1],
            })),
            "width": file.width, "height": file.height, "size_in_bytes": file.size, "mime_type": file.content_type,
        }
        for index, file in enumerate(files, start=1)
    ]


def poster_slice_files(*, page) -> list[RenderedFile]:
    """The stored slices of the page's poster, top to bottom (for the app, which shows them natively)."""
    files = [file for file in render_files(page=page, kind="poster") if file.kind == "slice"]
    return sorted(files, key=lambda file: file.position)


def cover_source(*, page) -> ImageSource:
    """The cover for WeChat's thumb: the page's own cover image, else the render engine's cover."""
    if getattr(page, "cover_image", None) is not None:
        return wagtail_image_source(page.cover_image, spec=COVER_RENDITION)
    covers = [file for file in render_files(page=page, kind="poster") if file.kind == "cover_wide"]
    if not covers:
        raise AssetUnavailable("页面没有封面图，渲染引擎也没有生成封面。请在页面中选择一张封面图。")
    return _file_source(covers[0], key=f"cover-{covers[0].sha256[:10]}")


def video_source(*, page) -> tuple[VideoSource, ImageSource]:
    """The page's vertical video and its cover image."""
    files = render_files(page=page, kind="video")
    videos = [file for file in files if file.kind == "video"]
    if not videos:
        raise AssetUnavailable("渲染引擎没有为该页面生成竖版视频。")
    video = videos[0]
    with default_storage.open(video.name, "rb") as handle:
        duration = mp4_duration(handle)
    covers = [file for file in files if file.kind == "cover_tall"]
    cover = _file_source(covers[0], key=f"video-cover-{covers[0].sha256[:10]}") if covers else None
    return (
        VideoSource(
            key=f"video-{video.sha256[:10]}", path=video.name, size=video.size, width=video.width or 0,
            height=video.height or 0, duration=duration,
            content_type=video.content_type,
        ),
        cover,
    )
