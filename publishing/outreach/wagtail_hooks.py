"""Admin and feed hooks of outreach: the 发送预览到手机 button and view, the 内容日历, the
preview's audit-log entry, and a long-image page's poster slices in the app's feed."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter

from content.extensions import FEED_ITEMS_HOOK
from content.page_types import READER_TYPES

from .calendar_views import CalendarView
from .feed import feed_items_add_slices, feed_slices_version
from .views import WechatPreviewView


@hooks.register(FEED_ITEMS_HOOK)
def add_poster_slices_to_feed_items(*, pages, items, request):
    """Pages whose WeChat article is their poster list its slices in `_jinrong.poster_slices`."""
    feed_items_add_slices(pages=pages, items=items, request=request)


@hooks.register("construct_feed_etag")
def poster_slices_in_feed_etag(*, pages, request):
    """The feed's ETag changes when a poster render finishes, so the app fetches its new slices."""
    return feed_slices_version(pages=pages, request=request)


@hooks.register("register_admin_urls")
def register_outreach_urls():
    return [
        path("outreach/preview/<int:page_id>/", WechatPreviewView.as_view(), name="outreach_preview"),
        path("calendar/", CalendarView.as_view(), name="outreach_calendar"),
    ]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return MenuItem(_("内容日历"), reverse("outreach_calendar"), icon_name="date", order=340)


@hooks.register("register_page_header_buttons")
def preview_on_phone_button(page, user, view_name, next_url=None):
    """发送预览到手机, in the page's header menu, for pages that go to WeChat and users who may edit them."""
    if issubclass(page.specific_class or type(page), READER_TYPES) and page.permissions_for_user(user).can_edit():
        yield Button(_("发送预览到手机"), reverse("outreach_preview", args=[page.pk]), icon_name="mail", priority=80)


@hooks.register("register_log_actions")
def register_preview_log_action(actions):
    @actions.register_action("outreach.preview")
    class PreviewFormatter(LogFormatter):
        label = _("发送预览到手机")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"公众号预览：{data.get('sent', 0)} 人发送成功，{data.get('failed', 0)} 人失败"
