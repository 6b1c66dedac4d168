"""A schematic picture of Wales by regional partnership board (RPB) region, drawn on the
server as SVG (no chart library in the browser: the Overview is the first page anyone
opens, and a plotly chart costs a fresh browser about 1.5 s before it can draw).

Not a map: no boundaries are drawn and nothing is downloaded. Each region is a bubble
at its approximate place (west to east, south to north), sized by live births and
marked by the stage of its current specialist provision (colour AND marker shape).
Each label (name, births, the note) is placed by ``style.place_labels`` clear of the
other labels, of every bubble and of the picture's edges at every width from a phone's
up: bubbles sit at a fraction of the width (SVG ``x="37%"``) and keep their size in px,
as do labels, so the places hold at any width. Hovering a bubble shows its label
(SVG ``<title>``); the picture's accessible name is the caption under it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from appraisal.charts import style as S
from appraisal.charts.palette import GREY
from appraisal.i18n import t
from appraisal.i18n.formatting import format_number

#: Approximate centres on a 0-10 grid (x west->east, y south->north). Schematic only.
POSITIONS: dict[str, tuple[float, float]] = {
    "north_wales": (6.0, 9.3),
    "powys": (7.2, 6.3),
    "west_wales": (2.0, 5.7),
    "west_glamorgan": (2.9, 2.3),
    "cwm_taf_morgannwg": (6.0, 2.9),
    "cardiff_vale": (7.6, 0.6),
    "gwent": (9.6, 3.1),
}
#: The grid's ranges: a bubble's full size inside the picture at the edges.
X_RANGE = (-1.0, 11.0)
Y_RANGE = (-0.8, 10.2)
#: Picture widths (px) the labels are placed for: a 390 px phone (354 px container
#: less the 10 px margins) up to a wide desktop column.
PLOT_WIDTHS = (334.0, 480.0, 640.0, 800.0)
PLOT_PX = 680.0  # the picture's height
MARGIN_PX = 10  # left and right of the picture
TEXT_PX = 14
FONT = "'Source Sans Pro', 'Source Sans', Arial, sans-serif"
BACKGROUND = "#F4F7FA"
INK = "#111111"
#: Stage of current provision -> (colour, marker). Okabe-Ito, with shapes as well.
STAGE_STYLE: dict[str, tuple[str, str]] = {
    "established": ("#009E73", "circle"),
    "developing": ("#0072B2", "diamond"),
    "early": ("#E69F00", "square"),
    "none": ("#D55E00", "x"),
}


@dataclass(frozen=True)
class RegionPoint:
    """What the schematic shows for one region (names already localised)."""

    id: str
    name: str
    births: float
    stage: str
    note: str = ""  # e.g. the preferred option, printed under the name


def _bubble_px(births: float, biggest: float) -> float:
    return 24 + 46 * (births / biggest) ** 0.5


def _births(p: RegionPoint, lang: str) -> str:
    return t("ui.chart.births_short", lang, n=format_number(p.births, lang, decimals=0))


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def marker_svg(symbol: str, size: float, fill: str, line: str, width: float) -> str:
    """One marker of diameter ``size`` px centred on (0, 0): plotly's marker geometry
    (``src/components/drawing/symbol_defs.js``: the square's half side r, the diamond's
    half diagonal 1.3 r, the cross's arms 0.8 r / sqrt 2 wide), so a bubble looks as it
    did when the schematic was a plotly chart."""
    r = size / 2
    paint = f'fill="{fill}" fill-opacity="0.85" stroke="{line}" stroke-width="{_num(width)}"'
    if symbol == "circle":
        return f'<circle r="{_num(r)}" {paint}/>'
    if symbol == "square":
        s = _num(r)
        return f'<path d="M{s},{s}H-{s}V-{s}H{s}Z" {paint}/>'
    if symbol == "diamond":
        d = _num(1.3 * r)
        return f'<path d="M{d},0L0,{d}L-{d},0L0,-{d}Z" {paint}/>'
    a = _num(0.8 * r / math.sqrt(2))
    ne, se, sw, nw = f"l{a},{a}", f"l{a},-{a}", f"l-{a},-{a}", f"l-{a},{a}"
    return f'<path d="M0,{a}{ne}{se}{sw}{se}{sw}{nw}{sw}{nw}{ne}{nw}{ne}Z" {paint}/>'


def _label_svg(lines: Sequence[str], place: tuple[str, str, float, float]) -> str:
    """A label's lines (the first bold) in the box ``style.label_box_at`` gives it,
    relative to its bubble's centre (px, y down)."""
    w, h = S.label_box_px(lines, TEXT_PX, bold_first=True)
    x0, y0, x1, _ = S.label_box_at((0.0, 0.0), (w, h), place)
    anchor, x = {"center": ("middle", (x0 + x1) / 2), "left": ("start", x0 + 2), "right": ("end", x1 - 2)}[
        place[0]
    ]
    step = S.line_px(TEXT_PX)
    spans = "".join(
        f'<tspan x="{_num(x)}" y="{_num(y0 + 1 + step * (i + 0.5))}"'
        + (' font-weight="700"' if i == 0 else "")
        + f">{escape(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    return (
        f'<text class="pair-schematic-label" text-anchor="{anchor}" dominant-baseline="central" '
        f'font-size="{TEXT_PX}" fill="{INK}">{spans}</text>'
    )


def _legend_html(stages: Sequence[str], lang: str, ring: bool = False) -> str:
    entries = [
        (marker_svg(STAGE_STYLE[s][1], 12, STAGE_STYLE[s][0], "#FFFFFF", 1), t(f"ui.stage.{s}", lang))
        for s in stages
    ]
    if ring:
        entries.append((marker_svg("circle", 11, "#FFFFFF", "#000000", 3), t("ui.chart.selected_ring", lang)))
    items = []
    for mark, text in entries:
        icon = f'<svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">{mark}</svg>'
        items.append(
            '<li style="display:flex;align-items:center;gap:0.4em;margin:0.15em 0">'
            f"{icon}<span>{escape(text)}</span></li>"
        )
    return (
        f'<div class="pair-schematic-legend" style="font-size:14px;margin:0.4em {MARGIN_PX}px 0">'
        f'<div style="font-size:15px">{escape(t("ui.chart.stage_legend", lang))}</div>'
        f'<ul style="list-style:none;margin:0.2em 0 0;padding:0">{"".join(items)}</ul></div>'
    )


@dataclass(frozen=True)
class Layout:
    """Where the labels go: each region's label lines and place, and whether the births
    line is in them (dropped from every label when the full labels cannot all be placed
    clear, as happens with the longer Welsh notes; the caption says so)."""

    fracs: tuple[tuple[float, float], ...]
    lines: tuple[tuple[str, ...], ...]
    places: tuple[tuple[str, str, float, float], ...]
    births_shown: bool


@functools.lru_cache(maxsize=64)
def layout(points: tuple[RegionPoint, ...], lang: str = "en", selected: str = "") -> Layout:
    """The labels' lines and places for ``points`` (deterministic; cached on its inputs)."""
    biggest = max((p.births for p in points), default=1.0) or 1.0
    where = [POSITIONS.get(p.id, (5, 5)) for p in points]
    fracs = tuple(
        ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]), (y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0]))
        for x, y in where
    )
    radii = [_bubble_px(p.births, biggest) / 2 + (5 if p.id == selected else 2) for p in points]
    for with_births in (True, False):
        lines = tuple(
            tuple([p.name] + ([_births(p, lang)] if with_births else []) + ([p.note] if p.note else []))
            for p in points
        )
        boxes = [S.label_box_px(ls, TEXT_PX, bold_first=True) for ls in lines]
        places = S.place_labels(fracs, radii, boxes, widths=PLOT_WIDTHS, height=PLOT_PX, strict=with_births)
        if places is not None:
            return Layout(fracs, lines, tuple(places), with_births)
    raise AssertionError("place_labels always places labels when not strict")


def wales_schematic(
    points: Sequence[RegionPoint], lang: str = "en", *, selected: str = "", alt: str = ""
) -> str:
    """The schematic as one HTML fragment: a note, the picture (SVG, ``role="img"``
    named by ``alt``) and its legend (the stages present, one a line, and the ring round
    the chosen region). Labels as :func:`layout` places them; every text is escaped."""
    points = tuple(points)
    biggest = max((p.births for p in points), default=1.0) or 1.0
    lay = layout(points, lang, selected)
    fracs, places = lay.fracs, lay.places
    order = sorted(range(len(points)), key=lambda i: points[i].id == selected)  # the selected one on top
    bubbles, labels = [], []
    for i in order:
        p, (fx, fy) = points[i], fracs[i]
        col, sym = STAGE_STYLE.get(p.stage, STAGE_STYLE["none"])
        chosen = p.id == selected
        at = f'x="{_num(100 * fx)}%" y="{_num(100 * (1 - fy))}%" overflow="visible"'
        hover = "\n".join([p.name, _births(p, lang), *([p.note] if p.note else [])])
        mark = marker_svg(
            sym, _bubble_px(p.births, biggest), col, "#000000" if chosen else "#FFFFFF", 5 if chosen else 2
        )
        bubbles.append(
            f'<svg {at}><g class="pair-schematic-bubble" data-region="{escape(p.id)}">'
            f"<title>{escape(hover).replace(chr(10), '&#10;')}</title>{mark}</g></svg>"
        )
        labels.append(f"<svg {at}>{_label_svg(lay.lines[i], places[i])}</svg>")
    stages = [s for s in STAGE_STYLE if any(p.stage == s for p in points)]
    picture = (
        f'<svg class="pair-schematic-plot" width="100%" height="{_num(PLOT_PX)}" role="img" '
        f'aria-label="{escape(alt)}" style="display:block;font-family:{FONT}">'
        f'<rect width="100%" height="100%" fill="{BACKGROUND}"/>{"".join(bubbles)}{"".join(labels)}</svg>'
    )
    ring = any(p.id == selected for p in points)
    note = (
        f'<p class="pair-schematic-note" style="font-size:13px;color:{GREY};margin:0 0 0.3em;'
        f'line-height:1.3">{escape(t("ui.chart.schematic_note", lang))}</p>'
    )
    return (
        f'<div class="pair-schematic" style="font-family:{FONT};color:{INK}">'
        f'{note}<div style="padding:0 {MARGIN_PX}px">{picture}</div>{_legend_html(stages, lang, ring)}</div>'
    )
