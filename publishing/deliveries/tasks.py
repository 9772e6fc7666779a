"""Background tasks of deliveries: thin ways into the services, run by `manage.py db_worker`."""

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def run_delivery(delivery_id: int) -> str | None:
    """Send one delivery (or carry on from its last recorded step); returns its status."""
    delivery = services.delivery_run(delivery_id=delivery_id)
    return delivery.status if delivery else None


@task()
def poll_delivery(delivery_id: int) -> str | None:
    """Ask the platform whether a submitted post is out; defers another poll if not."""
    delivery = services.delivery_poll(delivery_id=delivery_id)
    return delivery.status if delivery else None


@task()
def retract_delivery(delivery_id: int) -> str | None:
    """Take a published delivery down on its channel; returns the retraction status."""
    delivery = services.delivery_retract(delivery_id=delivery_id)
    return delivery.retraction_status if delivery else None


@task()
def resume_stalled_deliveries() -> int:
    """Queue deliveries whose worker died or whose deferred task was lost; returns how many."""
    return len(services.deliveries_resume_stalled())
