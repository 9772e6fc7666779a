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


def _highest_free(low: int, high: int, bands: list[tuple[int, int]], step: int = 1) -> int | None:
    """The largest multiple of `step` in [low, high] outside every band, or None."""
    y = high - high % step
    while y >= low:
        blocking = [top for top, bottom in bands if top < y < bottom]
        if not blocking:
            return y
        y = min(blocking)
        y -= y % step
    return None


def _preferred_gap(low: int, high: int, preferred: list[int], bands: list[tuple[int, int]], step: int) -> int | None:
    """The lowest block gap in [low, high] clear of `bands`, moved onto a multiple of `step` if it can be."""
    for spacing in dict.fromkeys((step, 1)):
        aligned = {y - y % spacing for y in preferred} | {y + (-y) % spacing for y in preferred}
        candidates = [y for y in aligned if low <= y <= high and _allowed(y, bands)]
        if candidates:
            return max(candidates)
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
    step: int = 1,
) -> list[int]:
    """Cut positions strictly between `start` and `end` so no piece is taller than `max_height`.

    A cut is taken, in this order of preference, at the lowest block gap that fits, at the
    lowest point outside text and images, at the lowest point outside text, and only when
    nothing else fits (an image taller than a slice) straight through an image. Cuts fall on
    multiples of `step` (the JPEG encoder's rows of blocks, so that slices can be joined into
    the full image without compressing it again) unless text leaves no such row free.
    """
    hard = sorted(hard)
    both = sorted(hard + soft)
    cuts: list[int] = []
    position = start
    while end - position > max_height:
        low = position + min_height
        high = min(position + max_height, max(low, end - min_height))
        cut = _preferred_gap(low, high, preferred, both, step)
        for bands in (both, hard):
            for spacing in dict.fromkeys((step, 1)):
                if cut is None:
                    cut = _highest_free(low, high, bands, spacing)
        if cut is None:
            cut = _highest_free(position + 1, position + max_height, hard) or position + max_height
        cuts.append(cut)
        position = cut
    return cuts
