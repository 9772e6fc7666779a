"""Deliveries nobody is working on that should be: each freed from a dead worker's lease, with its next step.

A worker that dies keeps its lease until it runs out; a deferred task can be lost with its
queue. `selectors.deliveries_stalled` finds both kinds; tasks.py queues what this returns.
"""

import datetime
import logging

from .models import AttemptKind, Delivery, DeliveryStatus
from .selectors import deliveries_stalled
from .steps import NextStep, step_schedule

logger = logging.getLogger(__name__)


def stalled_next_steps(*, now: datetime.datetime | None = None) -> list[tuple[Delivery, NextStep]]:
    """Every stalled delivery with the step that carries it on: a retraction, a poll or a send."""
    steps = []
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
        steps.append((delivery, step_schedule(delivery, kind=kind)))
    return steps
