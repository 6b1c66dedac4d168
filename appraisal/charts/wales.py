"""A schematic picture of Wales by regional partnership board (RPB) region.

Not a map: no boundaries are drawn and nothing is downloaded. Each region is a bubble
at its approximate place (west to east, south to north), sized by live births and
marked by the stage of its current specialist provision (colour AND marker shape).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

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
#: Where each label goes relative to its bubble, so neighbours' labels do not collide.
TEXT_POSITION: dict[str, str] = {
    "north_wales": "middle right",
    "powys": "middle right",
    "west_wales": "bottom center",
    "west_glamorgan": "bottom center",
    "cwm_taf_morgannwg": "top center",
    "cardiff_vale": "middle right",
    "gwent": "middle right",
}
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


def wales_schematic(points: Sequence[RegionPoint], lang: str = "en", *, selected: str = "") -> go.Figure:
    """Bubbles in approximate geographic positions, one trace per provision stage."""
    fig = go.Figure()
    biggest = max((p.births for p in points), default=1.0) or 1.0
    for stage, (col, sym) in STAGE_STYLE.items():
        pts = [p for p in points if p.stage == stage]
        if not pts:
            continue
        fig.add_trace(
            go.Scatter(
                x=[POSITIONS.get(p.id, (5, 5))[0] for p in pts],
                y=[POSITIONS.get(p.id, (5, 5))[1] for p in pts],
                mode="markers+text",
                name=t(f"ui.stage.{stage}", lang),
                marker={
                    "size": [24 + 46 * (p.births / biggest) ** 0.5 for p in pts],
                    "color": col,
                    "symbol": sym,
                    "opacity": 0.85,
                    "line": {
                        "color": ["#000000" if p.id == selected else "#FFFFFF" for p in pts],
                        "width": [5 if p.id == selected else 2 for p in pts],
                    },
                },
                text=[
                    f"<b>{p.name}</b><br>{t('ui.chart.births_short', lang, n=format_number(p.births, lang, decimals=0))}"
                    + (f"<br>{p.note}" if p.note else "")
                    for p in pts
                ],
                textposition=[TEXT_POSITION.get(p.id, "bottom center") for p in pts],
                textfont={"size": 14, "color": "#111111"},
                hovertemplate="%{text}<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.update_xaxes(visible=False, range=[-0.5, 14.0], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-1.0, 10.6], fixedrange=True)
    fig.add_annotation(
        x=-0.5,
        y=10.6,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        text=t("ui.chart.schematic_note", lang),
        font={"size": 13, "color": GREY},
    )
    fig.update_layout(
        template="plotly_white",
        height=620,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={
            # one stage a line under the title: side by side, the (longer) Welsh
            # stage names ran off the chart's edge
            "title": {"text": t("ui.chart.stage_legend", lang), "side": "top"},
            "orientation": "v",
            "y": -0.02,
            "yanchor": "top",
            "x": 0,
            "font": {"size": 14},
            "itemsizing": "constant",
        },
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 15, "color": "#111111"},
        plot_bgcolor="#F4F7FA",
    )
    return fig
