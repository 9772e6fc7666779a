"""The dashboard's 待办 panel: what needs each role now, from the content and delivery selectors.

Who sees what follows the roles (content/roles.py): marketing and administrators see every
failed delivery and the 视频号 uploads waiting; an author sees the failed deliveries of the
pages they own; reviewers see what waits for their review; whoever writes bulletins sees
whether this week and next week have theirs, with the button that prepares next week's;
everyone sees what goes live in the next 7 days. About ten queries in all
(tests/cms/test_dashboard.py counts them).
"""

from django.urls import reverse

from wagtail.admin.ui.components import Component

from content.admin_selectors import GOING_LIVE_DAYS, pages_awaiting_review, pages_going_live
from content.bulletins import bulletin_weeks
from content.models import BulletinPage
from content.roles import REVIEWERS, user_can_author, user_is_admin
from publishing.deliveries.selectors import (
    deliveries_attention_counts,
    deliveries_awaiting_upload,
    deliveries_failed_recently,
)


def runs_deliveries(user) -> bool:
    """市场运营 and 管理员 act on deliveries (the change permission of the migration)."""
    return user.has_perm("deliveries.change_delivery")


def reviews(user) -> bool:
    return user_is_admin(user) or user.groups.filter(name=REVIEWERS).exists()


def todo_for(user) -> dict:
    """The sections of the 待办 panel for `user` (see the module docstring)."""
    sections: dict = {}
    operator = runs_deliveries(user)
    counts = deliveries_attention_counts(owner=None if operator else user)
    failed = counts["failed"] if operator else counts["failed_own"]
    if failed:
        sections["failed"] = {
            "count": failed,
            "mine": not operator,
            "items": deliveries_failed_recently(owner=None if operator else user),
            "list_url": reverse("deliveries:index") + "?status=failed",
        }
    if operator and counts["awaiting_upload"]:
        sections["awaiting_upload"] = {
            "count": counts["awaiting_upload"],
            "items": deliveries_awaiting_upload(),
            "list_url": reverse("deliveries:index") + "?status=awaiting_confirmation",
        }
    if reviews(user):
        count, items = pages_awaiting_review(user=user)
        if count:
            sections["review"] = {"count": count, "items": items}
    going_live = pages_going_live()
    if going_live:
        sections["going_live"] = {"days": GOING_LIVE_DAYS, "items": going_live}
    if user_can_author(user, BulletinPage):
        weeks = bulletin_weeks()
        sections["bulletin"] = {
            "weeks": weeks,
            "prepare_url": reverse("prepare_bulletin"),
            "next_edit_url": reverse("wagtailadmin_pages:edit", args=[weeks.next_week.pk]) if weeks.next_week else "",
            "this_edit_url": reverse("wagtailadmin_pages:edit", args=[weeks.this_week.pk]) if weeks.this_week else "",
        }
    return sections


class TodoPanel(Component):
    """待办: first on the dashboard, before Wagtail's own panels (order 100 and up)."""

    name = "todo"
    order = 50
    template_name = "cms/dashboard_todo.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["sections"] = todo_for(parent_context["request"].user)
        return context
