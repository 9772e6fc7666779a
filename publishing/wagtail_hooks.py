"""Admin hooks of publishing itself: the desk's monthly report PDF, offered on the 消保分析 page, and
the staff-only downloads of render files."""

from django.urls import path, reverse

from wagtail import hooks

from .render import admin_views
from .reports.views import desk_report_download


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
