"""Cut planning: pieces no taller than the maximum, cuts outside text, block gaps preferred."""

from publishing.render.slicing import plan_cuts


def test_prefers_the_lowest_block_gap_in_reach():
    cuts = plan_cuts(0, 5000, hard=[(1990, 2030)], soft=[], preferred=[1200, 1500], max_height=2000, min_height=500)
    assert cuts[0] == 1500
    assert all(b - a <= 2000 for a, b in zip([0, *cuts], [*cuts, 5000], strict=True))


def test_never_cuts_through_text_even_without_gaps():
    lines = [(top, top + 40) for top in range(0, 6000, 46)]  # a wall of text, 6 px between lines
    cuts = plan_cuts(0, 6000, hard=lines, soft=[], preferred=[], max_height=2000, min_height=500)
    assert cuts
    for cut in cuts:
        assert not any(top < cut < bottom for top, bottom in lines)


def test_avoids_images_when_it_can_and_cuts_them_when_it_must():
    image = [(1000, 2500)]
    cuts = plan_cuts(0, 4000, hard=[], soft=image, preferred=[], max_height=2000, min_height=500)
    assert cuts[0] == 1000
    tall = [(100, 3900)]
    cuts = plan_cuts(0, 4000, hard=[], soft=tall, preferred=[], max_height=2000, min_height=500)
    assert all(b - a <= 2000 for a, b in zip([0, *cuts], [*cuts, 4000], strict=True))


def test_short_poster_is_not_cut():
    assert plan_cuts(0, 1800, hard=[], soft=[], preferred=[900], max_height=2000, min_height=500) == []


def test_last_piece_is_not_a_sliver():
    cuts = plan_cuts(0, 4100, hard=[], soft=[], preferred=[], max_height=2000, min_height=500)
    pieces = [b - a for a, b in zip([0, *cuts], [*cuts, 4100], strict=True)]
    assert min(pieces) >= 500
