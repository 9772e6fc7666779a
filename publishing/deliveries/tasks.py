"""Background tasks of deliveries, and the one place that queues them (`delivery_enqueue`).

Each task is a thin way into runner.py; the runner says what comes next (a retry, a poll,
a retraction) and the task queues it. Editors' actions (services.py) queue through here too.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from django_tasks import task

from . import runner
from .models import AttemptKind, Delivery
from .recovery import stalled_next_steps
from .steps import NextStep, step_schedule

logger = logging.getLogger(__name__)


@task()
def run_delivery(delivery_id: int) -> str | None:
    """Send one delivery (or carry on from its last recorded step); returns its status."""
    ran = runner.delivery_run(delivery_id=delivery_id)
    step_enqueue(ran.next_step)
    return ran.delivery.status if ran.delivery else None


@task()
def poll_delivery(delivery_id: int) -> str | None:
    """Ask the platform whether a submitted post is out; defers another poll if not."""
    ran = runner.delivery_poll(delivery_id=delivery_id)
    step_enqueue(ran.next_step)
    return ran.delivery.status if ran.delivery else None


@task()
def retract_delivery(delivery_id: int) -> str | None:
    """Take a published delivery down on its channel; returns the retraction status."""
    ran = runner.delivery_retract(delivery_id=delivery_id)
    step_enqueue(ran.next_step)
    return ran.delivery.retraction_status if ran.delivery else None


@task()
def resume_stalled_deliveries() -> int:
    """Queue deliveries whose worker died or whose deferred task was lost; returns how many."""
    return len(deliveries_resume_stalled())


TASKS = {AttemptKind.SEND: run_delivery, AttemptKind.POLL: poll_delivery, AttemptKind.RETRACT: retract_delivery}


def step_enqueue(step: NextStep | None) -> None:
    """Queue the task of `step` once the surrounding transaction commits (nothing for None).

    A delayed step is deferred (`run_after`); a task backend that cannot defer leaves it to
    the resume sweep, which finds the delivery by its `next_attempt_at`.
    """
    if step is None:
        return

    def send():
        queued = TASKS[step.kind]
        if step.delay and step.delay > 0:
            if not queued.get_backend().supports_defer:
                logger.info("Task backend cannot defer; delivery %s waits for the resume sweep", step.delivery_id)
                return
            queued = queued.using(run_after=timezone.now() + datetime.timedelta(seconds=step.delay))
        queued.enqueue(step.delivery_id)

    transaction.on_commit(send)


def deliveries_resume_stalled(*, now: datetime.datetime | None = None) -> list[Delivery]:
    """Queue every delivery nobody is working on that should be (see recovery.py); returns them."""
    resumed = []
    for delivery, step in stalled_next_steps(now=now):
        step_enqueue(step)
        resumed.append(delivery)
    return resumed


def delivery_enqueue(*, delivery: Delivery, delay: float | None = None, kind: str = AttemptKind.SEND) -> None:
    """Queue the delivery's next task (send, poll or retract), now or after `delay` seconds."""
    step_enqueue(step_schedule(delivery, kind=kind, delay=delay))
