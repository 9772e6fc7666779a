"""Telling people that a delivery failed for good: the page's owner and 市场运营, by e-mail.

The delivery engine sends `delivery_failed` (publishing/deliveries/events.py) and knows
nothing of people; the roles live here. Each recipient gets a message of their own (no
one sees the others' addresses). The dashboard's 待办 panel shows the same failures in the
admin (cms/dashboard.py). Addresses are personal data: the log says how many were told,
never who.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse

from content.roles import MARKETING
from core.public_urls import public_url
from publishing.deliveries.events import delivery_failed

logger = logging.getLogger(__name__)


def delivery_failure_recipients(delivery) -> list[str]:
    """The addresses to tell: the page's owner and every member of 市场运营, active and with an address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    who = Q(groups__name=MARKETING)
    owner_id = getattr(delivery.page, "owner_id", None) if delivery.page_id else None
    if owner_id:
        who |= Q(pk=owner_id)
    return sorted(set(users.filter(who).values_list("email", flat=True)))


def delivery_failure_message(delivery) -> tuple[str, str]:
    """(subject, body) of the e-mail about a failed delivery, in Chinese."""
    channel = delivery.get_channel_display()
    link = public_url(reverse("deliveries:inspect", args=[delivery.pk]))
    subject = f"投递失败：{delivery.page_title} → {channel}"
    lines = [
        f"《{delivery.page_title}》投递到{channel}失败，系统不会再自动重试。",
        f"原因：{delivery.status_message or '（没有说明）'}",
    ]
    if delivery.error_code:
        lines.append(f"错误码：{delivery.error_code}")
    lines += ["", f"查看详情、重试或取消：{link}", "", "—— 金融常识内容平台"]
    return subject, "\n".join(lines)


@receiver(delivery_failed, dispatch_uid="cms.notifications.delivery_failed")
def notify_delivery_failed(sender, delivery, **kwargs):
    """E-mail the page's owner and 市场运营 that `delivery` failed; a mail server that is down is logged."""
    recipients = delivery_failure_recipients(delivery)
    if not recipients:
        logger.info("Delivery %s failed; nobody with an e-mail address to tell", delivery.pk)
        return
    subject, body = delivery_failure_message(delivery)
    messages = [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        sent = get_connection(fail_silently=False).send_messages(messages)
    except OSError as error:
        logger.error("Could not e-mail about failed delivery %s: %s", delivery.pk, type(error).__name__)
        return
    logger.info("Delivery %s failed; told %d people by e-mail", delivery.pk, sent or 0)
