"""准备下周周报 in the admin: opens Wagtail's create form filled in with next week's draft.

The draft itself is content/bulletins.py (the same one `manage.py prepare_bulletin` saves);
the create form is filled in by the content app's `init_new_page` receiver. This view only
decides where to go: next week's bulletin when it exists, the filled-in form when not, with
a note on what the alerts are based on.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from content.bulletins import BulletinPreparationError, bulletin_draft, bulletin_weeks
from content.models import BulletinPage
from content.roles import user_can_author


def prepare_next_bulletin(request):
    """GET: to next week's bulletin (existing) or to the create form filled in with its draft."""
    if not user_can_author(request.user, BulletinPage):
        raise PermissionDenied
    weeks = bulletin_weeks()
    if weeks.next_week is not None:
        messages.info(request, f"下周的周报已在准备中：{weeks.next_week.title}")
        return redirect("wagtailadmin_pages:edit", weeks.next_week.pk)
    try:
        draft = bulletin_draft(today=weeks.today)
    except BulletinPreparationError as error:
        messages.error(request, str(error))
        return redirect("wagtailadmin_home")
    if not draft.column.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    level = messages.WARNING if draft.new_cases == 0 else messages.INFO
    messages.add_message(request, level, f"已按下周（{draft.page.date_range_label}）填好第 {draft.page.issue_number} 期。{draft.note}")
    return redirect("wagtailadmin_pages:add", "content", "bulletinpage", draft.column.pk)
