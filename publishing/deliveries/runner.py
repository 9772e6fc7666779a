"""What a worker does with one delivery: send, poll or retract it, and say what comes next.

The life of a delivery (status in brackets):

    created [待发送] → run: a worker takes the lease, renders what the channel needs
    [渲染中], sends [发送中] → [已发布], or [待人工确认] (视频号), or a poll is deferred
    (WeChat) until the platform says; a transient error defers another run with
    exponential backoff and jitter up to DELIVERY_RETRY["max_attempts"], then [失败];
    a permanent error fails at once [失败]; a channel without credentials ends it as
    [未配置], which, like [失败] and [已取消], never goes out by itself later: an
    operator sends it on purpose (retry, 重新投递 in the listing, `distribute`).

Every wait is a deferred task (`run_after`), never a sleeping worker. A worker "owns" a
delivery through a lease it renews at each recorded step; a lease that runs out means the
worker died, and `deliveries_resume_stalled` hands the delivery to a new one, which carries
on from the last recorded step. Everything an editor does, and every final outcome, is
written to Wagtail's audit log.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from publishing.channels import assets
from publishing.channels.base import (
    AWAITING_CONFIRMATION,
    DOUYIN,
    NOT_CONFIGURED,
    POLL_LATER,
    PUBLISHED,
    RETRACTED,
    TRANSIENT,
    WECHAT,
    WECHAT_CHANNELS,
    ChannelError,
    DeliveryJob,
    Outcome,
    get_channel,
)
from publishing.privacy import page_private_reason

from .errors import DeliveryActionError, DeliveryCancelled, LeaseLost, PageNotPublic
from .events import delivery_failed
from .leases import DeliveryProgress, lease_claim, lease_release, lease_save
from .models import (
    ACTIVE_STATUSES,
    NOT_CONFIGURED_CODE,
    AttemptKind,
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    RetractionStatus,
)
from .policies import poll_delay, poll_policy, retry_delay, retry_policy
from .records import attempt_finish, attempt_start, audit_outcome, delivery_mark_cancelled, page_url
from .steps import NextStep, step_schedule

logger = logging.getLogger(__name__)

VIDEO_CHANNELS = (DOUYIN, WECHAT_CHANNELS)


@dataclass(frozen=True)
class Ran:
    """What one run left: the delivery as it is now (None when it was not this worker's) and its next step."""

    delivery: Delivery | None
    next_step: NextStep | None = None


def _job(delivery: Delivery, attempt: DeliveryAttempt) -> DeliveryJob:
    if delivery.revision is not None:
        page = delivery.revision.as_object()
    elif delivery.page is not None:
        page = delivery.page.specific
    else:
        raise DeliveryActionError("页面已被删除，无法投递。")
    return DeliveryJob(
        key=str(delivery.key),
        channel=delivery.channel,
        page=page,
        page_url=page_url(delivery.page.specific if delivery.page else page),
        event=delivery.event,
        progress=DeliveryProgress(delivery, attempt),
        revision_id=delivery.revision_id,
    )


def _render_kinds(delivery: Delivery, page) -> tuple[str, ...]:
    from publishing.outreach.selectors import wants_poster

    if delivery.channel in VIDEO_CHANNELS:
        return ("video",)
    if delivery.channel == WECHAT and (wants_poster(page) or getattr(page, "cover_image_id", None) is None):
        # A 长图 article goes out as its poster slices; a page without a cover borrows the poster's.
        return ("poster",)
    return ()


def _render(delivery: Delivery, job: DeliveryJob) -> None:
    kinds = _render_kinds(delivery, job.page)
    if not kinds:
        return
    lease_save(delivery, strict=True, status=DeliveryStatus.RENDERING, status_message="正在生成海报或视频…")
    for kind in kinds:
        try:
            assets.render_files(page=job.page, kind=kind)
        except assets.AssetUnavailable as error:
            if delivery.channel == WECHAT:
                # A bulletin without its poster still goes to WeChat, as text.
                logger.warning("Delivery %s: %s", delivery.pk, error.message)
                continue
            raise


def _refuse_private(delivery: Delivery) -> None:
    """Raise PageNotPublic unless the delivery's page is, right now, live and unrestricted."""
    page = Page.objects.filter(pk=delivery.page_id).first() if delivery.page_id else None
    reason = page_private_reason(page)
    if reason:
        raise PageNotPublic(reason)


def delivery_run(*, delivery_id: int) -> Ran:
    """Send the delivery (the body of the `run_delivery` task); `Ran(None)` if another worker has it or it is done."""
    now = timezone.now()
    delivery = lease_claim(delivery_id, condition=Q(status__in=ACTIVE_STATUSES), now=now)
    if delivery is None:
        logger.info("Delivery %s is not waiting or another worker has it", delivery_id)
        return Ran(None)
    channel = get_channel(delivery.channel)
    attempt = attempt_start(delivery, AttemptKind.SEND)
    next_step = None
    try:
        # A page made private after this delivery was queued (or retried, or resumed) is not sent:
        # checked before the render and again right before the platform is called.
        _refuse_private(delivery)
        channel.require_configured()
        job = _job(delivery, attempt)
        _render(delivery, job)
        _refuse_private(delivery)
        lease_save(delivery, strict=True, status=DeliveryStatus.SENDING, status_message="正在发送…", error_code="", next_attempt_at=None)
        outcome = channel.send(job)
        next_step = _apply_outcome(delivery, attempt, outcome)
    except PageNotPublic as error:
        message = f"{str(error).rstrip('。')}，投递已取消。"
        delivery_mark_cancelled(delivery, user=None, message=message)
        attempt_finish(attempt, AttemptOutcome.CANCELLED, message=message)
    except ChannelError as error:
        next_step = _apply_error(delivery, attempt, error)
    except assets.AssetUnavailable as error:
        next_step = _apply_error(delivery, attempt, ChannelError(error.message, code="asset"), transient=error.transient)
    except DeliveryCancelled:
        attempt_finish(attempt, AttemptOutcome.CANCELLED, message="投递已被取消，停止发送。")
    except LeaseLost:
        attempt_finish(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次投递。")
        return Ran(Delivery.objects.get(pk=delivery_id))
    except DeliveryActionError as error:
        next_step = _apply_error(delivery, attempt, ChannelError(str(error), code="page_missing"))
    except Exception as error:
        logger.exception("Delivery %s failed unexpectedly", delivery_id)
        next_step = _apply_unexpected(delivery, attempt, error)
    return _finished(delivery, next_step)


def _sends(delivery: Delivery, attempt: DeliveryAttempt) -> dict:
    """A send attempt that got an answer counts as one more send (a first-time success is 1)."""
    return {"attempt_count": delivery.attempt_count + 1} if attempt.kind == AttemptKind.SEND else {}


def _apply_outcome(delivery: Delivery, attempt: DeliveryAttempt, outcome: Outcome) -> NextStep | None:
    """Record what the platform answered; the next step when there is one (a poll, a retraction)."""
    if outcome.state == PUBLISHED:
        url = outcome.url or delivery.external_ids.get("article_url", "") or delivery.external_url
        lease_save(
            delivery, status=DeliveryStatus.PUBLISHED, status_message=outcome.message, error_code="",
            external_url=url, published_at=timezone.now(), next_attempt_at=None, **_sends(delivery, attempt),
        )
        attempt_finish(attempt, AttemptOutcome.SUCCEEDED, message=outcome.message)
        audit_outcome(delivery, "deliveries.published")
        retraction = Delivery.objects.filter(pk=delivery.pk).values_list("retraction_status", flat=True).first()
        if retraction == RetractionStatus.REQUESTED:
            # The page was unpublished while the platform was still publishing: take it down now.
            return step_schedule(delivery, kind=AttemptKind.RETRACT)
    elif outcome.state == AWAITING_CONFIRMATION:
        lease_save(
            delivery, status=DeliveryStatus.AWAITING_CONFIRMATION, status_message=outcome.message,
            next_attempt_at=None, **_sends(delivery, attempt),
        )
        attempt_finish(attempt, AttemptOutcome.WAITING, message=outcome.message)
        audit_outcome(delivery, "deliveries.awaiting_confirmation")
    elif outcome.state == POLL_LATER:
        polls = delivery.poll_count
        delay = outcome.poll_after if outcome.poll_after is not None else poll_delay(polls + 1)
        if polls >= poll_policy()["max_polls"]:
            error = ChannelError(
                f"已查询 {delivery.poll_count} 次，平台仍未给出发布结果。请在平台后台确认后点「重试」。", code="poll_timeout"
            )
            return _apply_error(delivery, attempt, error)
        lease_save(delivery, status=DeliveryStatus.SENDING, status_message=outcome.message, **_sends(delivery, attempt))
        attempt_finish(attempt, AttemptOutcome.WAITING, message=outcome.message)
        return step_schedule(delivery, kind=AttemptKind.POLL, delay=delay)
    else:
        raise ValueError(f"unknown outcome {outcome.state!r}")
    return None


def _apply_error(
    delivery: Delivery, attempt: DeliveryAttempt, error: ChannelError, *, transient: bool | None = None
) -> NextStep | None:
    """Record a failed attempt; the retry as the next step while retries are left, else None (failed)."""
    kind = error.kind
    if transient is not None:
        kind = TRANSIENT if transient else kind
    if kind == NOT_CONFIGURED:
        lease_save(
            delivery, status=DeliveryStatus.NOT_CONFIGURED, status_message=error.message,
            error_code=NOT_CONFIGURED_CODE, next_attempt_at=None,
        )
        attempt_finish(attempt, AttemptOutcome.NOT_CONFIGURED, message=error.message, error=error)
        audit_outcome(delivery, "deliveries.not_configured")
        return None
    is_poll = attempt.kind == AttemptKind.POLL
    if kind == TRANSIENT:
        used = delivery.poll_count if is_poll else delivery.attempt_count + 1
        limit = poll_policy()["max_polls"] if is_poll else retry_policy()["max_attempts"]
        if used < limit:
            delay = max(poll_delay(used + 1) if is_poll else retry_delay(used), error.retry_after)
            due = timezone.now() + datetime.timedelta(seconds=delay)
            when = due.astimezone(timezone.get_current_timezone())
            message = f"{error.message.rstrip('。')}（第 {used} 次{'查询' if is_poll else '发送'}失败，{when:%H:%M:%S} 自动重试）。"
            fields = {"status_message": message, "error_code": error.code[:64]}
            if not is_poll:
                fields["attempt_count"] = used
            lease_save(delivery, **fields)
            attempt_finish(attempt, AttemptOutcome.TRANSIENT, message=message, error=error)
            return step_schedule(delivery, kind=AttemptKind.POLL if is_poll else AttemptKind.SEND, delay=delay)
        message = f"{error.message.rstrip('。')}（已尝试 {used} 次，不再自动重试）。可稍后在投递详情中点「重试」。"
    else:
        used = delivery.attempt_count + (0 if is_poll else 1)
        message = error.message
    fields = {"status": DeliveryStatus.FAILED, "status_message": message, "error_code": error.code[:64], "next_attempt_at": None}
    if not is_poll:
        fields["attempt_count"] = used
    lease_save(delivery, **fields)
    attempt_finish(attempt, AttemptOutcome.PERMANENT, message=message, error=error)
    audit_outcome(delivery, "deliveries.failed", error_code=error.code)
    _announce_failure(delivery)
    return None


def _apply_unexpected(delivery: Delivery, attempt: DeliveryAttempt, error: Exception) -> NextStep | None:
    """An error nobody classified: retried as transient, its type shown, its text kept as the detail."""
    error = ChannelError(f"内部错误：{type(error).__name__}", detail=str(error))
    return _apply_error(delivery, attempt, error, transient=True)


def _finished(delivery: Delivery, next_step: NextStep | None) -> Ran:
    """Give the lease back and say what the run left.

    Not called from a `finally`: a worker killed mid-way keeps its lease until it runs out,
    as a real kill does.
    """
    lease_release(delivery)
    return Ran(Delivery.objects.get(pk=delivery.pk), next_step)


def _announce_failure(delivery: Delivery) -> None:
    """Send `delivery_failed` once the failure is committed; a receiver that fails is logged, not fatal."""

    def send():
        for receiver, result in delivery_failed.send_robust(sender=Delivery, delivery=delivery):
            if isinstance(result, Exception):
                logger.error("delivery_failed receiver %r failed for delivery %s: %s", receiver, delivery.pk, result)

    transaction.on_commit(send)


def delivery_poll(*, delivery_id: int) -> Ran:
    """Ask the platform whether the submitted post is out (the body of the `poll_delivery` task)."""
    now = timezone.now()
    delivery = lease_claim(delivery_id, condition=Q(status=DeliveryStatus.SENDING), now=now)
    if delivery is None:
        return Ran(None)
    channel = get_channel(delivery.channel)
    attempt = attempt_start(delivery, AttemptKind.POLL)
    lease_save(delivery, poll_count=delivery.poll_count + 1, next_attempt_at=None)
    next_step = None
    try:
        outcome = channel.poll(_job(delivery, attempt))
        next_step = _apply_outcome(delivery, attempt, outcome)
    except ChannelError as error:
        next_step = _apply_error(delivery, attempt, error)
    except DeliveryCancelled:
        attempt_finish(attempt, AttemptOutcome.CANCELLED, message="投递已被取消，停止查询。")
    except LeaseLost:
        attempt_finish(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次投递。")
    except Exception as error:
        logger.exception("Polling delivery %s failed unexpectedly", delivery_id)
        next_step = _apply_unexpected(delivery, attempt, error)
    return _finished(delivery, next_step)


def delivery_retract(*, delivery_id: int) -> Ran:
    """Take a published delivery down on its channel (the body of the `retract_delivery` task)."""
    now = timezone.now()
    condition = Q(status=DeliveryStatus.PUBLISHED, retraction_status=RetractionStatus.REQUESTED)
    delivery = lease_claim(delivery_id, condition=condition, now=now)
    if delivery is None:
        return Ran(None)
    channel = get_channel(delivery.channel)
    attempt = attempt_start(delivery, AttemptKind.RETRACT)
    next_step = None
    try:
        outcome = channel.retract(_job(delivery, attempt))
        if outcome.state == RETRACTED:
            lease_save(delivery, retraction_status=RetractionStatus.RETRACTED, retraction_message=outcome.message,
                 retracted_at=timezone.now(), next_attempt_at=None)
            attempt_finish(attempt, AttemptOutcome.SUCCEEDED, message=outcome.message)
            audit_outcome(delivery, "deliveries.retracted")
        else:
            lease_save(delivery, retraction_status=RetractionStatus.MANUAL, retraction_message=outcome.message, next_attempt_at=None)
            attempt_finish(attempt, AttemptOutcome.WAITING, message=outcome.message)
            audit_outcome(delivery, "deliveries.retract_manually")
    except ChannelError as error:
        tries = attempt.number
        if error.kind == TRANSIENT and tries < retry_policy()["max_attempts"]:
            delay = retry_delay(tries)
            message = f"{error.message.rstrip('。')}（撤回第 {tries} 次失败，稍后自动重试）。"
            lease_save(delivery, retraction_message=message)
            attempt_finish(attempt, AttemptOutcome.TRANSIENT, message=message, error=error)
            next_step = step_schedule(delivery, kind=AttemptKind.RETRACT, delay=delay)
        else:
            lease_save(delivery, retraction_status=RetractionStatus.FAILED, retraction_message=error.message, next_attempt_at=None)
            attempt_finish(attempt, AttemptOutcome.PERMANENT, message=error.message, error=error)
            audit_outcome(delivery, "deliveries.retract_failed", error_code=error.code)
    except LeaseLost:
        attempt_finish(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次撤回。")
    except Exception as error:
        logger.exception("Retracting delivery %s failed unexpectedly", delivery_id)
        lease_save(delivery, retraction_status=RetractionStatus.FAILED, retraction_message=f"内部错误：{type(error).__name__}")
        attempt_finish(attempt, AttemptOutcome.PERMANENT, message=f"内部错误：{type(error).__name__}",
                        error=ChannelError("", detail=str(error)))
    return _finished(delivery, next_step)
