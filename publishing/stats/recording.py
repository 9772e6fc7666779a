"""Writing numbers: set a day's totals (collectors, idempotent) or add to them (live app and page counts)."""

import datetime

from django.db import transaction
from django.db.models import F

from .models import DailyStat, StatDetail

METRICS = ("reads", "readers", "shares", "completions", "likes", "comments")


def stats_set(*, rows: list[DailyStat]) -> int:
    """Store each row's numbers as the day's totals, replacing what was there (a collection run again
    gives the same result); returns how many rows were written. One statement per 500 rows."""
    if not rows:
        return 0
    DailyStat.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["page", "channel", "day"], update_fields=list(METRICS),
    )
    return len(rows)


def stats_add(*, page_id: int, channel: str, day: datetime.date, **increments: int) -> None:
    """Add `increments` (reads=1, completions=1 …) to the page's row for the day, creating it."""
    increments = {name: value for name, value in increments.items() if value}
    if not increments:
        return
    with transaction.atomic():
        row, created = DailyStat.objects.select_for_update().get_or_create(
            page_id=page_id, channel=channel, day=day, defaults={name: value for name, value in increments.items()},
        )
        if not created:
            DailyStat.objects.filter(pk=row.pk).update(
                **{name: F(name) + value if getattr(row, name) is not None else value for name, value in increments.items()}
            )


def detail_add(*, page_id: int, channel: str, day: datetime.date, kind: str, subject: str, count: int = 1) -> None:
    """Add `count` to a detail counter (an alert shared, a quiz question answered or answered wrong)."""
    with transaction.atomic():
        row, created = StatDetail.objects.select_for_update().get_or_create(
            page_id=page_id, channel=channel, day=day, kind=kind, subject=subject[:64], defaults={"count": count},
        )
        if not created:
            StatDetail.objects.filter(pk=row.pk).update(count=F("count") + count)
