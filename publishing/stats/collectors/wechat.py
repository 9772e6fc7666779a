"""WeChat's numbers for one day from 数据统计 (`/datacube/getarticletotaldetail`), the current API
for published content: one day per call, at most yesterday, ready after 08:00 Beijing time.

Items are keyed by `msgid` = `<msg_data_id>_<index>`; the msg_data_id of each article comes
from its delivery (recorded when it was mass-sent or published). An empty answer for a day on
which we had articles out means WeChat has not finished that day: the run is marked not
ready and tried again, never filled with zeros.
"""

import datetime
import logging

from django.utils import timezone

from publishing.channels.base import WECHAT, ChannelError, get_channel
from publishing.channels.wechat.client import WechatClient

from ..models import CollectionStatus, DailyStat
from ..recording import stats_set
from . import Collected

logger = logging.getLogger(__name__)

READY_AFTER = datetime.time(8, 0)


def wechat_articles() -> dict[str, int]:
    """{msgid of the first article: page id} for every WeChat delivery that went out."""
    from publishing.deliveries.models import Delivery, DeliveryStatus

    found = {}
    rows = Delivery.objects.filter(channel=WECHAT, status=DeliveryStatus.PUBLISHED, page__isnull=False)
    for page_id, ids in rows.values_list("page_id", "external_ids"):
        msg_data_id = (ids or {}).get("msg_data_id")
        if msg_data_id:
            found[f"{msg_data_id}_1"] = page_id
    return found


def data_ready(day: datetime.date, now: datetime.datetime | None = None) -> bool:
    """Whether WeChat has `day`'s numbers: from 08:00 Beijing time the next day."""
    local = timezone.localtime(now or timezone.now())
    return local >= timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), READY_AFTER))


def collect_wechat(*, day: datetime.date, now: datetime.datetime | None = None) -> Collected:
    channel = get_channel(WECHAT)
    if not channel.is_configured():
        return Collected(CollectionStatus.NOT_CONFIGURED, message="微信公众号未配置。")
    if not data_ready(day, now):
        return Collected(CollectionStatus.NOT_READY, message="微信在次日 08:00 后才提供前一天的数据。")
    articles = wechat_articles()
    if not articles:
        return Collected(CollectionStatus.DONE, message="没有已发出的公众号文章。")
    client = WechatClient.from_settings()
    try:
        data = client.datacube("getarticletotaldetail", begin_date=day, end_date=day)
    except ChannelError as error:
        return Collected(CollectionStatus.FAILED, message=f"微信数据统计接口出错：{error.message}")
    finally:
        client.close()
    items = data.get("list") or []
    if not items:
        return Collected(CollectionStatus.NOT_READY, message="微信尚未提供该日的文章数据，稍后重试。")
    rows = []
    for item in items:
        page_id = articles.get(str(item.get("msgid")))
        if page_id is None:
            continue  # an article sent from WeChat's own editor, not by the platform
        readers = int(item.get("read_user") or 0)
        rows.append(DailyStat(
            page_id=page_id, channel="wechat", day=day, reads=int(item.get("read_count") or readers),
            readers=readers, shares=int(item.get("share_user") or 0),
            likes=int(item.get("like_user") or 0) + int(item.get("zaikan_user") or 0),
            comments=int(item.get("comment_count") or 0),
        ))
    return Collected(CollectionStatus.DONE, items=stats_set(rows=rows))
