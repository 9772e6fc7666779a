"""Quiet publishing: a block of code in which publishing a page tells no outside channel.

Seeding the demo or importing content publishes many pages at once; none of them is news
for the app, the WeChat account or the video platforms. Code that publishes such pages
wraps the work in `quiet_publishing()`; the receivers that push published pages outward
ask `publishing_is_quiet()` when the page is published and stay silent. What readers see
(the pages, their renders, the feed) is not affected.

>>> with quiet_publishing():           # doctest: +SKIP
...     revision.publish()             # no delivery is created
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_quiet: ContextVar[bool] = ContextVar("quiet_publishing", default=False)


@contextmanager
def quiet_publishing() -> Iterator[None]:
    """Within the block, pages published are not pushed to any channel."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def publishing_is_quiet() -> bool:
    """True inside `quiet_publishing()`."""
    return _quiet.get()
