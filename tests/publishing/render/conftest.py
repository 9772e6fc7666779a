"""Fixtures of the render tests (builders and sample content are in helpers.py)."""

import pytest


@pytest.fixture
def tree(site_tree):
    """The home page and the four columns (the shared `site_tree`, by a shorter name)."""
    return site_tree


@pytest.fixture
def no_render_on_publish(settings):
    """Publishing in a test renders nothing unless the test says so."""
    settings.RENDER_ON_PUBLISH = False
