"""Where higher layers plug into content's pages: the Wagtail hooks content asks, and what they give.

Content never imports publishing. Publishing (or any app above content) registers functions
under these hooks in its `wagtail_hooks.py`, the way `wagtail.contrib` apps extend Wagtail:

- `READER_PAGE_PANELS_HOOK`: `fn(page_class)` gives panels for the page's 设置 tab (publishing:
  the page's deliveries and renders);
- `READER_PAGE_PREVIEW_MODES_HOOK`: `fn()` gives `PreviewMode`s beside the H5 preview
  (publishing: the poster and the PDF as they will be rendered);
- `READER_PAGE_CHECKS_HOOK`: `fn(page=)` gives `{field name: [Chinese reasons]}`, shown on
  the page's admin form when an editor saves or submits (publishing: what an enabled channel
  would reject); it is not run on saves made in code;
- `FEED_ITEMS_HOOK`: `fn(pages=, items=, request=)` adds to the app's feed items in a fixed
  number of queries (publishing: downloads as attachments, a bulletin's poster slices);
- `FEED_ETAG_HOOK`: `fn(pages=, request=)`, given the queryset of pages a feed page covers,
  returns a short string that changes whenever what it adds to the items changes (publishing:
  the newest finished poster render); it becomes part of the feed's ETag.

Example, in a higher app's wagtail_hooks.py::

    @hooks.register(READER_PAGE_CHECKS_HOOK)
    def title_fits_the_channel(*, page):
        return {"title": ["标题太长"]} if len(page.title) > 32 else {}
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from wagtail import hooks

READER_PAGE_PANELS_HOOK = "register_reader_page_panels"
READER_PAGE_PREVIEW_MODES_HOOK = "register_reader_page_preview_modes"
READER_PAGE_CHECKS_HOOK = "register_reader_page_checks"
FEED_ITEMS_HOOK = "construct_feed_items"
FEED_ETAG_HOOK = "construct_feed_etag"


@dataclass(frozen=True)
class PreviewMode:
    """One preview mode of Wagtail's preview panel: `serve(page=, request=, mode=)` answers it."""

    name: str
    label: str
    serve: Callable[..., HttpResponse]


class PanelsFromHooks:
    """A page class's panel list: `panels`, then those the functions under `hook_name` give for it.

    Set as a class attribute (`settings_panels = PanelsFromHooks(...)`); the hooks are asked
    when Wagtail builds the edit form, once every app (and so every hook) is loaded, never
    while the models are being defined.
    """

    def __init__(self, panels: list, hook_name: str):
        self.panels = list(panels)
        self.hook_name = hook_name

    def __get__(self, instance, owner) -> list:
        added = [panel for provide in hooks.get_hooks(self.hook_name) for panel in provide(owner)]
        return [*self.panels, *added]


def preview_modes_plugged() -> list[PreviewMode]:
    """Every preview mode the higher layers registered, in hook order."""
    return [mode for provide in hooks.get_hooks(READER_PAGE_PREVIEW_MODES_HOOK) for mode in provide()]


def page_check_errors(*, page) -> dict[str, list[str]]:
    """{field name: [reasons]} from every function under READER_PAGE_CHECKS_HOOK; {} when all pass."""
    errors: dict[str, list[str]] = {}
    for check in hooks.get_hooks(READER_PAGE_CHECKS_HOOK):
        for field, reasons in check(page=page).items():
            errors.setdefault(field, []).extend(reasons)
    return errors
