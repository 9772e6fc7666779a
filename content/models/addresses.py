"""Reader pages' full URLs start with the platform's public address, PUBLIC_BASE_URL (core/public_urls.py).

Wagtail builds a page's full URL (`full_url`, `get_full_url`, `{% fullpageurl %}`, the API's
`html_url`) from its Site's hostname and port, which can say neither https behind a proxy
on another port nor the port the demo really serves. With PUBLIC_BASE_URL set, that root is
replaced by it; without it (a developer's machine) the Site's root stays, as Wagtail has it.
"""

from core.public_urls import configured_base_url


class PublicAddressMixin:
    """A page model mixin: the root of `get_url_parts` is PUBLIC_BASE_URL when it is set."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        configured = configured_base_url()
        if parts is None or not configured or parts[1] is None or parts[2] is None:
            return parts  # not routable (no site, or a preview of a page not yet saved)
        site_id, _site_root, page_path = parts
        return site_id, configured, page_path
