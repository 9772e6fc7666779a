"""Read-only admin panels: a page's deliveries (on its edit view) and each channel's status (渠道设置)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

from .selectors import channel_overview, deliveries_for_page, deliveries_scheduled

PAGE_PANEL_LIMIT = 10


class PageDeliveriesPanel(Panel):
    """The deliveries of the page being edited, newest first, each linking to its details; above them,
    while a revision waits for its go-live time, the channels it will go to (已排期)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("投递"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "deliveries/panels/page_deliveries.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            deliveries = list(deliveries_for_page(page=self.instance, limit=PAGE_PANEL_LIMIT))
            try:
                index_url = reverse("deliveries:index")
            except NoReverseMatch:
                index_url = ""
            context.update(
                deliveries=deliveries,
                scheduled=deliveries_scheduled(page=self.instance),
                channels=channel_overview(page=self.instance),
                list_url=f"{index_url}?page={self.instance.pk}" if index_url else "",
            )
            return context


class ChannelStatusPanel(Panel):
    """Whether each channel has its credentials (已配置 / 未配置 with the missing settings)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "deliveries/panels/channel_status.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["channels"] = channel_overview()
            return context
