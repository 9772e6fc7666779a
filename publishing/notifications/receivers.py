"""What the team hears about, connected where it happens: a delivery's audit-log entry (failed
for good, 视频号 waiting for its upload, a mass send done) and a page submitted for human review.

Each receiver only schedules `notify` for after the transaction commits and never raises,
so a notification can neither roll back nor slow down the work it reports.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from wagtail.models import ModelLogEntry
from wagtail.signals import task_submitted

from core.public_urls import public_url

from .models import DELIVERY_FAILED, MASS_SENT, REVIEW_WAITING, UPLOAD_WAITING
from .services import notify

logger = logging.getLogger(__name__)


def _admin_url(name: str, *args) -> str:
    return public_url(reverse(name, args=args))


def _later(**kwargs) -> None:
    transaction.on_commit(lambda: notify(**kwargs))


def _delivery_notice(entry: ModelLogEntry) -> dict | None:
    from publishing.deliveries.models import Delivery

    if entry.action not in ("deliveries.failed", "deliveries.awaiting_confirmation", "deliveries.published"):
        return None
    delivery = Delivery.objects.filter(pk=entry.object_id).first()
    if delivery is None:
        return None
    channel = delivery.get_channel_display()
    link = _admin_url("deliveries:inspect", delivery.pk)
    if entry.action == "deliveries.failed":
        return {"event": DELIVERY_FAILED, "key": f"delivery-failed:{delivery.pk}:{entry.pk}",
                "title": f"投递失败：{delivery.page_title} → {channel}",
                "text": f"**原因**：{delivery.status_message or delivery.error_code}\n可在投递详情中重试。", "link": link}
    if entry.action == "deliveries.awaiting_confirmation" and delivery.channel == "wechat_channels":
        return {"event": UPLOAD_WAITING, "key": f"upload-waiting:{delivery.pk}",
                "title": f"视频号待上传：{delivery.page_title}",
                "text": "发布包（竖版视频、封面、文案）已准备好，请下载后在视频号助手上传，并在投递详情中确认。",
                "link": link}
    if entry.action == "deliveries.published" and delivery.external_ids.get("mode") == "mass":
        from publishing.outreach.mass_reports import mass_report_for

        ids = delivery.external_ids
        report = mass_report_for(delivery)
        counts = f"{report.summary}。" if report else ""
        return {"event": MASS_SENT, "key": f"mass-sent:{delivery.pk}",
                "title": f"群发完成：{delivery.page_title}",
                "text": f"公众号群发已推送给粉丝（msg_id {ids.get('msg_id', '')}）。{counts}"
                        "阅读数据次日 08:00 后汇总到「阅读数据」。",
                "link": link}
    return None


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="notifications.delivery_log")
def notify_on_delivery_log(sender, instance, created, **kwargs):
    """A delivery failed for good, waits for a 视频号 upload, or finished a 群发: tell the team."""
    if not created or not instance.action.startswith("deliveries."):
        return
    try:
        notice = _delivery_notice(instance)
    except Exception:
        logger.exception("Could not prepare the notification of log entry %s", instance.pk)
        return
    if notice:
        _later(**notice)


@receiver(task_submitted, dispatch_uid="notifications.review_waiting")
def notify_on_review_submitted(sender, instance, user=None, **kwargs):
    """A page reached a person's review task (合规审核): tell the reviewers' group."""
    try:
        task = instance.task.specific
        if type(task).__name__ != "GroupApprovalTask":
            return  # automated steps (合规自动检查) need nobody
        page = instance.workflow_state.content_object
        title = getattr(page, "title", str(page))
        link = _admin_url("wagtailadmin_pages:edit", page.pk)
        _later(event=REVIEW_WAITING, key=f"review:{instance.pk}", title=f"待审核：{title}",
               text=f"“{title}”已提交到「{task.name}」，请审核。", link=link)
    except Exception:
        logger.exception("Could not prepare the review notification of task state %s", getattr(instance, "pk", None))
