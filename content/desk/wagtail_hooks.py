"""Admin hooks of the desk: the 消保诉求 queue, the deadline panel on the dashboard, the admin CSS."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import deadlines
from .admin.analysis import AnalysisView
from .admin.queue import desk_request_viewset
from .selectors import dashboard_counts


@hooks.register("register_admin_viewset")
def register_desk_queue():
    """The 消保诉求 menu: the queue and each request's page."""
    return desk_request_viewset


class DeskDeadlinePanel(Component):
    """How many open requests are urgent, near their deadline or past it, each linking to the filtered queue."""

    name = "desk_deadlines"
    order = 50
    template_name = "desk/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        counts = dashboard_counts()
        index = reverse("desk_admin:index")
        return {
            "counts": counts,
            "links": {
                "overdue": f"{index}?deadline={deadlines.OVERDUE}",
                "near": f"{index}?deadline={deadlines.NEAR}",
                "urgent": f"{index}?urgent=true",
                "new": f"{index}?status=new",
            },
            "warn_days": deadlines.warn_days(),
        }


@hooks.register("construct_homepage_panels")
def add_desk_deadline_panel(request, panels):
    if request.user.has_perm("desk.view_deskrequest"):
        panels.append(DeskDeadlinePanel())


@hooks.register("insert_global_admin_css")
def desk_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("desk/admin.css"))


@hooks.register("register_admin_urls")
def register_desk_analysis_url():
    return [path("desk-analysis/", AnalysisView.as_view(), name="desk_analysis")]


class AnalysisMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("desk.view_desk_analysis")


@hooks.register("register_admin_menu_item")
def register_desk_analysis_menu_item():
    return AnalysisMenuItem("消保分析", reverse("desk_analysis"), icon_name="table", order=265)
