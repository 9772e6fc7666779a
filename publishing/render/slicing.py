"""Where to cut a long poster into slices: between blocks where possible, never through text.

Positions are in image pixels. `forbidden` holds the vertical bands of text (and, softly, of
images) that a cut must not cross; `preferred` holds the gaps between the poster's blocks.
Example::

    >>> plan_cuts(0, 5000, hard=[(1990, 2030)], soft=[], preferred=[1500], max_height=2000, min_height=500)
    [1500, 3500]
"""

from __future__ import annotations

import bisect


def _allowed(y: int, bands: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(bands, (y, float("inf"))) - 1
    for top, bottom in bands[max(0, index - 2): index + 3]:
        if top < y < bottom:
            return False
    return True


def _highest_free(low: int, high: int, bands: list[tuple[int, int]]) -> int | None:
    """The largest y in [low, high] outside every band, or None."""
    y = high
    while y >= low:
        blocking = [bottom for top, bottom in bands if top < y < bottom]
        if not blocking:
            return y
        y = min(top for top, bottom in bands if top < y < bottom)
    return None


def plan_cuts(
    start: int,
    end: int,
    *,
    hard: list[tuple[int, int]],
    soft: list[tuple[int, int]],
    preferred: list[int],
    max_height: int,
    min_height: int,
) -> list[int]:
    """Cut positions strictly between `start` and `end` so no piece is taller than `max_height`.

    A cut is taken, in this order of preference, at the lowest block gap that fits, at the
    lowest point outside text and images, at the lowest point outside text, and only when
    nothing else fits (an image taller than a slice) straight through an image.
    """
    hard = sorted(hard)
    both = sorted(hard + soft)
    cuts: list[int] = []
    position = start
    while end - position > max_height:
        low = position + min_height
        high = min(position + max_height, max(low, end - min_height))
        candidates = [y for y in preferred if low <= y <= high and _allowed(y, both)]
        cut = max(candidates) if candidates else None
        if cut is None:
            cut = _highest_free(low, high, both)
        if cut is None:
            cut = _highest_free(low, high, hard)
        if cut is None:
            cut = _highest_free(position + 1, position + max_height, hard) or position + max_height
        cuts.append(cut)
        position = cut
    return cuts
