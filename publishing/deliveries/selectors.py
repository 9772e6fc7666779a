"""Reading deliveries: lists with filters, a page's deliveries, channel status, summaries for operators
and for the dashboard."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from publishing.channels.base import all_channels

from .models import (
    ACTIVE_STATUSES,
    ChannelSettings,
    Delivery,
    DeliveryStatus,
    RetractionStatus,
)

# Deliveries that put nothing on their channel: they do not stop a later revision from going there.
DID_NOT_GO_OUT = (DeliveryStatus.FAILED, DeliveryStatus.CANCELLED, DeliveryStatus.NOT_CONFIGURED)

# A delivery whose deferred task should have run this long ago is considered lost.
LOST_TASK_GRACE = datetime.timedelta(minutes=5)


def delivery_list(*, status: str | None = None, channel: str | None = None, page_id: int | None = None) -> QuerySet:
    """Deliveries, newest first, optionally filtered by status, channel and page."""
    queryset = Delivery.objects.select_related("page", "revision")
    if status:
        queryset = queryset.filter(status=status)
    if channel:
        queryset = queryset.filter(channel=channel)
    if page_id:
        queryset = queryset.filter(page_id=page_id)
    return queryset.order_by("-created_at", "-pk")


def deliveries_for_page(*, page, limit: int | None = None) -> QuerySet:
    """The deliveries of `page`, newest first."""
    queryset = Delivery.objects.filter(page_id=page.pk).order_by("-created_at", "-pk")
    return queryset[:limit] if limit else queryset


def channels_for_publish(*, page, revision) -> list[str]:
    """The channels a publish of `revision` of `page` delivers to: those enabled for its type, less
    WeChat and the short-video channels when the page went there before (unless 渠道设置 asks to
    push updates again); the app is always told."""
    from publishing.channels.validation import enabled_channels_for

    page = page.specific
    channels = enabled_channels_for(page)
    if not channels:
        return []
    site = page.get_site()
    redeliver = ChannelSettings.for_site(site).redeliver_on_update if site else False
    chosen = []
    for channel in channels:
        if channel != "app" and not redeliver:
            delivered_before = Delivery.objects.filter(page_id=page.pk, channel=channel).exclude(
                status__in=DID_NOT_GO_OUT
            ).exclude(revision=revision)
            if delivered_before.exists():
                continue
        chosen.append(channel)
    return chosen


def deliveries_scheduled(*, page) -> list[dict]:
    """What goes out when the page's revision approved for later goes live (the panel's 已排期 rows):
    one dict per channel with its label, the revision and the go-live time; [] when nothing is scheduled."""
    revision = page.scheduled_revision
    if revision is None:
        return []
    labels = {channel.name: channel.label for channel in all_channels()}
    return [
        {"channel": name, "label": labels.get(name, name), "revision_id": revision.pk,
         "go_live_at": revision.approved_go_live_at}
        for name in channels_for_publish(page=page, revision=revision)
    ]


def channel_overview(*, page=None) -> list[dict]:
    """Each channel with its label, whether it is configured (and what is missing), and, for a page, enabled."""
    enabled = None
    if page is not None:
        from publishing.channels.validation import enabled_channels_for

        enabled = set(enabled_channels_for(page.specific))
    return [
        {
            "name": channel.name,
            "label": channel.label,
            "configured": channel.is_configured(),
            "missing": channel.missing_settings(),
            "enabled": enabled is None or channel.name in enabled,
        }
        for channel in all_channels()
    ]


def delivery_summary(delivery: Delivery) -> dict:
    """A delivery as plain data (for `manage.py distribute` and `manage.py deliveries`)."""
    return {
        "id": delivery.pk,
        "channel": delivery.channel,
        "status": delivery.status,
        "status_label": delivery.display_status,
        "message": delivery.status_message,
        "url": delivery.external_url,
        "page": delivery.page_id,
        "revision": delivery.revision_id,
        "attempts": delivery.attempt_count,
        "polls": delivery.poll_count,
        "external_ids": {k: v for k, v in delivery.external_ids.items() if k not in ("caption",)},
        "retraction": delivery.retraction_status,
    }


def deliveries_stalled(*, now: datetime.datetime | None = None) -> QuerySet:
    """Deliveries nobody is working on that should be: their worker died, or their deferred task was lost.

    - a lease ran out before it was released (the worker died mid-way);
    - a retry or poll was due more than LOST_TASK_GRACE ago and nobody holds the lease;
    - a retraction was requested and nobody is on it.

    A delivery that ended as 未配置 is not among them: it waits for an operator, not for credentials.
    """
    now = now or timezone.now()
    lease_expired = Q(lease_expires_at__lt=now)
    free = Q(lease_expires_at__isnull=True) | lease_expired
    overdue = Q(next_attempt_at__lt=now - LOST_TASK_GRACE)
    return Delivery.objects.filter(
        (Q(status__in=ACTIVE_STATUSES) & (lease_expired | (free & overdue)))
        | (Q(retraction_status=RetractionStatus.REQUESTED, status=DeliveryStatus.PUBLISHED) & free & (overdue | lease_expired))
    ).order_by("pk")


# The dashboard (cms/dashboard.py): what needs a person, in few queries.

FAILED_RECENTLY = datetime.timedelta(days=30)


def deliveries_attention_counts(*, owner=None, now: datetime.datetime | None = None) -> dict[str, int]:
    """In one query: failed deliveries of the last 30 days (all, and of pages `owner` owns)
    and 视频号 deliveries waiting for someone to upload the kit."""
    since = (now or timezone.now()) - FAILED_RECENTLY
    failed = Q(status=DeliveryStatus.FAILED, updated_at__gte=since)
    counts = {
        "failed": Count("pk", filter=failed),
        "awaiting_upload": Count("pk", filter=Q(status=DeliveryStatus.AWAITING_CONFIRMATION)),
    }
    if owner is not None:
        counts["failed_own"] = Count("pk", filter=failed & Q(page__owner=owner))
    return Delivery.objects.aggregate(**counts)


def deliveries_failed_recently(*, owner=None, limit: int = 5, now: datetime.datetime | None = None) -> list[Delivery]:
    """The newest failed deliveries of the last 30 days, of pages `owner` owns when given."""
    since = (now or timezone.now()) - FAILED_RECENTLY
    queryset = Delivery.objects.filter(status=DeliveryStatus.FAILED, updated_at__gte=since)
    if owner is not None:
        queryset = queryset.filter(page__owner=owner)
    return list(queryset.order_by("-updated_at", "-pk")[:limit])


def deliveries_awaiting_upload(*, limit: int = 5) -> list[Delivery]:
    """视频号 deliveries whose kit waits for a person to upload it, oldest first."""
    return list(Delivery.objects.filter(status=DeliveryStatus.AWAITING_CONFIRMATION).order_by("updated_at", "pk")[:limit])
