"""CJK fonts for renders: a subset of the system font made once, shared font configuration.

Subsetting a 65,000-glyph CJK font is what makes a plain WeasyPrint render slow, so the
engine makes, once per machine, a subset of Noto Sans/Serif CJK SC holding the common
characters (GB2312 with ASCII, Latin-1 and CJK punctuation, about 7,900 characters). Themes
name the families "Poster Sans" and "Poster Serif"; the @font-face rules here point them at
those subsets and fall back to the full system font for rarer characters, so nothing that
an installed font can show is lost. Example::

    >>> css = font_face_css()
    >>> "Poster Sans" in css
    True
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import os
import subprocess  # noqa: S404 - fc-match, a fixed program with fixed arguments
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .errors import RenderError

logger = logging.getLogger(__name__)

FONT_URL_SCHEME = "poster-font"
CHARSET_VERSION = "gb2312-v1"
STACKS = {
    "sans": {"css_family": "Poster Sans", "system_family": "Noto Sans CJK SC"},
    "serif": {"css_family": "Poster Serif", "system_family": "Noto Serif CJK SC"},
}
WEIGHTS = {400: "Regular", 700: "Bold"}
_lock = threading.Lock()


@dataclass(frozen=True)
class SystemFont:
    """A font file installed on the machine, and the face inside it (for .ttc collections)."""

    path: Path
    index: int
    family: str


def font_dir() -> Path:
    """Where the subset fonts are kept (settings.RENDER_FONT_DIR or var/render-fonts)."""
    configured = getattr(settings, "RENDER_FONT_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "render-fonts"


@lru_cache(maxsize=16)
def system_font(family: str, weight: int) -> SystemFont:
    """The installed file of `family` at `weight`, found with fontconfig's fc-match."""
    style = WEIGHTS[weight]
    try:
        found = subprocess.run(  # noqa: S603 - fixed program and arguments
            ["fc-match", "--format=%{file}|%{index}|%{family}", f"{family}:style={style}"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise RenderError("服务器无法查询字体（fontconfig 不可用），无法生成海报。请安装 fontconfig。") from error
    path, index, families = found.split("|", 2)
    if family not in families.split(","):
        raise RenderError(
            f"服务器缺少中文字体“{family}”，海报中的中文会显示为方框。请先安装 fonts-noto-cjk。"
        )
    return SystemFont(path=Path(path), index=int(index), family=family)


@lru_cache(maxsize=1)
def subset_charset() -> frozenset[int]:
    """The code points kept in the subset fonts: GB2312 plus the Latin and punctuation ranges."""
    points: set[int] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    ranges = [
        (0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x21FF), (0x2460, 0x24FF),
        (0x2500, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3200, 0x32FF),
        (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
    ]
    for first, last in ranges:
        points.update(range(first, last + 1))
    return frozenset(points)


def subset_font_path(stack: str, weight: int) -> Path:
    """The subset font file of `stack` ("sans" or "serif") at `weight`, made on first use."""
    source = system_font(STACKS[stack]["system_family"], weight)
    key = f"{source.path}:{source.index}:{source.path.stat().st_size}:{CHARSET_VERSION}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    target = font_dir() / f"{stack}-{weight}-{digest}.otf"
    if target.exists():
        return target
    with _lock:
        if not target.exists():
            _write_subset(source, target)
    return target


def _write_subset(source: SystemFont, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    logger.info("Making subset font %s from %s (once per machine)", target.name, source.path)
    data = _harfbuzz_subset(source) or _fonttools_subset(source)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, target)


def _harfbuzz_subset(source: SystemFont) -> bytes | None:
    """Subset with libharfbuzz-subset (a fraction of a second); None when it is missing."""
    binding = _harfbuzz_binding()
    if binding is None:
        return None
    ffi, hb, hb_subset = binding
    blob = hb.hb_blob_create_from_file_or_fail(str(source.path).encode())
    if blob == ffi.NULL:
        return None
    face = hb.hb_face_create(blob, source.index)
    subset_input = hb_subset.hb_subset_input_create_or_fail()
    try:
        unicodes = hb_subset.hb_subset_input_unicode_set(subset_input)
        for point in sorted(subset_charset()):
            hb.hb_set_add(unicodes, point)
        result = hb_subset.hb_subset_or_fail(face, subset_input)
        if result == ffi.NULL:
            return None
        out_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        data = ffi.buffer(hb.hb_blob_get_data(out_blob, length), length[0])[:]
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return data or None
    finally:
        hb_subset.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


@lru_cache(maxsize=1)
def _harfbuzz_binding():
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(
        """
        typedef struct hb_blob_t hb_blob_t;
        typedef struct hb_face_t hb_face_t;
        typedef struct hb_set_t hb_set_t;
        typedef struct hb_subset_input_t hb_subset_input_t;
        hb_blob_t *hb_blob_create_from_file_or_fail(const char *file_name);
        void hb_blob_destroy(hb_blob_t *blob);
        const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
        hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
        void hb_face_destroy(hb_face_t *face);
        hb_blob_t *hb_face_reference_blob(hb_face_t *face);
        void hb_set_add(hb_set_t *set, uint32_t codepoint);
        hb_subset_input_t *hb_subset_input_create_or_fail(void);
        void hb_subset_input_destroy(hb_subset_input_t *input);
        hb_set_t *hb_subset_input_unicode_set(hb_subset_input_t *input);
        hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
        """
    )
    try:
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except OSError:
        logger.info("libharfbuzz-subset not found; subset fonts are made with fontTools (slower)")
        return None


def _fonttools_subset(source: SystemFont) -> bytes:
    """Subset with fontTools: about 15 seconds for a CJK font, done once per machine."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset_charset())
    font = TTFont(str(source.path), fontNumber=source.index, lazy=True)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def harfbuzz_subsetting_available() -> bool:
    """Whether WeasyPrint subsets embedded fonts with HarfBuzz (fast) rather than fontTools."""
    from weasyprint.text.ffi import harfbuzz_subset

    return bool(harfbuzz_subset)


def font_face_css(stacks: tuple[str, ...] = ("sans", "serif")) -> str:
    """@font-face rules that map the themes' families onto the subset fonts."""
    rules = []
    for stack in stacks:
        family = STACKS[stack]["css_family"]
        for weight in WEIGHTS:
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{FONT_URL_SCHEME}:{stack}-{weight}"); }}'
            )
    return "\n".join(rules)


def font_fetch(url: str):
    """The open subset font file a `poster-font:` URL names, or None for other URLs."""
    if not url.startswith(f"{FONT_URL_SCHEME}:"):
        return None
    stack, _, weight = url.split(":", 1)[1].partition("-")
    if stack not in STACKS or not weight.isdigit() or int(weight) not in WEIGHTS:
        return None
    return subset_font_path(stack, int(weight)).open("rb")


def missing_from_subset(text: str) -> set[str]:
    """Characters of `text` that the subset fonts lack (they fall back to the full font)."""
    charset = subset_charset()
    return {char for char in set(text) if ord(char) not in charset and not char.isspace()}


_font_config = None


def font_configuration():
    """One WeasyPrint FontConfiguration per process, so @font-face files load only once."""
    global _font_config  # noqa: PLW0603
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
        atexit.register(_release_font_configuration)
    return _font_config


def _release_font_configuration() -> None:
    """Drop the shared configuration at exit while WeasyPrint can still clean up after it.

    Laid-out documents and parsed stylesheets refer to it, some in reference cycles; left to
    the interpreter's teardown, its clean-up would run after the modules it needs are gone.
    """
    global _font_config  # noqa: PLW0603
    _font_config = None
    gc.collect()


def pillow_font(stack: str, weight: int, size: int):
    """A Pillow font of the subset file, for text the finishing step draws on images."""
    return _pillow_font(str(subset_font_path(stack, weight)), size)


@lru_cache(maxsize=32)
def _pillow_font(path: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size)
