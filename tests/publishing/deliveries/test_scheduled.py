"""Scheduled publishing: a revision approved for later goes out when it goes live, through Wagtail's scheduler.

The clock is moved with time_machine; `manage.py publish_scheduled` (what `run_scheduler`
queues every minute) makes the revision live, and only then are deliveries created and sent.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.urls import reverse

import pytest
import time_machine

from content.factories import ArticlePageFactory
from content.models import ArticlePage
from publishing.deliveries.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
APPROVED_AT = datetime.datetime(2026, 11, 29, 21, 31, tzinfo=SHANGHAI)
GO_LIVE_AT = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)
AFTER_GO_LIVE = datetime.datetime(2026, 11, 30, 9, 1, tzinfo=SHANGHAI)


@pytest.fixture
def app_only(channel_settings):
    """Articles go to the app alone, so the test reads one channel."""
    channel_settings.article_wechat = False
    channel_settings.save()
    return channel_settings


def schedule(page, capture, *, go_live_at=GO_LIVE_AT, user=None):
    """Approve a new revision of `page` for `go_live_at`, as the reviewer's approval does."""
    page.go_live_at = go_live_at
    with capture(execute=True):
        revision = page.save_revision(user=user)
        revision.publish(user=user)
    return revision


def publish_scheduled(capture):
    with capture(execute=True):
        call_command("publish_scheduled", verbosity=0)


def test_a_scheduled_page_goes_out_at_go_live_not_at_approval(
    site_pages, app_sandbox, app_only, task_queue, django_capture_on_commit_callbacks, client, admin_user
):
    client.force_login(admin_user)
    with time_machine.travel(APPROVED_AT, tick=True):
        page = ArticlePageFactory(parent=site_pages["loans"], title="借款合同要看清", slug="jie-kuan-he-tong", live=False)
        revision = schedule(page, django_capture_on_commit_callbacks, user=admin_user)
        task_queue.run()
        assert not ArticlePage.objects.get(pk=page.pk).live
        assert not Delivery.objects.exists(), "approved for Monday 09:00: nothing goes out on Sunday evening"
        assert app_sandbox.events == []
        # The page's 设置 tab shows what will go out, and when.
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert "已排期" in html and "2026-11-30 09:00" in html
        # Running the scheduler before the go-live time changes nothing.
        publish_scheduled(django_capture_on_commit_callbacks)
        task_queue.run()
        assert not Delivery.objects.exists() and app_sandbox.events == []

    with time_machine.travel(AFTER_GO_LIVE, tick=True):
        publish_scheduled(django_capture_on_commit_callbacks)
        live = ArticlePage.objects.get(pk=page.pk)
        assert live.live and live.live_revision_id == revision.pk
        assert task_queue.names() == ["run_delivery"]
        task_queue.run()
        delivery = Delivery.objects.get()
        assert delivery.revision_id == revision.pk and delivery.status == DeliveryStatus.PUBLISHED
        assert len(app_sandbox.events) == 1
        sent = app_sandbox.events[0]
        assert sent["event"] == "page.published"
        assert sent["page"]["first_published_at"] is not None
        assert datetime.datetime.fromisoformat(sent["page"]["first_published_at"]) >= GO_LIVE_AT
        address = urlsplit(sent["page"]["url"])
        response = client.get(address.path, HTTP_HOST=address.netloc)
        assert response.status_code == 200 and "借款合同要看清" in response.content.decode()

        # Once only: the scheduler's next runs and the resume sweep send nothing more.
        publish_scheduled(django_capture_on_commit_callbacks)
        call_command("deliveries", "--resume", stdout=None)
        task_queue.run()
        assert Delivery.objects.count() == 1 and len(app_sandbox.events) == 1
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert "已排期" not in html and "已发布" in html


def test_unscheduling_or_replacing_a_scheduled_revision_leaves_no_stale_delivery(
    site_pages, app_sandbox, app_only, task_queue, django_capture_on_commit_callbacks
):
    with time_machine.travel(APPROVED_AT, tick=True):
        unscheduled = ArticlePageFactory(parent=site_pages["loans"], title="撤销排期", slug="che-xiao", live=False)
        schedule(unscheduled, django_capture_on_commit_callbacks)
        # 取消排期 in the admin clears the approval of the revision.
        unscheduled.revisions.update(approved_go_live_at=None)

        replaced = ArticlePageFactory(parent=site_pages["loans"], title="旧版本", slug="ti-huan", live=False)
        first = schedule(replaced, django_capture_on_commit_callbacks)
        replaced.title = "新版本"
        second = schedule(replaced, django_capture_on_commit_callbacks,
                          go_live_at=GO_LIVE_AT + datetime.timedelta(hours=1))
        task_queue.run()
        assert not Delivery.objects.exists()

    with time_machine.travel(GO_LIVE_AT + datetime.timedelta(hours=2), tick=True):
        publish_scheduled(django_capture_on_commit_callbacks)
        task_queue.run()
    assert not ArticlePage.objects.get(pk=unscheduled.pk).live
    assert list(Delivery.objects.values_list("page_id", "revision_id")) == [(replaced.pk, second.pk)]
    assert not Delivery.objects.filter(revision=first).exists()
    assert [event["page"]["title"] for event in app_sandbox.events] == ["新版本"]


def test_a_scheduled_update_of_a_live_page_goes_out_when_it_goes_live(
    site_pages, app_sandbox, app_only, task_queue, django_capture_on_commit_callbacks
):
    article = site_pages["article"]
    with time_machine.travel(APPROVED_AT, tick=True):
        article.title = "征信报告怎么看（修订）"
        update = schedule(article, django_capture_on_commit_callbacks)
        task_queue.run()
        assert not Delivery.objects.filter(revision=update).exists()
    with time_machine.travel(AFTER_GO_LIVE, tick=True):
        publish_scheduled(django_capture_on_commit_callbacks)
        task_queue.run()
    assert Delivery.objects.get(revision=update).status == DeliveryStatus.PUBLISHED
    assert app_sandbox.events[-1]["page"]["title"] == "征信报告怎么看（修订）"


def test_distribute_says_when_a_scheduled_page_goes_live(site_pages, app_only, django_capture_on_commit_callbacks):
    from django.core.management.base import CommandError

    with time_machine.travel(APPROVED_AT, tick=True):
        page = ArticlePageFactory(parent=site_pages["loans"], title="排期中", slug="pai-qi", live=False)
        schedule(page, django_capture_on_commit_callbacks)
        with pytest.raises(CommandError, match="已排期，将于 2026-11-30 09:00 上线"):
            call_command("distribute", str(page.pk))
    assert not Delivery.objects.exists()
