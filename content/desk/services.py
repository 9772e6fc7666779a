"""Taking in a reader's request and letting the reader look it up again.

`request_submit(...)` stores a validated request: a receipt number that cannot be guessed,
the due date, the suggested category, the urgent flag, the personal values encrypted with
their lookup hashes, the screenshots cleaned. `request_for_reader(number=..., phone_last4=...)`
gives the request back only when the digits match, and answers RequestNotFound in every other
case, after too many wrong tries on one number too, so that neither numbers nor digits can
be enumerated.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Page

from . import crypto, deadlines, rules
from .errors import RequestNotFound
from .forms import CONSENT_VERSION
from .models import Attachment, DeskRequest, Event
from .models.requests import Source
from .screenshots import CleanImage, screenshot_store

logger = logging.getLogger(__name__)

NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_FAILURES_ALLOWED = 10
LOOKUP_LOCK_SECONDS = 3600


@dataclass(frozen=True)
class Receipt:
    """What the reader is told: the request, and the query code when they left no phone."""

    request: DeskRequest
    query_code: str | None

    @property
    def urgent_advice(self) -> str | None:
        return rules.desk_rules().urgent_advice if self.request.urgent else None


def _new_number(received_at) -> str:
    day = deadlines.shanghai_date(received_at).strftime("%Y%m%d")
    return f"XB{day}-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(6))


def request_submit(
    *,
    kind: str,
    text: str,
    name: str = "",
    phone: str = "",
    consent: bool = False,
    page_id: int | None = None,
    channel: str = Source.WEB,
    screenshots: list[CleanImage] = (),
) -> Receipt:
    """Store a validated submission (forms.DeskRequestForm) and return its receipt."""
    now = timezone.now()
    terms = rules.urgent_terms(text)
    suggested = "fraud_help" if terms and rules.desk_rules().category("fraud_help") else rules.suggest_category(text)
    query_code = None if phone else "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    if page_id is not None and not Page.objects.filter(pk=page_id).exists():
        page_id = None
    for _attempt in range(5):
        desk_request = DeskRequest(
            number=_new_number(now),
            kind=kind,
            channel=channel,
            category=suggested,
            suggested_category=suggested,
            urgent=bool(terms),
            urgent_terms=terms,
            text=text,
            name=name if consent else "",
            phone=phone if consent else "",
            phone_hash=crypto.lookup_hash(phone, purpose="phone") if phone and consent else "",
            phone_last4_hash=crypto.lookup_hash(phone[-4:], purpose="phone_last4") if phone and consent else "",
            code_hash=crypto.lookup_hash(query_code, purpose="code") if query_code else "",
            consent=consent,
            consent_version=CONSENT_VERSION if consent else "",
            page_id=page_id,
            received_at=now,
            due_date=deadlines.due_date(now),
        )
        try:
            with transaction.atomic():
                desk_request.save()
                Event.objects.create(
                    request=desk_request,
                    action=Event.Action.RECEIVED,
                    detail={"kind": kind, "channel": channel, "urgent": desk_request.urgent, "category": suggested},
                )
                folder = f"requests/{desk_request.pk}"
                for image in screenshots:
                    stored = screenshot_store(image, folder=folder)
                    Attachment.objects.create(
                        request=desk_request, name=stored, content_type=image.content_type,
                        size=len(image.data), width=image.width, height=image.height,
                    )
        except IntegrityError:
            continue
        break
    else:  # pragma: no cover - 31^6 numbers a day
        raise RuntimeError("could not allocate a receipt number")
    logger.info("Desk request %s received (%s, %s, urgent=%s)", desk_request.number, kind, channel, desk_request.urgent)
    return Receipt(desk_request, query_code)


def _failure_key(number: str) -> str:
    return "desk:lookup-failures:" + crypto.lookup_hash(number.upper(), purpose="lookup-failures")[:32]


def request_for_reader(*, number: str, phone_last4: str = "", code: str = "") -> DeskRequest:
    """The request `number` when `phone_last4` (or, without a phone, the query `code`) matches.

    Raises RequestNotFound for an unknown number, wrong digits, a missing credential, and for
    every try after LOOKUP_FAILURES_ALLOWED wrong ones on the same number within an hour.
    """
    number = (number or "").strip().upper()
    phone_last4 = (phone_last4 or "").strip()
    code = (code or "").strip().upper()
    key = _failure_key(number)
    if (cache.get(key) or 0) >= LOOKUP_FAILURES_ALLOWED:
        raise RequestNotFound()
    # Both hashes are computed whatever the number, so that an unknown number answers no faster.
    given_last4 = crypto.lookup_hash(phone_last4, purpose="phone_last4") if len(phone_last4) == 4 and phone_last4.isdigit() else ""
    given_code = crypto.lookup_hash(code, purpose="code") if code else ""
    desk_request = DeskRequest.objects.filter(number=number, erased_at__isnull=True).first() if number else None
    matched = False
    if desk_request is not None:
        if desk_request.phone_last4_hash:
            matched = bool(given_last4) and crypto.hashes_equal(given_last4, desk_request.phone_last4_hash)
        elif desk_request.code_hash and given_code:
            matched = crypto.hashes_equal(given_code, desk_request.code_hash)
    if not matched:
        if cache.add(key, 1, LOOKUP_LOCK_SECONDS) is False:
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, LOOKUP_LOCK_SECONDS)
        raise RequestNotFound()
    return desk_request
