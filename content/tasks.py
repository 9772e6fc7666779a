"""Background tasks of the content app: scheduled publishing and the weekly bulletin draft."""

import logging

from django.core.management import call_command

from django_tasks import task

from .bulletins import BulletinPreparationError, bulletin_prepare

logger = logging.getLogger(__name__)


@task()
def publish_scheduled_pages() -> None:
    """Publish pages whose approved go-live time has come, and unpublish expired ones."""
    call_command("publish_scheduled", verbosity=0)


@task()
def prepare_next_bulletin() -> int | None:
    """Create next week's bulletin draft if it doesn't exist; returns its page id."""
    try:
        result = bulletin_prepare()
    except BulletinPreparationError:
        logger.warning("Next week's bulletin was not prepared: there is no anti-fraud column")
        return None
    return result.page.pk
