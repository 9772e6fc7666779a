"""The HTML document a render lays out: a page's content in a theme's template, and its inputs.

`document_build(page=..., theme=..., kind="poster")` gives a `RenderDocument`: the exact HTML
WeasyPrint lays out, the QR stamp the finishing step adds, and `input_hash()`, the content hash
of everything the output depends on (HTML, theme files, images, engine version), which is the
key of the render cache.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.backends.django import DjangoTemplates
from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone

from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from content.typography import WORD_JOINER, keep_amounts_together
from themes.catalogue import Theme, folder_stamp, themes_dir

from . import RENDER_VERSION
from .errors import ImageRenderError, ImageTooLargeError, RenderError, ThemeTemplateMissingError
from .fonts import STACKS, font_face_css, font_fetch
from .stylesheet import resolve_document_properties
from .themes import theme_files_hash, theme_template_name

logger = logging.getLogger(__name__)

BASE_URL = "https://poster.render.invalid/"
POSTER_IMAGE_FILTER = "max-1080x3000|format-jpeg|jpegquality-85"
JOINER = WORD_JOINER


@dataclass(frozen=True)
class Stamp:
    """What the finishing step draws in the theme's QR slot: the code and three short lines."""

    url: str
    lines: tuple[str, ...]


@dataclass
class RenderDocument:
    """One page in one theme, ready to lay out."""

    html: str
    theme: Theme
    kind: str
    title: str
    stamp: Stamp
    page_id: int | None = None
    image_keys: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    def input_hash(self, fmt: str, options: dict | None = None) -> str:
        """SHA-256 of every input of a render to `fmt`: equal hashes give equal files."""
        digest = hashlib.sha256()
        for part in (
            RENDER_VERSION,
            fmt,
            self.kind,
            theme_files_hash(self.theme),
            self.html,
            "\n".join(self.image_keys),
            self.stamp.url,
            "\n".join(self.stamp.lines),
            json.dumps(options or {}, sort_keys=True),
        ):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()


@lru_cache(maxsize=4)
def _engine(folder: str, stamp: tuple) -> DjangoTemplates:
    loaders = [("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])]
    return DjangoTemplates(
        {"NAME": "posters", "DIRS": [folder], "APP_DIRS": False, "OPTIONS": {"autoescape": True, "loaders": loaders}}
    )


def template_engine() -> DjangoTemplates:
    """The template engine of the theme folders (templates are named "<theme>/poster.html").

    Compiled templates are kept until a file under the themes folder changes.
    """
    folder = themes_dir()
    return _engine(str(folder), folder_stamp(folder))


def url_fetcher():
    """WeasyPrint's resource loader: subset fonts, media files from default storage, data: URLs.

    Nothing is fetched from the network; any other URL fails, and so does the render.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RenderFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            font = font_fetch(url)
            if font is not None:
                return URLFetcherResponse(url, font, {"Content-Type": "font/otf"})
            media_url = urljoin(BASE_URL, settings.MEDIA_URL)
            if url.startswith(media_url):
                name = unquote(url[len(media_url):])
                return URLFetcherResponse(url, default_storage.open(name, "rb"))
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"render documents load no outside resources: {url}")

    return RenderFetcher(fail_on_errors=False)


def document_build(*, page, theme: Theme, kind: str = "poster", site: Site | None = None) -> RenderDocument:
    """The `kind` ("poster" or "pdf") document of `page` (a specific page) in `theme`."""
    from .context import page_context

    template_name = theme_template_name(theme, kind)
    context = page_context(page=page, theme=theme, kind=kind, site=site)
    try:
        template = template_engine().get_template(template_name)
    except TemplateDoesNotExist as error:
        raise ThemeTemplateMissingError(
            f"主题“{theme.name}”的模板 {template_name} 引用了不存在的模板：{error}"
        ) from error
    except TemplateSyntaxError as error:
        raise RenderError(f"主题“{theme.name}”的模板 {template_name} 有语法错误：{error}") from error
    context["font_css"] = font_face_css((theme.font,) if theme.font in STACKS else ("sans",))
    html = keep_amounts_together(resolve_document_properties(template.render(context)))
    return RenderDocument(
        html=html,
        theme=theme,
        kind=kind,
        title=page.title,
        stamp=context["stamp"],
        page_id=page.pk,
        image_keys=tuple(context["image_keys"]),
        warnings=list(context["warnings"]),
        metadata={"title": page.title, "author": context["author"], "lang": "zh-CN"},
    )


def image_source(image, *, image_keys: list[str]) -> dict:
    """A poster-sized rendition of a Wagtail image as {src, width, height, alt}.

    Raises ImageTooLargeError for images over Pillow's pixel limit and ImageRenderError for
    files Pillow cannot read, each naming the image so the editor knows which one to fix.
    """
    from PIL import Image as PILImage

    limit = PILImage.MAX_IMAGE_PIXELS
    if limit and image.width * image.height > limit:
        raise ImageTooLargeError(
            f"图片“{image.title}”有 {image.width}×{image.height} 像素，超过允许的上限"
            f"（{limit:,} 像素），无法生成。请缩小后重新上传。"
        )
    try:
        rendition = image.get_rendition(POSTER_IMAGE_FILTER)
    except Exception as error:
        logger.warning("Image %s (%s) cannot be read: %r", image.pk, image.file.name, error)
        raise ImageRenderError(
            f"图片“{image.title}”无法读取（文件损坏、缺失或格式不受支持），请重新上传这张图片后再生成。"
        ) from error
    image_keys.append(f"{rendition.file.name}:{image.file_hash or image.file.name}")
    return {
        "src": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text if hasattr(image, "default_alt_text") else image.title,
    }


def richtext_html(value) -> str:
    """Stored rich text (a string or a RichText value) as HTML, internal links expanded."""
    source = getattr(value, "source", value) or ""
    return expand_db_html(str(source))


def local_date(value: datetime.datetime | datetime.date | None) -> datetime.date:
    if value is None:
        return timezone.localdate()
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value
