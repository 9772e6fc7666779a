"""The group robots against their sandboxes: signatures, limits (130101), and no secret anywhere."""

import base64
import hashlib
import hmac
import logging
import urllib.parse

from django.core import mail

from wagtail.models import Site

import pytest

from publishing.notifications import services
from publishing.notifications.models import (
    DELIVERY_FAILED,
    EMAIL,
    Notification,
    NotificationSettings,
    NotificationStatus,
)
from publishing.notifications.robots import (
    RobotError,
    RobotMessage,
    dingtalk_sign,
    feishu_sign,
    redact,
    robot_send,
)

pytestmark = pytest.mark.django_db

MESSAGE = RobotMessage(title="投递失败：第 12 期 → 微信公众号", text="**原因**：45028", link="https://admin.example/d/1/")


def test_signatures_are_computed_as_each_platform_documents():
    secret = "SECabc"
    expected = base64.b64encode(hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()).decode()
    assert dingtalk_sign(secret=secret, timestamp_ms=1700000000000) == urllib.parse.quote_plus(expected)
    expected = base64.b64encode(hmac.new(b"1700000000\nSECabc", b"", hashlib.sha256).digest()).decode()
    assert feishu_sign(secret=secret, timestamp=1700000000) == expected


@pytest.mark.parametrize("target", ["wecom", "dingtalk", "feishu"])
def test_each_robot_accepts_a_signed_message(target, robots_sandbox):
    robot_send(target=target, message=MESSAGE)
    [received] = robots_sandbox.received[target]
    assert "第 12 期" in str(received) and "https://admin.example/d/1/" in str(received)


@pytest.mark.parametrize(("target", "setting"), [
    ("wecom", "NOTIFY_WECOM_KEY"), ("dingtalk", "NOTIFY_DINGTALK_SECRET"), ("feishu", "NOTIFY_FEISHU_SECRET"),
])
def test_a_wrong_key_or_secret_is_refused_and_never_shown(target, setting, robots_sandbox, settings, caplog):
    secret = "wrong-secret-value-12345"
    setattr(settings, setting, secret)
    with pytest.raises(RobotError) as caught:
        robot_send(target=target, message=MESSAGE)
    assert not caught.value.rate_limited and "拒绝" in caught.value.message
    assert secret not in caught.value.message and robots_sandbox.received[target] == []


def test_the_limit_of_twenty_a_minute_answers_130101(robots_sandbox):
    for _ in range(20):
        robot_send(target="dingtalk", message=MESSAGE)
    with pytest.raises(RobotError) as caught:
        robot_send(target="dingtalk", message=MESSAGE)
    assert caught.value.rate_limited and "130101" in caught.value.message


def test_redact_removes_secrets_and_query_strings(settings):
    settings.NOTIFY_DINGTALK_SECRET = "SECverysecret"
    text = redact("POST https://oapi.dingtalk.com/robot/send?access_token=tok&sign=x failed; key SECverysecret")
    assert "tok" not in text and "SECverysecret" not in text and "sign=" not in text


@pytest.fixture
def routes(site_pages):
    config = NotificationSettings.for_site(Site.objects.get(is_default_site=True))
    config.email_recipients = "team@example.com"
    config.save()
    return config


def test_notify_tells_each_target_once_within_the_limit(routes, robots_sandbox, settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    caplog.set_level(logging.DEBUG)
    for n in range(22):
        services.notify(event=DELIVERY_FAILED, key=f"failed:{n}", title=f"投递失败 {n}", text="原因")
    services.notify(event=DELIVERY_FAILED, key="failed:0", title="投递失败 0", text="again")  # the same event again
    assert Notification.objects.count() == 22 * 4
    assert services.notifications_resume() == 22 * 4
    # 20 reached each 20-a-minute robot, the other 2 wait for the minute; 飞书 (100 a minute) and e-mail took all.
    assert len(robots_sandbox.received["wecom"]) == 20 and len(robots_sandbox.received["dingtalk"]) == 20
    assert len(robots_sandbox.received["feishu"]) == 22 and len(mail.outbox) == 22
    waiting = Notification.objects.filter(status=NotificationStatus.PENDING)
    assert sorted(waiting.values_list("target", flat=True)) == ["dingtalk", "dingtalk", "wecom", "wecom"]
    assert all(row.due_at > row.created_at for row in waiting)
    # Nothing secret was stored or logged.
    secrets = [settings.NOTIFY_WECOM_KEY, settings.NOTIFY_DINGTALK_TOKEN, settings.NOTIFY_DINGTALK_SECRET,
               settings.NOTIFY_FEISHU_HOOK, settings.NOTIFY_FEISHU_SECRET]
    stored = " ".join(f"{row.text} {row.error} {row.link}" for row in Notification.objects.all())
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("publishing.channels.sandbox")]
    assert any("HTTP Request" in line for line in ours)  # httpx logged each request, redacted
    leaks = [line for line in ours if any(secret in line for secret in secrets)]
    assert not any(secret in stored for secret in secrets) and leaks == []


def test_a_130101_from_the_robot_waits_a_minute_instead_of_failing(routes, robots_sandbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    robots_sandbox.inject(path="/cgi-bin/webhook/send", kind="error", value=130101)
    robots_sandbox.error_response = lambda code, message="": __import__(
        "publishing.channels.sandbox.base", fromlist=["SandboxResponse"]).SandboxResponse(
        200, {"errcode": code, "errmsg": "exceed limit"})
    [row] = [r for r in services.notify(event=DELIVERY_FAILED, key="k", title="t", text="x") if r.target == "wecom"]
    sent = services.notification_send(notification_id=row.pk)
    assert sent.status == NotificationStatus.PENDING and "频繁" in sent.error and sent.attempts == 1
    assert (sent.due_at - sent.sent_at if sent.sent_at else sent.due_at - sent.created_at).total_seconds() >= 60


def test_a_broken_robot_fails_its_notice_after_retries_and_nothing_else(routes, robots_sandbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.NOTIFY_FEISHU_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    [row] = [r for r in services.notify(event=DELIVERY_FAILED, key="k2", title="t", text="x") if r.target == "feishu"]
    for _ in range(services.MAX_ATTEMPTS):
        services.notification_send(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED and "无法连接飞书机器人" in row.error and "127.0.0.1" not in row.error


def test_unconfigured_robots_are_skipped_and_email_needs_recipients(site_pages, settings):
    settings.NOTIFY_WECOM_KEY = ""
    rows = services.notify(event=DELIVERY_FAILED, key="k3", title="t", text="x")
    assert EMAIL not in [row.target for row in rows]  # no recipients set
    services.notifications_resume()
    wecom = Notification.objects.get(key="k3", target="wecom")
    assert wecom.status == NotificationStatus.SKIPPED
