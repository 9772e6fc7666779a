"""A worker's hold on a delivery: claimed by a conditional update, renewed by every recorded step.

A lease that runs out means the worker died; `tasks.deliveries_resume_stalled` then hands
the delivery to another worker, which carries on from the last step recorded here.
"""

import datetime
import uuid

from django.db.models import Q
from django.utils import timezone

from .errors import DeliveryCancelled, LeaseLost
from .models import Delivery, DeliveryAttempt, DeliveryStatus
from .policies import lease_seconds


def lease_claim(delivery_id: int, *, condition: Q, now: datetime.datetime) -> Delivery | None:
    owner = uuid.uuid4().hex
    free = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now)
    taken = Delivery.objects.filter(Q(pk=delivery_id) & condition & free).update(
        lease_owner=owner, lease_expires_at=now + datetime.timedelta(seconds=lease_seconds()), updated_at=now
    )
    if not taken:
        return None
    return Delivery.objects.select_related("page", "revision").get(pk=delivery_id)


def lease_release(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk, lease_owner=delivery.lease_owner).update(
        lease_owner="", lease_expires_at=None
    )


class DeliveryProgress:
    """The `Progress` a channel writes to: each call saves the delivery's external ids at once."""

    def __init__(self, delivery: Delivery, attempt: DeliveryAttempt):
        self.delivery = delivery
        self.attempt = attempt

    def get(self, key, default=None):
        return self.delivery.external_ids.get(key, default)

    def begin(self, step: str) -> None:
        self._save({"in_flight": step}, step=None)

    def record(self, step: str, **values) -> None:
        values["in_flight"] = None
        self._save(values, step=step)

    def _save(self, values: dict, *, step: str | None) -> None:
        ids = dict(self.delivery.external_ids)
        for key, value in values.items():
            if value is None:
                ids.pop(key, None)
            else:
                ids[key] = value
        now = timezone.now()
        update = {"external_ids": ids, "lease_expires_at": now + datetime.timedelta(seconds=lease_seconds()), "updated_at": now}
        if step:
            update["step"] = step
        saved = Delivery.objects.filter(
            pk=self.delivery.pk, lease_owner=self.delivery.lease_owner
        ).exclude(status=DeliveryStatus.CANCELLED).update(**update)
        if not saved:
            current = Delivery.objects.filter(pk=self.delivery.pk).values_list("status", flat=True).first()
            if current == DeliveryStatus.CANCELLED:
                raise DeliveryCancelled()
            raise LeaseLost()
        self.delivery.external_ids = ids
        if step:
            self.delivery.step = step
            DeliveryAttempt.objects.filter(pk=self.attempt.pk).update(step=step)


def lease_save(delivery: Delivery, *, strict: bool = False, **fields) -> None:
    """Save `fields` on the delivery while this worker owns it and nobody cancelled it; renews the lease.

    With `strict`, a cancelled delivery raises DeliveryCancelled (before anything is sent).
    """
    now = timezone.now()
    fields["updated_at"] = now
    saved = (
        Delivery.objects.filter(pk=delivery.pk, lease_owner=delivery.lease_owner)
        .exclude(status=DeliveryStatus.CANCELLED)
        .update(lease_expires_at=now + datetime.timedelta(seconds=lease_seconds()), **fields)
    )
    if not saved and strict:
        raise DeliveryCancelled()
    for name, value in fields.items():
        setattr(delivery, name, value)
