"""Erasing personal data after the retention period, keeping the request anonymised for statistics.

`DESK_RETENTION_DAYS` (default 730) after a request is closed, `requests_erase()` removes its
name and phone and their hashes, the reader's text, the replies' and notes' texts and the
screenshots (files too), and stamps `erased_at`. What stays: number, kind, channel, category,
urgency, dates, status, the deadline outcome, the keywords of the text (numbers and personal
names filtered out, see keywords.py) and the history, whose details never held personal values.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .keywords import text_keywords
from .models import Attachment, DeskRequest, Event, Note, Reply
from .screenshots import private_storage

logger = logging.getLogger(__name__)


def retention_days() -> int:
    return int(getattr(settings, "DESK_RETENTION_DAYS", 730))


def erasable(*, now: datetime.datetime | None = None):
    """Closed requests whose retention period has ended and that still hold personal data."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    return DeskRequest.objects.filter(status="closed", closed_at__lte=cutoff, erased_at__isnull=True)


@transaction.atomic
def request_erase(*, desk_request: DeskRequest, user=None) -> None:
    """Erase one request's personal data now (also used when a reader asks for deletion)."""
    desk_request = DeskRequest.objects.select_for_update().get(pk=desk_request.pk)
    if desk_request.erased_at is not None:
        return
    if desk_request.keywords is None:
        desk_request.keywords = text_keywords(desk_request.text)
    storage = private_storage()
    for attachment in Attachment.objects.filter(request=desk_request):
        storage.delete(attachment.name)
    Attachment.objects.filter(request=desk_request).delete()
    Reply.objects.filter(request=desk_request).update(text="")
    Note.objects.filter(request=desk_request).update(text="")
    DeskRequest.objects.filter(pk=desk_request.pk).update(
        text="", name="", phone="", phone_hash="", phone_last4_hash="", code_hash="",
        complex_reason="", keywords=desk_request.keywords, erased_at=timezone.now(),
    )
    Event.objects.create(request=desk_request, actor=user, action=Event.Action.ERASED, detail={})


def requests_erase(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Erase every request past its retention period; returns how many (or would be, with dry_run)."""
    pending = list(erasable(now=now).values_list("pk", flat=True))
    if dry_run:
        return len(pending)
    for pk in pending:
        request_erase(desk_request=DeskRequest(pk=pk))
    if pending:
        logger.info("Erased the personal data of %d desk requests past retention", len(pending))
    return len(pending)
