"""Issue 9, item 4: no secret or token reaches a log, an error message, a delivery record or the admin.

The attack: httpx logs every request URL at INFO, and WeChat's access token is in the query
string, so anyone reading the worker's log held the account. Here the whole delivery flow of
every channel (app webhook, WeChat, Douyin, 视频号) runs against the sandboxes with every
logger at DEBUG, through token refusals, transient and permanent errors, retries and a
retraction, and everything a person could read afterwards is searched for the secrets.
"""

import io
import json
import logging

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import ModelLogEntry, Page, PageLogEntry

import httpx
import pytest

from core.redaction import MASK, redact, redact_record
from publishing.deliveries.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db


class Captured(logging.Handler):
    """Every record of every logger, formatted as a handler would write it (tracebacks included)."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def debug_logs():
    """All logging at DEBUG (httpx and httpcore included), captured at the root."""
    root = logging.getLogger()
    handler = Captured()
    names = ["", "httpx", "httpcore", "publishing", "django"]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def secrets_of(sandboxes) -> dict[str, str]:
    """Every credential and token the sandboxes hold or handed out."""
    wechat, douyin, app = sandboxes["wechat"], sandboxes["douyin"], sandboxes["app"]
    found = {
        "WECHAT_APP_SECRET": wechat.secret,
        "APP_WEBHOOK_SECRET": app.secret,
        "DOUYIN_ACCESS_TOKEN": douyin.access_token,
        "DOUYIN_OPEN_ID": douyin.open_id,
        "SECRET_KEY": settings.SECRET_KEY,
    }
    tokens = [wechat.token, *wechat.retired_tokens]
    found.update({f"wechat token {n}": token for n, token in enumerate(tokens) if token})
    return found


def readable_text(client) -> dict[str, str]:
    """Everything a person can read after the deliveries: records, audit log, admin pages, CLI output."""
    texts = {}
    for delivery in Delivery.objects.all():
        texts[f"delivery {delivery.pk}"] = json.dumps(
            [delivery.status_message, delivery.error_code, delivery.external_ids, delivery.external_url,
             delivery.retraction_message], ensure_ascii=False,
        )
        texts[f"delivery {delivery.pk} admin"] = client.get(reverse("deliveries:inspect", args=[delivery.pk])).content.decode()
        texts[f"delivery {delivery.pk} history"] = client.get(reverse("deliveries:history", args=[delivery.pk])).content.decode()
    for attempt in DeliveryAttempt.objects.all():
        texts[f"attempt {attempt.pk}"] = " ".join([attempt.message, attempt.detail, attempt.error_code, attempt.step])
    for entry in [*PageLogEntry.objects.all(), *ModelLogEntry.objects.all()]:
        texts[f"log entry {entry.pk}"] = json.dumps(entry.data, ensure_ascii=False, default=str) + str(entry.message)
    texts["admin list"] = client.get(reverse("deliveries:index")).content.decode()
    for page in Page.objects.filter(depth__gt=2):
        texts[f"page {page.pk} edit"] = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    out = io.StringIO()
    call_command("deliveries", "--json", stdout=out)
    texts["manage.py deliveries"] = out.getvalue()
    return texts


def assert_no_secret(texts: dict[str, str], secrets: dict[str, str]) -> None:
    leaks = [(where, name) for where, text in texts.items() for name, value in secrets.items() if value and value in text]
    assert not leaks, f"secrets found: {leaks[:10]}"


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def test_the_whole_delivery_flow_of_every_channel_leaks_no_secret(
    site_pages, all_sandboxes, fake_renders, task_queue, django_capture_on_commit_callbacks, debug_logs,
    admin_user, client,
):
    wechat, douyin, app = all_sandboxes["wechat"], all_sandboxes["douyin"], all_sandboxes["app"]
    # Token refused mid-way (refetched), a busy platform (retried), a permanent error, a failed webhook.
    wechat.inject(path="/cgi-bin/draft/add", kind="expire_token")
    wechat.inject(path="/cgi-bin/media/uploadimg", kind="http", value=502)
    wechat.inject(path="/cgi-bin/freepublish/get", kind="error", value=-1)
    douyin.inject(path="/video/create/", kind="http", value=503)
    app.inject(path="*", kind="http", value=500)

    bulletin = site_pages["bulletin"]
    publish(bulletin, django_capture_on_commit_callbacks)
    task_queue.run()
    statuses = {d.channel: d.status for d in Delivery.objects.filter(page_id=bulletin.pk)}
    assert statuses == {"app": "published", "wechat": "published", "douyin": "published",
                        "wechat_channels": "awaiting_confirmation"}
    assert wechat.token_fetches >= 2  # the refused token was replaced

    # Permanent failures, with the platforms' own error answers recorded.
    article = site_pages["article"]
    wechat.inject(path="/cgi-bin/draft/add", kind="error", value=45009)
    app.inject(path="*", kind="http", value=401)
    publish(article, django_capture_on_commit_callbacks)
    task_queue.run()
    assert {d.status for d in Delivery.objects.filter(page_id=article.pk)} == {"failed"}

    # And everything taken down again.
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=bulletin.pk).specific.unpublish()
    task_queue.run()

    client.force_login(admin_user)
    texts = readable_text(client)
    texts["logs"] = "\n".join(debug_logs.lines)
    assert_no_secret(texts, secrets_of(all_sandboxes))
    # The flow really was logged at DEBUG, WeChat's request lines included (with the token masked).
    assert any("HTTP Request: POST" in line and "/cgi-bin/draft/add" in line for line in debug_logs.lines)
    assert any(line.startswith("DEBUG httpcore") for line in debug_logs.lines)


def test_a_traceback_naming_the_url_is_redacted_in_the_log(wechat_sandbox, debug_logs):
    """An unexpected error whose text holds the URL (httpx's HTTPStatusError does) is logged masked."""
    token = "ACCESS-TOKEN-" + "x" * 20
    logger = logging.getLogger("publishing.deliveries.runner")
    with httpx.Client() as http:
        response = http.post(f"{wechat_sandbox.server.url}/cgi-bin/nowhere", params={"access_token": token})
    try:
        response.raise_for_status()
    except httpx.HTTPStatusError:
        logger.exception("Delivery failed unexpectedly")
    text = "\n".join(debug_logs.lines)
    assert "Delivery failed unexpectedly" in text and "HTTPStatusError" in text
    assert token not in text and "access_token=***" in text


def test_channel_errors_never_carry_a_secret(wechat_sandbox, settings):
    from publishing.channels.base import TransientChannelError

    error = TransientChannelError(
        f"失败：{settings.WECHAT_APP_SECRET}", detail=f'{{"secret": "{settings.WECHAT_APP_SECRET}"}} url?access_token=abcdef123'
    )
    assert settings.WECHAT_APP_SECRET not in error.message + error.detail + str(error)
    assert "abcdef123" not in error.detail


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("POST /cgi-bin/draft/add?access_token=78_AbC-dEf_123 HTTP/1.1", "78_AbC-dEf_123"),
        ('{"grant_type": "client_credential", "appid": "wx1", "secret": "0123456789abcdef"}', "0123456789abcdef"),
        ("send_request_headers [(b'access-token', b'act.zyx987'), (b'host', b'open.douyin.com')]", "act.zyx987"),
        ("Authorization: Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi.payload.sig"),
        ("https://oapi.dingtalk.com/robot/send?access_token=abc123def&timestamp=1&sign=c2lnbmF0dXJl", "c2lnbmF0dXJl"),
        ("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx", "693a91f6-7xxx"),
        ("redis://:s3cret-pass@10.0.0.5:6379/0", "s3cret-pass"),
        ("X-Jrcs-Signature: sha256=deadbeefcafe", "sha256=deadbeefcafe"),
    ],
)
def test_values_named_like_secrets_are_masked(text, secret):
    assert secret not in redact(text)
    assert MASK in redact(text)


def test_a_registered_token_is_masked_wherever_it_appears():
    from core.redaction import register_secret

    register_secret("tok_only_known_by_value_42")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "used %s", ("tok_only_known_by_value_42",), None)
    assert "tok_only_known_by_value_42" not in redact_record(record).getMessage()
