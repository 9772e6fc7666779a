"""Admin hooks of stats: the 阅读数据 menu item and view."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import StatsView, report_file


@hooks.register("register_admin_urls")
def register_stats_url():
    return [
        path("stats/", StatsView.as_view(), name="stats_index"),
        path("stats/files/<path:name>", report_file, name="stats_report_file"),
    ]


@hooks.register("register_admin_menu_item")
def register_stats_menu_item():
    return MenuItem("阅读数据", reverse("stats_index"), icon_name="view", order=350)
