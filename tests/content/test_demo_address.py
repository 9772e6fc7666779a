"""The demo's links point at the port it serves: scripts/demo sets PUBLIC_BASE_URL from PORT, and
seed_demo points the default Site there (only a Site on this machine; an operator's is left alone)."""

import os
import subprocess
from io import StringIO
from pathlib import Path

from wagtail.models import Site

import pytest

from content.factories import ArticlePageFactory
from content.management.commands.seed_demo import Command

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def demo_address(**env) -> str:
    """PUBLIC_BASE_URL as scripts/demo's own lines set it, for the environment `env`."""
    script = (REPO / "scripts" / "demo").read_text()
    start, end = script.index('export PORT='), script.index("\n", script.index("export PUBLIC_BASE_URL="))
    environment = {key: value for key, value in os.environ.items() if key not in {"PORT", "PUBLIC_BASE_URL"}}
    result = subprocess.run(  # noqa: S603 - bash with lines of our own script
        ["/bin/bash", "-c", script[start:end] + '\necho "$PUBLIC_BASE_URL"'],
        env={**environment, **env}, capture_output=True, text=True, check=True,
    )
    return result.stdout.strip()


def test_the_demo_links_to_the_port_it_serves():
    assert demo_address() == "http://127.0.0.1:8000"
    assert demo_address(PORT="8123") == "http://127.0.0.1:8123"
    assert demo_address(PORT="8123", PUBLIC_BASE_URL="https://demo.example.com") == "https://demo.example.com"


def point(settings, address: str) -> Site:
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = address
    Command(stdout=StringIO())._point_site_at_base_url()
    return Site.objects.get(is_default_site=True)


def test_seed_demo_points_a_local_site_at_the_demos_address(settings, site_tree):
    site = point(settings, "http://127.0.0.1:8123")
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    page = ArticlePageFactory(parent=site_tree["credit"], slug="zhengxin-baogao")
    assert page.full_url == "http://127.0.0.1:8123/zhengxin/zhengxin-baogao/"
    # A later demo on another port moves it again.
    assert point(settings, "http://127.0.0.1:8000").port == 8000
    # A site an operator configured stays as it is.
    Site.objects.filter(pk=site.pk).update(hostname="zhishi.example.com", port=443)
    site = point(settings, "http://127.0.0.1:8123")
    assert (site.hostname, site.port) == ("zhishi.example.com", 443)
