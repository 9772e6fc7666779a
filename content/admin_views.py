"""Admin views of the content app: copying a bulletin as the next issue.

Wagtail's copy form asks for a title, a slug and a parent and copies every field, which for
a bulletin means its unique issue number (a 500) and last week's dates. A bulletin is
copied as one thing only, the draft of the next issue, so the `before_copy_page` hook
(content/wagtail_hooks.py) sends it here: a page that says what the copy will be, and a
POST that makes it (`content.bulletins.bulletin_copy`).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.actions.copy_page import CopyPagePermissionError
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .bulletin_copy import bulletin_copy, bulletin_next_issue
from .models import BulletinPage


class BulletinCopyView(WagtailAdminTemplateMixin, TemplateView):
    """Copy a bulletin as the draft of the next issue (GET asks, POST copies)."""

    template_name = "content/admin/bulletin_copy.html"
    header_icon = "doc-empty-inverse"
    bulletin: BulletinPage | None = None
    next_url = ""

    def get_page_title(self):
        return f"复制为下一期：{self.bulletin.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            bulletin=self.bulletin,
            issue=bulletin_next_issue(),
            back_url=self.next_url or reverse("wagtailadmin_explore", args=[self.bulletin.get_parent().pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            copy = bulletin_copy(source=self.bulletin, user=request.user)
        except CopyPagePermissionError:
            messages.error(request, "您没有在该栏目下新建页面的权限，不能复制周报。")
            return redirect("wagtailadmin_explore", self.bulletin.get_parent().pk)
        messages.success(
            request, f"已复制为第 {copy.issue_number} 期周报草稿（{copy.date_range_label}），请修改内容后提交审核。"
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)


def bulletin_copy_response(request, bulletin: BulletinPage):
    """The response of the copy view for `bulletin` (called from the before_copy_page hook)."""
    view = BulletinCopyView.as_view(bulletin=bulletin, next_url=get_valid_next_url_from_request(request))
    return view(request)
