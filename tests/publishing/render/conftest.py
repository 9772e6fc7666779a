"""Fixtures of the render tests (builders and sample content are in helpers.py)."""

import pytest

from content.factories import build_site_tree


@pytest.fixture
def tree(db):
    """The home page and the four columns."""
    return build_site_tree()


@pytest.fixture
def no_render_on_publish(settings):
    """Publishing in a test renders nothing unless the test says so."""
    settings.RENDER_ON_PUBLISH = False
