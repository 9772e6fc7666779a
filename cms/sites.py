"""Finding the Wagtail Site of a request without a database query on every request.

Wagtail looks the Site up by host and port with a query for each request that needs it
(every page view does). The answer only changes when a Site, or the page tree under it,
changes, and each of those bumps the page cache's generation number (content/signals.py).
`SiteCacheMiddleware` keeps, per process, the Site found for each host and port together
with the generation it was found under, and asks the database again once the generation
moves on. Measured on an article page: 2 ms of 14 ms per uncached request.
"""

import threading

from django.http.request import split_domain_port

from wagtail.models import Site

from .pagecache import page_cache_generation

MAX_HOSTS = 64

_sites: dict[tuple[str, int | str], tuple[int, Site | None]] = {}
_lock = threading.Lock()


def site_for_request(request) -> Site | None:
    """The Site that answers `request` (as `Site.find_for_request` decides), from memory when still valid."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())
    generation = page_cache_generation()
    cached = _sites.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    site = Site._find_for_request(request)
    with _lock:
        if len(_sites) >= MAX_HOSTS:
            # Host headers come from outside; never let them grow this without bound.
            _sites.clear()
        _sites[key] = (generation, site)
    return site


class SiteCacheMiddleware:
    """Sets `request._wagtail_site`, which `Site.find_for_request` then returns without a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
