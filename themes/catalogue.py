"""The poster and PDF themes installed: folders under themes/posters/ with templates, CSS and a theme.toml.

A theme folder holds `poster.html`, `pdf.html`, `style.css` and `theme.toml`; templates may
extend the shared ones in `themes/posters/_base/`. This module says which themes exist and
what they are called, for the editor's select boxes and checks; rendering in a theme
(publishing/render/themes.py) picks a page's theme and its templates. Example::

    >>> [theme.key for theme in theme_list()]
    ['alert-red', 'calm-blue']
"""

from __future__ import annotations

import logging
import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django import forms
from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_THEME = "calm-blue"
SHARED_FOLDER = "_base"
DEFAULT_COLOURS = {
    "primary": "#0B5CAD",
    "primary_dark": "#073E78",
    "accent": "#F5A623",
    "background": "#F3F7FC",
    "surface": "#FFFFFF",
    "text": "#1F2933",
    "muted": "#5B6B7B",
}
PAGE_BLANK_LABEL = "（跟随栏目默认主题）"
COLUMN_BLANK_LABEL = "（自动：反诈骗用警示红，其余栏目用沉稳蓝）"


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


def theme_labels() -> str:
    """The installed themes as an editor reads them: 警示红（alert-red）、沉稳蓝（calm-blue）."""
    return "、".join(theme.label for theme in theme_list()) or "（无）"


def theme_choices(*, blank_label: str = "") -> list[tuple[str, str]]:
    """Choices for a theme select box; a first blank choice when `blank_label` is given."""
    choices = [(theme.key, theme.label) for theme in theme_list()]
    return [("", blank_label), *choices] if blank_label else choices


def theme_clean_error(key: str) -> str | None:
    """The editor-facing message when `key` names no installed theme; None when it is fine."""
    if not key or theme_exists(key):
        return None
    return f"海报主题“{key}”不存在，请从列表中选择：{theme_labels()}。"


def theme_select_widget(*, blank_label: str = PAGE_BLANK_LABEL):
    """A select box of the installed themes, read each time the form is drawn.

    `blank_label` says what an empty choice means where the box is: for a page, its
    column's default; for a column, the theme that lists the column in `default_for`.
    """
    return forms.Select(choices=lambda: theme_choices(blank_label=blank_label))
