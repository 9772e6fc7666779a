"""Rendering in a theme: which theme a page renders in, its templates, and the hash of its files.

The themes themselves (what is installed, what each is called) are the catalogue in
themes/catalogue.py; here a theme that is asked for and missing is a RenderError that
tells the editor what to do. Example::

    >>> theme = theme_get("alert-red")
    >>> theme.name, theme_template_name(theme, "poster")
    ('警示红', 'alert-red/poster.html')
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from themes.catalogue import (
    DEFAULT_THEME,
    SHARED_FOLDER,
    Theme,
    folder_stamp,
    theme_labels,
    theme_list,
    themes_dir,
)

from .errors import ThemeNotFoundError, ThemeTemplateMissingError


def theme_get(key: str) -> Theme:
    """The theme called `key`; raises ThemeNotFoundError with the list of those that exist."""
    for theme in theme_list():
        if theme.key == key:
            return theme
    raise ThemeNotFoundError(f"海报主题“{key}”不存在。可用的主题：{theme_labels()}。")


def theme_template_name(theme: Theme, kind: str) -> str:
    """The template of `kind` ("poster" or "pdf") in `theme`, checked to exist in its folder."""
    filename = f"{kind}.html"
    if not (theme.path / filename).is_file():
        raise ThemeTemplateMissingError(
            f"主题“{theme.name}”（{theme.key}）缺少模板 {filename}，无法生成。请联系技术人员补全主题文件。"
        )
    return f"{theme.key}/{filename}"


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
