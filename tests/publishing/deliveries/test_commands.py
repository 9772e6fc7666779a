"""Operators' commands: `distribute` (JSON per channel) and `deliveries` (list, --status, --resume)."""

import datetime
import json
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from publishing.deliveries.models import Delivery, DeliveryStatus
from publishing.deliveries.tasks import resume_stalled_deliveries

from .test_services import publish

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_distribute_queues_the_live_revision_and_prints_json(
    site_pages, app_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, settings
):
    settings.WECHAT_APP_ID = ""
    article = site_pages["article"]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    task_queue.backend.clear()
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("distribute", str(article.pk), "--channel", "app")
    result = json.loads(output[: output.rindex("}") + 1])
    assert list(result) == ["app"] and result["app"]["status"] == "pending"
    assert task_queue.names() == ["run_delivery"]
    task_queue.run()
    # --wait returns once nothing moves: published, or ended as 未配置 (a channel without credentials).
    with django_capture_on_commit_callbacks(execute=True):
        run("distribute", article.url)
    task_queue.run()
    output = run("distribute", article.url, "--wait", "--timeout", "5")
    result = json.loads(output[: output.rindex("}") + 1])
    assert result["app"]["status"] == "published" and result["app"]["url"]
    assert result["wechat"]["status"] == "not_configured" and result["wechat"]["status_label"] == "未配置"
    assert Delivery.objects.filter(page_id=article.pk, channel="app").count() == 1


def test_distribute_wait_says_when_no_worker_picks_the_work_up(site_pages, app_sandbox, task_queue, django_capture_on_commit_callbacks):
    article = site_pages["article"]
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    with pytest.raises(CommandError, match="db_worker"):
        run("distribute", str(article.pk), "--channel", "app", "--wait", "--timeout", "0.6")


def test_distribute_refuses_a_page_that_is_not_live(site_pages):
    article = site_pages["article"]
    article.unpublish()
    with pytest.raises(CommandError, match="尚未发布"):
        run("distribute", str(article.pk))
    with pytest.raises(CommandError, match="找不到页面"):
        run("distribute", "999999")


def test_deliveries_lists_filters_and_resumes(
    site_pages, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/freepublish/submit", kind="error", value=53503)
    publish(site_pages["article"], django_capture_on_commit_callbacks)
    task_queue.run()
    output = run("deliveries", "--status", "failed")
    assert "wechat" in output and "失败" in output and "共 1 条" in output
    assert "共 0 条" in run("deliveries", "--status", "published")
    listed = json.loads(run("deliveries", "--json"))
    assert listed[0]["status"] == "failed" and listed[0]["external_ids"]["draft_media_id"]

    # A delivery whose worker died (lease ran out) is queued again by --resume and by the task.
    stalled = Delivery.objects.get()
    Delivery.objects.filter(pk=stalled.pk).update(
        status=DeliveryStatus.SENDING, lease_owner="dead", lease_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        output = run("deliveries", "--resume")
    assert "重新排队 1 条" in output
    assert task_queue.names() == ["run_delivery"]
    task_queue.backend.clear()
    Delivery.objects.filter(pk=stalled.pk).update(lease_owner="dead", lease_expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert resume_stalled_deliveries.call() == 1


def test_distribute_takes_the_admin_path_like_render(
    site_pages, app_sandbox, task_queue, django_capture_on_commit_callbacks
):
    bulletin = site_pages["bulletin"]
    with django_capture_on_commit_callbacks(execute=True):
        bulletin.save_revision().publish()
    assert bulletin.url_path.startswith("/home/")
    for reference in (bulletin.url_path, bulletin.url, str(bulletin.pk)):
        output = run("distribute", reference, "--channel", "app")
        assert json.loads(output[: output.rindex("}") + 1])["app"]["page"] == bulletin.pk
    assert Delivery.objects.filter(page_id=bulletin.pk, channel="app").count() == 1
    with pytest.raises(CommandError, match="找不到页面“/home/nope/”"):
        run("distribute", "/home/nope/")
