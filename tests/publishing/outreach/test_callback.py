"""The account's callback URL: WeChat's URL check, the end of a 群发 finishing its delivery at once
with the followers reached, and requests that are not WeChat's refused."""

import time
from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import Site

import pytest

from publishing.channels.wechat.callback import callback_signature
from publishing.deliveries.models import Delivery, DeliveryStatus
from publishing.notifications.models import Notification, NotificationSettings
from publishing.outreach.models import MassSendReport

pytestmark = pytest.mark.django_db

TOKEN = "callback-token-for-tests"  # noqa: S105


@pytest.fixture
def callback_token(settings):
    settings.WECHAT_CALLBACK_TOKEN = TOKEN


def signed(timestamp=None, nonce="n0nce", token=TOKEN, **extra) -> str:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    query = {"signature": callback_signature(token=token, timestamp=timestamp, nonce=nonce),
             "timestamp": timestamp, "nonce": nonce, **extra}
    return reverse("wechat_callback") + "?" + urlencode(query)


def test_the_url_check_echoes_only_a_signed_echostr(client, callback_token):
    response = client.get(signed(echostr="8736482734"))
    assert response.status_code == 200 and response.content == b"8736482734"
    assert response["Content-Type"].startswith("text/plain")
    assert client.get(signed(token="wrong", echostr="1")).status_code == 403
    assert client.get(signed(timestamp=int(time.time()) - 3600, echostr="1")).status_code == 403
    assert client.get(signed(echostr="<script>alert(1)</script>")).status_code == 400


def test_without_a_token_the_callback_does_not_exist(client, settings):
    settings.WECHAT_CALLBACK_TOKEN = ""
    assert client.get(signed(echostr="1")).status_code == 404


def test_hostile_or_unsigned_bodies_are_refused(client, callback_token):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b"<xml><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>&b;</MsgID></xml>")
    assert client.post(signed(), data=bomb, content_type="text/xml").status_code == 400
    external = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<xml><MsgType>&e;</MsgType></xml>")
    assert client.post(signed(), data=external, content_type="text/xml").status_code == 400
    assert client.post(signed(), data=b"<xml>" * 20000, content_type="text/xml").status_code == 400
    event = b"<xml><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>1</MsgID></xml>"
    assert client.post(signed(token="wrong"), data=event, content_type="text/xml").status_code == 403
    assert not MassSendReport.objects.exists()


def test_other_messages_are_answered_and_ignored(client, callback_token):
    text = b"<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\xe4\xbd\xa0\xe5\xa5\xbd]]></Content></xml>"
    response = client.post(signed(), data=text, content_type="text/xml")
    assert response.status_code == 200 and response.content == b"success"
    assert not MassSendReport.objects.exists()


@pytest.fixture
def routes(site_pages):
    config = NotificationSettings.for_site(Site.objects.get(is_default_site=True))
    config.email_recipients = "team@example.com"
    config.save()
    return config


@pytest.fixture
def bulletin(site_pages, channel_settings):
    for name in ("app", "douyin", "wechat_channels"):
        setattr(channel_settings, f"bulletin_{name}", False)
    channel_settings.save()
    return site_pages["bulletin"]


def test_the_end_of_a_mass_send_finishes_its_delivery_now_with_the_followers_reached(
    client, callback_token, bulletin, wechat_sandbox, fake_renders, task_queue, django_capture_on_commit_callbacks,
    routes,
):
    wechat_sandbox.mass_after_polls = 1000  # WeChat would take long: only the event ends it
    with django_capture_on_commit_callbacks(execute=True):
        bulletin.save_revision().publish()
    task_queue.run_next()  # the send; its first poll is scheduled later
    delivery = Delivery.objects.get(page_id=bulletin.pk, channel="wechat")
    assert delivery.status == DeliveryStatus.SENDING
    msg_id = delivery.external_ids["msg_id"]

    query, body = wechat_sandbox.mass_finished_event(msg_id, token=TOKEN, followers=1200, errors=3)
    path = reverse("wechat_callback") + "?" + urlencode(query)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, data=body, content_type="text/xml")
    assert response.content == b"success"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, data=body, content_type="text/xml")  # WeChat repeats an event
    assert response.content == b"success" and MassSendReport.objects.count() == 1
    report = MassSendReport.objects.get(msg_id=msg_id)
    assert (report.sent, report.errors, report.filtered) == (1197, 3, 1200)

    # The event queued a poll to run now, beside the one scheduled for later.
    now = [r for r in task_queue.queued if r.task.name == "poll_delivery" and r.task.run_after is None]
    assert len(now) == 1 and any(r.task.run_after is not None for r in task_queue.queued)
    task_queue.backend.results.remove(now[0])
    with django_capture_on_commit_callbacks(execute=True):
        now[0].task.call(*now[0].args, **now[0].kwargs)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PUBLISHED, delivery.status_message
    assert len(wechat_sandbox.mass_sends) == 1
    notices = list(Notification.objects.filter(event="mass_sent"))
    assert notices and all("成功 1197 人，失败 3 人" in notice.text for notice in notices)


def test_an_event_for_an_unknown_send_changes_no_delivery(client, callback_token, bulletin):
    event = b"<xml><MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event><MsgID>42</MsgID>" \
            b"<Status>send success</Status><SentCount>5</SentCount></xml>"
    assert client.post(signed(), data=event, content_type="text/xml").content == b"success"
    assert MassSendReport.objects.get(msg_id="42").sent == 5
    assert not Delivery.objects.exists()
