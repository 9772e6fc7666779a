"""Signal receivers of deliveries: a page published starts its deliveries, a page unpublished retracts them."""

import logging

from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished

from . import services

logger = logging.getLogger(__name__)


@receiver(page_published, dispatch_uid="deliveries.start_on_publish")
def start_deliveries_on_publish(sender, instance, revision=None, **kwargs):
    """After review, publishing a revision queues one delivery per enabled channel."""
    user = getattr(revision, "user", None)
    transaction.on_commit(
        lambda: services.deliveries_start_for_publish(page=instance, revision=revision, user=user)
    )


@receiver(page_unpublished, dispatch_uid="deliveries.retract_on_unpublish")
def retract_deliveries_on_unpublish(sender, instance, **kwargs):
    """Unpublishing retracts what went out and cancels what has not."""
    transaction.on_commit(lambda: services.deliveries_retract_for_page(page=instance))
