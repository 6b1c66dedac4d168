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


#: Beyond Okabe-Ito's seven usable colours: indigo and wine from Paul Tol's colour-blind-safe
#: "muted" scheme (Tol 2021, *Colour Schemes*, SRON/EPS/TN/09-002), dark enough for lines and
#: text on white, so the nine options of a region's long list get nine colours (with seven,
#: the eighth option, "third-sector host", came round to business as usual's blue).
EXTRA: tuple[str, ...] = ("#332288", "#882255")
USABLE: tuple[str, ...] = tuple(c for c in OKABE_ITO if c != "#F0E442") + EXTRA


def colour(i: int) -> str:
    """The i-th palette colour, skipping yellow (too pale on white for lines/text)."""
    return USABLE[i % len(USABLE)]


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


#: Comparators (business as usual, do minimum) in ranking bars: 3.4:1 on white (a graphic
#: needs 3:1), and hatched as well, so they are not told apart by colour alone.
MUTED = "#8C8C8C"
#: Near-black for text and reference lines (16:1 on white).
INK = "#111111"
#: Light grid lines.
GRID = "#DDDDDD"

#: Cividis (Nuñez, Anderton & Renslow 2018): a perceptually uniform sequential scale that
#: reads the same with every common colour-vision deficiency. Eleven stops of
#: matplotlib's table, dark blue (0) to yellow (1); both renderers interpolate these.
CIVIDIS: tuple[str, ...] = (
    "#00224e",
    "#083370",
    "#35456c",
    "#4f576c",
    "#666970",
    "#7d7c78",
    "#948e77",
    "#aea371",
    "#c8b866",
    "#e5cf52",
    "#fee838",
)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def scale_stops(dark_high: bool = True) -> tuple[str, ...]:
    """The scale's stops from the lowest value to the highest; ``dark_high``: the highest
    value gets the darkest colour (totals, weights), else the lowest does (ranks)."""
    return CIVIDIS[::-1] if dark_high else CIVIDIS


def scale_colour(frac: float, dark_high: bool = True) -> str:
    """The colour at ``frac`` (0-1, clipped) of the sequential scale, linearly between stops."""
    stops = scale_stops(dark_high)
    f = min(max(float(frac), 0.0), 1.0) * (len(stops) - 1)
    k = min(int(f), len(stops) - 2)
    a, b = _rgb(stops[k]), _rgb(stops[k + 1])
    w = f - k
    return "#{:02x}{:02x}{:02x}".format(*(round(x + (y - x) * w) for x, y in zip(a, b)))
