"""The desk's monthly report (消保专线月度报告) as an A4 PDF, laid out by the render engine.

The content comes from `content.desk.report.month_report` (the same dictionary and SVG charts as
the admin's 消保分析 page); the layout is `themes/posters/_base/reports/desk_monthly.html`,
rendered by the poster engine's template loader and written by `render_pdf`, so the report
gets the engine's subset CJK fonts and its checks for missing glyphs and resources.
"""

from __future__ import annotations

from content.desk.analysis import Month
from content.desk.report import month_report
from publishing.render.context import Stamp
from publishing.render.document import RenderDocument, template_engine
from publishing.render.fonts import font_face_css
from publishing.render.pdf import render_pdf
from publishing.render.stylesheet import resolve_document_properties
from publishing.render.themes import theme_get
from themes.catalogue import DEFAULT_THEME

TEMPLATE = "_base/reports/desk_monthly.html"


def desk_report_filename(month: Month) -> str:
    return f"xiaobao-report-{month}.pdf"


def desk_report_pdf(*, month: Month) -> bytes:
    """The PDF of `month`'s report, in memory."""
    context = month_report(month)
    context["font_css"] = font_face_css(("sans",))
    html = resolve_document_properties(template_engine().get_template(TEMPLATE).render(context))
    title = f"消保专线月度报告 {month.label}"
    document = RenderDocument(
        html=html, theme=theme_get(DEFAULT_THEME), kind="pdf", title=title, stamp=Stamp(url="", lines=()),
        metadata={"title": title, "author": "消费者权益保护部", "lang": "zh-CN"},
    )
    return render_pdf(document).files[0].data
