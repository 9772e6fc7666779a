"""The 消保分析 page in the admin: one month's charts, with the actions other layers add (the PDF report).

Publishing adds its download through the `desk_analysis_actions` hook: each function takes
(request, month) and returns a list of (label, url); content never imports publishing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..analysis import Month
from ..report import month_report


class AnalysisView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "desk/admin/analysis.html"
    page_title = "消保分析"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("desk.view_desk_analysis"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        error = ""
        try:
            month = Month.parse(self.request.GET["month"]) if self.request.GET.get("month") else Month.current()
        except ValueError as problem:
            error, month = str(problem), Month.current()
        actions = []
        for provider in hooks.get_hooks("desk_analysis_actions"):
            actions.extend(provider(self.request, month) or [])
        context.update(report=month_report(month), month=month, error=error, actions=actions, month_value=str(month))
        return context
