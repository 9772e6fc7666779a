"""Telling the team: `notify` writes one outbox row per target switched on in 通知设置 and queues
it; `notification_send` sends one row within the robot's rate limit.

Nothing here may hold up publishing: `notify` is called after the event's transaction
commits, swallows and logs its own failures, and sending happens in a task of its own.
The rate limit (20 messages a minute for 企业微信 and 钉钉, 100 for 飞书) is counted from the
rows sent in the last minute, so all workers share it; a message over the limit, or one a
robot refuses as too frequent (130101), waits for the minute to pass. Failures are retried
a few times, then recorded as 失败 with a message free of secrets.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EMAIL, TARGETS, Notification, NotificationSettings, NotificationStatus
from .robots import PER_MINUTE, RobotError, RobotMessage, redact, robot_configured, robot_send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_SECONDS = (30, 120, 600, 1800)


def _settings_for(site) -> NotificationSettings | None:
    from core.sites import default_site

    site = site or default_site()
    return NotificationSettings.for_site(site) if site else None


def notify(*, event: str, key: str, title: str, text: str, link: str = "", site=None) -> list[Notification]:
    """Tell the targets switched on for `event` (通知设置), once per `key` and target; returns the new rows.

    Never raises: a failure to even record the notice is logged and skipped.
    """
    try:
        config = _settings_for(site)
        if config is None:
            return []
        created = []
        for target in config.targets_for(event):
            if target == EMAIL and not config.email_list:
                continue
            try:
                with transaction.atomic():
                    row = Notification.objects.create(key=key[:200], event=event, target=target, title=title[:200],
                                                      text=text, link=link[:500], due_at=timezone.now())
            except IntegrityError:
                continue  # this event was already told to this target
            created.append(row)
            notification_enqueue(notification=row)
        return created
    except Exception:
        logger.exception("Could not record the %s notification %s", event, key)
        return []


def notification_enqueue(*, notification: Notification, delay: float = 0) -> None:
    """Queue the sending task, now or after `delay` seconds (the resume sweep catches it if the backend cannot defer)."""
    from .tasks import send_notification

    due = timezone.now() + datetime.timedelta(seconds=delay)
    Notification.objects.filter(pk=notification.pk).update(due_at=due)

    def enqueue():
        try:
            task = send_notification
            if delay > 0:
                if not task.get_backend().supports_defer:
                    return
                task = task.using(run_after=due)
            task.enqueue(notification.pk)
        except Exception:
            logger.exception("Could not queue notification %s", notification.pk)

    transaction.on_commit(enqueue)


def _sent_last_minute(target: str, now: datetime.datetime) -> list[datetime.datetime]:
    since = now - datetime.timedelta(seconds=60)
    return list(Notification.objects.filter(target=target, status=NotificationStatus.SENT, sent_at__gte=since)
                .order_by("sent_at").values_list("sent_at", flat=True))


def _deliver(notification: Notification) -> None:
    message = RobotMessage(title=notification.title, text=notification.text, link=notification.link)
    if notification.target == EMAIL:
        config = _settings_for(None)
        recipients = config.email_list if config else []
        if not recipients:
            raise RobotError("通知设置中没有邮件收件人。")
        try:
            send_mail(subject=f"[{settings.WAGTAIL_SITE_NAME}] {notification.title}", message=message.plain(),
                      from_email=None, recipient_list=recipients)
        except Exception as error:
            raise RobotError(f"邮件发送失败（{type(error).__name__}）。", transient=True) from None
        return
    robot_send(target=notification.target, message=message)


def notification_send(*, notification_id: int, now: datetime.datetime | None = None) -> Notification | None:
    """Send one pending notification if its robot's minute allows; returns it (None if not pending)."""
    now = now or timezone.now()
    notification = Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).first()
    if notification is None:
        return None
    target = notification.target
    if target != EMAIL and not robot_configured(target):
        Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.SKIPPED,
                                                               error="机器人未配置（环境变量未设置）。")
        notification.refresh_from_db()
        return notification
    if target in PER_MINUTE:
        recent = _sent_last_minute(target, now)
        if len(recent) >= PER_MINUTE[target]:
            wait = (recent[0] + datetime.timedelta(seconds=61) - now).total_seconds()
            notification_enqueue(notification=notification, delay=max(1.0, wait))
            return notification
    attempts = notification.attempts + 1
    try:
        _deliver(notification)
    except RobotError as error:
        text = redact(error.message)
        if error.rate_limited:
            Notification.objects.filter(pk=notification.pk).update(attempts=attempts, error=text)
            notification_enqueue(notification=notification, delay=61)
        elif attempts < MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification.pk).update(attempts=attempts, error=text)
            notification_enqueue(notification=notification, delay=RETRY_SECONDS[attempts - 1])
        else:
            Notification.objects.filter(pk=notification.pk).update(attempts=attempts, error=text,
                                                                   status=NotificationStatus.FAILED)
        logger.warning("Notification %s to %s not sent: %s", notification.pk, target, text)
    except Exception as error:
        logger.warning("Notification %s to %s failed: %s", notification.pk, target, type(error).__name__)
        Notification.objects.filter(pk=notification.pk).update(
            attempts=attempts, error=f"内部错误：{type(error).__name__}",
            status=NotificationStatus.FAILED if attempts >= MAX_ATTEMPTS else NotificationStatus.PENDING,
        )
    else:
        Notification.objects.filter(pk=notification.pk).update(status=NotificationStatus.SENT, sent_at=timezone.now(),
                                                               attempts=attempts, error="")
    notification.refresh_from_db()
    return notification


def notifications_resume(*, now: datetime.datetime | None = None) -> int:
    """Queue pending notifications whose time has come (after a backend that could not defer, or a lost task)."""
    now = now or timezone.now()
    due = list(Notification.objects.filter(status=NotificationStatus.PENDING, due_at__lte=now).values_list("pk", flat=True))
    for pk in due:
        notification_send(notification_id=pk, now=now)
    return len(due)


__all__ = ["TARGETS", "notification_send", "notifications_resume", "notify"]
