"""What WeasyPrint may load while laying out a render document: subset fonts, media files and data: URLs."""

from __future__ import annotations

from urllib.parse import unquote, urljoin

from django.conf import settings
from django.core.files.storage import default_storage

from .fonts import font_fetch

# Documents are laid out as if they lived here, so media URLs resolve to this host and nothing else.
BASE_URL = "https://poster.render.invalid/"


def url_fetcher():
    """WeasyPrint's resource loader: subset fonts, media files from default storage, data: URLs.

    Nothing is fetched from the network; any other URL fails, and so does the render.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RenderFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            font = font_fetch(url)
            if font is not None:
                return URLFetcherResponse(url, font, {"Content-Type": "font/otf"})
            media_url = urljoin(BASE_URL, settings.MEDIA_URL)
            if url.startswith(media_url):
                name = unquote(url[len(media_url):])
                return URLFetcherResponse(url, default_storage.open(name, "rb"))
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"render documents load no outside resources: {url}")

    return RenderFetcher(fail_on_errors=False)
