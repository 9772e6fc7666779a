"""Tests for `manage.py purge_page_cache`."""

import io

from django.core.management import call_command

import pytest

from core.pagecache import page_cache_generation

pytestmark = pytest.mark.django_db


def test_the_command_moves_the_generation_so_cached_pages_go_stale():
    before = page_cache_generation()
    out = io.StringIO()
    call_command("purge_page_cache", stdout=out)
    assert page_cache_generation() != before
    assert "页面缓存已清空" in out.getvalue()

