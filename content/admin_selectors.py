"""Read-only queries for the admin's dashboard: what goes live soon and what awaits a reviewer.

Each function runs a fixed, small number of queries whatever the number of pages, so the
dashboard stays cheap (tests/content/test_admin_selectors.py counts them).
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision, TaskState, WorkflowState

GOING_LIVE_DAYS = 7


def _page_type() -> ContentType:
    """Wagtail's base page content type (cached by ContentType after the first look-up)."""
    return ContentType.objects.get_for_model(Page)


@dataclass(frozen=True)
class GoingLive:
    """A page due to go live: when, which, and whether it is scheduled already or still needs approval."""

    at: datetime.datetime
    page_id: int
    title: str
    kind: str  # the page type in the editors' words: 文章, 案例分析, 防诈周报
    scheduled: bool  # approved and waiting for its time (已排期), else still a draft or in review
    in_review: bool

    @property
    def state(self) -> str:
        if self.scheduled:
            return "已排期"
        return "审核中，批准后按时上线" if self.in_review else "草稿，尚未提交审核"

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


def pages_going_live(*, now: datetime.datetime | None = None, days: int = GOING_LIVE_DAYS, limit: int = 10) -> list[GoingLive]:
    """The pages set to go live in the next `days` days, soonest first (at most four queries).

    Scheduled: an approved revision with its go-live time (Wagtail publishes it then).
    Planned: a page not live yet whose go-live time is in the window but that nobody has
    approved, so it will not go live unless someone acts; these say whether they are in review.
    """
    now = now or timezone.now()
    until = now + datetime.timedelta(days=days)
    scheduled = {
        int(revision.object_id): revision
        for revision in Revision.objects.page_revisions()
        .filter(approved_go_live_at__gte=now, approved_go_live_at__lt=until)
        .order_by("approved_go_live_at")
    }
    planned = (
        Page.objects.filter(live=False, go_live_at__gte=now, go_live_at__lt=until)
        .exclude(pk__in=scheduled)
        .order_by("go_live_at")[:limit]
    )
    pages = {page.pk: page for page in Page.objects.filter(pk__in=[*scheduled, *(p.pk for p in planned)]).specific(defer=True)}
    in_review = set()
    if planned:
        in_review = set(
            WorkflowState.objects.active()
            .filter(base_content_type=_page_type(), object_id__in=[str(row.pk) for row in planned])
            .values_list("object_id", flat=True)
        )
    items = []
    for page_id, revision in scheduled.items():
        page = pages.get(page_id)
        if page is not None:
            items.append(GoingLive(revision.approved_go_live_at, page_id, revision.object_str or page.title,
                                   str(type(page)._meta.verbose_name), True, False))
    for row in planned:
        page = pages.get(row.pk)
        if page is not None:
            items.append(GoingLive(row.go_live_at, row.pk, page.draft_title or page.title,
                                   str(type(page)._meta.verbose_name), False, str(row.pk) in in_review))
    items.sort(key=lambda item: item.at)
    return items[:limit]


@dataclass(frozen=True)
class AwaitingReview:
    """A page waiting at a review step the user can act on."""

    page_id: int
    title: str
    task: str
    since: datetime.datetime

    @property
    def edit_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=[self.page_id])


def pages_awaiting_review(*, user, limit: int = 5) -> tuple[int, list[AwaitingReview]]:
    """How many pages wait for `user`'s review, and the oldest `limit` of them."""
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type=_page_type())
        .select_related("task", "revision", "workflow_state")
        .order_by("started_at")
    )
    count = states.count()
    if not count:
        return 0, []
    items = [
        AwaitingReview(
            page_id=int(state.workflow_state.object_id),
            title=state.revision.object_str if state.revision else "",
            task=state.task.name,
            since=state.started_at,
        )
        for state in states[:limit]
    ]
    return count, items
