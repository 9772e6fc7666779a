"""The 阅读数据 view's numbers and charts, computed once and shared for a few minutes.

With a year of rows the aggregates behind the view take a few hundred milliseconds; the
numbers move only when a collection writes a day (WeChat and Douyin, once a day) or when
the app's and the reader pages' counts are flushed (every few minutes, see
collectors/web.py). So the whole board is kept in the cache:

- under a key holding today's date and the stats version, which every collection bumps
  (`stats_changed`), so a finished collection shows on the next request;
- for `DASHBOARD_SECONDS` at most, so live counts show within minutes;
- warmed right after the daily collection (tasks.py), so nobody waits for the first build.

The board carries the time it was built, shown on the page; `?refresh=1` builds it anew.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.safestring import SafeString

from .charts import ranking_bars, stacked_bars
from .selectors import (
    PageNumbers,
    alerts_shared,
    bulletin_comparison,
    quiz_misconceptions,
    top_pages,
    weekly_reads,
)

logger = logging.getLogger(__name__)

DASHBOARD_SECONDS = 300
VERSION_KEY = "stats:version"


@dataclass(frozen=True)
class Dashboard:
    """Everything the 阅读数据 view shows, as built at `built_at`."""

    built_at: datetime.datetime
    weekly_chart: SafeString
    bulletin_chart: SafeString
    top: list[PageNumbers]
    alerts_chart: SafeString
    quiz: list[tuple[str, int, int]]
    quiz_chart: SafeString


def stats_changed() -> None:
    """Mark the numbers as changed (a collection wrote a day): the next view builds the board anew."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)


def _key(today: datetime.date) -> str:
    return f"stats:dashboard:{today.isoformat()}:{cache.get(VERSION_KEY, 0)}"


def dashboard_build(*, today: datetime.date | None = None) -> Dashboard:
    """Compute the board from the database (a handful of aggregate queries) and render its charts."""
    today = today or timezone.localdate()
    mondays, series = weekly_reads(weeks=12, today=today)
    quiz = quiz_misconceptions(today=today)
    return Dashboard(
        built_at=timezone.now(),
        weekly_chart=stacked_bars(categories=[f"{m:%m-%d}" for m in mondays], series=series,
                                  title="近 12 周各渠道阅读次数（按周）"),
        bulletin_chart=ranking_bars(rows=bulletin_comparison(), title="各期周报发布后 7 天阅读次数"),
        top=top_pages(days=30, today=today),
        alerts_chart=ranking_bars(rows=alerts_shared(today=today), title="近 30 天被分享最多的预警", unit=" 次"),
        quiz=quiz,
        quiz_chart=ranking_bars(rows=[(question, round(100 * wrong / answered)) for question, answered, wrong in quiz],
                                title="答错率最高的问答（近 90 天，至少 5 人作答）", unit="%"),
    )


def dashboard_get(*, refresh: bool = False) -> Dashboard:
    """The board from the cache, or built and cached when missing, stale or `refresh` is asked."""
    today = timezone.localdate()
    key = _key(today)
    board = None if refresh else cache.get(key)
    if board is None:
        board = dashboard_build(today=today)
        cache.set(key, board, timeout=DASHBOARD_SECONDS)
    return board


def dashboard_warm() -> None:
    """Build and cache the board now (after the daily collection), so the first visitor does not wait."""
    dashboard_get(refresh=True)
    logger.info("阅读数据 board built and cached")
