"""Signal receivers of deliveries: a page published starts its deliveries; a page unpublished, or
made private (a view restriction saved on it or above it, or a move under one), retracts them."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.quiet import publishing_is_quiet
from publishing.scheduling import revision_went_live

from . import privacy, services

logger = logging.getLogger(__name__)


@receiver(page_published, dispatch_uid="deliveries.start_on_publish")
def start_deliveries_on_publish(sender, instance, revision=None, **kwargs):
    """After review, a revision going live queues one delivery per enabled channel.

    Wagtail sends `page_published` when a revision is approved for a later go-live time too;
    its deliveries start when `publish_scheduled` makes it live (the signal comes again then).
    """
    if not revision_went_live(page=instance, revision=revision):
        logger.info("Page %s is scheduled to go live later: no deliveries yet", instance.pk)
        return
    if publishing_is_quiet():
        logger.info("Page %s published quietly (demo or import): no deliveries", instance.pk)
        return
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
