"""Plotly charts of the weighted additive model: ranking, contributions, weights,
options x regions. Each builder returns a figure; the same result object gives the
table equivalent (``AdditiveResult.rows()``). Colour is never the only carrier: bars
carry text labels and patterns, the heatmap prints each option's rank in its cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from appraisal.charts.palette import GREY, OKABE_ITO, colour, pattern, text_on
from appraisal.charts.text import n_lines, wrap
from appraisal.i18n import localised, t
from appraisal.mcda import AdditiveResult

FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 16, "color": "#111111"}
COMPARATOR_COLOUR = "#8C8C8C"
#: Marker shapes that have an '-open' variant in plotly (value-for-money chart).
MARKERS_VFM = ("circle", "square", "diamond", "triangle-up", "triangle-down", "star", "hexagon", "pentagon")


def _layout(fig: go.Figure, *, height: int, title: str = "", legend: bool = False) -> go.Figure:
    title = wrap(title, 60)
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height + 24 * max(n_lines(title) - 1, 0),
        margin={"l": 10, "r": 20, "t": 26 + 24 * n_lines(title) if title else 10, "b": 10},
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}} if title else None,
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 14}},
        hoverlabel={"font_size": 15},
    )
    # axis titles may wrap (Welsh is longer): automargin makes room for every line
    fig.update_xaxes(tickfont_color="#111111", title_font={"color": "#111111", "size": 15}, automargin=True)
    fig.update_yaxes(tickfont_color="#111111")
    return fig


def _label_rows(fig: go.Figure, names: Sequence[str], *, height_per_row: int = 64) -> int:
    """Write each row's name above its bar (full width for the bars, no squeezed axis).

    Rows sit at y = 0, -1, -2, ... top to bottom. Returns a figure height in pixels.
    """
    for i, name in enumerate(names):
        fig.add_annotation(
            x=0,
            y=-i + 0.27,
            xref="x",
            yref="y",
            xanchor="left",
            yanchor="bottom",
            text=name,
            showarrow=False,
            font={"size": 16, "color": "#111111"},
        )
    fig.update_yaxes(visible=False, range=[-len(names) + 0.45, 0.85], fixedrange=True, zeroline=False)
    return 40 + height_per_row * len(names)


def ranking_bar(result: AdditiveResult, lang: str = "en", *, title: str = "") -> go.Figure:
    """Horizontal bars of total value, best at the top, each named above its bar;
    comparators are hatched and grey (told apart by pattern as well as colour)."""
    p = result.problem
    order = list(result.order)
    names = [f"<b>{int(result.ranks[i])}.</b> {localised(p.options[i], 'name', lang)}" for i in order]
    totals = [float(result.totals[i]) for i in order]
    kinds = [p.options[i].kind for i in order]
    fig = go.Figure(
        go.Bar(
            x=totals,
            y=[-k for k in range(len(order))],
            width=0.42,
            orientation="h",
            text=[f"<b>{v:.1f}</b>" for v in totals],
            textposition="outside",
            textfont={"size": 16, "color": "#111111"},
            cliponaxis=False,
            marker={
                "color": [COMPARATOR_COLOUR if k == "comparator" else OKABE_ITO[0] for k in kinds],
                "pattern": {"shape": ["/" if k == "comparator" else "" for k in kinds], "fgcolor": "#FFFFFF"},
                "line": {"color": "#111111", "width": 1},
            },
            customdata=[localised(p.options[i], "name", lang) for i in order],
            hovertemplate="%{customdata}: %{x:.1f}<extra></extra>",
        )
    )
    height = _label_rows(fig, names)
    fig.update_xaxes(
        title=t("ui.chart.total_value", lang), range=[0, 108], gridcolor="#DDDDDD", fixedrange=True
    )
    return _layout(fig, height=height + 50, title=title)


def contributions_bar(
    result: AdditiveResult, lang: str = "en", *, by: str = "group", title: str = ""
) -> go.Figure:
    """Stacked horizontal bars: how much each criterion (or group) adds to each total.

    Groups get the palette colours; criteria inherit their group's colour and differ
    within a group by pattern, and every segment is named in the legend and hover.
    """
    p = result.problem
    order = list(result.order)
    names = [f"<b>{int(result.ranks[i])}.</b> {localised(p.options[i], 'name', lang)}" for i in order]
    ys = [-k for k in range(len(order))]
    onames = [localised(p.options[i], "name", lang) for i in order]
    fig = go.Figure()

    def add(vals: list[float], name: str, col: str, pat: str, group: str, labels: bool) -> None:
        fig.add_bar(
            x=vals,
            y=ys,
            width=0.42,
            orientation="h",
            name=name,
            legendgroup=group,
            marker={
                "color": col,
                "pattern": {"shape": pat, "fgcolor": text_on(col), "solidity": 0.15},
                "line": {"color": "#FFFFFF", "width": 1},
            },
            text=[f"{v:.0f}" if labels and v >= 5 else "" for v in vals],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"color": text_on(col), "size": 15},
            customdata=onames,
            hovertemplate="%{customdata}<br>" + name + ": %{x:.1f}<extra></extra>",
        )

    if by == "group":
        for k, g in enumerate(p.groups):
            vals = [float(result.group_contributions[i, k]) for i in order]
            add(vals, localised(g, "name", lang), colour(k), pattern(k), g.id, True)
    else:
        seen: dict[int, int] = {}
        for j, c in enumerate(p.criteria):
            k = int(p.group_index[j])
            n = seen.get(k, 0)
            seen[k] = n + 1
            vals = [float(result.weighted[i, j]) for i in order]
            add(vals, localised(c, "name", lang), colour(k), pattern(n), p.groups[k].id, False)
    fig.update_layout(barmode="stack")
    height = _label_rows(fig, names, height_per_row=60)
    fig.update_xaxes(
        title=t("ui.chart.total_value", lang), range=[0, 100], gridcolor="#DDDDDD", fixedrange=True
    )
    fig = _layout(fig, height=height + (110 if by == "group" else 230), title=title, legend=True)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "traceorder": "normal"},
        margin={"t": 20 if by == "group" else 40},
    )
    return fig


def weights_bar(result: AdditiveResult, lang: str = "en", *, by: str = "group", title: str = "") -> go.Figure:
    """Normalised weights (percent) by group or by criterion, largest at the top."""
    p = result.problem
    if by == "group":
        labels = [localised(g, "name", lang) for g in p.groups]
        vals = [100 * float(v) for v in result.group_weights]
        cols = [colour(k) for k in range(len(labels))]
    else:
        labels = [localised(c, "name", lang) for c in p.criteria]
        vals = [100 * float(v) for v in result.weights.values]
        cols = [colour(int(k)) for k in p.group_index]
    # largest at the top; each name written above its bar (as in the ranking chart), so
    # long names (Welsh ones especially) do not squeeze the bars and the axis title
    idx = list(np.argsort(vals))[::-1]
    fig = go.Figure(
        go.Bar(
            x=[vals[i] for i in idx],
            y=[-k for k in range(len(idx))],
            width=0.42,
            orientation="h",
            text=[f"{vals[i]:.0f}%" for i in idx],
            textposition="outside",
            textfont={"size": 15, "color": "#111111"},
            cliponaxis=False,
            marker={"color": [cols[i] for i in idx], "line": {"color": "#111111", "width": 1}},
            customdata=[labels[i] for i in idx],
            hovertemplate="%{customdata}: %{x:.1f}%<extra></extra>",
        )
    )
    height = _label_rows(fig, [labels[i] for i in idx], height_per_row=52)
    fig.update_xaxes(
        title=wrap(t("ui.chart.weight_pct", lang), 40),
        range=[0, max(vals + [1]) * 1.25],
        gridcolor="#DDDDDD",
        fixedrange=True,
    )
    return _layout(fig, height=height + 60, title=title)


def options_regions_heatmap(
    results: Sequence[AdditiveResult], lang: str = "en", *, title: str = ""
) -> go.Figure:
    """Total value of every option (rows) in every region (columns); each cell also
    prints the option's rank in that region, so the colour is not needed to read it."""
    if not results:
        return go.Figure()
    p0 = results[0].problem
    options = [localised(o, "name", lang) for o in p0.options]
    regions = [localised(r.problem.region, "name", lang).replace(" ", "<br>", 1) for r in results]
    z = np.array([[float(r.totals[i]) for r in results] for i in range(len(options))])
    ranks = np.array([[int(r.ranks[i]) for r in results] for i in range(len(options))])
    text = [
        [t("ui.chart.cell_rank", lang, rank=ranks[i, j], total=z[i, j]) for j in range(len(regions))]
        for i in range(len(options))
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=regions,
            y=options,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 16, "color": "#111111"},
            colorscale=[[0.0, "#F4F4F4"], [1.0, "#56B4E9"]],
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": t("ui.chart.total_short", lang)}},
            hovertemplate="%{y} / %{x}: %{z:.1f}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    for i in range(len(options)):
        for j in range(len(regions)):
            if ranks[i, j] == 1:
                fig.add_shape(
                    type="rect",
                    x0=j - 0.5,
                    x1=j + 0.5,
                    y0=i - 0.5,
                    y1=i + 0.5,
                    line={"color": "#111111", "width": 4},
                )
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 16, "color": "#111111"})
    fig.update_xaxes(side="top", tickfont={"size": 15, "color": "#111111"}, tickangle=0, automargin=True)
    return _layout(fig, height=120 + 62 * len(options), title=title)


def value_for_money_chart(
    names: Sequence[str],
    costs: Sequence[float],
    values: Sequence[float],
    kinds: Sequence[str],
    lang: str = "en",
    *,
    title: str = "",
) -> go.Figure:
    """MCDA value (0-100) against incremental present-value cost (GBP million).

    Options on the efficient frontier (no other option gives more value for less or
    equal cost) are joined by a dotted line and drawn filled; the rest are hollow and
    say so in the legend. Each option has its own shape as well as colour.
    """
    n = len(names)
    frontier = [
        i
        for i in range(n)
        if not any(
            (costs[j] <= costs[i] and values[j] > values[i])
            or (costs[j] < costs[i] and values[j] >= values[i])
            for j in range(n)
        )
    ]
    fr = sorted(frontier, key=lambda i: costs[i])
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[costs[i] for i in fr],
            y=[values[i] for i in fr],
            mode="lines",
            line={"color": GREY, "dash": "dot", "width": 2},
            name=t("ui.chart.frontier", lang),
            hoverinfo="skip",
        )
    )
    for i in range(n):
        on = i in frontier
        sym = MARKERS_VFM[i % len(MARKERS_VFM)]
        fig.add_trace(
            go.Scatter(
                x=[costs[i]],
                y=[values[i]],
                mode="markers",
                name=names[i] + ("" if on else " · " + t("ui.chart.off_frontier_short", lang)),
                marker={
                    "size": 18,
                    "symbol": sym if on else sym + "-open",
                    "color": colour(i),
                    "line": {"width": 2.5, "color": colour(i)},
                },
                hovertemplate=names[i] + "<br>%{x:.2f}m / %{y:.1f}<extra></extra>",
            )
        )
    fig.update_xaxes(
        title=wrap(t("ui.chart.inc_cost_m", lang), 50),
        gridcolor="#DDDDDD",
        rangemode="tozero",
        tickprefix="£",  # money: '£2m' (GBP million)
        ticksuffix="m",
    )
    fig.update_yaxes(title=wrap(t("ui.chart.total_value", lang), 40), range=[0, 105], gridcolor="#DDDDDD")
    fig = _layout(fig, height=560, title=title, legend=True)
    fig.update_layout(
        legend={"orientation": "v", "y": 0.02, "yanchor": "bottom", "x": 1.01, "xanchor": "left"}
    )
    return fig


def rank_change_label(before: int, after: int) -> str:
    """Up/down arrow with the number of places moved (text, not colour)."""
    if after < before:
        return f"▲ {before - after}"
    if after > before:
        return f"▼ {after - before}"
    return "="


__all__ = [
    "GREY",
    "contributions_bar",
    "options_regions_heatmap",
    "rank_change_label",
    "ranking_bar",
    "value_for_money_chart",
    "weights_bar",
]
