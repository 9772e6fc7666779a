"""The app channel: the JSON feed always lists live pages; a signed webhook tells the app what changed.

Each publish, update and retraction is POSTed to APP_WEBHOOK_URL as JSON:

    {"id": "<idempotency key>", "event": "page.published" | "page.updated" | "page.retracted",
     "timestamp": 1764043200, "sent_at": "2026-11-25T12:00:00+08:00", "page": {"id", "type", "title", "summary", "url",
     "api_url", "feed_url", "revision_id", "column", "first_published_at", "last_published_at",
     "attachments": [{"url", "mime_type", "title"}],
     "poster_slices": [{"position", "url", "width", "height", "size_in_bytes", "mime_type"}]}}

where `attachments` lists the page's long-image poster (and a case study's PDF) at the
addresses of publishing/downloads.py, as in the feed (empty for a retraction), and
`poster_slices`, for a page whose WeChat article is its poster (公众号设置: 长图; bulletins by
default), the poster's slices top to bottom, so the app can stack them natively as one
long image (empty otherwise, or when the poster could not be made), with these
headers:

- `X-Jrcs-Event`: the event;
- `X-Jrcs-Timestamp`: Unix seconds when the request was signed, the same as the body's
  `timestamp`;
- `X-Jrcs-Signature`: `sha256=` + hex HMAC-SHA256 of the raw body, keyed with
  APP_WEBHOOK_SECRET (as DESIGN.md gives the app). The timestamp is inside the signed body,
  so an old request cannot be replayed under a new timestamp: the receiver checks the
  signature, that the header equals the body's `timestamp`, and that it is within five
  minutes (`webhook_verify` is the receiving side);
- `Idempotency-Key`: the same for every retry of one event of one delivery, so the app can
  drop duplicates.

A 2xx answer (or 409, "already have it") delivers; 5xx, 408, 429 and network errors are
retried with backoff; any other answer fails at once.
"""

import datetime
import hashlib
import hmac
import json
import logging
import time

from django.conf import settings
from django.utils import timezone

import httpx

from content.page_types import page_type_key
from core.public_urls import public_url

from .base import (
    APP,
    PUBLISHED,
    RETRACTED,
    Channel,
    DeliveryJob,
    Outcome,
    PermanentChannelError,
    http_client,
    http_status_error,
    register_channel,
    transport_error,
)

logger = logging.getLogger(__name__)

SERVICE = "App 通知接口"
EVENT_HEADER = "X-Jrcs-Event"
TIMESTAMP_HEADER = "X-Jrcs-Timestamp"
SIGNATURE_HEADER = "X-Jrcs-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
SIGNATURE_TOLERANCE_SECONDS = 300


def webhook_signature(*, secret: str, body: bytes) -> str:
    """The X-Jrcs-Signature value for `body`: `sha256=` + hex HMAC-SHA256 of the body.

    >>> webhook_signature(secret="s3cret", body=b'{}')
    'sha256=adbde1ce40c89c14215687d5d762a47df6dfaefcfad61e2e86718ffc8498571b'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_verify(*, secret: str, timestamp: str, body: bytes, signature: str, now: float | None = None) -> bool:
    """True when `signature` is right for `body`, whose `timestamp` equals the header's and is recent.

    Recent means within five minutes of `now` (default: the current time).
    """
    if not hmac.compare_digest(webhook_signature(secret=secret, body=body), signature or ""):
        return False
    try:
        sent = int(timestamp)
        signed = json.loads(body).get("timestamp")
    except (TypeError, ValueError, AttributeError):
        return False
    current = time.time() if now is None else now
    return signed == sent and abs(current - sent) <= SIGNATURE_TOLERANCE_SECONDS


def _absolute(path: str) -> str:
    return public_url(path)


def webhook_payload(*, job: DeliveryJob, event: str, timestamp: int | None = None) -> dict:
    """The JSON body announcing `event` (page.published, page.updated, page.retracted) for the job's page."""
    page = job.page
    column = getattr(page, "column", None)
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        "id": idempotency_key(job=job, event=event),
        "event": event,
        "timestamp": timestamp,
        "sent_at": timezone.localtime(datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)).isoformat(
            timespec="seconds"
        ),
        "page": {
            "id": page.pk,
            "type": page_type_key(page) or page._meta.model_name,
            "title": page.title,
            "summary": getattr(page, "summary", "") or "",
            "url": job.page_url,
            "api_url": _absolute(f"/api/v3/pages/{page.pk}/"),
            "feed_url": _absolute("/api/feed/"),
            "revision_id": job.revision_id,
            "column": getattr(column, "column_key", None),
            "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
            "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
            "attachments": [] if event == "page.retracted" else _attachments(page),
            "poster_slices": [] if event == "page.retracted" else _slices(page),
        },
    }


def _slices(page) -> list[dict]:
    from publishing.outreach.selectors import wants_poster

    from .assets import AssetUnavailable, poster_slice_files, slice_entries

    if not wants_poster(page):
        return []
    try:
        files = poster_slice_files(page=page)
    except AssetUnavailable as error:
        logger.warning("Page %s: the webhook goes without poster slices: %s", page.pk, error.message)
        return []
    return slice_entries(files, page_id=page.pk, absolute=_absolute)


def _attachments(page) -> list[dict]:
    """The page's poster and PDF addresses, as the feed's `attachments` (publishing.downloads)."""
    from ..downloads import download_links

    return [{"url": _absolute(link.url), "mime_type": link.mime_type, "title": link.label}
            for link in download_links(page)]


def idempotency_key(*, job: DeliveryJob, event: str) -> str:
    """Stable for every retry of one event of one delivery."""
    return f"{job.key}:{event}"


@register_channel
class AppChannel(Channel):
    name = APP
    label = "App"
    setting_names = ("APP_WEBHOOK_URL", "APP_WEBHOOK_SECRET")
    retracts_by_api = True

    def _post(self, job: DeliveryJob, event: str) -> None:
        timestamp = int(time.time())
        payload = webhook_payload(job=job, event=event, timestamp=timestamp)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            EVENT_HEADER: event,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: webhook_signature(secret=settings.APP_WEBHOOK_SECRET, body=body),
            IDEMPOTENCY_HEADER: payload["id"],
        }
        url = settings.APP_WEBHOOK_URL
        with http_client(base_url="") as client:
            try:
                response = client.post(url, content=body, headers=headers)
            except httpx.HTTPError as error:
                raise transport_error(error, service=SERVICE) from error
        if response.status_code == 409:
            logger.info("App already had %s (409)", payload["id"])
        elif response.status_code in (401, 403):
            raise PermanentChannelError(
                f"App 拒绝了通知的签名（HTTP {response.status_code}），请运维核对 APP_WEBHOOK_SECRET。",
                code=f"http_{response.status_code}", detail=response.text[:300],
            )
        elif response.status_code >= 300:
            raise http_status_error(response, service=SERVICE)
        job.progress.record(f"{event}_sent", **{f"{event.replace('.', '_')}_key": payload["id"]})

    def send(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        event = "page.updated" if job.event == "updated" else "page.published"
        self._post(job, event)
        return Outcome(PUBLISHED, url=job.page_url, message="App 已收到通知。")

    def retract(self, job: DeliveryJob) -> Outcome:
        self.require_configured()
        self._post(job, "page.retracted")
        return Outcome(RETRACTED, message="已通知 App 下线该内容。")
