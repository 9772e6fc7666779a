"""Collecting a day's numbers from every platform, and retrying what was late or failed.

`stats_collect(day=…)` runs each collector (WeChat, Douyin; the app and the reader pages
count as they happen, so their run only writes the reads still in this process) and records
a `CollectionRun` per channel. `stats_collect_due()` is the daily job: yesterday, plus every
day of the last week whose run is not done; a channel that keeps failing or has no data for
three days is marked 数据缺失 (gave up), never filled in.
"""

import datetime
import logging
import time

from django.utils import timezone

from .collectors import Collected
from .collectors.douyin import collect_douyin
from .collectors.web import counts_flush
from .collectors.wechat import collect_wechat
from .dashboard import stats_changed
from .models import CollectionRun, CollectionStatus

logger = logging.getLogger(__name__)

RETRY_DAYS = 7
GIVE_UP_AFTER_DAYS = 3
COLLECTORS = {
    "wechat": lambda day, now: collect_wechat(day=day, now=now),
    "douyin": lambda day, now: collect_douyin(day=day),
}


def stats_collect(*, day: datetime.date, now: datetime.datetime | None = None,
                  channels: tuple[str, ...] | None = None) -> dict[str, CollectionRun]:
    """Collect `day`'s numbers from each platform (default: all); returns the run of each channel."""
    now = now or timezone.now()
    counts_flush()
    runs = {}
    for channel, collect in COLLECTORS.items():
        if channels and channel not in channels:
            continue
        started = time.monotonic()
        try:
            result = collect(day, now)
        except Exception as error:
            logger.exception("Collecting %s numbers for %s failed", channel, day)
            result = Collected(CollectionStatus.FAILED, message=f"内部错误：{type(error).__name__}")
        runs[channel] = _record(channel=channel, day=day, result=result, now=now,
                                seconds=time.monotonic() - started)
    stats_changed()
    return runs


def _record(*, channel: str, day: datetime.date, result: Collected, now: datetime.datetime,
            seconds: float) -> CollectionRun:
    run, _created = CollectionRun.objects.get_or_create(channel=channel, day=day,
                                                        defaults={"status": result.status})
    status = result.status
    late = timezone.localdate(now) - day > datetime.timedelta(days=GIVE_UP_AFTER_DAYS)
    if status in (CollectionStatus.FAILED, CollectionStatus.NOT_READY) and late:
        status = CollectionStatus.GAVE_UP
    run.status = status
    run.attempts += 1
    run.items = result.items
    run.message = result.message if status != CollectionStatus.GAVE_UP else f"多次重试后仍无数据：{result.message}"
    run.seconds = round(seconds, 3)
    run.save()
    logger.info("Stats %s %s: %s (%d rows)", channel, day, status, result.items)
    return run


def stats_collect_due(*, now: datetime.datetime | None = None) -> list[CollectionRun]:
    """Collect yesterday and retry the last week's days whose runs are not done yet."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = set(CollectionRun.objects.filter(
        day__gte=today - datetime.timedelta(days=RETRY_DAYS),
        status__in=(CollectionStatus.DONE, CollectionStatus.GAVE_UP, CollectionStatus.NOT_CONFIGURED),
    ).values_list("channel", "day"))
    runs = []
    for offset in range(RETRY_DAYS, 0, -1):
        day = today - datetime.timedelta(days=offset)
        wanted = tuple(channel for channel in COLLECTORS if (channel, day) not in done)
        if wanted:
            runs += stats_collect(day=day, now=now, channels=wanted).values()
    return runs
