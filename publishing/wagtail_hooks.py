"""Admin hooks of publishing itself: what it plugs into content's pages (the deliveries and renders
panels, the poster and PDF preview modes, the channels' checks on the page form, the downloads in
the app's feed), the desk's monthly report PDF offered on the 消保分析 page, and the staff-only
downloads of render files."""

from django.urls import path, reverse

from wagtail import hooks

from content.extensions import (
    FEED_ITEMS_HOOK,
    READER_PAGE_CHECKS_HOOK,
    READER_PAGE_PANELS_HOOK,
    READER_PAGE_PREVIEW_MODES_HOOK,
    PreviewMode,
)

from .channels.validation import page_channel_errors
from .deliveries.panels import PageDeliveriesPanel
from .downloads import feed_items_add_downloads
from .render import admin_views
from .render.panels import PageRendersPanel
from .render.preview import PREVIEW_MODES, preview_response
from .reports.views import desk_report_download


@hooks.register(READER_PAGE_PANELS_HOOK)
def deliveries_and_renders_panels(page_class):
    """The page's deliveries and its posters, PDFs and videos, on its 设置 tab."""
    return [PageDeliveriesPanel(), PageRendersPanel()]


@hooks.register(READER_PAGE_PREVIEW_MODES_HOOK)
def poster_and_pdf_preview_modes():
    """The poster and the PDF as they will be rendered, beside the H5 preview."""
    return [PreviewMode(name=name, label=label, serve=preview_response) for name, label in PREVIEW_MODES]


@hooks.register(READER_PAGE_CHECKS_HOOK)
def channel_limits(*, page):
    """What an enabled channel would reject (WeChat: a title over 32 characters …), said on save."""
    return page_channel_errors(page=page)


@hooks.register(FEED_ITEMS_HOOK)
def add_downloads_to_feed_items(*, pages, items, request):
    """Each item lists its page's poster (and a case study's PDF) as JSON Feed attachments."""
    feed_items_add_downloads(pages=pages, items=items, request=request)


@hooks.register("register_admin_urls")
def register_desk_report_url():
    return [path("desk-analysis/report.pdf", desk_report_download, name="desk_report_pdf")]


@hooks.register("desk_analysis_actions")
def offer_desk_report(request, month):
    """The 消保分析 page's 下载月度报告 PDF button for the month shown."""
    return [(f"下载{month.label}报告 PDF", f"{reverse('desk_report_pdf')}?month={month}")]


@hooks.register("register_admin_urls")
def register_render_file_urls():
    """/admin/renders/<result>/ and /admin/renders/<result>/<file>/: render files for staff."""
    return [
        path("renders/<int:result_id>/", admin_views.render_file, name="render_file_admin"),
        path("renders/<int:result_id>/<int:file_id>/", admin_views.render_file, name="render_file_admin"),
    ]
