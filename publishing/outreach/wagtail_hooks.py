"""Admin and feed hooks of outreach: a long-image page's poster slices in the app's feed."""

from wagtail import hooks

from .feed import feed_items_add_slices


@hooks.register("construct_feed_items")
def add_poster_slices_to_feed_items(*, pages, items, request):
    """Pages whose WeChat article is their poster list its slices in `_jinrong.poster_slices`."""
    feed_items_add_slices(pages=pages, items=items, request=request)
