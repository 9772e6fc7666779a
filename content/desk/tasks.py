"""Background tasks of the desk, queued hourly by the scheduler: deadline notices and erasure after retention."""

from django_tasks import task

from .notifications import deadline_notices_send
from .retention import requests_erase


@task()
def desk_deadline_notices() -> dict:
    """E-mail the 客服专员 group about requests newly near or past their deadline."""
    return deadline_notices_send()


@task()
def desk_retention_erase() -> int:
    """Erase the personal data of requests closed longer ago than DESK_RETENTION_DAYS."""
    return requests_erase()
