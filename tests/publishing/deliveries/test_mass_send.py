"""群发 against the WeChat sandbox: a bulletin reaches followers once, through lost answers,
45066, 45065, dead workers, an empty quota, 群发保护 and retries; retraction; the mode per delivery."""

import datetime
import io
import time

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest

from publishing.channels.wechat.client import WechatClient
from publishing.channels.wechat.mass import clientmsgid
from publishing.deliveries import policies, services, tasks
from publishing.deliveries.models import Delivery, DeliveryStatus, RetractionStatus

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """The worker process dies (not an Exception: nothing in the delivery code catches it)."""


@pytest.fixture
def bulletin(site_pages, channel_settings):
    """The bulletin, delivered to WeChat only (群发 by default for bulletins)."""
    for name in ("app", "douyin", "wechat_channels"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    return site_pages["bulletin"]


def publish(page, capture):
    with capture(execute=True):
        revision = page.save_revision()
        revision.publish()
    return revision


def wechat_delivery(page) -> Delivery:
    return Delivery.objects.filter(page_id=page.pk, channel="wechat").latest("pk")


def sends_of(sandbox) -> list[dict]:
    return list(sandbox.mass_sends.values())


def test_a_bulletin_is_mass_sent_once_and_polled_until_sent(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = wechat_delivery(bulletin)
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    [send] = sends_of(wechat_sandbox)
    ids = delivery.external_ids
    assert ids["mode"] == "mass" and ids["msg_id"] == send["msg_id"] and ids["msg_data_id"] == send["msg_data_id"]
    assert send["clientmsgid"] == clientmsgid(delivery_key=str(delivery.key), round_number=1)
    assert len(send["clientmsgid"].encode()) <= 64
    assert send["media_id"] == ids["draft_media_id"] and send["status"] == "SEND_SUCCESS"
    assert wechat_sandbox.publishes == {}  # 群发, not 发布
    assert "群发成功" in delivery.status_message


def test_a_lost_answer_then_45066_then_45065_records_the_first_send(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, settings
):
    settings.CHANNEL_HTTP_TIMEOUT = 0.5
    # WeChat takes the mass send but the answer never arrives.
    wechat_sandbox.inject(path="/cgi-bin/message/mass/sendall", kind="delay", value=1.2)
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run_next()
    delivery = wechat_delivery(bulletin)
    assert delivery.external_ids["in_flight"] == "mass_send" and "msg_id" not in delivery.external_ids
    deadline = time.monotonic() + 5
    while not wechat_sandbox.mass_sends and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(wechat_sandbox.mass_sends) == 1

    # The retry comes within the minute: WeChat answers 45066, and the next try waits a minute.
    before = timezone.now()
    task_queue.run_next()
    delivery.refresh_from_db()
    assert delivery.error_code == "45066" and delivery.status == DeliveryStatus.SENDING
    assert delivery.next_attempt_at - before >= datetime.timedelta(seconds=60)
    assert "不会重复群发" in delivery.status_message

    # A minute later: 45065 with the first msg_id, recorded as the send.
    wechat_sandbox.advance(90)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    [send] = sends_of(wechat_sandbox)
    assert delivery.external_ids["msg_id"] == send["msg_id"]
    assert delivery.external_ids["mass_found_by_dedup"] is True
    assert wechat_sandbox.calls["/cgi-bin/message/mass/sendall"] == 3


def test_a_worker_killed_during_the_send_does_not_send_twice(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, monkeypatch
):
    real = WechatClient.mass_sendall

    def sent_then_killed(self, **kwargs):
        real(self, **kwargs)
        raise WorkerKilled()

    monkeypatch.setattr(WechatClient, "mass_sendall", sent_then_killed)
    publish(bulletin, django_capture_on_commit_callbacks)
    with pytest.raises(WorkerKilled):
        task_queue.run_next()
    monkeypatch.setattr(WechatClient, "mass_sendall", real)
    delivery = wechat_delivery(bulletin)
    assert delivery.external_ids["in_flight"] == "mass_send" and len(wechat_sandbox.mass_sends) == 1

    wechat_sandbox.advance(120)
    later = timezone.now() + datetime.timedelta(seconds=policies.lease_seconds() + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert [d.pk for d in tasks.deliveries_resume_stalled(now=later)] == [delivery.pk]
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    assert len(wechat_sandbox.mass_sends) == 1
    assert delivery.external_ids["msg_id"] == sends_of(wechat_sandbox)[0]["msg_id"]


def test_an_unconfirmed_send_older_than_the_dedup_window_is_never_repeated(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, monkeypatch
):
    def killed(self, **kwargs):
        raise WorkerKilled()

    real = WechatClient.mass_sendall
    monkeypatch.setattr(WechatClient, "mass_sendall", killed)
    publish(bulletin, django_capture_on_commit_callbacks)
    with pytest.raises(WorkerKilled):
        task_queue.run_next()
    monkeypatch.setattr(WechatClient, "mass_sendall", real)
    delivery = wechat_delivery(bulletin)
    ids = {**delivery.external_ids, "mass_started_at": time.time() - 25 * 3600}
    Delivery.objects.filter(pk=delivery.pk).update(external_ids=ids, lease_expires_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.delivery_enqueue(delivery=delivery)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.error_code == "mass_unconfirmed"
    assert wechat_sandbox.calls.get("/cgi-bin/message/mass/sendall", 0) == 0
    # A person checked that nothing went out: the retry sends, under a new clientmsgid.
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert sends_of(wechat_sandbox)[0]["clientmsgid"].endswith("-2")


def test_no_quota_left_fails_clearly_and_the_retry_next_day_sends_once(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    # Someone already mass-sent today from the official account's own web page.
    client = WechatClient.from_settings()
    other = client.draft_add(article={"title": "别的文章", "content": "<p>内容</p>",
                                      "thumb_media_id": client.add_material(
                                          filename="c.jpg", content=fake_renders_cover(), content_type="image/jpeg")["media_id"]})
    client.mass_sendall(media_id=other, clientmsgid="manual-1")
    client.close()

    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    delivery = wechat_delivery(bulletin)
    assert delivery.status == DeliveryStatus.FAILED and delivery.error_code == "45028"
    assert "群发次数已用完" in delivery.status_message and "重试" in delivery.status_message
    assert "msg_id" not in delivery.external_ids and len(wechat_sandbox.mass_sends) == 1

    wechat_sandbox.advance(24 * 3600)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    mine = [s for s in sends_of(wechat_sandbox) if s["clientmsgid"] != "manual-1"]
    assert len(mine) == 1 and mine[0]["clientmsgid"].endswith("-1")
    assert wechat_sandbox.calls["/cgi-bin/draft/add"] == 2  # the retry reused the bulletin's draft


def fake_renders_cover() -> bytes:
    from tests.publishing.channels.fixtures import jpeg_bytes

    return jpeg_bytes(900, 383)


def test_mass_send_protection_waits_for_the_admin_and_a_refusal_can_be_retried(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, settings
):
    settings.WECHAT_MASS_PROTECTION = True
    wechat_sandbox.mass_protection = True
    publish(bulletin, django_capture_on_commit_callbacks)
    for _ in range(4):
        task_queue.run_next()
    delivery = wechat_delivery(bulletin)
    assert delivery.status == DeliveryStatus.SENDING
    assert "群发保护" in delivery.status_message and "手机上确认" in delivery.status_message
    assert delivery.external_ids["mass_status"] == "awaiting_admin"

    # Nobody confirms within 30 minutes: WeChat drops it.
    wechat_sandbox.advance(31 * 60)
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.error_code == "mass_SEND_FAIL"

    # Retried (a new round, since WeChat holds the first clientmsgid) and confirmed this time.
    wechat_sandbox.advance(24 * 3600)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=delivery)
    task_queue.run_next()
    task_queue.run_next()
    delivery.refresh_from_db()
    wechat_sandbox.confirm_mass(delivery.external_ids["msg_id"])
    task_queue.run()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    assert [s["clientmsgid"][-2:] for s in sends_of(wechat_sandbox)] == ["-1", "-2"]


def test_unpublishing_withdraws_the_mass_send(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=bulletin.pk).specific.unpublish()
    task_queue.run()
    delivery = wechat_delivery(bulletin)
    assert delivery.retraction_status == RetractionStatus.RETRACTED, delivery.retraction_message
    assert sends_of(wechat_sandbox)[0]["status"] == "DELETE"
    assert wechat_sandbox.calls["/cgi-bin/message/mass/delete"] == 1


def test_an_update_goes_out_by_publish_never_a_second_mass_send(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks, channel_settings
):
    channel_settings.redeliver_on_update = True
    channel_settings.save()
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    wechat_sandbox.advance(24 * 3600)
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    first, second = Delivery.objects.filter(page_id=bulletin.pk, channel="wechat").order_by("pk")
    assert first.external_ids["mode"] == "mass" and second.external_ids["mode"] == "publish"
    assert second.status == DeliveryStatus.PUBLISHED
    assert len(wechat_sandbox.mass_sends) == 1 and len(wechat_sandbox.publishes) == 1


def test_distribute_chooses_the_mode_for_the_delivery(
    bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks
):
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.backend.clear()
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("distribute", str(bulletin.pk), "--channel", "wechat", "--mode", "publish", stdout=io.StringIO())
    task_queue.run()
    delivery = wechat_delivery(bulletin)
    assert delivery.external_ids["mode"] == "publish"
    assert len(wechat_sandbox.publishes) == 1 and wechat_sandbox.mass_sends == {}
    with pytest.raises(services.DeliveryActionError):
        services.delivery_set_wechat_mode(delivery=delivery, mode="mass")
