"""Small, rarely-changing objects kept in each process while the page-cache generation stands.

Every change that could alter what readers see (a publish, a hotline, the brand setting, a
Site) bumps the page cache's generation number (content/signals.py). Objects that every
page needs but that only such changes alter (the request's Site, the brand setting, the
hotlines) can therefore be kept per process and loaded again once the generation moves on,
instead of being queried on every request.
"""

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from .pagecache import page_cache_generation

T = TypeVar("T")
MAX_ENTRIES = 256

_entries: dict[Hashable, tuple[int, object]] = {}
_lock = threading.Lock()


def memoized(key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s value for `key`, from memory if loaded under the current generation.

    The caller must not change the value it gets: it is shared by every request of the
    process (copy it first, as BrandSettings.for_site does).
    """
    generation = page_cache_generation()
    entry = _entries.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]  # type: ignore[return-value]
    value = load()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            # Keys can come from outside (Host headers); never let them grow without bound.
            _entries.clear()
        _entries[key] = (generation, value)
    return value


def memoized_many(keys: list[Hashable], load: Callable[[list[Hashable]], dict[Hashable, T]]) -> dict[Hashable, T]:
    """{key: value} for `keys`, from memory where loaded under the current generation; the
    others come from one `load(missing keys)` call, which may leave out keys it has no value for.

    The same rules as `memoized`: the values are shared, the caller must not change them.
    """
    generation = page_cache_generation()
    found: dict[Hashable, T] = {}
    missing = []
    for key in keys:
        entry = _entries.get(key)
        if entry is not None and entry[0] == generation:
            found[key] = entry[1]  # type: ignore[assignment]
        else:
            missing.append(key)
    if missing:
        loaded = load(missing)
        with _lock:
            if len(_entries) + len(loaded) > MAX_ENTRIES:
                _entries.clear()
            for key, value in loaded.items():
                _entries[key] = (generation, value)
        found.update(loaded)
    return found


def memo_clear() -> None:
    """Forget everything (tests use it; a generation bump does the same lazily)."""
    with _lock:
        _entries.clear()
