"""Limiting submissions per client address, in the shared cache (fixed one-minute windows).

The address is REMOTE_ADDR unless the operator says how many reverse proxies stand in front
(`TRUSTED_PROXY_COUNT`): then it is the entry of X-Forwarded-For that the outermost trusted
proxy added, counted from the right (core/addresses.py, shared with the login lockouts). The cache key holds a keyed hash of the address, never the address.
Written by hand: the rule is a counter with `cache.add` + `cache.incr`, shared by every worker
through the default cache (Redis in production), and no maintained Django package reads the
project's proxy setting this way.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from core.addresses import client_address

from . import crypto


def limit_exceeded(request, *, scope: str, limit: int, window: int = 60) -> bool:
    """Count one hit of `scope` from this client; True when it is over `limit` in the current window."""
    if limit <= 0:
        return False
    bucket = int(time.time() // window)
    key = f"desk:rate:{scope}:{bucket}:" + crypto.lookup_hash(client_address(request), purpose="ratelimit")[:32]
    if cache.add(key, 1, window + 5):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window + 5)
        return False
    return count > limit


def submission_limit() -> int:
    return int(getattr(settings, "DESK_SUBMISSIONS_PER_MINUTE", 5))


RATE_LIMIT_MESSAGE = "提交太频繁了，请一分钟后再试。如遇紧急诈骗，请直接拨打 110 或 96110。"
