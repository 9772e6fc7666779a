"""What the team hears about: failed deliveries, 视频号 uploads, finished 群发, pages waiting for review;
and a broken robot that never holds up publishing."""

from django.contrib.auth.models import Group

from wagtail.models import Site, WorkflowState

import pytest

from content.models import ArticlePage
from publishing.deliveries.models import Delivery, DeliveryStatus
from publishing.notifications import services
from publishing.notifications.models import Notification, NotificationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def routes(site_pages):
    config = NotificationSettings.for_site(Site.objects.get(is_default_site=True))
    config.email_recipients = "team@example.com"
    config.save()
    return config


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def test_a_bulletin_tells_the_team_about_its_upload_and_its_mass_send(
    site_pages, routes, all_sandboxes, robots_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    publish(site_pages["bulletin"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        task_queue.run()
    events = set(Notification.objects.values_list("event", "target"))
    assert ("upload_waiting", "wecom") in events and ("mass_sent", "dingtalk") in events
    assert ("delivery_failed", "wecom") not in events
    services.notifications_resume()
    texts = " ".join(str(m) for m in robots_sandbox.received["wecom"])
    assert "视频号待上传" in texts and "群发完成" in texts and "/deliveries/" in texts


def test_a_delivery_that_fails_for_good_is_reported_once(
    site_pages, routes, wechat_sandbox, robots_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks,
    channel_settings
):
    channel_settings.article_app = False
    channel_settings.save()
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=45166, times=0)
    publish(site_pages["article"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        task_queue.run()
    delivery = Delivery.objects.get(page_id=site_pages["article"].pk, channel="wechat")
    assert delivery.status == DeliveryStatus.FAILED
    rows = Notification.objects.filter(event="delivery_failed")
    assert sorted(rows.values_list("target", flat=True)) == ["dingtalk", "email", "feishu", "wecom"]
    assert all("征信报告怎么看" in row.title and "微信公众号" in row.title for row in rows)


def test_a_broken_robot_never_blocks_publishing(
    site_pages, routes, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks,
    channel_settings, settings, monkeypatch
):
    channel_settings.article_app = False
    channel_settings.save()
    for name in ("NOTIFY_WECOM_API_BASE", "NOTIFY_DINGTALK_API_BASE", "NOTIFY_FEISHU_API_BASE"):
        setattr(settings, name, "http://127.0.0.1:9")
    settings.NOTIFY_WECOM_KEY = settings.NOTIFY_DINGTALK_TOKEN = settings.NOTIFY_DINGTALK_SECRET = "k"
    settings.NOTIFY_FEISHU_HOOK = settings.NOTIFY_FEISHU_SECRET = "k"
    wechat_sandbox.inject(path="/cgi-bin/draft/add", kind="error", value=45166)
    publish(site_pages["article"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        task_queue.run()
    assert Delivery.objects.get(page_id=site_pages["article"].pk, channel="wechat").status == DeliveryStatus.FAILED
    # Even recording the notice blowing up leaves the work alone.
    monkeypatch.setattr(Notification.objects, "create", lambda **kwargs: 1 / 0)
    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        task_queue.run()
    assert Delivery.objects.get(page_id=bulletin.pk, channel="wechat").status == DeliveryStatus.PUBLISHED


def test_a_page_waiting_for_review_is_announced(site_pages, routes, robots_sandbox, django_user_model,
                                                django_capture_on_commit_callbacks, fake_renders):
    editor = django_user_model.objects.create_user("editor", password="pw-12345678")
    editor.groups.add(Group.objects.get(name="内容编辑"))
    draft = ArticlePage(
        title="如何查询个人信用报告", slug="review-me", summary="每年两次免费查询。", owner=editor, live=False,
        body=[("paragraph", "<p>查询个人信用报告每年有两次免费机会，可以通过征信中心官网或银行网点办理。</p>")],
    )
    site_pages["credit"].add_child(instance=draft)
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=editor)
        latest = draft.get_latest_revision_as_object()
        latest.get_workflow().start(latest, editor)
    assert WorkflowState.objects.filter(object_id=str(draft.pk), status=WorkflowState.STATUS_IN_PROGRESS).exists()
    [row] = Notification.objects.filter(event="review_waiting", target="wecom")
    assert row.title == "待审核：如何查询个人信用报告" and f"/pages/{draft.pk}/edit/" in row.link
    assert "合规审核" in row.text
