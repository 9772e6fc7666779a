"""Collecting reading numbers against the sandboxes: WeChat 数据统计, Douyin video data; late data is marked, never invented."""

import datetime
import io
import time

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from publishing.channels.base import ChannelError
from publishing.channels.wechat.client import WechatClient
from publishing.deliveries.models import Delivery
from publishing.stats.models import CollectionRun, CollectionStatus, DailyStat
from publishing.stats.services import stats_collect, stats_collect_due

pytestmark = pytest.mark.django_db

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def sent_bulletin(site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks):
    bulletin = site_pages["bulletin"]
    with django_capture_on_commit_callbacks(execute=True):
        bulletin.save_revision().publish()
    task_queue.run()
    return bulletin


def test_wechat_numbers_arrive_per_day_keyed_by_the_mass_sends_msg_data_id(sent_bulletin, wechat_sandbox):
    delivery = Delivery.objects.get(page_id=sent_bulletin.pk, channel="wechat")
    msgid = f"{delivery.external_ids['msg_data_id']}_1"
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    nine = datetime.datetime.combine(timezone.localdate(), datetime.time(9), tzinfo=BEIJING)
    wechat_sandbox.advance(nine.timestamp() - time.time())  # this morning at nine, Beijing time
    noon = datetime.datetime.combine(yesterday, datetime.time(12), tzinfo=BEIJING)
    wechat_sandbox.mass_sends[delivery.external_ids["msg_id"]]["created"] = noon.timestamp()  # sent yesterday
    wechat_sandbox.article_stats[(msgid, yesterday.isoformat())] = {
        "read_user": 1200, "read_count": 1500, "share_user": 88, "like_user": 30, "zaikan_user": 12, "comment_count": 4,
    }
    runs = stats_collect(day=yesterday, now=nine)
    assert runs["wechat"].status == CollectionStatus.DONE and runs["wechat"].items == 1
    row = DailyStat.objects.get(page_id=sent_bulletin.pk, channel="wechat", day=yesterday)
    assert (row.reads, row.readers, row.shares, row.likes, row.comments) == (1500, 1200, 88, 42, 4)
    # Collecting again gives the same numbers, not twice them.
    stats_collect(day=yesterday, now=nine)
    assert DailyStat.objects.get(page_id=sent_bulletin.pk, channel="wechat", day=yesterday).reads == 1500


def test_before_eight_the_day_is_not_ready_and_is_retried_then_marked_missing(sent_bulletin, wechat_sandbox):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    seven = datetime.datetime.combine(timezone.localdate(), datetime.time(7), tzinfo=BEIJING)
    assert stats_collect(day=yesterday, now=seven)["wechat"].status == CollectionStatus.NOT_READY
    assert wechat_sandbox.calls.get("/datacube/getarticletotaldetail", 0) == 0
    assert not DailyStat.objects.filter(channel="wechat").exists()
    # The sweep tries that day again; WeChat's list is empty (nothing sent before that day): still not ready.
    runs = stats_collect_due(now=timezone.now())
    assert any(run.day == yesterday and run.channel == "wechat" for run in runs)
    assert not DailyStat.objects.filter(channel="wechat").exists()
    # Days later without data: marked as missing, never zero-filled.
    later = timezone.now() + datetime.timedelta(days=5)
    stats_collect(day=yesterday, now=later)
    run = CollectionRun.objects.get(channel="wechat", day=yesterday)
    assert run.status == CollectionStatus.GAVE_UP and run.attempts == 3 and "无数据" in run.message


def test_the_sandbox_holds_the_api_to_one_past_day_per_call(wechat_sandbox):
    client = WechatClient.from_settings()
    today = timezone.localdate()
    with pytest.raises(ChannelError) as caught:
        client.datacube("getarticletotaldetail", begin_date=today - datetime.timedelta(days=3),
                        end_date=today - datetime.timedelta(days=2))
    assert caught.value.code == "61500"
    with pytest.raises(ChannelError) as caught:
        client.datacube("getarticleread", begin_date=today, end_date=today)
    assert caught.value.code == "61501"
    client.close()


def test_douyin_days_are_the_difference_of_cumulative_counts_fetched_twenty_at_a_time(
    sent_bulletin, douyin_sandbox, monkeypatch
):
    from publishing.stats.collectors import douyin as collector

    item_id = Delivery.objects.get(page_id=sent_bulletin.pk, channel="douyin").external_ids["item_id"]
    extra = {f"@other{n}": sent_bulletin.pk for n in range(24)}  # 25 posts: two calls
    for other in extra:
        douyin_sandbox.items[other] = {"video_id": "v", "text": "", "deleted": False}
    monkeypatch.setattr(collector, "douyin_posts", lambda: {item_id: sent_bulletin.pk, **extra})
    day1 = timezone.localdate() - datetime.timedelta(days=2)
    douyin_sandbox.item_stats[item_id] = {"play_count": 100, "digg_count": 10, "share_count": 3}
    assert stats_collect(day=day1, channels=("douyin",))["douyin"].items == 1  # one page
    douyin_sandbox.item_stats[item_id] = {"play_count": 250, "digg_count": 14, "share_count": 5}
    stats_collect(day=day1 + datetime.timedelta(days=1), channels=("douyin",))
    assert douyin_sandbox.calls["/api/douyin/v1/video/video_data/"] == 4
    rows = {row.day: row for row in DailyStat.objects.filter(channel="douyin", page_id=sent_bulletin.pk)}
    assert rows[day1].reads == 100  # the page's 25 posts summed (the others have no plays)
    assert (rows[day1 + datetime.timedelta(days=1)].reads, rows[day1 + datetime.timedelta(days=1)].likes) == (150, 4)


def test_the_command_collects_a_day_and_refuses_today(sent_bulletin):
    out = io.StringIO()
    day = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    call_command("collect_stats", "--date", day, stdout=out)
    assert f"{day} wechat" in out.getvalue() and f"{day} douyin" in out.getvalue()
    with pytest.raises(CommandError, match="昨天及以前"):
        call_command("collect_stats", "--date", timezone.localdate().isoformat(), stdout=io.StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("collect_stats", "--date", "2026/11/01", stdout=io.StringIO())
