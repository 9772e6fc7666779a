"""Scheduled publishing: whether a published revision is live now, or only waits for its go-live time.

Wagtail sends `page_published` when a reviewer approves a revision whose go-live time
(`go_live_at`) is in the future too: the revision then only carries `approved_go_live_at`,
and the page stays unpublished until `manage.py publish_scheduled` (queued every minute by
`run_scheduler`) publishes it, sending `page_published` again. Renders for readers and
deliveries to the channels follow the revision that is actually live, so they start on the
second signal, not on the first.
"""

from __future__ import annotations


def revision_went_live(*, page, revision) -> bool:
    """True when `revision` of `page` is the page's live revision now; False when it was only scheduled.

    >>> revision_went_live(page=scheduled_page, revision=its_revision)  # doctest: +SKIP
    False
    """
    if not page.live:
        return False
    if revision is None:
        return True
    return page.live_revision_id == revision.pk


def scheduled_go_live(page):
    """The go-live time of the page's revision approved for later, or None when nothing is scheduled."""
    revision = page.scheduled_revision
    return revision.approved_go_live_at if revision is not None else None
