"""The HTML document a render lays out: a page's content in a theme's template, and its inputs.

`document_build(page=..., theme=..., kind="poster")` gives a `RenderDocument`: the exact HTML
WeasyPrint lays out, the QR stamp the finishing step adds, and `input_hash()`, the content hash
of everything the output depends on (HTML, theme files, images, engine version), which is the
key of the render cache.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.template.backends.django import DjangoTemplates
from django.template.exceptions import TemplateDoesNotExist, TemplateSyntaxError

from wagtail.models import Site

from content.typography import keep_amounts_together
from themes.catalogue import Theme, folder_stamp, themes_dir

from . import RENDER_VERSION
from .context import Stamp, page_context
from .errors import RenderError, ThemeTemplateMissingError
from .fonts import STACKS, font_face_css
from .stylesheet import resolve_document_properties
from .themes import theme_files_hash, theme_template_name


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


def document_build(*, page, theme: Theme, kind: str = "poster", site: Site | None = None) -> RenderDocument:
    """The `kind` ("poster" or "pdf") document of `page` (a specific page) in `theme`."""
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
