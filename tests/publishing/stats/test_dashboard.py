"""The 阅读数据 board is built once and shared: a collection shows at once, live counts within minutes."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from publishing.stats.dashboard import DASHBOARD_SECONDS, dashboard_get
from publishing.stats.models import CollectionRun, DailyStat
from publishing.stats.services import stats_collect

pytestmark = pytest.mark.django_db


def test_the_second_request_reads_the_board_from_the_cache(admin_client, site_pages, empty_cache,
                                                          django_assert_max_num_queries):
    DailyStat.objects.create(page=site_pages["article"], channel="app", day=timezone.localdate(), reads=4321)
    first = admin_client.get(reverse("stats_index"))
    assert "4,321" in first.content.decode()
    DailyStat.objects.filter(page=site_pages["article"]).update(reads=5555)
    with django_assert_max_num_queries(12):  # the admin's own queries; none of the aggregates
        second = admin_client.get(reverse("stats_index"))
    body = second.content.decode()
    assert "4,321" in body and "5,555" not in body
    assert "本页数据生成于" in body and "分钟内显示" in body


def test_refresh_builds_the_board_anew(admin_client, site_pages, empty_cache):
    DailyStat.objects.create(page=site_pages["article"], channel="app", day=timezone.localdate(), reads=4321)
    admin_client.get(reverse("stats_index"))
    DailyStat.objects.filter(page=site_pages["article"]).update(reads=5555)
    assert "5,555" in admin_client.get(reverse("stats_index") + "?refresh=1").content.decode()


def test_live_counts_show_once_the_board_expires(site_pages, empty_cache):
    start = timezone.now()
    DailyStat.objects.create(page=site_pages["article"], channel="web", day=timezone.localdate(), reads=10)
    with time_machine.travel(start, tick=False) as clock:
        assert dashboard_get().top[0].reads == 10
        DailyStat.objects.filter(page=site_pages["article"]).update(reads=11)
        clock.shift(datetime.timedelta(seconds=DASHBOARD_SECONDS - 5))
        assert dashboard_get().top[0].reads == 10
        clock.shift(datetime.timedelta(seconds=10))
        assert dashboard_get().top[0].reads == 11


def test_a_finished_collection_shows_on_the_next_request(site_pages, empty_cache, settings):
    settings.WECHAT_APP_ID = settings.WECHAT_APP_SECRET = ""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    DailyStat.objects.create(page=site_pages["bulletin"], channel="wechat", day=yesterday, reads=100)
    assert dashboard_get().top[0].reads == 100
    DailyStat.objects.filter(page=site_pages["bulletin"]).update(reads=900)  # as a collector's stats_set does
    stats_collect(day=yesterday, channels=("wechat",))
    assert CollectionRun.objects.filter(channel="wechat", day=yesterday).exists()
    assert dashboard_get().top[0].reads == 900
