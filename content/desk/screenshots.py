"""Readers' screenshots: images only, size-limited, re-encoded without metadata, kept in private storage.

Every upload is opened with Pillow (`verify()` then a full decode), turned upright by its EXIF
orientation and written again from the pixels alone, so EXIF (GPS, device), XMP, ICC and
comments are all gone. Files go to `DESK_PRIVATE_ROOT` (default `var/desk-private/`), outside
`MEDIA_ROOT`, and are served only by the admin view that checks the agent's permission.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ScreenshotRejected

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP"}
MAX_PIXELS = 40_000_000


def max_bytes() -> int:
    return int(getattr(settings, "DESK_SCREENSHOT_MAX_BYTES", 5 * 1024 * 1024))


def max_count() -> int:
    return int(getattr(settings, "DESK_SCREENSHOT_MAX_COUNT", 3))


def private_storage() -> FileSystemStorage:
    """Where screenshots live: never a public URL (base_url None)."""
    root = getattr(settings, "DESK_PRIVATE_ROOT", None) or (settings.BASE_DIR / "var" / "desk-private")
    return FileSystemStorage(location=str(root), base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def screenshot_clean(upload) -> CleanImage:
    """The upload as a metadata-free PNG or JPEG; ScreenshotRejected with the reason otherwise."""
    size = getattr(upload, "size", None)
    limit = max_bytes()
    if size is not None and size > limit:
        raise ScreenshotRejected(f"截图“{upload.name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。")
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ScreenshotRejected(f"截图“{upload.name}”超过 {limit // (1024 * 1024)} MB，请压缩后再上传。")
    not_image = ScreenshotRejected(f"“{upload.name}”不是可以识别的图片，只能上传 JPG、PNG 或 WebP 截图。")
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_image
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ScreenshotRejected(f"截图“{upload.name}”的像素太多，请缩小后再上传。")
            image.load()
            has_alpha = image.format != "JPEG" and (image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info)
            image = ImageOps.exif_transpose(image)
            clean = Image.new("RGBA" if has_alpha else "RGB", image.size)
            clean.paste(image.convert(clean.mode))
    except ScreenshotRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_image from error
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        return CleanImage(out.getvalue(), "image/png", "png", clean.width, clean.height)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), "image/jpeg", "jpg", clean.width, clean.height)


def screenshot_store(image: CleanImage, *, folder: str) -> str:
    """Save a cleaned image under `folder` in private storage; returns its storage name."""
    return private_storage().save(f"{folder}/{uuid.uuid4().hex}.{image.extension}", ContentFile(image.data))
