"""WCAG contrast ratios and the check of an editor's colour against the pale backgrounds of reader.css."""

import re
from pathlib import Path

import pytest

from themes.contrast import MIN_TEXT_CONTRAST, PALEST_TINT, contrast_ratio, readable_colour_error

READER_CSS = Path(__file__).resolve().parents[2] / "themes" / "static" / "css" / "reader.css"


def test_ratios_match_the_wcag_formula():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert contrast_ratio("#8A93A0", "#FFFFFF") == pytest.approx(3.1, abs=0.05)  # the old card dates
    assert contrast_ratio("#B3B9C2", "#FFFFFF") == pytest.approx(2.0, abs=0.05)  # the old disabled 上一页


@pytest.mark.parametrize("colour", ["#0B5CAD", "#0F766E", "#6D28D9", "#C8102E", "#123456"])
def test_the_demo_and_dark_colours_pass(colour):
    assert readable_colour_error(colour) is None


@pytest.mark.parametrize("colour", ["#4A90E2", "#FFFFFF", "#F5A623", "#17A2B8"])
def test_pale_colours_are_refused_with_their_ratio(colour):
    message = readable_colour_error(colour)
    ratio = min(contrast_ratio(colour, PALEST_TINT), contrast_ratio(colour, "#FFFFFF"))
    assert message and f"{ratio:.1f}:1" in message and "WCAG 2.1 AA" in message


def test_the_palest_tint_is_the_darkest_pale_background_of_reader_css():
    """Coloured text sits on these cards and callouts: a colour that passes on PALEST_TINT passes on each."""
    css = READER_CSS.read_text()
    pale = {
        colour.upper()
        for selector, colour in re.findall(r"([^{}]+)\{[^}]*background: (#[0-9a-fA-F]{6})", css)
        if " img" not in selector  # an image's placeholder carries no text
    }
    assert PALEST_TINT in pale and len(pale) > 5
    for background in pale:
        assert contrast_ratio(background, "#000000") >= contrast_ratio(PALEST_TINT, "#000000"), background
    assert MIN_TEXT_CONTRAST == 4.5
