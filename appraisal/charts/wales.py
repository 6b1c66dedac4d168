"""A schematic picture of Wales by regional partnership board (RPB) region.

Not a map: no boundaries are drawn and nothing is downloaded. Each region is a bubble
at its approximate place (west to east, south to north), sized by live births and
marked by the stage of its current specialist provision (colour AND marker shape).
Each label (name, births, the note) is placed by ``style.place_labels`` clear of the
other labels, of every bubble and of the chart's edges at every width from a phone's
up, and the note above the plot is wrapped to the phone's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

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
#: The grid's ranges: a bubble's full size inside the plot at the edges.
X_RANGE = (-1.0, 11.0)
Y_RANGE = (-0.8, 10.2)
#: Plot-area widths (px) the labels are placed for: a 390 px phone (354 px container
#: less the 10 px margins) up to a wide desktop column.
PLOT_WIDTHS = (334.0, 480.0, 640.0, 800.0)
PLOT_PX = 680.0  # plot-area height
TEXT_PX = 14
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


def wales_schematic(points: Sequence[RegionPoint], lang: str = "en", *, selected: str = "") -> go.Figure:
    """Bubbles in approximate geographic positions, one trace per provision stage."""
    fig = go.Figure()
    biggest = max((p.births for p in points), default=1.0) or 1.0
    # labels: placed once, clear of each other and of every bubble at every width; if
    # the full labels cannot all be placed clear, the births line goes (the bubble's
    # size, its hover and the table below give it)
    births = {
        p.id: t("ui.chart.births_short", lang, n=format_number(p.births, lang, decimals=0)) for p in points
    }
    where = [POSITIONS.get(p.id, (5, 5)) for p in points]
    fracs = [
        ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]), (y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0]))
        for x, y in where
    ]
    radii = [_bubble_px(p.births, biggest) / 2 + (5 if p.id == selected else 2) for p in points]
    places = None
    for with_births in (True, False):
        lines = {
            p.id: [p.name] + ([births[p.id]] if with_births else []) + ([p.note] if p.note else [])
            for p in points
        }
        boxes = [S.label_box_px(lines[p.id], TEXT_PX, bold_first=True) for p in points]
        places = S.place_labels(fracs, radii, boxes, widths=PLOT_WIDTHS, height=PLOT_PX, strict=with_births)
        if places is not None:
            break
    assert places is not None
    for stage, (col, sym) in STAGE_STYLE.items():
        pts = [p for p in points if p.stage == stage]
        if not pts:
            continue
        fig.add_trace(
            go.Scatter(
                x=[POSITIONS.get(p.id, (5, 5))[0] for p in pts],
                y=[POSITIONS.get(p.id, (5, 5))[1] for p in pts],
                mode="markers",
                name=t(f"ui.stage.{stage}", lang),
                marker={
                    "size": [_bubble_px(p.births, biggest) for p in pts],
                    "color": col,
                    "symbol": sym,
                    "opacity": 0.85,
                    "line": {
                        "color": ["#000000" if p.id == selected else "#FFFFFF" for p in pts],
                        "width": [5 if p.id == selected else 2 for p in pts],
                    },
                },
                text=[
                    f"<b>{p.name}</b><br>{births[p.id]}" + (f"<br>{p.note}" if p.note else "") for p in pts
                ],
                hovertemplate="%{text}<extra></extra>",
                cliponaxis=False,
            )
        )
    for p, (x, y), (xa, ya, dx, dy) in zip(points, where, places):
        ls = lines[p.id]
        fig.add_annotation(
            x=x,
            y=y,
            xanchor=xa,
            yanchor=ya,
            xshift=dx,
            yshift=dy,
            align="center" if xa == "center" else xa,
            showarrow=False,
            text="<br>".join([f"<b>{ls[0]}</b>", *ls[1:]]),
            font={"size": TEXT_PX, "color": "#111111"},
        )
    note = S.lines(t("ui.chart.schematic_note", lang), int((PLOT_WIDTHS[0] + 12) / (13 * S.EM)))
    top = len(note) * S.line_px(13) + 8
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="left",
        y=1,
        yref="paper",
        yanchor="bottom",
        yshift=2,
        align="left",
        showarrow=False,
        text="<br>".join(note),
        font={"size": 13, "color": GREY},
    )
    fig.update_xaxes(visible=False, range=list(X_RANGE), fixedrange=True)
    fig.update_yaxes(visible=False, range=list(Y_RANGE), fixedrange=True)
    stages = sum(1 for s in STAGE_STYLE if any(p.stage == s for p in points))
    legend_px = S.line_px(15) + 8 + 21.5 * stages + 10  # its title, then one stage a line
    height = round(top + PLOT_PX + 8 + legend_px + 6)
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": round(top), "b": round(8 + legend_px + 6), "autoexpand": False},
        legend={
            # one stage a line under the title, below the plot: side by side, the
            # (longer) Welsh stage names ran off the chart's edge
            "title": {"text": t("ui.chart.stage_legend", lang), "side": "top"},
            "orientation": "v",
            "yref": "container",
            "y": (legend_px + 6) / height,
            "yanchor": "top",
            "x": 0,
            "font": {"size": 14},
            "itemsizing": "constant",
            "maxheight": height,
        },
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 15, "color": "#111111"},
        plot_bgcolor="#F4F7FA",
    )
    return fig
