"""Background tasks of outreach: deleting the drafts phone previews left behind."""

from django_tasks import task

from .preview_drafts import preview_drafts_clean


@task()
def clean_preview_drafts() -> int:
    """Delete preview drafts older than a day from the account's draft box; returns how many went."""
    return preview_drafts_clean()
