"""Copying an earlier anti-fraud bulletin (防诈周报) as the draft of the next issue.

Wagtail's copy would repeat the unique issue number (a 500) and last week's dates; a
bulletin is copied as one thing only, the next issue, which marketing then edits. The
admin's copy view hands bulletins to `bulletin_copy` (content/admin_views.py).
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from wagtail.actions.copy_page import CopyPageAction
from wagtail.coreutils import find_available_slug

from .bulletins import GO_LIVE_TIME, SHANGHAI, today_in_shanghai, week_start_of
from .models import BulletinPage

logger = logging.getLogger(__name__)


def bulletin_title(*, number: int, week_start: datetime.date, week_end: datetime.date) -> str:
    """The standard title of issue `number`, as `prepare_bulletin` writes it.

    >>> bulletin_title(number=12, week_start=datetime.date(2026, 11, 30), week_end=datetime.date(2026, 12, 6))
    '防诈周报 第 12 期（11.30–12.06）'
    """
    return f"防诈周报 第 {number} 期（{week_start:%m.%d}–{week_end:%m.%d}）"


@dataclass(frozen=True)
class NextIssue:
    """The number and week of the issue after the newest bulletin."""

    number: int
    week_start: datetime.date

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    @property
    def title(self) -> str:
        return bulletin_title(number=self.number, week_start=self.week_start, week_end=self.week_end)


def bulletin_next_issue(*, today: datetime.date | None = None) -> NextIssue:
    """The issue after the newest bulletin: the next number, and the week after the newest
    one's (or this week, when the newest issue is older than that)."""
    this_monday = week_start_of(today or today_in_shanghai())
    newest = BulletinPage.objects.order_by("-issue_number").first()
    if newest is None:
        return NextIssue(number=1, week_start=this_monday)
    latest_start = BulletinPage.objects.order_by("-week_start").values_list("week_start", flat=True).first()
    return NextIssue(
        number=newest.issue_number + 1,
        week_start=max(latest_start + datetime.timedelta(days=7), this_monday),
    )


def _renumbered(text: str, old: int, new: int) -> str:
    for pattern in (f"第 {old} 期", f"第{old}期"):
        text = text.replace(pattern, pattern.replace(str(old), str(new)))
    return text


@transaction.atomic
def bulletin_copy(*, source: BulletinPage, user=None, today: datetime.date | None = None) -> BulletinPage:
    """Copy `source` (usually last week's issue) as a draft of the next issue.

    The copy keeps the lead warning, the alerts, the tip and the body to edit; it gets the
    next issue number, that week's Monday–Sunday dates, the standard title, a free slug
    under the same column, the summary with the issue number changed and a go-live time of
    that Monday 09:00 (none if that has passed). It is never live and starts its own
    history (the source's revisions are not copied). Raises CopyPagePermissionError when
    `user` may not add pages there.
    """
    issue = bulletin_next_issue(today=today)
    parent = source.get_parent()
    go_live_at = datetime.datetime.combine(issue.week_start, GO_LIVE_TIME, tzinfo=SHANGHAI)
    attrs = {
        "title": issue.title,
        "draft_title": issue.title,
        "slug": find_available_slug(parent, f"bulletin-{issue.number}"),
        "seo_title": "",
        "issue_number": issue.number,
        "week_start": issue.week_start,
        "week_end": issue.week_end,
        "summary": _renumbered(source.summary, source.issue_number, issue.number)[:120],
        "go_live_at": go_live_at if go_live_at > timezone.now() else None,
        "expire_at": None,
    }
    action = CopyPageAction(
        page=source, to=parent, update_attrs=attrs, keep_live=False, copy_revisions=False, user=user,
    )
    copy = action.execute().specific
    logger.info("Copied bulletin %s as the draft of %s", source.issue_label, copy.issue_label)
    return copy
