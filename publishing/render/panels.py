"""Read-only admin panel: the renders of the page being edited, with their files to download."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel

PAGE_PANEL_LIMIT = 10


class PageRendersPanel(Panel):
    """The page's posters, PDFs and videos, newest first: status, size, warnings or the error,
    and links to every file (full image, slices, covers, thumbnail, transcript)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("长图、PDF 与视频"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "render/panels/page_renders.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .selectors import render_results_for_page

            context = super().get_context_data(parent_context)
            context["results"] = render_results_for_page(page=self.instance, limit=PAGE_PANEL_LIMIT)
            return context
