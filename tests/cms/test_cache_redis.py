"""Redis (REDIS_URL=redis://…): the cache that the settings build from REDIS_URL stores, reads and deletes."""

import runpy
import uuid

from django.conf import settings
from django.core.cache import caches
from django.test.utils import override_settings

import pytest

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_caches(monkeypatch):
    """The CACHES that cms/settings/base.py builds from the environment's REDIS_URL, with a key prefix of this test's own."""
    monkeypatch.setenv("CACHE_KEY_PREFIX", f"jrcs-test-{uuid.uuid4().hex[:8]}")
    base = runpy.run_path(str(settings.BASE_DIR / "cms" / "settings" / "base.py"))
    return base["CACHES"]


def test_settings_choose_redis_when_redis_url_is_set(redis_caches):
    assert redis_caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_redis_cache_set_get_delete(redis_caches):
    with override_settings(CACHES=redis_caches):
        cache = caches["default"]
        value = {"title": "防范电信网络诈骗周报 第12期", "hotlines": ["96110", "12378"]}

        cache.set("bulletin:12", value, timeout=30)
        assert cache.get("bulletin:12") == value
        assert cache.add("bulletin:12", "other") is False
        cache.set("views", 1)
        assert cache.incr("views") == 2

        raw = cache._cache.get_client("bulletin:12", write=False)
        assert 0 < raw.ttl(cache.make_and_validate_key("bulletin:12")) <= 30

        assert cache.delete("bulletin:12") is True
        assert cache.get("bulletin:12") is None
        cache.delete("views")
