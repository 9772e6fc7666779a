"""Tests for core/memo.py: what every page needs is kept per process, and a change shows at once."""

from wagtail.models import Site

import pytest

from content.models import BrandSettings, Hotline
from core.memo import memo_clear

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_memory():
    memo_clear()
    yield
    memo_clear()


def test_a_brand_change_shows_on_the_next_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    site = Site.objects.get(is_default_site=True)
    assert "金融常识" in client.get("/").content.decode()
    brand = BrandSettings.for_site(site)
    brand.name = "消保课堂"
    brand.save()
    assert "消保课堂" in client.get("/").content.decode()


def test_a_hotline_change_shows_on_the_next_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    assert "12378" in client.get("/").content.decode()
    hotline = Hotline.objects.get(number="12378")
    hotline.number = "12377"
    hotline.save()
    html = client.get("/").content.decode()
    assert "12377" in html and "12378" not in html


def test_each_caller_gets_its_own_copy_of_the_brand_setting():
    site = Site.objects.get(is_default_site=True)
    first, second = BrandSettings.for_site(site), BrandSettings.for_site(site)
    assert first.pk == second.pk and first is not second
