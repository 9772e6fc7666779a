"""Background tasks of notifications: send one, and sweep the ones due."""

from django_tasks import task

from . import services


@task()
def send_notification(notification_id: int) -> str | None:
    """Send one notification within its robot's rate limit; returns its status."""
    notification = services.notification_send(notification_id=notification_id)
    return notification.status if notification else None


@task()
def resume_notifications() -> int:
    """Send the pending notifications that are due; returns how many were tried."""
    return services.notifications_resume()
