"""Poster and PDF preview modes for Wagtail's preview panel, rendered from the unsaved page.

The preview uses the same document and content hash as a real render: an unchanged page
shows its stored result at once; anything else is rendered in memory and not stored.
Warnings (characters no font has, a QR code that cannot point at the page yet) and failures
are shown to the editor in Chinese above the poster.
"""

from __future__ import annotations

import base64
import logging

from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .errors import RenderError
from .selectors import render_result_cached
from .services import render_job_prepare, render_output

logger = logging.getLogger(__name__)

PREVIEW_MODES = [("poster", _("长图海报")), ("pdf", _("PDF 文档"))]

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{margin:0;font:14px/1.6 "Noto Sans CJK SC",sans-serif;background:#eef1f5;color:#222}}
.bar{{padding:10px 14px;background:#fff;border-bottom:1px solid #dde}}.warn{{padding:10px 14px;background:#fff4d6;
border-bottom:1px solid #f0d48a;color:#7a4b00}}.error{{padding:16px;background:#fde8e8;color:#9b1c1c;font-size:16px}}
img{{display:block;width:100%;height:auto}}embed{{width:100%;height:calc(100vh - 120px);border:0}}
details{{padding:10px 14px;background:#fff}}pre{{white-space:pre-wrap}}</style></head><body>{body}</body></html>"""


def preview_response(*, page, request, mode: str) -> HttpResponse:
    """The preview of `page` as `mode` ("poster" or "pdf"), ready for the preview iframe."""
    try:
        job = render_job_prepare(page=page, format=mode)
        cached = render_result_cached(job.input_hash) if page.pk else None
        if cached is not None:
            with cached.file.open("rb") as handle:
                data = handle.read()
            warnings, transcript, size = cached.warnings, cached.transcript, (cached.width, cached.height)
        else:
            output = render_output(document=job.document, format=mode)
            data, warnings, transcript = output.primary.data, output.warnings, output.transcript
            size = (output.primary.width, output.primary.height)
    except RenderError as error:
        body = format_html('<div class="error"><strong>无法生成{}：</strong>{}</div>', dict(PREVIEW_MODES)[mode],
                           error.message)
        return HttpResponse(PAGE.format(title="生成失败", body=body))
    if mode == "pdf" and not warnings:
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response
    encoded = base64.b64encode(data).decode()
    mime = "application/pdf" if mode == "pdf" else "image/jpeg"
    parts = [format_html('<div class="bar">主题：{}　尺寸：{}×{}　{}</div>', job.theme.label, size[0], size[1],
                         "（已生成过，直接显示存档）" if cached is not None else "（预览，未保存）")]
    if warnings:
        parts.append(format_html_join("", '<div class="warn">⚠ {}</div>', ((warning,) for warning in warnings)))
    if mode == "pdf":
        parts.append(format_html('<embed type="application/pdf" src="data:{};base64,{}">', mime, encoded))
    else:
        parts.append(format_html('<img alt="{}" src="data:{};base64,{}">', transcript[:200], mime, encoded))
        parts.append(format_html("<details><summary>文字稿（替代文字）</summary><pre>{}</pre></details>", transcript))
    return HttpResponse(PAGE.format(title=page.title, body="".join(str(part) for part in parts)))
