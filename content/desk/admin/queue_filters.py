"""The queue's filters: status, kind, category, deadline state, urgency, mine, phone (by keyed hash)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from .. import deadlines, selectors
from ..models import DeskRequest
from ..models.requests import Kind, Status
from ..rules import desk_rules

DEADLINE_CHOICES = [
    (deadlines.OVERDUE, _("已超期")),
    (deadlines.NEAR, _("即将到期")),
    (deadlines.OK, _("正常")),
    (deadlines.DONE, _("已办结")),
]


def _category_choices():
    return desk_rules().choices


class DeskRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Kind.choices)
    category = django_filters.ChoiceFilter(label=_("分类"), choices=_category_choices)
    deadline = django_filters.ChoiceFilter(label=_("期限"), choices=DEADLINE_CHOICES, method="filter_deadline")
    urgent = django_filters.BooleanFilter(label=_("紧急"))
    mine = django_filters.BooleanFilter(label=_("分派给我"), method="filter_mine")
    phone = django_filters.CharFilter(label=_("手机号或尾号"), method="filter_phone")

    class Meta:
        model = DeskRequest
        fields = ["status", "kind", "category", "deadline", "urgent"]

    def filter_deadline(self, queryset, name, value):
        return selectors.filter_deadline(queryset, value) if value else queryset

    def filter_mine(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(assignee=self.request.user) if value else queryset.exclude(assignee=self.request.user)

    def filter_phone(self, queryset, name, value):
        return selectors.filter_phone(queryset, value) if value else queryset
