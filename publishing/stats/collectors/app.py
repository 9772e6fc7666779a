"""The app's reading events: a signed `POST /api/stats/events/` with a batch of events.

The body is JSON `{"batch_id", "timestamp", "events": [{"type", "page_id", "at", "subject",
"correct"}]}`, signed like the webhook the app receives (`X-Jrcs-Signature: sha256=` + hex
HMAC-SHA256 of the raw body with APP_STATS_SECRET, else APP_WEBHOOK_SECRET; the body's
`timestamp` equal to `X-Jrcs-Timestamp` and within five minutes). Event types: `read`,
`read_end` (read to the end), `share` (`subject`: the alert's id when an alert was shared),
`quiz_answer` (`subject`: the question's id, `correct`: true or false). A batch sent again
under the same `batch_id` is counted once. At most 500 events a batch.
"""

import datetime
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from publishing.channels.app import webhook_verify

from ..models import AppStatsBatch, StatDetail
from ..recording import detail_add, stats_add

MAX_EVENTS = 500
MAX_BODY_BYTES = 256 * 1024
EVENT_TYPES = ("read", "read_end", "share", "quiz_answer")


class EventsRejected(Exception):
    """The batch is refused as a whole; `status` is the HTTP status to answer, `message` says why."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def stats_secret() -> str:
    return getattr(settings, "APP_STATS_SECRET", "") or getattr(settings, "APP_WEBHOOK_SECRET", "")


def _day(value) -> datetime.date | None:
    moment = parse_datetime(str(value or "")) if value else timezone.now()
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + datetime.timedelta(minutes=10):
        return None
    return timezone.localtime(moment).date()


def app_events_ingest(*, body: bytes, timestamp: str, signature: str) -> dict:
    """Check and count a batch; returns {"accepted", "rejected", "duplicate"}. Raises EventsRejected."""
    from wagtail.models import Page

    secret = stats_secret()
    if not secret:
        raise EventsRejected("stats endpoint not configured", status=503)
    if len(body) > MAX_BODY_BYTES:
        raise EventsRejected("body too large", status=413)
    if not webhook_verify(secret=secret, timestamp=timestamp, body=body, signature=signature):
        raise EventsRejected("bad signature or timestamp", status=401)
    data = json.loads(body)
    batch_id, events = str(data.get("batch_id") or ""), data.get("events")
    if not batch_id or len(batch_id) > 64 or not isinstance(events, list) or len(events) > MAX_EVENTS:
        raise EventsRejected(f"batch_id (up to 64 characters) and up to {MAX_EVENTS} events are required")
    ids = {event.get("page_id") for event in events if isinstance(event, dict)}
    known = set(Page.objects.filter(pk__in=[i for i in ids if isinstance(i, int)]).values_list("pk", flat=True))
    accepted = rejected = 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                AppStatsBatch.objects.create(batch_id=batch_id, events=len(events))
        except IntegrityError:
            return {"accepted": 0, "rejected": 0, "duplicate": True}
        for event in events:
            if not isinstance(event, dict) or event.get("type") not in EVENT_TYPES or event.get("page_id") not in known:
                rejected += 1
                continue
            day = _day(event.get("at"))
            if day is None:
                rejected += 1
                continue
            _count(event, page_id=event["page_id"], day=day)
            accepted += 1
    return {"accepted": accepted, "rejected": rejected, "duplicate": False}


def _count(event: dict, *, page_id: int, day: datetime.date) -> None:
    kind, subject = event["type"], str(event.get("subject") or "")[:64]
    if kind == "read":
        stats_add(page_id=page_id, channel="app", day=day, reads=1)
    elif kind == "read_end":
        stats_add(page_id=page_id, channel="app", day=day, completions=1)
    elif kind == "share":
        stats_add(page_id=page_id, channel="app", day=day, shares=1)
        if subject:
            detail_add(page_id=page_id, channel="app", day=day, kind=StatDetail.ALERT_SHARE, subject=subject)
    elif kind == "quiz_answer" and subject:
        detail_add(page_id=page_id, channel="app", day=day, kind=StatDetail.QUIZ_ANSWER, subject=subject)
        if event.get("correct") is False:
            detail_add(page_id=page_id, channel="app", day=day, kind=StatDetail.QUIZ_WRONG, subject=subject)
