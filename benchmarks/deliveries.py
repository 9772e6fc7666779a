"""Measure deliveries against the local sandbox platforms, with real `db_worker` processes.

    .venv/bin/python benchmarks/deliveries.py              # both scenarios, a few minutes
    .venv/bin/python benchmarks/deliveries.py --drain 200  # fewer queued deliveries
    .venv/bin/python benchmarks/deliveries.py --skip-latency

What it does, from a clean slate each time (everything under var/bench-deliveries/):

1. a throwaway SQLite database (migrate), media and cache folders, and the three sandbox
   platforms (WeChat, Douyin, the app's webhook receiver) on 127.0.0.1 in this process;
2. latency: two `manage.py db_worker` processes run; one bulletin is published and the
   clock runs until its four deliveries stop (App, WeChat and Douyin 已发布, 视频号
   待人工确认). Done twice: "cold", where the workers also render the poster and the
   video, and "warm", for a second bulletin whose renders were made beforehand, so the
   figure is the delivery machinery and the platforms alone. WeChat's first status poll
   is deferred DELIVERY_POLL_FIRST_SECONDS (1 s here; 5 s by default);
3. drain: N app deliveries (one per revision of an article, 500 by default) are queued
   with no worker running, then drained by one worker and, after a reset, by two
   (`db_worker --batch`); it prints the time, deliveries per second and the ratio.

The machine's load average is printed: other work on the same two cores lowers every
figure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench-deliveries"
PYTHON = REPO / ".venv" / "bin" / "python"
sys.path.insert(0, str(REPO))

from publishing.channels.sandbox import (  # noqa: E402 - after sys.path
    AppSandbox,
    DouyinSandbox,
    SandboxServer,
    WechatSandbox,
)


def environment(servers: dict) -> dict:
    """The environment of this process and its workers: the bench database and the sandboxes."""
    wechat, douyin, app = servers["wechat"], servers["douyin"], servers["app"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only",
        "DATABASE_URL": f"sqlite:///{BENCH_DIR / 'db.sqlite3'}",
        "MEDIA_ROOT": str(BENCH_DIR / "media"),
        "PAGE_CACHE_DIR": str(BENCH_DIR / "cache" / "pages"),
        "CHANNEL_CACHE_DIR": str(BENCH_DIR / "cache" / "channels"),
        "CHANNEL_LOCK_DIR": str(BENCH_DIR / "locks"),
        "LOG_LEVEL": "WARNING",
        "WECHAT_API_BASE": wechat.url,
        "WECHAT_APP_ID": wechat.app.app_id,
        "WECHAT_APP_SECRET": wechat.app.secret,
        "DOUYIN_API_BASE": douyin.url,
        "DOUYIN_CLIENT_KEY": "bench",
        "DOUYIN_ACCESS_TOKEN": douyin.app.access_token,
        "DOUYIN_OPEN_ID": douyin.app.open_id,
        "APP_WEBHOOK_URL": f"{app.url}/webhooks/jrcs",
        "APP_WEBHOOK_SECRET": app.app.secret,
        "DELIVERY_POLL_FIRST_SECONDS": "1",
    }


def start_workers(count: int, env: dict, *, batch: bool = False) -> list[subprocess.Popen]:
    command = [str(PYTHON), "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
    if batch:
        command.append("--batch")
    return [
        subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(count)
    ]


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


def wait_for(predicate, *, timeout: float, step: float = 0.05) -> float | None:
    """Seconds until `predicate()` holds, or None after `timeout`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if predicate():
            return time.perf_counter() - started
        time.sleep(step)
    return None


def build_site():
    """The columns and two bulletins and an article, made without delivering anything."""
    from content.factories import ArticlePageFactory, BulletinPageFactory, build_site_tree

    tree = build_site_tree()
    return {
        "cold": BulletinPageFactory(parent=tree["antifraud"], issue_number=101, title="防范电信网络诈骗周报 第101期"),
        "warm": BulletinPageFactory(parent=tree["antifraud"], issue_number=102, title="防范电信网络诈骗周报 第102期"),
        "article": ArticlePageFactory(parent=tree["credit"], title="征信报告怎么看", slug="bench-article"),
    }


def delivered(page) -> tuple[bool, dict]:
    from publishing.deliveries.models import Delivery, DeliveryStatus

    states = dict(Delivery.objects.filter(page_id=page.pk).values_list("channel", "status"))
    done = {DeliveryStatus.PUBLISHED, DeliveryStatus.AWAITING_CONFIRMATION, DeliveryStatus.FAILED, DeliveryStatus.CANCELLED}
    return len(states) == 4 and set(states.values()) <= done, states


def latency(pages: dict, env: dict) -> dict:
    from publishing.render.services import render_page

    results = {}
    workers = start_workers(2, env)
    try:
        time.sleep(1.5)  # the workers import Django before the clock starts
        for name in ("cold", "warm"):
            page = pages[name]
            if name == "warm":
                started = time.perf_counter()
                render_page(page=page, format="poster")
                render_page(page=page, format="video")
                results["prerender_seconds"] = time.perf_counter() - started
            started = time.perf_counter()
            page.save_revision().publish()
            seconds = wait_for(lambda page=page: delivered(page)[0], timeout=600)
            results[name] = (seconds, delivered(page)[1])
            if seconds is None:
                results[name] = (time.perf_counter() - started, delivered(page)[1])
    finally:
        stop(workers)
    return results


def queue_app_deliveries(article, count: int) -> None:
    from django.db import transaction

    from publishing.deliveries.records import delivery_create
    from publishing.deliveries.tasks import delivery_enqueue

    for _ in range(count):
        with transaction.atomic():
            revision = article.save_revision()
            delivery, _created = delivery_create(page=article, revision=revision, channel="app")
            delivery_enqueue(delivery=delivery)


def drain(article, count: int, workers: int, env: dict, app: AppSandbox) -> float:
    from django_tasks_db.models import DBTaskResult

    from publishing.deliveries.models import Delivery, DeliveryStatus

    Delivery.objects.filter(page_id=article.pk).delete()
    DBTaskResult.objects.all().delete()
    app.reset()
    queue_app_deliveries(article, count)
    started = time.perf_counter()
    processes = start_workers(workers, env, batch=True)
    for process in processes:
        process.wait(timeout=1800)
    seconds = time.perf_counter() - started
    published = Delivery.objects.filter(page_id=article.pk, status=DeliveryStatus.PUBLISHED).count()
    if published != count or len(app.events) != count:
        raise SystemExit(f"drain with {workers} worker(s): {published}/{count} published, {len(app.events)} webhooks")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drain", type=int, default=500, help="app deliveries to queue and drain (default 500)")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-drain", action="store_true")
    args = parser.parse_args()

    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True)
    servers = {
        "wechat": SandboxServer(WechatSandbox()).start(),
        "douyin": SandboxServer(DouyinSandbox()).start(),
        "app": SandboxServer(AppSandbox()).start(),
    }
    env = environment(servers)
    os.environ.update(env)
    print(f"load average before: {os.getloadavg()}")
    print("migrating a fresh database under var/bench-deliveries/ …", flush=True)
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True)

    import django

    django.setup()
    from django.conf import settings

    assert str(BENCH_DIR) in str(settings.DATABASES["default"]["NAME"])
    try:
        pages = build_site()
        if not args.skip_latency:
            results = latency(pages, env)
            print("\npublish → delivered, one bulletin, four channels, two db_worker processes:")
            for name in ("cold", "warm"):
                seconds, states = results[name]
                label = "cold (renders poster and video)" if name == "cold" else "warm (renders made beforehand)"
                print(f"  {label:<34} {seconds:6.2f} s  {states}")
            print(f"  (making the warm bulletin's poster and video beforehand took {results['prerender_seconds']:.2f} s)")
            wechat = servers["wechat"].app
            print(f"  WeChat: {len(wechat.drafts)} drafts, {len(wechat.publishes)} publishes, "
                  f"{wechat.token_fetches} token fetch(es) for {len(wechat.images)} images")
        if not args.skip_drain:
            one = drain(pages["article"], args.drain, 1, env, servers["app"].app)
            two = drain(pages["article"], args.drain, 2, env, servers["app"].app)
            print(f"\ndraining {args.drain} queued app deliveries (db_worker --batch):")
            print(f"  one worker   {one:7.2f} s  {args.drain / one:6.1f} deliveries/s")
            print(f"  two workers  {two:7.2f} s  {args.drain / two:6.1f} deliveries/s   ratio {one / two:.2f}x")
    finally:
        for server in servers.values():
            server.stop()
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
