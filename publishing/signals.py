"""Signal receivers of the publishing app: queue renders when a page goes live."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from wagtail.signals import page_published

from .scheduling import revision_went_live

logger = logging.getLogger(__name__)

# What each page type is rendered to when it is published; settings.RENDER_ON_PUBLISH
# (a dict like this one, or False) replaces it.
DEFAULT_RENDER_ON_PUBLISH = {
    "bulletinpage": ("poster", "video"),
    "casestudypage": ("poster", "pdf"),
    "articlepage": ("poster",),
}


def formats_on_publish(page) -> tuple[str, ...]:
    """The formats `page` is rendered to when published (none for pages that are not content)."""
    configured = getattr(settings, "RENDER_ON_PUBLISH", DEFAULT_RENDER_ON_PUBLISH)
    if not configured:
        return ()
    model = page.specific_class
    return tuple(configured.get(model._meta.model_name, ())) if model is not None else ()


@receiver(page_published, dispatch_uid="publishing.render_on_publish")
def render_on_publish(sender, instance, revision=None, **kwargs):
    """Queue the page's renders once the publishing transaction has committed.

    A revision approved for a later go-live time is not rendered yet: `publish_scheduled`
    sends `page_published` again when it goes live.
    """
    from .tasks import render_page_task

    if not revision_went_live(page=instance, revision=revision):
        logger.debug("Page %s is scheduled, not live: renders wait for its go-live time", instance.pk)
        return

    for format in formats_on_publish(instance):
        transaction.on_commit(
            partial(
                render_page_task.enqueue,
                page_id=instance.pk,
                format=format,
                revision_id=revision.pk if revision is not None else None,
            )
        )
        logger.debug("Queued %s render of page %s", format, instance.pk)
