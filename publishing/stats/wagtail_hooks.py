"""Admin hooks of stats: the 阅读数据 menu item and view, and the panel on each reader page's 设置 tab."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.extensions import READER_PAGE_PANELS_HOOK

from .panels import PageStatsPanel
from .views import StatsView, report_file


@hooks.register(READER_PAGE_PANELS_HOOK)
def page_stats_panel(page_class):
    """The page's own numbers (阅读数据), after publishing's deliveries and renders."""
    return [PageStatsPanel(heading="阅读数据")]


@hooks.register("register_admin_urls")
def register_stats_url():
    return [
        path("stats/", StatsView.as_view(), name="stats_index"),
        path("stats/files/<path:name>", report_file, name="stats_report_file"),
    ]


@hooks.register("register_admin_menu_item")
def register_stats_menu_item():
    return MenuItem("阅读数据", reverse("stats_index"), icon_name="view", order=350)
