"""A delivery's records: the row itself, its attempts, and the audit-log entries editors read."""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.log_actions import log

from core.public_urls import public_url
from publishing.channels.base import ChannelError

from .models import AttemptOutcome, Delivery, DeliveryAttempt, DeliveryEvent, DeliveryStatus

logger = logging.getLogger(__name__)


def page_url(page) -> str:
    """The page's address for readers (PUBLIC_BASE_URL and its path), as every channel links to it."""
    return page.specific.get_full_url() or public_url(page.url or f"/?page={page.pk}")


def delivery_create(*, page, revision, channel: str, user=None, event: str | None = None) -> tuple[Delivery, bool]:
    """The delivery of `revision` of `page` to `channel`, created if new; returns (delivery, created).

    Creating it again for the same revision and channel returns the existing one.
    """
    existing = Delivery.objects.filter(revision=revision, channel=channel).first()
    if existing is not None:
        return existing, False
    if event is None:
        earlier = Delivery.objects.filter(page_id=page.pk, channel=channel, status=DeliveryStatus.PUBLISHED)
        event = DeliveryEvent.UPDATED if earlier.exists() else DeliveryEvent.PUBLISHED
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                page_id=page.pk,
                revision=revision,
                page_title=page.title,
                channel=channel,
                event=event,
                requested_by=user if user is not None and user.is_authenticated else None,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        # Another process created it between our look and our insert.
        return Delivery.objects.get(revision=revision, channel=channel), False
    audit_log(delivery, "deliveries.create", user=delivery.requested_by, data=audit_data(delivery))
    return delivery, True


def attempt_start(delivery: Delivery, kind: str) -> DeliveryAttempt:
    for stale in delivery.attempts.filter(outcome=AttemptOutcome.RUNNING):
        # The worker that started it died before finishing.
        stale.outcome = AttemptOutcome.INTERRUPTED
        stale.finished_at = timezone.now()
        stale.message = f"工作进程中断；完成到“{stale.step or '开始'}”，已从该步骤继续。"
        stale.save(update_fields=["outcome", "finished_at", "message"])
    number = delivery.attempts.filter(kind=kind).count() + 1
    return DeliveryAttempt.objects.create(
        delivery=delivery, kind=kind, number=number, started_at=timezone.now(), step=delivery.step
    )


def attempt_finish(attempt: DeliveryAttempt, outcome: str, *, message: str = "", error: ChannelError | None = None) -> None:
    attempt.outcome = outcome
    attempt.finished_at = timezone.now()
    attempt.message = message
    if error is not None:
        attempt.error_code = error.code[:64]
        attempt.detail = error.detail[:2000]
    attempt.save(update_fields=["outcome", "finished_at", "message", "error_code", "detail"])


def audit_log(instance, action: str, **kwargs) -> None:
    """Write an audit-log entry with a uuid of its own.

    Wagtail's history views keep one entry per (uuid, action) across all objects of a
    model, and every entry written during one request shares the request's uuid; without
    a uuid of their own, the four "created" entries of one publish would show as one.
    """
    log(instance=instance, action=action, uuid=uuid.uuid4(), **kwargs)


def audit_data(delivery: Delivery, **extra) -> dict:
    return {
        "channel": delivery.channel,
        "channel_label": str(delivery.get_channel_display()),
        "page_id": delivery.page_id,
        "revision_id": delivery.revision_id,
        "status": delivery.status,
        **extra,
    }


def audit_outcome(delivery: Delivery, action: str, **extra) -> None:
    data = audit_data(delivery, message=delivery.status_message, url=delivery.external_url, **extra)
    audit_log(delivery, action, data=data)
    if delivery.page is not None:
        audit_log(delivery.page.specific, action, data=data)


def delivery_mark_cancelled(delivery: Delivery, *, user, message: str) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.CANCELLED, status_message=message, next_attempt_at=None, updated_at=timezone.now()
    )
    delivery.refresh_from_db()
    audit_log(delivery, "deliveries.cancel", user=user, data=audit_data(delivery, message=message))
    return delivery
