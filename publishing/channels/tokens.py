"""Access tokens shared by every worker: kept in Django's cache, fetched by one worker at a time.

The token lives in the cache named by the CHANNEL_TOKEN_CACHE setting (Redis when REDIS_URL
is set, files on local disk otherwise, so every process on the machine sees it). Fetching
happens under a lock that every process respects: a Redis lock when REDIS_URL is set
(several machines), otherwise an exclusive `flock` on a file under CHANNEL_LOCK_DIR (one
machine). Django's `cache.add` is not used as the lock because the file-based cache
implements it as "check, then write", which two processes can both pass.
"""

import fcntl
import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

from core.redaction import register_secret

logger = logging.getLogger(__name__)

# The platform renews a token 5 minutes before it expires (WeChat's stable_token docs):
# keep ours a little shorter than that so no worker uses one in its last minutes.
EXPIRY_MARGIN_SECONDS = 360
MIN_CACHE_SECONDS = 60


class TokenLockTimeout(RuntimeError):
    """Another worker held the token lock for longer than we were willing to wait."""


def token_cache():
    """The cache that holds platform tokens (CHANNEL_TOKEN_CACHE, else the default cache)."""
    alias = getattr(settings, "CHANNEL_TOKEN_CACHE", "default")
    if alias not in settings.CACHES:
        alias = "default"
    return caches[alias]


def _lock_path(name: str) -> Path:
    folder = Path(getattr(settings, "CHANNEL_LOCK_DIR", Path(settings.BASE_DIR) / "var" / "locks"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".lock")


@contextmanager
def shared_lock(name: str, *, timeout: float = 30.0, wait: float = 20.0) -> Iterator[None]:
    """Hold the lock `name` against every worker process; raise TokenLockTimeout after `wait` seconds.

    `timeout` bounds how long a Redis lock outlives a worker that died holding it; a file
    lock is released by the kernel when its holder dies.
    """
    redis_url = getattr(settings, "REDIS_URL", "")
    if redis_url:
        import redis

        lock = redis.Redis.from_url(redis_url).lock(f"jrcs:lock:{name}", timeout=timeout, blocking_timeout=wait)
        if not lock.acquire():
            raise TokenLockTimeout(name)
        try:
            yield
        finally:
            try:
                lock.release()
            except redis.exceptions.LockError:
                logger.warning("Lock %s expired before it was released", name)
        return

    deadline = time.monotonic() + wait
    with open(_lock_path(name), "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TokenLockTimeout(name) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_token(*, key: str, fetch: Callable[[str | None], tuple[str, int]], rejected: str | None = None) -> str:
    """Return the cached token under `key`, fetching it (once for all workers) when missing.

    `fetch(rejected)` returns (token, expires_in seconds); it is called with the lock held
    and only when the cache has no usable token. Pass `rejected` (the token the platform
    just refused) to get a different one: a cached token equal to it is not used.
    """
    cache = token_cache()
    token = cache.get(key)
    # Every token this process holds is masked in its logs and error messages from now on.
    register_secret(token)
    if token and token != rejected:
        return token
    with shared_lock(key):
        token = cache.get(key)
        register_secret(token)
        if token and token != rejected:
            # Another worker fetched a fresh one while we waited for the lock.
            return token
        token, expires_in = fetch(rejected)
        register_secret(token)
        cache.set(key, token, timeout=max(MIN_CACHE_SECONDS, int(expires_in) - EXPIRY_MARGIN_SECONDS))
        logger.info("Fetched a new token for %s (valid %ss)", key, expires_in)
        return token


def forget_token(*, key: str, token: str) -> None:
    """Drop the cached token under `key` if it is still `token` (the one the platform refused)."""
    cache = token_cache()
    if cache.get(key) == token:
        cache.delete(key)
