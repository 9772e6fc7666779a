"""The 阅读数据 panel in each page's 设置 tab: its totals per channel and its daily reads."""

from wagtail.admin.panels import Panel

from .charts import stacked_bars


class PageStatsPanel(Panel):
    """Read-only: the page's own numbers (nothing for a page not saved yet)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "stats/panels/page_stats.html"

        def get_context_data(self, parent_context=None):
            from .selectors import page_numbers

            context = super().get_context_data(parent_context)
            if self.instance is None or self.instance.pk is None:
                context["numbers"] = None
                return context
            numbers = page_numbers(page_id=self.instance.pk)
            context["numbers"] = numbers
            context["chart"] = stacked_bars(categories=[f"{d:%m-%d}" for d in numbers["days"]],
                                            series=numbers["series"], title="近 30 天每日阅读", height=220)
            return context

