"""消保分析: what readers ask and complain about, by week, category and word, and how deadlines went.

Selectors only; charts.py draws them and the admin view and the monthly report (rendered by
publishing) show them. Weeks and months are Asia/Shanghai calendar periods; counts are made by
the database grouped per day, then gathered into weeks here, so 100,000 requests cost one
grouped query, not 100,000 rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from wagtail.models import Page

from . import deadlines
from .keywords import text_keywords
from .models import DeskRequest, FeedbackComment, PageFeedback
from .models.requests import FINISHED, Kind
from .rules import desk_rules

WEEKS = 12
KEYWORD_FILL_LIMIT = 5000


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str) -> Month:
        """'2026-11' → Month(2026, 11); ValueError with a Chinese message otherwise."""
        try:
            year, month = (int(part) for part in value.split("-"))
            datetime.date(year, month, 1)
        except (ValueError, TypeError) as error:
            raise ValueError(f"月份“{value}”格式不对，请写成 YYYY-MM，例如 2026-11。") from error
        return cls(year, month)

    @classmethod
    def current(cls) -> Month:
        today = deadlines.shanghai_date()
        return cls(today.year, today.month)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> datetime.date:
        return datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next_first_day - datetime.timedelta(days=1)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The month as [start, end) aware datetimes in Asia/Shanghai."""
        start = datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=deadlines.SHANGHAI)
        end = datetime.datetime.combine(self.next_first_day, datetime.time(), tzinfo=deadlines.SHANGHAI)
        return start, end

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def _day_counts(start: datetime.date, end: datetime.date, field: str):
    """{(day, value_of_field): count} for requests received on [start, end] (Shanghai dates)."""
    since = datetime.datetime.combine(start, datetime.time(), tzinfo=deadlines.SHANGHAI)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=deadlines.SHANGHAI)
    rows = (
        DeskRequest.objects.filter(received_at__gte=since, received_at__lt=until)
        .annotate(day=TruncDate("received_at", tzinfo=deadlines.SHANGHAI))
        .values("day", field)
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {(row["day"], row[field]): row["total"] for row in rows}


def weekly_counts(month: Month, *, by: str, weeks: int = WEEKS) -> tuple[list[str], dict[str, list[int]]]:
    """Weeks (labels of their Mondays) ending with the one holding the month's last day (or today), and
    per kind or category (`by`) the number of requests received in each week."""
    last_day = min(month.last_day, max(deadlines.shanghai_date(), month.first_day))
    last_monday = last_day - datetime.timedelta(days=last_day.weekday())
    mondays = [last_monday - datetime.timedelta(weeks=weeks - 1 - index) for index in range(weeks)]
    counts = _day_counts(mondays[0], mondays[-1] + datetime.timedelta(days=6), by)
    if by == "kind":
        names = dict(Kind.choices)
    else:
        names = dict(desk_rules().choices)
    series: dict[str, list[int]] = {}
    for (day, value), total in counts.items():
        index = (day - mondays[0]).days // 7
        label = str(names.get(value, value or "未分类"))
        series.setdefault(label, [0] * weeks)[index] += total
    ordered = {str(name): series[str(name)] for name in names.values() if str(name) in series}
    ordered.update({name: values for name, values in series.items() if name not in ordered})
    return [f"{monday.month}/{monday.day}" for monday in mondays], ordered


def deadline_outcomes(month: Month) -> dict[str, int]:
    """Of the requests due in `month`: answered on time, answered late, open and overdue, open within time."""
    today = deadlines.shanghai_date()
    due = DeskRequest.objects.filter(due_date__gte=month.first_day, due_date__lte=month.last_day)
    outcome = {"on_time": 0, "late": 0, "overdue": 0, "open": 0}
    for due_date, answered_at, status in due.values_list("due_date", "answered_at", "status").iterator(chunk_size=5000):
        if answered_at is not None or status in FINISHED:
            outcome["on_time" if deadlines.met(due_date, answered_at) is not False else "late"] += 1
        elif due_date < today:
            outcome["overdue"] += 1
        else:
            outcome["open"] += 1
    return outcome


def month_totals(month: Month) -> dict[str, int]:
    start, end = month.bounds()
    received = DeskRequest.objects.filter(received_at__gte=start, received_at__lt=end)
    totals = received.aggregate(total=Count("pk"))
    totals["urgent"] = received.filter(urgent=True).count()
    totals.update({kind: received.filter(kind=kind).count() for kind in Kind.values})
    return totals


def keywords_fill(month: Month, *, limit: int = KEYWORD_FILL_LIMIT) -> int:
    """Compute the missing keywords of the month's requests (decrypting their text); returns how many."""
    start, end = month.bounds()
    missing = DeskRequest.objects.filter(received_at__gte=start, received_at__lt=end, keywords__isnull=True, erased_at__isnull=True)
    done = 0
    for desk_request in missing.only("pk", "text")[:limit]:
        DeskRequest.objects.filter(pk=desk_request.pk).update(keywords=text_keywords(desk_request.text))
        done += 1
    return done


def frequent_terms(month: Month, *, top: int = 15) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The month's most frequent words and phrases, each counted once per request."""
    keywords_fill(month)
    start, end = month.bounds()
    words, phrases = Counter(), Counter()
    for keywords in DeskRequest.objects.filter(received_at__gte=start, received_at__lt=end, keywords__isnull=False).values_list("keywords", flat=True).iterator(chunk_size=5000):
        words.update(set(keywords.get("words", [])))
        phrases.update(set(keywords.get("phrases", [])))
    return words.most_common(top), [item for item in phrases.most_common(top) if item[1] > 1]


def not_helpful_pages(month: Month, *, top: int = 10) -> list[dict]:
    """Pages with the most 没帮助 votes in the month, with their 有帮助 votes and latest comments."""
    rows = (
        PageFeedback.objects.filter(day__gte=month.first_day, day__lte=month.last_day)
        .values("page_id")
        .annotate(not_helpful=Sum("not_helpful"), helpful=Sum("helpful"))
        .filter(not_helpful__gt=0)
        .order_by("-not_helpful", "page_id")[:top]
    )
    titles = dict(Page.objects.filter(pk__in=[row["page_id"] for row in rows]).values_list("pk", "title"))
    start, end = month.bounds()
    result = []
    for row in rows:
        comments = FeedbackComment.objects.filter(page_id=row["page_id"], helpful=False, created_at__gte=start, created_at__lt=end)
        result.append({
            "page_id": row["page_id"],
            "title": titles.get(row["page_id"], f"页面 {row['page_id']}"),
            "not_helpful": row["not_helpful"],
            "helpful": row["helpful"],
            "comments": list(comments.values_list("text", flat=True)[:3]),
        })
    return result
