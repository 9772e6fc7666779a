"""Signal receivers of deliveries: a page published starts its deliveries; a page unpublished, or
made private (a view restriction saved on it or above it, or a move under one), retracts them."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import privacy, services

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


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="deliveries.retract_on_restriction")
def retract_deliveries_on_restriction(sender, instance, **kwargs):
    """A page or section made private is taken down from the public channels."""
    page_id = instance.page_id
    transaction.on_commit(lambda: privacy.deliveries_retract_restricted(page_id=page_id))


@receiver(post_page_move, dispatch_uid="deliveries.retract_on_move")
def retract_deliveries_on_move(sender, instance, **kwargs):
    """A page moved under a restricted section is taken down from the public channels."""
    page_id = instance.pk
    transaction.on_commit(lambda: privacy.deliveries_retract_restricted(page_id=page_id))
