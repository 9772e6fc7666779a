"""The app's signed events and the reader pages' server-side counts, and the 阅读数据 view."""

import datetime
import json
import time

from django.urls import reverse
from django.utils import timezone

import pytest

from publishing.channels.app import webhook_signature
from publishing.stats.collectors import web
from publishing.stats.models import DailyStat, StatDetail

pytestmark = pytest.mark.django_db

SECRET = "app-stats-secret-for-tests"  # noqa: S105


def post_events(client, events, *, batch_id="b-1", secret=SECRET, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    body = json.dumps({"batch_id": batch_id, "timestamp": timestamp, "events": events}).encode()
    return client.post("/api/stats/events/", data=body, content_type="application/json",
                       HTTP_X_JRCS_TIMESTAMP=str(timestamp),
                       HTTP_X_JRCS_SIGNATURE=webhook_signature(secret=secret, body=body))


@pytest.fixture
def stats_secret(settings):
    settings.APP_STATS_SECRET = SECRET


def test_a_signed_batch_is_counted_once(client, site_pages, stats_secret):
    page = site_pages["article"].pk
    now = timezone.now().isoformat()
    events = [
        {"type": "read", "page_id": page, "at": now}, {"type": "read", "page_id": page, "at": now},
        {"type": "read_end", "page_id": page, "at": now},
        {"type": "share", "page_id": page, "at": now, "subject": "17"},
        {"type": "quiz_answer", "page_id": page, "at": now, "subject": "q-1", "correct": False},
        {"type": "quiz_answer", "page_id": page, "at": now, "subject": "q-1", "correct": True},
        {"type": "read", "page_id": 999999, "at": now}, {"type": "hack", "page_id": page},
    ]
    response = post_events(client, events)
    assert response.status_code == 200 and response.json() == {"accepted": 6, "rejected": 2, "duplicate": False}
    assert post_events(client, events).json()["duplicate"] is True  # the app retried the same batch
    row = DailyStat.objects.get(page_id=page, channel="app", day=timezone.localdate())
    assert (row.reads, row.completions, row.shares) == (2, 1, 1)
    details = {(d.kind, d.subject): d.count for d in StatDetail.objects.all()}
    assert details == {("alert_share", "17"): 1, ("quiz_answer", "q-1"): 2, ("quiz_wrong", "q-1"): 1}


def test_unsigned_stale_or_oversized_batches_are_refused(client, site_pages, stats_secret):
    event = [{"type": "read", "page_id": site_pages["article"].pk}]
    assert post_events(client, event, secret="wrong").status_code == 401
    assert post_events(client, event, timestamp=int(time.time()) - 3600).status_code == 401
    assert post_events(client, event * 501, batch_id="big").status_code == 400
    assert client.get("/api/stats/events/").status_code == 405
    assert not DailyStat.objects.exists()


def wsgi_call(app, path, *, agent="Mozilla/5.0 (iPhone) MicroMessenger/8.0", method="GET", status="200 OK", **extra):
    def inner(environ, start_response):
        start_response(status, [("Content-Type", "text/html")])
        return [b"ok"]

    counter = web.ReadCounter(inner)
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_USER_AGENT": agent, **extra}
    return counter(environ, lambda *args: None)


def test_page_reads_are_counted_on_the_server_without_bots_or_cookies(site_pages):
    article = site_pages["article"]
    article.save_revision().publish()
    path = article.url
    web.COUNTS.take()
    wsgi_call(None, path)
    wsgi_call(None, path, status="304 Not Modified")
    wsgi_call(None, path, agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    wsgi_call(None, path, agent="")
    wsgi_call(None, path, HTTP_SEC_PURPOSE="prefetch")
    wsgi_call(None, path, method="HEAD")
    wsgi_call(None, path, status="404 Not Found")
    wsgi_call(None, "/admin/pages/")
    wsgi_call(None, "/no-such-page/")
    assert web.counts_flush() == 1
    assert DailyStat.objects.get(page_id=article.pk, channel="web").reads == 2


def test_the_stats_view_draws_its_charts(admin_client, site_pages, django_assert_max_num_queries, empty_cache):
    today = timezone.localdate()
    DailyStat.objects.create(page=site_pages["bulletin"], channel="wechat", day=today, reads=1500, shares=30)
    DailyStat.objects.create(page=site_pages["article"], channel="app", day=today - datetime.timedelta(days=7), reads=80)
    with django_assert_max_num_queries(40):
        response = admin_client.get(reverse("stats_index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") >= 4 and "近 12 周各渠道阅读次数" in body and "微信公众号" in body
    assert site_pages["bulletin"].title in body and "1,500" in body
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[site_pages["bulletin"].pk]))
    assert "近 30 天每日阅读" in edit.content.decode()
