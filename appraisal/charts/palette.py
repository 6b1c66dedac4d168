"""Colour-blind-safe palette (Okabe & Ito 2008, *Color Universal Design*).

Colour is never the only carrier of meaning: charts also label series and use
patterns or markers where series would otherwise be told apart by colour alone.
"""

from __future__ import annotations

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow (use on dark backgrounds or with outlines only)
    "#000000",  # black
)
#: Marker symbols (plotly names) paired with the colours, so series differ in shape too.
MARKERS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon")
#: Bar patterns (plotly ``marker.pattern.shape``) to pair with colours in stacked bars.
PATTERNS: tuple[str, ...] = ("", "/", "\\", "x", "-", "|", "+", ".")
GREY = "#595959"  # 7:1 contrast on white for annotation text


def colour(i: int) -> str:
    """The i-th palette colour, skipping yellow (too pale on white for lines/text)."""
    usable = [c for c in OKABE_ITO if c != "#F0E442"]
    return usable[i % len(usable)]


def marker(i: int) -> str:
    return MARKERS[i % len(MARKERS)]


def pattern(i: int) -> str:
    return PATTERNS[i % len(PATTERNS)]


def text_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on ``hex_colour`` (WCAG luminance)."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if lum > 0.179 else "#FFFFFF"
