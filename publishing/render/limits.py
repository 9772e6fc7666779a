"""Every render runs under a time and a memory limit, in a child forked from the warm worker.

A poster, a PDF or a video is laid out from what an editor typed, so its cost has no upper
bound of its own: one attribute once made a layout take 11 GB, another held a web thread for
minutes. `within_render_limits` wraps the engine's entry points (`render_poster`,
`render_pdf`, `render_video`) so that each call runs in a child process forked for it
(core/limits.py says why a fork: it starts as warm as its parent and costs milliseconds),
limited to RENDER_TIME_LIMIT seconds of wall time (45 by default) and RENDER_MEMORY_LIMIT_MB
of memory beyond the worker's own (2048 by default). Whatever calls them — a delivery's
worker, `manage.py render`, the admin's preview modes, the weekly and the desk's monthly
report — gets the output or a RenderError in Chinese within the limit, and the worker or
web thread is free again. The sanitiser keeps tables small and the poster's height is capped
(layout.py), so the limits are the last line, not the first.

Before its first child, a process lays out and rasterises a small document in both font
stacks (`_warm_up`), so that the fonts, WeasyPrint's font configuration and pdfium are
loaded once in the parent and every child inherits them. RENDER_LIMITS = False turns the
limits off (renders then run in the calling thread).
"""

from __future__ import annotations

import functools
import logging
import threading

from django.conf import settings

from core.limits import (
    LimitExceeded,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    limits_available,
    run_limited,
)

from .errors import RenderLimitError

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 45
DEFAULT_MEMORY_LIMIT_MB = 2048
_warm = False
_warm_lock = threading.Lock()


def render_limits() -> tuple[float, int]:
    """(seconds, megabytes) a render may take, from settings RENDER_TIME_LIMIT and RENDER_MEMORY_LIMIT_MB."""
    seconds = float(getattr(settings, "RENDER_TIME_LIMIT", DEFAULT_TIME_LIMIT))
    memory_mb = int(getattr(settings, "RENDER_MEMORY_LIMIT_MB", DEFAULT_MEMORY_LIMIT_MB))
    return seconds, memory_mb


def within_render_limits(render):
    """Decorate a render entry point (`render(document, ...)`) to run it under the render limits."""

    @functools.wraps(render)
    def limited(document, *args, **kwargs):
        if not getattr(settings, "RENDER_LIMITS", True) or not limits_available():
            return render(document, *args, **kwargs)
        _warm_up()
        seconds, memory_mb = render_limits()
        try:
            return run_limited(render, document, *args, seconds=seconds, memory_mb=memory_mb, **kwargs)
        except LimitExceeded as error:
            logger.warning("Render of %s stopped by its limits: %s", document.title, error.detail)
            raise RenderLimitError(_limit_message(error, seconds=seconds, memory_mb=memory_mb)) from None

    return limited


def _limit_message(error: LimitExceeded, *, seconds: float, memory_mb: int) -> str:
    if isinstance(error, TimeLimitExceeded):
        return (f"内容过长或过于复杂：生成超过 {seconds:g} 秒仍未完成，已停止。"
                "请精简内容（例如缩小表格、删减段落或拆成两篇）后再试。")
    if isinstance(error, MemoryLimitExceeded):
        return (f"内容过长或过于复杂：生成需要的内存超过上限（{memory_mb} MB），已停止。"
                "请精简内容（例如缩小表格、删减段落或拆成两篇）后再试。")
    return "生成进程意外退出，已停止。请稍后重试；如果仍然失败，请精简内容或联系技术人员。"


WARM_UP_HTML = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{fonts}
@page {{ size: 750px 200px; margin: 0; }} p {{ margin: 0; }}</style></head><body>
<p style="font-family: 'Poster Sans'; font-weight: 400">防范电信网络诈骗 96110 ¥3.8万</p>
<p style="font-family: 'Poster Sans'; font-weight: 700">本周预警：刷单返利</p>
<p style="font-family: 'Poster Serif'; font-weight: 400">征信修复是骗局</p>
<p style="font-family: 'Poster Serif'; font-weight: 700">投资有风险</p></body></html>"""


def _warm_up() -> None:
    """Lay out and rasterise a small document once in this process, so children start warm."""
    global _warm  # noqa: PLW0603
    if _warm:
        return
    with _warm_lock:
        if _warm:
            return
        from .document import RenderDocument, Stamp
        from .fonts import font_face_css
        from .layout import layout_render
        from .raster import Rasteriser, intermediate_pdf
        from .themes import DEFAULT_THEME, theme_get

        try:
            html = WARM_UP_HTML.format(fonts=font_face_css(("sans", "serif")))
            document = RenderDocument(html=html, theme=theme_get(DEFAULT_THEME), kind="poster", title="warm-up",
                                      stamp=Stamp(url="", lines=()))
            pdf, _missing = intermediate_pdf(layout_render(document), text=html)
            with Rasteriser(pdf) as raster:
                raster.page_array(0, width=1080)
        except Exception:  # noqa: BLE001 - a cold child is slower, not wrong
            logger.warning("Render warm-up failed; renders start cold", exc_info=True)
        _warm = True
