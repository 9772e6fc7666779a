"""读者在问 in the admin: what readers asked the answer desk this week, what it could not answer, which page answered.

For the people who write the pages (editors, marketing, admins): the gaps to write next.
Questions are stored without personal data (questions.py), so nothing here needs masking.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ArticlePage, BulletinPage
from ..roles import user_can_author
from .questions import RECENT_DAYS, questions_most_asked, questions_unanswered

ALLOWED_DAYS = (7, 30, 90)


def user_sees_reader_questions(user) -> bool:
    """Whoever writes reader pages (and the admins) sees what readers ask."""
    return user_can_author(user, ArticlePage) or user_can_author(user, BulletinPage)


class ReaderQuestionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "content/admin/reader_questions.html"
    page_title = "读者在问"
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not user_sees_reader_questions(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", RECENT_DAYS))
        except ValueError:
            days = RECENT_DAYS
        if days not in ALLOWED_DAYS:
            days = RECENT_DAYS
        until = timezone.now()
        since = until - datetime.timedelta(days=days)
        context.update(
            days=days,
            choices=ALLOWED_DAYS,
            most_asked=questions_most_asked(since=since, until=until),
            unanswered=questions_unanswered(since=since, until=until),
        )
        return context
