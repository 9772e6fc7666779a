"""Deliveries: create them when a page is published, run them through their channel, retry, poll, retract.

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
import random
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import Page

from core.public_urls import public_url
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
from publishing.channels.validation import enabled_channels_for
from publishing.privacy import page_private_reason
from publishing.scheduling import scheduled_go_live

from .events import delivery_failed
from .models import (
    ACTIVE_STATUSES,
    NOT_CONFIGURED_CODE,
    AttemptKind,
    AttemptOutcome,
    Delivery,
    DeliveryAttempt,
    DeliveryEvent,
    DeliveryStatus,
    RetractionStatus,
)

logger = logging.getLogger(__name__)

LEASE_SECONDS = 600


def lease_seconds() -> int:
    """How long a worker owns a delivery without recording a step (DELIVERY_LEASE_SECONDS, default 600)."""
    return int(getattr(settings, "DELIVERY_LEASE_SECONDS", LEASE_SECONDS))
VIDEO_CHANNELS = (DOUYIN, WECHAT_CHANNELS)
DEFAULT_RETRY = {"max_attempts": 6, "base_seconds": 30, "cap_seconds": 1800}
DEFAULT_POLL = {"first_seconds": 5, "cap_seconds": 120, "max_polls": 60}


class DeliveryActionError(Exception):
    """An action an editor asked for that cannot be done now; the message (Chinese) says why."""


class DeliveryCancelled(Exception):
    """The delivery was cancelled while a worker was on it."""


class LeaseLost(Exception):
    """Another worker took this delivery over (our lease ran out)."""


class PageNotPublic(Exception):
    """The delivery's page is restricted, unpublished or deleted; the message (Chinese) says which."""


# Policies


def retry_policy() -> dict:
    return {**DEFAULT_RETRY, **getattr(settings, "DELIVERY_RETRY", {})}


def poll_policy() -> dict:
    return {**DEFAULT_POLL, **getattr(settings, "DELIVERY_POLL", {})}


def retry_delay(attempt: int, *, rng: random.Random | None = None) -> float:
    """Seconds before retry number `attempt` (1 after the first failure): exponential, capped, with jitter.

    "Equal jitter": half the exponential delay is fixed, the other half random, so retries
    from many deliveries that failed together spread out but still back off.

    >>> 15 <= retry_delay(1) <= 30   # base 30 s
    True
    """
    policy = retry_policy()
    ceiling = min(policy["cap_seconds"], policy["base_seconds"] * 2 ** max(0, attempt - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security


def poll_delay(poll_number: int) -> float:
    """Seconds before poll number `poll_number` (1-based): 5, 10, 20, 40 … capped at two minutes."""
    policy = poll_policy()
    return min(policy["cap_seconds"], policy["first_seconds"] * 2 ** max(0, poll_number - 1))


# Creating deliveries


def _page_url(page) -> str:
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
    _log(delivery, "deliveries.create", user=delivery.requested_by, data=_log_data(delivery))
    return delivery, True


def _queue_or_park(delivery: Delivery) -> bool:
    """Queue a new delivery, or end it as 未配置 when its channel has no credentials; True if queued.

    Parked at once rather than by a worker: a task queued now would run whenever a worker
    starts, by then perhaps with credentials, and push content nobody chose to send.
    """
    channel = get_channel(delivery.channel)
    if channel.is_configured():
        delivery_enqueue(delivery=delivery)
        return True
    try:
        channel.require_configured()
    except ChannelError as error:
        message = error.message
    else:  # configured between the two looks
        delivery_enqueue(delivery=delivery)
        return True
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.NOT_CONFIGURED, status_message=message, error_code=NOT_CONFIGURED_CODE,
        next_attempt_at=None, updated_at=timezone.now(),
    )
    delivery.refresh_from_db()
    _log_outcome(delivery, "deliveries.not_configured")
    return False


def deliveries_start_for_publish(*, page, revision, user=None) -> list[Delivery]:
    """Create and queue the deliveries of a newly published revision, one per enabled channel.

    Only article, case-study and bulletin pages are delivered, to `selectors.channels_for_publish`.
    """
    from .selectors import channels_for_publish

    page = page.specific
    if revision is None:
        return []
    channels = channels_for_publish(page=page, revision=revision)
    if not channels:
        return []
    private = page_private_reason(page)
    if private:
        logger.info("Page %s is not public: no deliveries (%s)", page.pk, private)
        return []
    started = []
    for channel in channels:
        delivery, created = delivery_create(page=page, revision=revision, channel=channel, user=user)
        if created and _queue_or_park(delivery):
            started.append(delivery)
    logger.info("Page %s revision %s: %d deliveries queued", page.pk, revision.pk, len(started))
    return started


def deliveries_distribute(*, page, channels: list[str] | None = None, user=None, mode: str | None = None) -> list[Delivery]:
    """For operators: make sure the page's live revision has a delivery on each channel, and queue those waiting.

    `channels` defaults to the channels enabled for the page's type. A delivery that ended
    as 未配置 is sent now if its channel has its credentials; the other final ones are left
    as they are (use retry for a failed one). `mode` ("publish" or
    "mass") is how the WeChat delivery goes out, instead of 公众号设置's choice; it can be
    given only while that delivery has sent nothing. A page that is not public (unpublished,
    or under a view restriction) is refused with DeliveryActionError.
    """
    page = page.specific
    revision = page.live_revision
    if revision is None or not page.live:
        go_live_at = scheduled_go_live(page)
        if go_live_at is not None:
            when = timezone.localtime(go_live_at)
            raise DeliveryActionError(f"页面“{page.title}”已排期，将于 {when:%Y-%m-%d %H:%M} 上线，上线时自动投递。")
        raise DeliveryActionError(f"页面“{page.title}”尚未发布，不能投递。")
    private = page_private_reason(page)
    if private:
        raise DeliveryActionError(private)
    deliveries = []
    for channel in channels or enabled_channels_for(page):
        get_channel(channel)
        delivery, created = delivery_create(page=page, revision=revision, channel=channel, user=user)
        if mode and channel == WECHAT:
            delivery_set_wechat_mode(delivery=delivery, mode=mode)
        if created:
            _queue_or_park(delivery)
        elif delivery.status == DeliveryStatus.PENDING:
            delivery_enqueue(delivery=delivery)
        elif delivery.status == DeliveryStatus.NOT_CONFIGURED and get_channel(channel).is_configured():
            # The operator asked for this page on this channel, which now has its credentials.
            delivery = delivery_retry(delivery=delivery, user=user)
        deliveries.append(delivery)
    return deliveries


def delivery_set_wechat_mode(*, delivery: Delivery, mode: str) -> Delivery:
    """Make a WeChat delivery go out by 发布 ("publish") or 群发 ("mass"), before it has sent anything."""
    from publishing.channels.wechat.mass import MODES

    if mode not in MODES:
        raise DeliveryActionError(f"发送方式只能是 {' 或 '.join(MODES)}。")
    ids = delivery.external_ids
    if ids.get("mode") == mode:
        return delivery
    if any(ids.get(key) for key in ("publish_id", "msg_id", "mass_started_at", "submit_started_at")):
        raise DeliveryActionError("该投递已经提交到微信，不能再更改发送方式。")
    updated = Delivery.objects.filter(pk=delivery.pk, status__in=ACTIVE_STATUSES + (DeliveryStatus.FAILED,)).update(
        external_ids={**ids, "mode": mode}, updated_at=timezone.now()
    )
    if not updated:
        raise DeliveryActionError(f"该投递已{delivery.get_status_display()}，不能再更改发送方式。")
    delivery.refresh_from_db()
    return delivery


# Queueing


def _enqueue(task, delivery_id: int, *, delay: float | None) -> None:
    def send():
        queued = task
        if delay and delay > 0:
            if not queued.get_backend().supports_defer:
                logger.info("Task backend cannot defer; delivery %s waits for the resume sweep", delivery_id)
                return
            queued = queued.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        queued.enqueue(delivery_id)

    transaction.on_commit(send)


def delivery_enqueue(*, delivery: Delivery, delay: float | None = None, kind: str = AttemptKind.SEND) -> None:
    """Queue the delivery's next task (send, poll or retract), now or after `delay` seconds."""
    from . import tasks

    task = {AttemptKind.SEND: tasks.run_delivery, AttemptKind.POLL: tasks.poll_delivery,
            AttemptKind.RETRACT: tasks.retract_delivery}[kind]
    due = timezone.now() + datetime.timedelta(seconds=delay or 0)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=due)
    delivery.next_attempt_at = due
    _enqueue(task, delivery.pk, delay=delay)


# Leases and progress


def _claim(delivery_id: int, *, condition: Q, now: datetime.datetime) -> Delivery | None:
    owner = uuid.uuid4().hex
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    taken = Delivery.objects.filter(Q(pk=delivery_id) & condition & free).update(
        lease_owner=owner, lease_expires_at=now + datetime.timedelta(seconds=lease_seconds()), updated_at=now
    )
    if not taken:
        return None
    return Delivery.objects.select_related("page", "revision").get(pk=delivery_id)


def _release(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, lease_owner=delivery.lease_owner).update(
        lease_owner="", lease_expires_at=None
    )


class DeliveryProgress:
    """The `Progress` a channel writes to: each call saves the delivery's external ids at once."""

    def __init__(self, delivery: Delivery, attempt: DeliveryAttempt):
        self.delivery = delivery
        self.attempt = attempt

    def get(self, key, default=None):
        return self.delivery.external_ids.get(key, default)

    def begin(self, step: str) -> None:
        self._save({"in_flight": step}, step=None)

    def record(self, step: str, **values) -> None:
        values["in_flight"] = None
        self._save(values, step=step)

    def _save(self, values: dict, *, step: str | None) -> None:
        ids = dict(self.delivery.external_ids)
        for key, value in values.items():
            if value is None:
                ids.pop(key, None)
            else:
                ids[key] = value
        now = timezone.now()
        update = {"external_ids": ids, "lease_expires_at": now + datetime.timedelta(seconds=lease_seconds()), "updated_at": now}
        if step:
            update["step"] = step
        saved = Delivery.objects.filter(
            pk=self.delivery.pk, lease_owner=self.delivery.lease_owner
        ).exclude(status=DeliveryStatus.CANCELLED).update(**update)
        if not saved:
            current = Delivery.objects.filter(pk=self.delivery.pk).values_list("status", flat=True).first()
            if current == DeliveryStatus.CANCELLED:
                raise DeliveryCancelled()
            raise LeaseLost()
        self.delivery.external_ids = ids
        if step:
            self.delivery.step = step
            DeliveryAttempt.objects.filter(pk=self.attempt.pk).update(step=step)


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
        page_url=_page_url(delivery.page.specific if delivery.page else page),
        event=delivery.event,
        progress=DeliveryProgress(delivery, attempt),
        revision_id=delivery.revision_id,
    )


def _set(delivery: Delivery, *, strict: bool = False, **fields) -> None:
    """Save `fields` on the delivery while this worker owns it and nobody cancelled it; renews the lease.

    With `strict`, a cancelled delivery raises DeliveryCancelled (before anything is sent).
    """
    now = timezone.now()
    fields["updated_at"] = now
    saved = (
        Delivery.objects.filter(pk=delivery.pk, lease_owner=delivery.lease_owner)
        .exclude(status=DeliveryStatus.CANCELLED)
        .update(lease_expires_at=now + datetime.timedelta(seconds=lease_seconds()), **fields)
    )
    if not saved and strict:
        raise DeliveryCancelled()
    for name, value in fields.items():
        setattr(delivery, name, value)


def _start_attempt(delivery: Delivery, kind: str) -> DeliveryAttempt:
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


def _finish_attempt(attempt: DeliveryAttempt, outcome: str, *, message: str = "", error: ChannelError | None = None) -> None:
    attempt.outcome = outcome
    attempt.finished_at = timezone.now()
    attempt.message = message
    if error is not None:
        attempt.error_code = error.code[:64]
        attempt.detail = error.detail[:2000]
    attempt.save(update_fields=["outcome", "finished_at", "message", "error_code", "detail"])


def _log(instance, action: str, **kwargs) -> None:
    """Write an audit-log entry with a uuid of its own.

    Wagtail's history views keep one entry per (uuid, action) across all objects of a
    model, and every entry written during one request shares the request's uuid; without
    a uuid of their own, the four "created" entries of one publish would show as one.
    """
    log(instance=instance, action=action, uuid=uuid.uuid4(), **kwargs)


def _log_data(delivery: Delivery, **extra) -> dict:
    return {
        "channel": delivery.channel,
        "channel_label": str(delivery.get_channel_display()),
        "page_id": delivery.page_id,
        "revision_id": delivery.revision_id,
        "status": delivery.status,
        **extra,
    }


def _log_outcome(delivery: Delivery, action: str, **extra) -> None:
    data = _log_data(delivery, message=delivery.status_message, url=delivery.external_url, **extra)
    _log(delivery, action, data=data)
    if delivery.page is not None:
        _log(delivery.page.specific, action, data=data)


# Running


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
    _set(delivery, strict=True, status=DeliveryStatus.RENDERING, status_message="正在生成海报或视频…")
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


def delivery_run(*, delivery_id: int) -> Delivery | None:
    """Send the delivery (the body of the `run_delivery` task); None if another worker has it or it is done."""
    now = timezone.now()
    delivery = _claim(delivery_id, condition=Q(status__in=ACTIVE_STATUSES), now=now)
    if delivery is None:
        logger.info("Delivery %s is not waiting or another worker has it", delivery_id)
        return None
    channel = get_channel(delivery.channel)
    attempt = _start_attempt(delivery, AttemptKind.SEND)
    try:
        # A page made private after this delivery was queued (or retried, or resumed) is not sent:
        # checked before the render and again right before the platform is called.
        _refuse_private(delivery)
        channel.require_configured()
        job = _job(delivery, attempt)
        _render(delivery, job)
        _refuse_private(delivery)
        _set(delivery, strict=True, status=DeliveryStatus.SENDING, status_message="正在发送…", error_code="", next_attempt_at=None)
        outcome = channel.send(job)
        _apply_outcome(delivery, attempt, outcome)
    except PageNotPublic as error:
        message = f"{str(error).rstrip('。')}，投递已取消。"
        _cancel(delivery, user=None, message=message)
        _finish_attempt(attempt, AttemptOutcome.CANCELLED, message=message)
    except ChannelError as error:
        _apply_error(delivery, attempt, error)
    except assets.AssetUnavailable as error:
        _apply_error(delivery, attempt, ChannelError(error.message, code="asset"), transient=error.transient)
    except DeliveryCancelled:
        _finish_attempt(attempt, AttemptOutcome.CANCELLED, message="投递已被取消，停止发送。")
    except LeaseLost:
        _finish_attempt(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次投递。")
        return Delivery.objects.get(pk=delivery_id)
    except DeliveryActionError as error:
        _apply_error(delivery, attempt, ChannelError(str(error), code="page_missing"))
    except Exception as error:
        logger.exception("Delivery %s failed unexpectedly", delivery_id)
        _apply_error(delivery, attempt, ChannelError(f"内部错误：{type(error).__name__}", detail=str(error)), transient=True)
    # Not in `finally`: a worker killed mid-way keeps its lease until it runs out, as a real kill does.
    _release(delivery)
    return Delivery.objects.get(pk=delivery_id)


def _sends(delivery: Delivery, attempt: DeliveryAttempt) -> dict:
    """A send attempt that got an answer counts as one more send (a first-time success is 1)."""
    return {"attempt_count": delivery.attempt_count + 1} if attempt.kind == AttemptKind.SEND else {}


def _apply_outcome(delivery: Delivery, attempt: DeliveryAttempt, outcome: Outcome) -> None:
    if outcome.state == PUBLISHED:
        url = outcome.url or delivery.external_ids.get("article_url", "") or delivery.external_url
        _set(
            delivery, status=DeliveryStatus.PUBLISHED, status_message=outcome.message, error_code="",
            external_url=url, published_at=timezone.now(), next_attempt_at=None, **_sends(delivery, attempt),
        )
        _finish_attempt(attempt, AttemptOutcome.SUCCEEDED, message=outcome.message)
        _log_outcome(delivery, "deliveries.published")
        retraction = Delivery.objects.filter(pk=delivery.pk).values_list("retraction_status", flat=True).first()
        if retraction == RetractionStatus.REQUESTED:
            # The page was unpublished while the platform was still publishing: take it down now.
            delivery_enqueue(delivery=delivery, kind=AttemptKind.RETRACT)
    elif outcome.state == AWAITING_CONFIRMATION:
        _set(
            delivery, status=DeliveryStatus.AWAITING_CONFIRMATION, status_message=outcome.message,
            next_attempt_at=None, **_sends(delivery, attempt),
        )
        _finish_attempt(attempt, AttemptOutcome.WAITING, message=outcome.message)
        _log_outcome(delivery, "deliveries.awaiting_confirmation")
    elif outcome.state == POLL_LATER:
        polls = delivery.poll_count
        delay = outcome.poll_after if outcome.poll_after is not None else poll_delay(polls + 1)
        if polls >= poll_policy()["max_polls"]:
            error = ChannelError(
                f"已查询 {delivery.poll_count} 次，平台仍未给出发布结果。请在平台后台确认后点「重试」。", code="poll_timeout"
            )
            _apply_error(delivery, attempt, error)
            return
        _set(delivery, status=DeliveryStatus.SENDING, status_message=outcome.message, **_sends(delivery, attempt))
        _finish_attempt(attempt, AttemptOutcome.WAITING, message=outcome.message)
        delivery_enqueue(delivery=delivery, delay=delay, kind=AttemptKind.POLL)
    else:
        raise ValueError(f"unknown outcome {outcome.state!r}")


def _apply_error(delivery: Delivery, attempt: DeliveryAttempt, error: ChannelError, *, transient: bool | None = None) -> None:
    kind = error.kind
    if transient is not None:
        kind = TRANSIENT if transient else kind
    if kind == NOT_CONFIGURED:
        _set(
            delivery, status=DeliveryStatus.NOT_CONFIGURED, status_message=error.message,
            error_code=NOT_CONFIGURED_CODE, next_attempt_at=None,
        )
        _finish_attempt(attempt, AttemptOutcome.NOT_CONFIGURED, message=error.message, error=error)
        _log_outcome(delivery, "deliveries.not_configured")
        return
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
            _set(delivery, **fields)
            _finish_attempt(attempt, AttemptOutcome.TRANSIENT, message=message, error=error)
            delivery_enqueue(delivery=delivery, delay=delay, kind=AttemptKind.POLL if is_poll else AttemptKind.SEND)
            return
        message = f"{error.message.rstrip('。')}（已尝试 {used} 次，不再自动重试）。可稍后在投递详情中点「重试」。"
    else:
        used = delivery.attempt_count + (0 if is_poll else 1)
        message = error.message
    fields = {"status": DeliveryStatus.FAILED, "status_message": message, "error_code": error.code[:64], "next_attempt_at": None}
    if not is_poll:
        fields["attempt_count"] = used
    _set(delivery, **fields)
    _finish_attempt(attempt, AttemptOutcome.PERMANENT, message=message, error=error)
    _log_outcome(delivery, "deliveries.failed", error_code=error.code)
    _announce_failure(delivery)


def _announce_failure(delivery: Delivery) -> None:
    """Send `delivery_failed` once the failure is committed; a receiver that fails is logged, not fatal."""

    def send():
        for receiver, result in delivery_failed.send_robust(sender=Delivery, delivery=delivery):
            if isinstance(result, Exception):
                logger.error("delivery_failed receiver %r failed for delivery %s: %s", receiver, delivery.pk, result)

    transaction.on_commit(send)


def delivery_poll(*, delivery_id: int) -> Delivery | None:
    """Ask the platform whether the submitted post is out (the body of the `poll_delivery` task)."""
    now = timezone.now()
    delivery = _claim(delivery_id, condition=Q(status=DeliveryStatus.SENDING), now=now)
    if delivery is None:
        return None
    channel = get_channel(delivery.channel)
    attempt = _start_attempt(delivery, AttemptKind.POLL)
    _set(delivery, poll_count=delivery.poll_count + 1, next_attempt_at=None)
    try:
        outcome = channel.poll(_job(delivery, attempt))
        _apply_outcome(delivery, attempt, outcome)
    except ChannelError as error:
        _apply_error(delivery, attempt, error)
    except DeliveryCancelled:
        _finish_attempt(attempt, AttemptOutcome.CANCELLED, message="投递已被取消，停止查询。")
    except LeaseLost:
        _finish_attempt(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次投递。")
    except Exception as error:
        logger.exception("Polling delivery %s failed unexpectedly", delivery_id)
        _apply_error(delivery, attempt, ChannelError(f"内部错误：{type(error).__name__}", detail=str(error)), transient=True)
    # Not in `finally`: a worker killed mid-way keeps its lease until it runs out, as a real kill does.
    _release(delivery)
    return Delivery.objects.get(pk=delivery_id)


# Retraction


def delivery_retract(*, delivery_id: int) -> Delivery | None:
    """Take a published delivery down on its channel (the body of the `retract_delivery` task)."""
    now = timezone.now()
    condition = Q(status=DeliveryStatus.PUBLISHED, retraction_status=RetractionStatus.REQUESTED)
    delivery = _claim(delivery_id, condition=condition, now=now)
    if delivery is None:
        return None
    channel = get_channel(delivery.channel)
    attempt = _start_attempt(delivery, AttemptKind.RETRACT)
    try:
        outcome = channel.retract(_job(delivery, attempt))
        if outcome.state == RETRACTED:
            _set(delivery, retraction_status=RetractionStatus.RETRACTED, retraction_message=outcome.message,
                 retracted_at=timezone.now(), next_attempt_at=None)
            _finish_attempt(attempt, AttemptOutcome.SUCCEEDED, message=outcome.message)
            _log_outcome(delivery, "deliveries.retracted")
        else:
            _set(delivery, retraction_status=RetractionStatus.MANUAL, retraction_message=outcome.message, next_attempt_at=None)
            _finish_attempt(attempt, AttemptOutcome.WAITING, message=outcome.message)
            _log_outcome(delivery, "deliveries.retract_manually")
    except ChannelError as error:
        tries = attempt.number
        if error.kind == TRANSIENT and tries < retry_policy()["max_attempts"]:
            delay = retry_delay(tries)
            message = f"{error.message.rstrip('。')}（撤回第 {tries} 次失败，稍后自动重试）。"
            _set(delivery, retraction_message=message)
            _finish_attempt(attempt, AttemptOutcome.TRANSIENT, message=message, error=error)
            delivery_enqueue(delivery=delivery, delay=delay, kind=AttemptKind.RETRACT)
        else:
            _set(delivery, retraction_status=RetractionStatus.FAILED, retraction_message=error.message, next_attempt_at=None)
            _finish_attempt(attempt, AttemptOutcome.PERMANENT, message=error.message, error=error)
            _log_outcome(delivery, "deliveries.retract_failed", error_code=error.code)
    except LeaseLost:
        _finish_attempt(attempt, AttemptOutcome.INTERRUPTED, message="另一个工作进程接手了这次撤回。")
    except Exception as error:
        logger.exception("Retracting delivery %s failed unexpectedly", delivery_id)
        _set(delivery, retraction_status=RetractionStatus.FAILED, retraction_message=f"内部错误：{type(error).__name__}")
        _finish_attempt(attempt, AttemptOutcome.PERMANENT, message=f"内部错误：{type(error).__name__}",
                        error=ChannelError("", detail=str(error)))
    # Not in `finally`: a worker killed mid-way keeps its lease until it runs out, as a real kill does.
    _release(delivery)
    return Delivery.objects.get(pk=delivery_id)


def deliveries_retract_for_page(*, page, user=None, reason: str = "页面已取消发布") -> list[Delivery]:
    """The page was unpublished (or made private: `reason` says which, for the messages): retract
    what is out, cancel what has not gone out yet; returns the touched deliveries."""
    touched = []
    for delivery in Delivery.objects.filter(page_id=page.pk).exclude(
        status__in=(DeliveryStatus.FAILED, DeliveryStatus.CANCELLED)
    ):
        channel = get_channel(delivery.channel)
        if delivery.status == DeliveryStatus.PUBLISHED:
            if delivery.retraction_status in (RetractionStatus.NONE, RetractionStatus.FAILED):
                Delivery.objects.filter(pk=delivery.pk).update(
                    retraction_status=RetractionStatus.REQUESTED, retraction_message=f"{reason}，正在撤回。"
                )
                delivery.retraction_status = RetractionStatus.REQUESTED
                _log(delivery, "deliveries.retract", user=user, data=_log_data(delivery))
                delivery_enqueue(delivery=delivery, kind=AttemptKind.RETRACT)
                touched.append(delivery)
        elif channel.post_exists(delivery.external_ids):
            # Accepted by the platform but not out yet: take it down as soon as it is.
            Delivery.objects.filter(pk=delivery.pk).update(
                retraction_status=RetractionStatus.REQUESTED, retraction_message=f"{reason}，发布完成后将立即撤回。"
            )
            touched.append(delivery)
        else:
            touched.append(_cancel(delivery, user=user, message=f"{reason}，投递已取消。"))
    return touched


# Editors' actions


def _cancel(delivery: Delivery, *, user, message: str) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.CANCELLED, status_message=message, next_attempt_at=None, updated_at=timezone.now()
    )
    delivery.refresh_from_db()
    _log(delivery, "deliveries.cancel", user=user, data=_log_data(delivery, message=message))
    return delivery


def delivery_cancel(*, delivery: Delivery, user=None) -> Delivery:
    """Cancel a delivery that has not gone out; raises DeliveryActionError when it is too late."""
    delivery.refresh_from_db()
    if delivery.is_final:
        raise DeliveryActionError(f"该投递已{delivery.get_status_display()}，不能取消。")
    if get_channel(delivery.channel).post_exists(delivery.external_ids):
        raise DeliveryActionError("平台已受理发布，无法取消。如需下线，请取消发布该页面，系统会自动撤回。")
    name = getattr(user, "get_username", lambda: "")() if user else ""
    return _cancel(delivery, user=user, message=f"已由 {name or '系统'} 取消。")


def delivery_retry(*, delivery: Delivery, user=None) -> Delivery:
    """Send a failed, cancelled, 未配置 or waiting delivery again, from the last recorded step.

    Refused (DeliveryActionError) when it is published or being sent, or its channel still
    has no credentials.
    """
    delivery.refresh_from_db()
    if delivery.status in (DeliveryStatus.PUBLISHED, DeliveryStatus.AWAITING_CONFIRMATION):
        raise DeliveryActionError(f"该投递已{delivery.get_status_display()}，无需重试。")
    if delivery.lease_expires_at and delivery.lease_expires_at > timezone.now() and delivery.status in ACTIVE_STATUSES:
        raise DeliveryActionError("该投递正在发送中，请稍后查看结果。")
    channel = get_channel(delivery.channel)
    if not channel.is_configured():
        missing = "、".join(channel.missing_settings())
        raise DeliveryActionError(f"{channel.label}仍未配置（缺少 {missing}），不能投递。请运维在环境变量中设置后再试。")
    progress = _AdminProgress(delivery)
    channel.reset_for_retry(progress, last_error_code=delivery.error_code)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, status_message="已重新排队，等待发送。", error_code="",
        attempt_count=0, poll_count=0, external_ids=progress.ids, updated_at=timezone.now(),
    )
    delivery.refresh_from_db()
    _log(delivery, "deliveries.retry", user=user, data=_log_data(delivery))
    delivery_enqueue(delivery=delivery)
    return delivery


class _AdminProgress:
    """A Progress over a delivery no worker holds, used when an editor retries it."""

    def __init__(self, delivery: Delivery):
        self.ids = dict(delivery.external_ids)

    def get(self, key, default=None):
        return self.ids.get(key, default)

    def begin(self, step: str) -> None:
        self.ids["in_flight"] = step

    def record(self, step: str, **values) -> None:
        for key, value in values.items():
            if value is None:
                self.ids.pop(key, None)
            else:
                self.ids[key] = value


def delivery_confirm_upload(*, delivery: Delivery, url: str, user=None) -> Delivery:
    """A person uploaded the 视频号 kit: record the post's link and mark the delivery published."""
    delivery.refresh_from_db()
    if delivery.status != DeliveryStatus.AWAITING_CONFIRMATION:
        raise DeliveryActionError(f"该投递当前为“{delivery.get_status_display()}”，不需要确认上传。")
    url = (url or "").strip()
    if not url.startswith("https://"):
        raise DeliveryActionError("请填写以 https:// 开头的视频号视频链接。")
    ids = {**delivery.external_ids, "post_url": url}
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PUBLISHED, status_message="已由人工上传到视频号。", external_url=url,
        external_ids=ids, published_at=timezone.now(), confirmed_by=user if user is not None and user.is_authenticated else None,
        updated_at=timezone.now(),
    )
    delivery.refresh_from_db()
    _log(delivery, "deliveries.confirm_upload", user=user, data=_log_data(delivery, url=url))
    if delivery.page is not None:
        _log(delivery.page.specific, "deliveries.published", user=user, data=_log_data(delivery, url=url))
    return delivery


# Recovery


def deliveries_resume_stalled(*, now: datetime.datetime | None = None) -> list[Delivery]:
    """Queue every delivery nobody is working on that should be (see `selectors.deliveries_stalled`)."""
    from .selectors import deliveries_stalled

    resumed = []
    for delivery in deliveries_stalled(now=now):
        if delivery.status == DeliveryStatus.PUBLISHED:
            kind = AttemptKind.RETRACT
        elif delivery.status == DeliveryStatus.SENDING and delivery.external_ids.get("publish_id"):
            kind = AttemptKind.POLL
        else:
            kind = AttemptKind.SEND
        if delivery.lease_expires_at is not None:
            # The worker that held it died: free it for the next one.
            Delivery.objects.filter(pk=delivery.pk, lease_owner=delivery.lease_owner).update(
                lease_owner="", lease_expires_at=None
            )
        logger.info("Resuming delivery %s (%s) with a %s task", delivery.pk, delivery.status, kind)
        delivery_enqueue(delivery=delivery, kind=kind)
        resumed.append(delivery)
    return resumed
