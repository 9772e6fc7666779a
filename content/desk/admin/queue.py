"""The agents' queue in the admin (诉求): urgent first, by due date, with filters; masked throughout.

A Wagtail ModelViewSet gives the list, its filters and pagination; a request's page is the
detail view in admin/detail.py (there is no add, edit or delete: requests come from readers,
and agents act on them through the detail page's actions).
"""

from __future__ import annotations

import functools

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from .. import deadlines, selectors
from ..models import DeskRequest
from ..models.requests import Kind, Status
from ..rules import category_name
from . import detail, export, files
from .queue_filters import DeskRequestFilterSet


@functools.lru_cache(maxsize=16)
def _labels(choices, language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value: str) -> str:
    """A choice's label, translated once per language (Django's get_FOO_display translates per row)."""
    return _labels(choices, get_language() or "")[value]


def _deadline_cell(desk_request: DeskRequest) -> str:
    state = desk_request.deadline_state
    due = desk_request.due_date.strftime("%Y-%m-%d")
    if state == deadlines.DONE:
        return due
    left = desk_request.days_left
    text = f"{due}（剩 {left} 天）" if left >= 0 else f"{due}（超期 {-left} 天）"
    if state in (deadlines.OVERDUE, deadlines.NEAR):
        return format_html('<span class="desk-due desk-due--{}">{}</span>', state, text)
    return text


class DeskQueueIndexView(IndexView):
    def get_base_queryset(self):
        """Open requests unless the agent asks for a status or for finished ones."""
        queryset = selectors.queue_queryset()
        if not self.request.GET.get("status") and self.request.GET.get("deadline") != deadlines.DONE:
            queryset = selectors.open_requests(queryset)
        return queryset

    @property
    def default_ordering(self):
        return list(selectors.QUEUE_ORDER)

    @cached_property
    def header_more_buttons(self):
        query = self.request.GET.copy()
        query.pop("p", None)
        buttons = []
        for fmt, label in (("csv", _("导出 CSV（已脱敏）")), ("xlsx", _("导出 XLSX（已脱敏）"))):
            query["format"] = fmt
            buttons.append(Button(label, url=f"{reverse('desk_admin:export')}?{query.urlencode()}", icon_name="download", priority=10))
        if self.request.user.has_perm("desk.export_unmasked"):
            query["format"], query["unmasked"] = "xlsx", "1"
            buttons.append(Button(_("导出 XLSX（不脱敏，将记录）"), url=f"{reverse('desk_admin:export')}?{query.urlencode()}", icon_name="warning", priority=20))
        return [*super().header_more_buttons, *buttons]


class DeskRequestViewSet(ModelViewSet):
    model = DeskRequest
    icon = "mail"
    menu_label = _("消保诉求")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = DeskQueueIndexView
    filterset_class = DeskRequestFilterSet
    list_per_page = 50
    search_fields = None
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        TitleColumn("number", label=_("受理编号"), get_url=lambda obj: reverse("desk_admin:detail", args=[obj.pk])),
        Column("urgent", label=_("紧急"), accessor=lambda obj: format_html('<span class="desk-urgent-tag">{}</span>', "紧急") if obj.urgent else ""),
        Column("kind", label=_("类型"), accessor=lambda obj: _label(Kind, obj.kind)),
        Column("category", label=_("分类"), accessor=lambda obj: category_name(obj.category)),
        Column("status", label=_("状态"), accessor=lambda obj: _label(Status, obj.status)),
        Column("due_date", label=_("办理期限"), accessor=_deadline_cell),
        Column("assignee", label=_("经办人"), accessor=lambda obj: obj.assignee.get_username() if obj.assignee else "—"),
        Column("received_at", label=_("受理时间"), accessor=lambda obj: obj.received_at.astimezone(deadlines.SHANGHAI).strftime("%Y-%m-%d %H:%M")),
    ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(add_url_name=None, edit_url_name=None, delete_url_name=None, copy_url_name=None, usage_url_name=None)
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", detail.RequestDetailView.as_view(), name="detail"),
            path("<int:pk>/reveal/", detail.RevealView.as_view(), name="reveal"),
            path("attachment/<int:pk>/", files.AttachmentView.as_view(), name="attachment"),
            path("export/", export.ExportView.as_view(), name="export"),
        ]

    def register_admin_url_finder(self):
        from wagtail.admin.admin_url_finder import ModelAdminURLFinder, register_admin_url_finder

        register_admin_url_finder(DeskRequest, type("DeskRequestURLFinder", (ModelAdminURLFinder,), {"edit_url_name": "desk_admin:detail"}))


desk_request_viewset = DeskRequestViewSet("desk_admin", url_prefix="desk")
