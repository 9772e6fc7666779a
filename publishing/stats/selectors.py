"""Reading the numbers for the 阅读数据 view, a page's panel and the weekly report.

Every selector is one or two aggregate queries over `DailyStat` (indexed by day and channel)
bounded by a date range, so the view stays fast with years of rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils import timezone

from .models import CHANNEL_LABELS, CHANNELS, DailyStat, StatDetail


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def weekly_reads(*, weeks: int = 12, today: datetime.date | None = None) -> tuple[list[datetime.date], dict[str, list[int]]]:
    """(Mondays of the last `weeks` weeks, {channel label: reads per week}), the current week last."""
    today = today or timezone.localdate()
    mondays = [week_start(today) - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals: dict[tuple[str, datetime.date], int] = {}
    rows = (DailyStat.objects.filter(day__gte=mondays[0], day__lte=today)
            .values_list("channel", "day").annotate(reads=Sum("reads")))
    for channel, day, reads in rows:
        key = (channel, week_start(day))
        totals[key] = totals.get(key, 0) + (reads or 0)
    series = {CHANNEL_LABELS[c]: [totals.get((c, monday), 0) for monday in mondays] for c in CHANNELS}
    return mondays, series


@dataclass(frozen=True)
class PageNumbers:
    page_id: int
    title: str
    reads: int
    shares: int
    by_channel: dict[str, int]


def _titles(page_ids) -> dict[int, str]:
    from wagtail.models import Page

    return dict(Page.objects.filter(pk__in=list(page_ids)).values_list("pk", "title"))


def top_pages(*, days: int = 30, limit: int = 10, today: datetime.date | None = None) -> list[PageNumbers]:
    """The most read pages of the last `days` days, all channels together."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    ranked = list(DailyStat.objects.filter(day__gte=since, day__lte=today).values("page_id")
                  .annotate(reads=Sum("reads"), shares=Sum("shares")).order_by("-reads", "page_id")[:limit])
    ids = [row["page_id"] for row in ranked]
    split: dict[int, dict[str, int]] = {}
    for page_id, channel, reads in (DailyStat.objects.filter(day__gte=since, day__lte=today, page_id__in=ids)
                                    .values_list("page_id", "channel").annotate(reads=Sum("reads"))):
        split.setdefault(page_id, {})[CHANNEL_LABELS.get(channel, channel)] = reads or 0
    titles = _titles(ids)
    return [PageNumbers(row["page_id"], titles.get(row["page_id"], f"#{row['page_id']}"), row["reads"] or 0,
                        row["shares"] or 0, split.get(row["page_id"], {})) for row in ranked]


def bulletin_comparison(*, limit: int = 10) -> list[tuple[str, int]]:
    """(第N期, reads in its first seven days, all channels) for the latest `limit` live bulletins, oldest first."""
    from content.models import BulletinPage

    bulletins = list(BulletinPage.objects.live().filter(first_published_at__isnull=False)
                     .order_by("-issue_number").values_list("pk", "issue_number", "first_published_at")[:limit])
    if not bulletins:
        return []
    windows = {pk: timezone.localtime(first).date() for pk, _n, first in bulletins}
    condition = Q()
    for pk, start in windows.items():
        condition |= Q(page_id=pk, day__gte=start, day__lte=start + datetime.timedelta(days=6))
    sums = dict(DailyStat.objects.filter(condition).values_list("page_id").annotate(reads=Sum("reads")))
    return [(f"第{number}期", sums.get(pk, 0) or 0) for pk, number, _first in reversed(bulletins)]


def alerts_shared(*, days: int = 30, limit: int = 10, today: datetime.date | None = None) -> list[tuple[str, int]]:
    """(alert title, times shared) for the most shared alerts of the last `days` days."""
    from content.models import BulletinAlert

    today = today or timezone.localdate()
    rows = list(StatDetail.objects.filter(kind=StatDetail.ALERT_SHARE, day__gte=today - datetime.timedelta(days=days - 1))
                .values_list("subject").annotate(total=Sum("count")).order_by("-total")[:limit])
    ids = [int(subject) for subject, _total in rows if subject.isdigit()]
    titles = {str(pk): title for pk, title in BulletinAlert.objects.filter(pk__in=ids).values_list("pk", "title")}
    return [(titles.get(subject, f"预警 {subject}"), total) for subject, total in rows]


def quiz_misconceptions(*, days: int = 90, limit: int = 10, minimum: int = 5,
                        today: datetime.date | None = None) -> list[tuple[str, int, int]]:
    """(question, answers, wrong answers) of the quiz questions most often answered wrong, by share wrong,
    among those answered at least `minimum` times in the last `days` days."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for page_id, subject, kind, total in (StatDetail.objects.filter(kind__in=(StatDetail.QUIZ_ANSWER, StatDetail.QUIZ_WRONG),
                                                                    day__gte=since)
                                          .values_list("page_id", "subject", "kind").annotate(total=Sum("count"))):
        counts.setdefault((page_id, subject), {})[kind] = total
    ranked = sorted(((key, c.get(StatDetail.QUIZ_ANSWER, 0), c.get(StatDetail.QUIZ_WRONG, 0)) for key, c in counts.items()
                     if c.get(StatDetail.QUIZ_ANSWER, 0) >= minimum),
                    key=lambda item: (-item[2] / item[1], -item[1]))[:limit]
    questions = _quiz_questions({page_id for (page_id, _s), _a, _w in ranked})
    return [(questions.get(key, f"问答 {key[1][:8]}"), answered, wrong) for key, answered, wrong in ranked]


def _quiz_questions(page_ids) -> dict[tuple[int, str], str]:
    from wagtail.models import Page

    found = {}
    for page in Page.objects.filter(pk__in=list(page_ids)).specific():
        for block in getattr(page, "body", None) or []:
            if block.block_type == "quiz":
                found[(page.pk, str(block.id))] = str(block.value.get("question", ""))
    return found


def page_numbers(*, page_id: int, days: int = 30, today: datetime.date | None = None) -> dict:
    """One page's totals per channel (all time and the last `days` days) and its daily reads, for its panel."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    rows = DailyStat.objects.filter(page_id=page_id)
    totals = {channel: values for channel, *values in rows.values_list("channel").annotate(
        reads=Sum("reads"), shares=Sum("shares"), completions=Sum("completions"), likes=Sum("likes"))}
    daily: dict[datetime.date, dict[str, int]] = {}
    for channel, day, reads in rows.filter(day__gte=since).values_list("channel", "day", "reads"):
        daily.setdefault(day, {})[channel] = reads
    days_list = [since + datetime.timedelta(days=n) for n in range(days)]
    return {
        "totals": [(CHANNEL_LABELS[c], *totals[c]) for c in CHANNELS if c in totals],
        "days": days_list,
        "series": {CHANNEL_LABELS[c]: [daily.get(d, {}).get(c, 0) for d in days_list] for c in CHANNELS},
    }
