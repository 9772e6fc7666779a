"""Deliveries as editors and operators start and steer them: on publish, distribute, retry, cancel, retract.

A worker's part (send, poll, retract one delivery) is runner.py; tasks.py queues the
tasks, and these actions queue through it (`delivery_enqueue`).
"""

import logging

from django.utils import timezone

from publishing.channels.base import WECHAT, ChannelError, get_channel
from publishing.channels.validation import enabled_channels_for
from publishing.privacy import page_private_reason
from publishing.scheduling import scheduled_go_live

from .errors import DeliveryActionError
from .models import (
    ACTIVE_STATUSES,
    NOT_CONFIGURED_CODE,
    AttemptKind,
    Delivery,
    DeliveryStatus,
    RetractionStatus,
)
from .records import audit_data, audit_log, audit_outcome, delivery_create, delivery_mark_cancelled
from .tasks import delivery_enqueue

logger = logging.getLogger(__name__)

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
    audit_outcome(delivery, "deliveries.not_configured")
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
                audit_log(delivery, "deliveries.retract", user=user, data=audit_data(delivery))
                delivery_enqueue(delivery=delivery, kind=AttemptKind.RETRACT)
                touched.append(delivery)
        elif channel.post_exists(delivery.external_ids):
            # Accepted by the platform but not out yet: take it down as soon as it is.
            Delivery.objects.filter(pk=delivery.pk).update(
                retraction_status=RetractionStatus.REQUESTED, retraction_message=f"{reason}，发布完成后将立即撤回。"
            )
            touched.append(delivery)
        else:
            touched.append(delivery_mark_cancelled(delivery, user=user, message=f"{reason}，投递已取消。"))
    return touched


def delivery_cancel(*, delivery: Delivery, user=None) -> Delivery:
    """Cancel a delivery that has not gone out; raises DeliveryActionError when it is too late."""
    delivery.refresh_from_db()
    if delivery.is_final:
        raise DeliveryActionError(f"该投递已{delivery.get_status_display()}，不能取消。")
    if get_channel(delivery.channel).post_exists(delivery.external_ids):
        raise DeliveryActionError("平台已受理发布，无法取消。如需下线，请取消发布该页面，系统会自动撤回。")
    name = getattr(user, "get_username", lambda: "")() if user else ""
    return delivery_mark_cancelled(delivery, user=user, message=f"已由 {name or '系统'} 取消。")


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
    audit_log(delivery, "deliveries.retry", user=user, data=audit_data(delivery))
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
    audit_log(delivery, "deliveries.confirm_upload", user=user, data=audit_data(delivery, url=url))
    if delivery.page is not None:
        audit_log(delivery.page.specific, "deliveries.published", user=user, data=audit_data(delivery, url=url))
    return delivery
