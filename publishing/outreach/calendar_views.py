"""The 内容日历 admin view: a month (or a week) of what went live, what is scheduled and what each channel did."""

import datetime

from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .calendar import calendar_entries, month_weeks

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    """`?month=2026-11` (default: this month) or `?week=2026-11-23` (the week of that day)."""

    template_name = "outreach/calendar.html"
    page_title = "内容日历"
    header_icon = "date"

    def _period(self):
        today = timezone.localdate()
        week = self.request.GET.get("week")
        if week:
            try:
                day = datetime.date.fromisoformat(week)
            except ValueError:
                day = today
            monday = day - datetime.timedelta(days=day.weekday())
            return "week", [[monday + datetime.timedelta(days=n) for n in range(7)]], monday
        try:
            year, month = (int(part) for part in self.request.GET.get("month", "").split("-"))
            first = datetime.date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        return "month", month_weeks(first.year, first.month), first

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mode, weeks, anchor = self._period()
        entries = calendar_entries(start=weeks[0][0], end=weeks[-1][-1])
        if mode == "week":
            previous, following = anchor - datetime.timedelta(days=7), anchor + datetime.timedelta(days=7)
            nav = {"previous": f"?week={previous}", "next": f"?week={following}",
                   "other": f"?month={anchor:%Y-%m}", "other_label": "按月看",
                   "title": f"{anchor:%Y-%m-%d} 起的一周"}
        else:
            previous = (anchor - datetime.timedelta(days=1)).replace(day=1)
            following = (anchor + datetime.timedelta(days=32)).replace(day=1)
            nav = {"previous": f"?month={previous:%Y-%m}", "next": f"?month={following:%Y-%m}",
                   "other": f"?week={timezone.localdate()}", "other_label": "看本周",
                   "title": f"{anchor.year} 年 {anchor.month} 月"}
        context.update(
            mode=mode, nav=nav, weekdays=WEEKDAYS, today=timezone.localdate(), anchor=anchor,
            weeks=[[(day, entries.get(day, [])) for day in week] for week in weeks],
        )
        return context
