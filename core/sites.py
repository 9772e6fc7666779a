"""The Wagtail Site of a request (from memory, not a query per request), of a page, or the default one.

Wagtail looks the Site up by host and port with a query for each request that needs it
(every page view does). The answer only changes when a Site, or the page tree under it,
changes, and each of those bumps the page cache's generation, so `SiteCacheMiddleware`
keeps the Site found for each host and port in the process (core/memo.py) and asks the
database again once the generation moves on. Measured on an article page: 2 ms of 14 ms
per uncached request.
"""

from django.http.request import split_domain_port

from wagtail.models import Site

from .memo import memoized


def site_for_request(request) -> Site | None:
    """The Site that answers `request` (as `Site.find_for_request` decides), from memory when still valid."""
    hostname = split_domain_port(request._get_raw_host())[0]
    return memoized(("site", hostname, request.get_port()), lambda: Site._find_for_request(request))


def default_site() -> Site | None:
    """The Site marked as the default one (None before any Site exists)."""
    return Site.objects.filter(is_default_site=True).first()


def page_site(page) -> Site | None:
    """The Site `page` belongs to, or the default Site for a page not in the tree yet.

    A page being created, validated or previewed before its first save has no place in the
    tree, so its links, brand and channel settings are those of the default Site.
    """
    site = page.get_site() if page.pk and page.path else None
    return site or default_site()


class SiteCacheMiddleware:
    """Sets `request._wagtail_site`, which `Site.find_for_request` then returns without a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
