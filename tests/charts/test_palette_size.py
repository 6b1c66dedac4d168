"""A region's long list has nine options: every one gets its own colour (issue 15's
legible charts; before, the eighth option came round to the first one's blue)."""

from __future__ import annotations

from appraisal.charts.palette import GREY, MUTED, colour, text_on
from appraisal.data import load_dataset


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    rgb = [int(hex_colour[k : k + 2], 16) / 255 for k in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_every_option_of_the_data_gets_its_own_colour() -> None:
    n = len(load_dataset().options)
    assert n >= 9
    shades = [colour(i) for i in range(n)]
    assert len(set(shades)) == n, shades
    assert not {GREY, MUTED} & set(shades)  # never the colours of notes and muted series


def test_the_colours_hold_up_on_white() -> None:
    # each line colour at least 2:1 against white (WCAG 1.4.11 asks 3:1 of graphics that
    # carry meaning alone; here a marker and a dash carry it too), and its label colour
    # readable on it
    for i in range(9):
        c = colour(i)
        assert (1.05) / (_luminance(c) + 0.05) >= 2.0, c
        assert text_on(c) in ("#000000", "#FFFFFF", "#111111", "#ffffff")
