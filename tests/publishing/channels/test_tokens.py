"""Tokens shared by worker processes: one fetch under a lock every process respects."""

import multiprocessing
import time

from django.core.cache import caches

import pytest

from publishing.channels.tokens import TokenLockTimeout, shared_lock, shared_token, token_cache
from publishing.channels.wechat.client import WechatClient


@pytest.fixture
def file_cache(settings, tmp_path):
    """A file-based token cache, as every process on one machine shares it without Redis."""
    settings.CACHES = {
        **settings.CACHES,
        "channels": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")},
    }
    settings.CHANNEL_TOKEN_CACHE = "channels"
    settings.CHANNEL_LOCK_DIR = tmp_path / "locks"
    yield caches["channels"]
    caches["channels"].clear()


def _fetch_in_child(pipe):
    client = WechatClient.from_settings()
    try:
        pipe.send(client.access_token())
    finally:
        client.close()
        pipe.close()


def test_two_worker_processes_fetch_the_token_once(wechat_sandbox, file_cache):
    wechat_sandbox.inject(path="/cgi-bin/stable_token", kind="delay", value=0.5, times=0)
    context = multiprocessing.get_context("fork")
    pipes, processes = [], []
    for _ in range(2):
        parent_end, child_end = context.Pipe(duplex=False)
        process = context.Process(target=_fetch_in_child, args=(child_end,))
        process.start()
        pipes.append(parent_end)
        processes.append(process)
    tokens = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join(timeout=10)
        assert process.exitcode == 0
    assert tokens[0] == tokens[1]
    assert wechat_sandbox.token_fetches == 1
    assert file_cache.get(WechatClient.from_settings().token_key) == tokens[0]


def _hold_lock(name, seconds, ready):
    with shared_lock(name):
        ready.set()
        time.sleep(seconds)


def test_the_lock_excludes_other_processes_and_is_freed_when_they_end(settings, tmp_path):
    settings.CHANNEL_LOCK_DIR = tmp_path / "locks"
    context = multiprocessing.get_context("fork")
    ready = context.Event()
    holder = context.Process(target=_hold_lock, args=("demo", 1.0, ready))
    holder.start()
    assert ready.wait(5)
    with pytest.raises(TokenLockTimeout):
        with shared_lock("demo", wait=0.2):
            pass
    started = time.monotonic()
    with shared_lock("demo", wait=5):
        waited = time.monotonic() - started
    holder.join(timeout=5)
    # It waited for the holder (no upper bound: a busy machine may be slow to hand the lock over).
    assert waited > 0.3
    assert holder.exitcode == 0


def test_a_rejected_token_is_not_served_from_the_cache(db):
    calls = []

    def fetch(rejected):
        calls.append(rejected)
        return f"token-{len(calls)}", 7200

    token_cache().delete("demo-token")
    assert shared_token(key="demo-token", fetch=fetch) == "token-1"
    assert shared_token(key="demo-token", fetch=fetch) == "token-1"
    assert shared_token(key="demo-token", fetch=fetch, rejected="token-1") == "token-2"
    assert calls == [None, "token-1"]
    token_cache().delete("demo-token")
