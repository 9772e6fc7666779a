"""The content calendar: what went live, what is scheduled and what each channel did, by day.

`calendar_entries(start, end)` reads three things in three queries: pages first published in
the range, revisions approved to go live in it (scheduled), and deliveries created in it
with their channel and status. Days are Beijing dates.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Entry:
    kind: str  # "live", "scheduled" or "delivery"
    title: str
    label: str
    page_url: str
    deliveries_url: str
    css: str = ""


def _local_day(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def _bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    return (datetime.datetime.combine(start, datetime.time(), tzinfo=tz),
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz))


def _urls(page_id: int) -> tuple[str, str]:
    return (reverse("wagtailadmin_pages:edit", args=[page_id]), reverse("deliveries:index") + f"?page={page_id}")


def calendar_entries(*, start: datetime.date, end: datetime.date) -> dict[datetime.date, list[Entry]]:
    """{day: entries} from `start` to `end` (inclusive)."""
    from wagtail.models import Page, Revision

    from publishing.deliveries.models import Delivery

    low, high = _bounds(start, end)
    days: dict[datetime.date, list[Entry]] = {}
    for pk, title, first in (Page.objects.filter(first_published_at__gte=low, first_published_at__lt=high, depth__gt=2)
                             .values_list("pk", "title", "first_published_at")):
        days.setdefault(_local_day(first), []).append(Entry("live", title, "上线", *_urls(pk), css="live"))
    scheduled = (Revision.page_revisions.filter(approved_go_live_at__gte=low, approved_go_live_at__lt=high)
                 .values_list("object_id", "object_str", "approved_go_live_at"))
    for object_id, title, when in scheduled:
        page_id = int(object_id)
        days.setdefault(_local_day(when), []).append(
            Entry("scheduled", title, f"{timezone.localtime(when):%H:%M} 定时发布", *_urls(page_id), css="scheduled"))
    for page_id, title, channel, status, created in (
        Delivery.objects.filter(created_at__gte=low, created_at__lt=high, page__isnull=False)
        .order_by("created_at").values_list("page_id", "page_title", "channel", "status", "created_at")
    ):
        days.setdefault(_local_day(created), []).append(
            Entry("delivery", title, f"{_channel_label(channel)} · {_status_label(status)}", *_urls(page_id),
                  css=status))
    return days


def _channel_label(channel: str) -> str:
    from publishing.deliveries.models import ChannelName

    return str(ChannelName(channel).label) if channel in ChannelName.values else channel


def _status_label(status: str) -> str:
    from publishing.deliveries.models import DeliveryStatus

    return str(DeliveryStatus(status).label) if status in DeliveryStatus.values else status


def month_weeks(year: int, month: int) -> list[list[datetime.date]]:
    """The weeks (Monday first) that cover the month, as lists of seven dates.

    >>> [len(week) for week in month_weeks(2026, 11)], month_weeks(2026, 11)[0][0]
    ([7, 7, 7, 7, 7, 7], datetime.date(2026, 10, 26))
    """
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    start = first - datetime.timedelta(days=first.weekday())
    end = last + datetime.timedelta(days=6 - last.weekday())
    return [[start + datetime.timedelta(days=7 * week + n) for n in range(7)]
            for week in range(((end - start).days + 1) // 7)]
