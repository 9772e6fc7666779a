"""Douyin's numbers for our posts from `/api/douyin/v1/video/video_data/` (scope video.data.bind).

Douyin reports each post's cumulative play, digg, comment and share counts, 20 posts a call.
A day's numbers are the difference from the snapshot taken the day before (the first
snapshot counts as that day's), so collecting the same day again gives the same rows.
"""

import datetime
import logging

from publishing.channels.base import DOUYIN, ChannelError, get_channel
from publishing.channels.douyin import DouyinClient

from ..models import CollectionStatus, DailyStat, DouyinSnapshot
from ..recording import stats_set
from . import Collected

logger = logging.getLogger(__name__)

BATCH = 20


def douyin_posts() -> dict[str, int]:
    """{item_id: page id} for every Douyin post the platform created."""
    from publishing.deliveries.models import Delivery, DeliveryStatus

    rows = Delivery.objects.filter(channel=DOUYIN, status=DeliveryStatus.PUBLISHED, page__isnull=False)
    return {ids["item_id"]: page_id for page_id, ids in rows.values_list("page_id", "external_ids")
            if (ids or {}).get("item_id")}


def collect_douyin(*, day: datetime.date) -> Collected:
    if not get_channel(DOUYIN).is_configured():
        return Collected(CollectionStatus.NOT_CONFIGURED, message="抖音未配置。")
    posts = douyin_posts()
    if not posts:
        return Collected(CollectionStatus.DONE, message="没有已发布的抖音视频。")
    client = DouyinClient.from_settings()
    snapshots = []
    try:
        ids = sorted(posts)
        for start in range(0, len(ids), BATCH):
            for item in client.video_data(item_ids=ids[start: start + BATCH]):
                numbers = item.get("statistics") or {}
                snapshots.append(DouyinSnapshot(
                    item_id=item["item_id"], day=day, plays=int(numbers.get("play_count") or 0),
                    diggs=int(numbers.get("digg_count") or 0), comments=int(numbers.get("comment_count") or 0),
                    shares=int(numbers.get("share_count") or 0),
                ))
    except ChannelError as error:
        return Collected(CollectionStatus.FAILED, message=f"抖音视频数据接口出错：{error.message}")
    finally:
        client.close()
    DouyinSnapshot.objects.bulk_create(snapshots, batch_size=500, update_conflicts=True,
                                       unique_fields=["item_id", "day"],
                                       update_fields=["plays", "diggs", "comments", "shares"])
    before = {}
    recent = DouyinSnapshot.objects.filter(item_id__in=posts, day__lt=day, day__gte=day - datetime.timedelta(days=31))
    for snap in recent.order_by("item_id", "-day"):
        before.setdefault(snap.item_id, snap)
    per_page: dict[int, dict[str, int]] = {}  # a page posted more than once sums its posts
    for snap in snapshots:
        prior = before.get(snap.item_id)
        totals = per_page.setdefault(posts[snap.item_id], {"plays": 0, "diggs": 0, "comments": 0, "shares": 0})
        for name in totals:
            totals[name] += max(0, getattr(snap, name) - (getattr(prior, name) if prior else 0))
    rows = [DailyStat(page_id=page_id, channel="douyin", day=day, reads=t["plays"], shares=t["shares"],
                      likes=t["diggs"], comments=t["comments"]) for page_id, t in per_page.items()]
    return Collected(CollectionStatus.DONE, items=stats_set(rows=rows))
