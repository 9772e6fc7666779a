"""Tests for publishing/render/fetcher.py: what WeasyPrint may load while laying out a document."""

import pytest

from publishing.render.fetcher import BASE_URL, url_fetcher


def test_fetcher_loads_fonts_and_media_but_nothing_from_outside():
    fetcher = url_fetcher()
    font = fetcher.fetch("poster-font:sans-400")
    assert font.read(4) == b"OTTO"
    font.close()
    with pytest.raises(ValueError, match="no outside resources"):
        fetcher.fetch("https://example.com/tracker.png")
    assert BASE_URL.startswith("https://") and BASE_URL.endswith(".invalid/")
