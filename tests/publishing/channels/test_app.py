"""The app channel: the signed webhook as the app's sandbox checks it, and its error classes."""

import hashlib
import hmac
import json
import time

import pytest

from publishing.channels.app import AppChannel, webhook_payload, webhook_signature, webhook_verify
from publishing.channels.base import DeliveryJob, PermanentChannelError, TransientChannelError

pytestmark = pytest.mark.django_db


class MemoryProgress:
    def __init__(self):
        self.ids = {}
        self.steps = []

    def get(self, key, default=None):
        return self.ids.get(key, default)

    def begin(self, step):
        self.ids["in_flight"] = step

    def record(self, step, **values):
        self.steps.append(step)
        self.ids.update({k: v for k, v in values.items() if v is not None})


def job_for(page, *, event="published"):
    return DeliveryJob(
        key="5f0c4c38-1111-4222-8333-944455556666", channel="app", page=page,
        page_url="http://localhost/zhengxin/a/", event=event, progress=MemoryProgress(), revision_id=7,
    )


def test_signature_is_the_hmac_of_the_body_which_carries_the_timestamp():
    now = int(time.time())
    body = json.dumps({"a": 1, "timestamp": now}).encode()
    signature = webhook_signature(secret="k", body=body)
    assert signature == "sha256=" + hmac.new(b"k", body, hashlib.sha256).hexdigest()
    assert webhook_verify(secret="k", timestamp=str(now), body=body, signature=signature)
    assert not webhook_verify(secret="k", timestamp=str(now), body=body + b" ", signature=signature)
    assert not webhook_verify(secret="other", timestamp=str(now), body=body, signature=signature)
    assert not webhook_verify(secret="k", timestamp=str(now + 1), body=body, signature=signature)
    old = now - 3600
    old_body = json.dumps({"a": 1, "timestamp": old}).encode()
    assert not webhook_verify(secret="k", timestamp=str(old), body=old_body,
                              signature=webhook_signature(secret="k", body=old_body))


def test_the_app_receives_publish_and_update_once_each(site_pages, app_sandbox):
    channel = AppChannel()
    job = job_for(site_pages["article"])
    outcome = channel.send(job)
    assert outcome.state == "published"
    channel.send(job)  # a retry of the same event: the app drops the duplicate
    channel.send(job_for(site_pages["article"], event="updated"))
    assert [e["event"] for e in app_sandbox.events] == ["page.published", "page.updated"]
    event = app_sandbox.events[0]
    assert event["key"] == f"{job.key}:page.published"
    assert event["page"]["type"] == "article" and event["page"]["column"] == "credit"
    assert event["page"]["api_url"].endswith(f"/api/v3/pages/{site_pages['article'].pk}/")
    assert app_sandbox.rejected == []


def test_payload_shape(site_pages):
    payload = webhook_payload(job=job_for(site_pages["bulletin"]), event="page.published")
    assert set(payload) == {"id", "event", "timestamp", "sent_at", "page"}
    assert payload["page"]["type"] == "bulletin" and payload["page"]["revision_id"] == 7


def test_payload_attaches_the_poster_and_pdf_except_on_retraction(site_pages):
    from content.factories import CaseStudyPageFactory

    case_study = CaseStudyPageFactory(parent=site_pages["antifraud"])
    attachments = webhook_payload(job=job_for(case_study), event="page.published")["page"]["attachments"]
    assert [(a["mime_type"], a["title"]) for a in attachments] == [
        ("image/jpeg", "长图海报"), ("application/pdf", "PDF 打印版"),
    ]
    assert attachments[1]["url"].startswith("http") and attachments[1]["url"].endswith(f"/renders/{case_study.pk}/pdf/")
    retracted = webhook_payload(job=job_for(case_study, event="retracted"), event="page.retracted")
    assert retracted["page"]["attachments"] == []


def test_a_wrong_secret_is_permanent_and_server_errors_are_transient(site_pages, app_sandbox, settings):
    settings.APP_WEBHOOK_SECRET = "not-the-apps-secret"
    with pytest.raises(PermanentChannelError) as caught:
        AppChannel().send(job_for(site_pages["article"]))
    assert "APP_WEBHOOK_SECRET" in caught.value.message
    assert app_sandbox.rejected[0]["reason"] == "bad signature"
    settings.APP_WEBHOOK_SECRET = app_sandbox.secret
    app_sandbox.inject(path="/webhooks/jrcs", kind="http", value=503)
    with pytest.raises(TransientChannelError):
        AppChannel().send(job_for(site_pages["article"]))
    app_sandbox.inject(path="/webhooks/jrcs", kind="http", value=400)
    with pytest.raises(PermanentChannelError):
        AppChannel().send(job_for(site_pages["article"]))


def test_an_unreachable_app_is_transient(site_pages, settings):
    settings.APP_WEBHOOK_URL = "http://127.0.0.1:9/webhooks"
    settings.APP_WEBHOOK_SECRET = "x"
    with pytest.raises(TransientChannelError) as caught:
        AppChannel().send(job_for(site_pages["article"]))
    assert "无法连接" in caught.value.message


def test_retraction_tells_the_app(site_pages, app_sandbox):
    outcome = AppChannel().retract(job_for(site_pages["article"]))
    assert outcome.state == "retracted"
    assert app_sandbox.events[0]["event"] == "page.retracted"


def test_a_bulletins_webhook_lists_its_poster_slices_in_order_with_sizes(site_pages, app_sandbox, fake_renders):
    fake_renders.slice_count = 4
    AppChannel().send(job_for(site_pages["bulletin"]))
    [event] = app_sandbox.events
    slices = event["page"]["poster_slices"]
    assert [s["position"] for s in slices] == [1, 2, 3, 4]
    assert all(s["width"] == 1080 and s["height"] == 600 and s["mime_type"] == "image/jpeg" for s in slices)
    assert [s["size_in_bytes"] for s in slices] == [len(fake_renders.slice_bytes(n)) for n in range(1, 5)]
    assert all(s["url"].startswith("http") and "slice-0" in s["url"] for s in slices)
    assert [s["url"].rsplit("/", 1)[-1][:8] for s in slices] == [f"slice-{n:02d}" for n in range(1, 5)]


def test_an_article_in_text_form_lists_no_slices(site_pages, app_sandbox, fake_renders):
    AppChannel().send(job_for(site_pages["article"]))
    assert app_sandbox.events[0]["page"]["poster_slices"] == []
    assert fake_renders.calls == []
