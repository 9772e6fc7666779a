"""Poster and PDF themes: folders under themes/posters/ with templates, CSS and a theme.toml.

A theme folder holds `poster.html`, `pdf.html`, `style.css` and `theme.toml`; templates may
extend the shared ones in `themes/posters/_base/`. Example::

    >>> theme = theme_get("alert-red")
    >>> theme.name, theme.template_name("poster")
    ('警示红', 'alert-red/poster.html')
"""

from __future__ import annotations

import hashlib
import logging
import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .errors import ThemeNotFoundError, ThemeTemplateMissingError

logger = logging.getLogger(__name__)

DEFAULT_THEME = "calm-blue"
SHARED_FOLDER = "_base"
TEMPLATE_KINDS = ("poster", "pdf")
DEFAULT_COLOURS = {
    "primary": "#0B5CAD",
    "primary_dark": "#073E78",
    "accent": "#F5A623",
    "background": "#F3F7FC",
    "surface": "#FFFFFF",
    "text": "#1F2933",
    "muted": "#5B6B7B",
}


@dataclass(frozen=True)
class Theme:
    """One poster theme as read from its folder."""

    key: str
    name: str
    description: str
    path: Path
    font: str = "sans"
    default_for: tuple[str, ...] = ()
    colours: dict[str, str] = field(default_factory=dict)

    def template_name(self, kind: str) -> str:
        """The template of `kind` ("poster" or "pdf"), checked to exist in the theme folder."""
        filename = f"{kind}.html"
        if not (self.path / filename).is_file():
            raise ThemeTemplateMissingError(
                f"主题“{self.name}”（{self.key}）缺少模板 {filename}，无法生成。请联系技术人员补全主题文件。"
            )
        return f"{self.key}/{filename}"

    def colour(self, name: str) -> str:
        return self.colours.get(name) or DEFAULT_COLOURS[name]

    @property
    def label(self) -> str:
        return f"{self.name}（{self.key}）"


def themes_dir() -> Path:
    """The folder that holds the theme folders (settings.POSTER_THEMES_DIR or themes/posters)."""
    configured = getattr(settings, "POSTER_THEMES_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "themes" / "posters"


STAMP_SECONDS = 2.0
_stamps: dict[str, tuple[float, tuple]] = {}


def folder_stamp(folder: Path) -> tuple:
    """Names, sizes and modification times of a folder's files: changes when any file does.

    Listing a folder costs milliseconds, and a cached re-render must take less than 20, so a
    stamp is reused for two seconds: an edited theme file is picked up by the next render
    that starts after that.
    """
    key = str(folder)
    now = time.monotonic()
    cached = _stamps.get(key)
    if cached is not None and now - cached[0] < STAMP_SECONDS:
        return cached[1]
    stamp = _read_stamp(folder)
    _stamps[key] = (now, stamp)
    return stamp


def _read_stamp(folder: Path) -> tuple:
    if not folder.is_dir():
        return ()
    return tuple(
        (str(path.relative_to(folder)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


@lru_cache(maxsize=8)
def _themes_cached(folder: str, stamp: tuple) -> dict[str, Theme]:
    themes: dict[str, Theme] = {}
    for theme_dir in sorted(Path(folder).iterdir()):
        meta_path = theme_dir / "theme.toml"
        if theme_dir.name.startswith(("_", ".")) or not meta_path.is_file():
            continue
        try:
            meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            logger.exception("Theme %s has an unreadable theme.toml; skipped", theme_dir.name)
            continue
        themes[theme_dir.name] = Theme(
            key=theme_dir.name,
            name=str(meta.get("name") or theme_dir.name),
            description=str(meta.get("description", "")),
            path=theme_dir,
            font=str(meta.get("font", "sans")),
            default_for=tuple(meta.get("default_for", ())),
            colours={**DEFAULT_COLOURS, **meta.get("colours", {})},
        )
    return themes


def theme_list() -> list[Theme]:
    """Every installed theme, sorted by folder name."""
    folder = themes_dir()
    return list(_themes_cached(str(folder), folder_stamp(folder)).values())


def theme_exists(key: str) -> bool:
    return any(theme.key == key for theme in theme_list())


def theme_get(key: str) -> Theme:
    """The theme called `key`; raises ThemeNotFoundError with the list of those that exist."""
    for theme in theme_list():
        if theme.key == key:
            return theme
    available = "、".join(theme.label for theme in theme_list()) or "（无）"
    raise ThemeNotFoundError(f"海报主题“{key}”不存在。可用的主题：{available}。")


def theme_choices(*, blank_label: str = "") -> list[tuple[str, str]]:
    """Choices for a theme select box; a first blank choice when `blank_label` is given."""
    choices = [(theme.key, theme.label) for theme in theme_list()]
    return [("", blank_label), *choices] if blank_label else choices


def theme_for_page(page, requested: str | None = None) -> Theme:
    """The theme a page renders in: the one asked for, the page's, its column's, or the default.

    A column with no default of its own takes the theme whose theme.toml lists the column's
    key in `default_for` (the red theme for 反诈骗), then DEFAULT_THEME.
    """
    if requested:
        return theme_get(requested)
    if getattr(page, "poster_theme", ""):
        return theme_get(page.poster_theme)
    column = getattr(page, "column", None)
    if column is None and hasattr(page, "column_key"):
        column = page
    if column is not None:
        if column.default_poster_theme:
            return theme_get(column.default_poster_theme)
        for theme in theme_list():
            if column.column_key in theme.default_for:
                return theme
    return theme_get(DEFAULT_THEME)


def theme_files_hash(theme: Theme) -> str:
    """SHA-256 over the files of the theme and of the shared templates it may extend."""
    return _files_hash(str(theme.path), folder_stamp(theme.path), _shared_stamp())


def _shared_stamp() -> tuple:
    return folder_stamp(themes_dir() / SHARED_FOLDER)


@lru_cache(maxsize=32)
def _files_hash(folder: str, stamp: tuple, shared_stamp: tuple) -> str:
    digest = hashlib.sha256()
    for root in (Path(folder), themes_dir() / SHARED_FOLDER):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def theme_clean_error(key: str) -> str | None:
    """The editor-facing message when `key` names no installed theme; None when it is fine."""
    if not key or theme_exists(key):
        return None
    available = "、".join(theme.label for theme in theme_list()) or "（无）"
    return f"海报主题“{key}”不存在，请从列表中选择：{available}。"


PAGE_BLANK_LABEL = "（跟随栏目默认主题）"
COLUMN_BLANK_LABEL = "（自动：反诈骗用警示红，其余栏目用沉稳蓝）"


def theme_select_widget(*, blank_label: str = PAGE_BLANK_LABEL):
    """A select box of the installed themes, read each time the form is drawn.

    `blank_label` says what an empty choice means where the box is: for a page, its
    column's default; for a column, the theme that lists the column in `default_for`.
    """
    from django import forms

    return forms.Select(choices=lambda: theme_choices(blank_label=blank_label))
