"""A delivery's next step: which task (send, poll, retract) and when, written on the delivery first.

The runner (runner.py) and the editors' actions (services.py) decide the next step; only
tasks.py queues it, so the runner never imports the tasks that run it.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from .models import AttemptKind, Delivery


@dataclass(frozen=True)
class NextStep:
    """The task `delivery_id` needs next, of `kind`, after `delay` seconds (None or 0: now)."""

    delivery_id: int
    kind: str = AttemptKind.SEND
    delay: float | None = None


def step_schedule(delivery: Delivery, *, kind: str = AttemptKind.SEND, delay: float | None = None) -> NextStep:
    """Record when the delivery is next due (`next_attempt_at`, which the resume sweep reads) and return the step."""
    due = timezone.now() + datetime.timedelta(seconds=delay or 0)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=due)
    delivery.next_attempt_at = due
    return NextStep(delivery_id=delivery.pk, kind=kind, delay=delay)
