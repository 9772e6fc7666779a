"""Benchmark of 阅读数据: the daily collection for 1,000 pages against the sandboxes, and the
阅读数据 view with a year of numbers.

    .venv/bin/python benchmarks/stats.py                 # about two minutes
    .venv/bin/python benchmarks/stats.py --pages 1000 --view-pages 300 --runs 15

What it does, in a throwaway SQLite database (var/statsbench.sqlite3, or --database-url):
1. creates PAGES bulletins-worth of article pages, each with a WeChat delivery (mass-sent, with
   its msg_data_id) and a Douyin post, and the WeChat and Douyin sandboxes on 127.0.0.1 holding
   those articles and posts with numbers for yesterday;
2. times `stats_collect(day=yesterday)`: one 数据统计 call for the day, 50 video-data calls of
   20 posts, 2,000 rows written, and prints it;
3. fills a year of daily rows for VIEW-PAGES pages on four channels (about VIEW-PAGES × 1,460
   rows) plus alert-share and quiz details, then times the 阅读数据 view (an admin's GET through
   Django's test client, charts included) RUNS times built anew and RUNS times from the board
   the view shares for five minutes (publishing/stats/dashboard.py), and prints the median and
   the worst of each.

Only 127.0.0.1 is contacted.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def setup(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.RENDER_ON_PUBLISH = False
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_pages(count: int):
    from django.db import connection

    from content.factories import ArticlePageFactory, build_site_tree

    tree = build_site_tree()
    pages = []
    started = time.perf_counter()
    with connection.cursor():
        for n in range(count):
            pages.append(ArticlePageFactory(parent=tree["credit"], title=f"征信常识第 {n} 篇", slug=f"bench-{n}"))
    print(f"created {count} pages in {time.perf_counter() - started:.1f} s")
    return tree, pages


def bench_collection(pages) -> None:
    from django.test import override_settings
    from django.utils import timezone

    from publishing.channels.sandbox import DouyinSandbox, SandboxServer, WechatSandbox
    from publishing.deliveries.models import Delivery, DeliveryStatus
    from publishing.stats.services import stats_collect

    wechat, douyin = WechatSandbox(), DouyinSandbox()
    servers = [SandboxServer(wechat).start(), SandboxServer(douyin).start()]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    sent = datetime.datetime.combine(yesterday - datetime.timedelta(days=1), datetime.time(9), tzinfo=beijing).timestamp()
    deliveries = []
    for index, page in enumerate(pages):
        msg_data_id, item_id = str(3_000_000_000 + index), f"@bench{index}"
        wechat.mass_sends[str(index)] = {"msg_id": str(index), "msg_data_id": msg_data_id, "status": "SEND_SUCCESS",
                                         "created": sent, "articles": [{"title": page.title}]}
        wechat.article_stats[(f"{msg_data_id}_1", yesterday.isoformat())] = {"read_user": 100 + index, "share_user": 3}
        douyin.items[item_id] = {"video_id": "v", "text": "", "deleted": False}
        douyin.item_stats[item_id] = {"play_count": 500 + index, "digg_count": 20}
        deliveries += [
            Delivery(page_id=page.pk, page_title=page.title, channel="wechat", status=DeliveryStatus.PUBLISHED,
                     external_ids={"mode": "mass", "msg_id": str(index), "msg_data_id": msg_data_id}),
            Delivery(page_id=page.pk, page_title=page.title, channel="douyin", status=DeliveryStatus.PUBLISHED,
                     external_ids={"item_id": item_id}),
        ]
    Delivery.objects.bulk_create(deliveries)
    now = datetime.datetime.combine(timezone.localdate(), datetime.time(9), tzinfo=beijing)
    wechat.advance(now.timestamp() - time.time())
    with override_settings(
        WECHAT_API_BASE=servers[0].url, WECHAT_APP_ID=wechat.app_id, WECHAT_APP_SECRET=wechat.secret,
        DOUYIN_API_BASE=servers[1].url, DOUYIN_CLIENT_KEY="k",
        DOUYIN_ACCESS_TOKEN=douyin.access_token, DOUYIN_OPEN_ID=douyin.open_id, CHANNEL_LOCK_DIR=REPO / "var" / "locks",
    ):
        started = time.perf_counter()
        runs = stats_collect(day=yesterday, now=now)
        seconds = time.perf_counter() - started
    for server in servers:
        server.stop()
    summary = ", ".join(f"{channel} {run.status} {run.items} rows" for channel, run in runs.items())
    calls = douyin.calls.get("/api/douyin/v1/video/video_data/", 0)
    print(f"daily collection for {len(pages)} pages: {seconds:.2f} s ({summary}; {calls} Douyin calls, "
          f"{wechat.calls.get('/datacube/getarticletotaldetail', 0)} WeChat call)")


def fill_year(pages) -> int:
    from django.utils import timezone

    from publishing.stats.models import DailyStat, StatDetail

    today = timezone.localdate()
    rng = random.Random(7)
    DailyStat.objects.all().delete()  # the collection above wrote yesterday's rows
    rows, details = [], []
    for day_offset in range(365):
        day = today - datetime.timedelta(days=day_offset)
        for page in pages:
            for channel in ("wechat", "app", "web", "douyin"):
                rows.append(DailyStat(page_id=page.pk, channel=channel, day=day, reads=rng.randint(0, 900),
                                      shares=rng.randint(0, 40)))
            if day_offset < 90 and page.pk % 10 == 0:
                details.append(StatDetail(page_id=page.pk, channel="app", day=day, kind="quiz_answer", subject="q1",
                                          count=rng.randint(5, 50)))
                details.append(StatDetail(page_id=page.pk, channel="app", day=day, kind="quiz_wrong", subject="q1",
                                          count=rng.randint(0, 5)))
                details.append(StatDetail(page_id=page.pk, channel="app", day=day, kind="alert_share",
                                          subject=str(page.pk % 50), count=rng.randint(0, 9)))
        if len(rows) > 50_000:
            DailyStat.objects.bulk_create(rows, batch_size=5000)
            rows = []
    DailyStat.objects.bulk_create(rows, batch_size=5000)
    StatDetail.objects.bulk_create(details, batch_size=5000)
    return DailyStat.objects.count()


def bench_view(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("statsbench", "b@example.com", "bench-password-1")
    client = Client()
    client.force_login(admin)
    url = reverse("stats_index")
    client.get(url)  # warm the templates
    for label, path in (("built anew (?refresh=1, as after a collection)", url + "?refresh=1"),
                        ("from the shared board (every other request)", url)):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"阅读数据 view, {label}: median {statistics.median(times):.0f} ms, worst {max(times):.0f} ms "
              f"over {runs} requests (target < 200 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--view-pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=f"sqlite:///{REPO / 'var' / 'statsbench.sqlite3'}")
    args = parser.parse_args()
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    setup(args.database_url)
    _tree, pages = make_pages(args.pages)
    bench_collection(pages)
    started = time.perf_counter()
    count = fill_year(pages[: args.view_pages])
    print(f"a year of numbers: {count:,} daily rows in {time.perf_counter() - started:.1f} s")
    bench_view(args.runs)


if __name__ == "__main__":
    main()
