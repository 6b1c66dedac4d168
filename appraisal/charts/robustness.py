"""Plotly charts for the Robustness page and reports.

Each builder reads a result object from ``appraisal.sensitivity`` and returns a figure;
the table equivalent is the result's ``rows()``. Colour is never the only carrier:
lines carry markers and end labels, stacked bars carry patterns and a legend, heatmap
cells print their numbers.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from appraisal.charts.palette import GREY, colour, marker, pattern, text_on
from appraisal.charts.text import n_lines, wrap
from appraisal.i18n import localised, t
from appraisal.sensitivity import (
    MethodComparison,
    SMAAResult,
    SweepResult,
    SwitchingResult,
    TornadoResult,
)

FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 15, "color": "#111111"}
#: Heatmap colours: pale grey to sky blue, so near-black cell text always reads (>= 7:1).
HEAT_SCALE = [[0.0, "#F4F4F4"], [1.0, "#56B4E9"]]


def _layout(fig: go.Figure, *, title: str, height: int, legend: bool = True) -> go.Figure:
    title = wrap(title, 70)
    extra = 22 * max(n_lines(title) - 1, 0)
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height + extra,
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        margin={"l": 10, "r": 20, "t": 60 + extra, "b": 10},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "font": {"size": 13}},
        hoverlabel={"font_size": 14},
    )
    fig.update_xaxes(automargin=True, title_font={"color": "#111111"}, tickfont={"color": "#111111"})
    fig.update_yaxes(automargin=True, title_font={"color": "#111111"}, tickfont={"color": "#111111"})
    return fig


def _option_names(problem, lang: str) -> dict[str, str]:
    return {o.id: localised(o, "name", lang) for o in problem.options}


def _criterion_names(problem, lang: str) -> dict[str, str]:
    return {c.id: localised(c, "name", lang) for c in problem.criteria}


def sweep_chart(
    result: SweepResult, criterion_id: str, switching: SwitchingResult | None = None, lang: str = "en"
) -> go.Figure:
    """Each option's total as one criterion's weight goes 0 -> 1; the current weight is a
    dashed line and switching values (when given) are dotted lines naming the new top."""
    p = result.problem
    names = _option_names(p, lang)
    cname = _criterion_names(p, lang)[criterion_id]
    k = result.criterion_ids.index(criterion_id)
    x = 100 * result.grid
    fig = go.Figure()
    n_pts = len(x)
    for i, oid in enumerate(result.option_ids):
        y = result.totals[k, :, i]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                name=names[oid],
                line={"color": colour(i), "width": 2.5},
                marker={"symbol": marker(i), "size": 7, "maxdisplayed": 12},
                hovertemplate=f"{names[oid]}<br>%{{x:.0f}}%: %{{y:.1f}}<extra></extra>",
            )
        )
        fig.add_annotation(
            x=x[-1],
            y=float(y[n_pts - 1]),
            text=names[oid],
            showarrow=False,
            xanchor="left",
            # dark text (the line colours are too pale for text on white); the label
            # sits at the end of its line and the legend pairs name, colour and marker
            font={"size": 12, "color": "#111111"},
        )
    w_now = 100 * float(result.weights[k])
    fig.add_vline(
        x=w_now,
        line={"color": "#111111", "dash": "dash", "width": 1.5},
        annotation_text=t("sens.chart.sweep.current", lang),
        annotation_position="top",
    )
    if switching is not None:
        row = switching.row(criterion_id)
        for at, to in ((row.lower_switch, row.lower_to), (row.upper_switch, row.upper_to)):
            if at is not None and to is not None:
                fig.add_vline(
                    x=100 * at,
                    line={"color": GREY, "dash": "dot", "width": 1.5},
                    annotation_text=t("sens.chart.sweep.switch", lang, option=names[to]),
                    annotation_position="bottom",
                )
    fig.update_xaxes(
        title=wrap(t("sens.chart.sweep.x", lang, criterion=cname), 60), range=[0, 100], ticksuffix="%"
    )
    fig.update_yaxes(title=wrap(t("sens.chart.sweep.y", lang), 40))
    return _layout(fig, title=t("sens.chart.sweep.title", lang, criterion=cname), height=460)


def rank_acceptability_chart(result: SMAAResult, lang: str = "en") -> go.Figure:
    """Stacked horizontal bars: each option's share of draws at each rank (patterned)."""
    p = result.problem
    names = _option_names(p, lang)
    order = list(np.argsort(-result.rank_acceptability[:, 0], kind="stable"))
    labels = [names[result.option_ids[i]] for i in order]
    fig = go.Figure()
    n_opt = len(result.option_ids)
    for r in range(n_opt):
        vals = [100 * float(result.rank_acceptability[i, r]) for i in order]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=vals,
                orientation="h",
                name=t("sens.chart.acceptability.rank", lang, n=r + 1),
                # black or white text, whichever reads better on the bar (plotly's own
                # choice put white on green and pink at about 3:1); light hatching
                marker={
                    "color": colour(r),
                    "pattern": {"shape": pattern(r), "fgcolor": text_on(colour(r)), "solidity": 0.15},
                },
                text=[f"{v:.0f}" if v >= 6 else "" for v in vals],
                textposition="inside",
                textfont={"color": text_on(colour(r))},
                hovertemplate="%{y}: %{x:.1f}%<extra>"
                + t("sens.chart.acceptability.rank", lang, n=r + 1)
                + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=wrap(t("sens.chart.acceptability.x", lang), 60), range=[0, 100], ticksuffix="%")
    fig = _layout(fig, title=t("sens.chart.acceptability.title", lang), height=120 + 48 * n_opt)
    # the legend reads rank 1, 2, 3 ... in the order of the segments (plotly reverses
    # stacked-bar legends by default)
    fig.update_layout(legend={"traceorder": "normal"})
    return fig


def central_weights_chart(result: SMAAResult, lang: str = "en") -> go.Figure:
    """Heatmap of central weight vectors (options never first are left out)."""
    p = result.problem
    names = _option_names(p, lang)
    cnames = _criterion_names(p, lang)
    keep = [i for i in range(len(result.option_ids)) if np.all(np.isfinite(result.central_weights[i]))]
    z = 100 * result.central_weights[keep] if keep else np.zeros((0, len(result.criterion_ids)))
    # criteria as rows, so their (long, often Welsh) names read across rather than being
    # slanted and cut off; options as columns
    zt = z.T
    fig = go.Figure(
        go.Heatmap(
            z=zt,
            x=[wrap(names[result.option_ids[i]], 22) for i in keep],
            y=[cnames[c] for c in result.criterion_ids],
            # light blues with near-black numbers: every cell reads at >= 7:1 (plotly's
            # automatic white-on-mid-blue text was about 3:1)
            colorscale=HEAT_SCALE,
            zmin=0,
            text=np.round(zt, 1),
            texttemplate="%{text}",
            textfont={"color": "#111111", "size": 14},
            colorbar={"title": {"text": wrap(t("sens.chart.central.x", lang), 12)}},
            hovertemplate="%{x}<br>%{y}: %{z:.1f}%<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_xaxes(side="top", tickangle=0)
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        title=t("sens.chart.central.title", lang),
        height=140 + 34 * len(result.criterion_ids),
        legend=False,
    )


def tornado_chart(result: TornadoResult, lang: str = "en", *, max_bars: int = 12) -> go.Figure:
    """Tornado of the top-vs-runner-up margin: one bar per input from its low-end margin
    to its high-end margin; the zero line marks where the runner-up would overtake."""
    p = result.problem
    names = _option_names(p, lang)
    cnames = _criterion_names(p, lang)
    rows = result.rows()[:max_bars]
    labels = []
    for r in rows:
        if r["kind"] == "score":
            labels.append(
                t("sens.tornado.score", lang, option=names[r["option"]], criterion=cnames[r["criterion"]])
            )
        else:
            labels.append(t("sens.tornado.weight", lang, criterion=cnames[r["criterion"]], pct=25))
    base = result.margin
    fig = go.Figure()
    for end, key, idx in (("low", "margin_low", 0), ("high", "margin_high", 1)):
        vals = [r[key] for r in rows]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[v - base for v in vals],
                base=base,
                orientation="h",
                name=t(f"sens.chart.tornado.{end}", lang),
                marker={"color": colour(idx), "pattern": {"shape": pattern(idx + 1)}},
                customdata=vals,
                hovertemplate="%{y}<br>%{customdata:.1f}<extra></extra>",
            )
        )
    fig.add_vline(x=base, line={"color": "#111111", "width": 1.5})
    fig.add_vline(x=0, line={"color": GREY, "dash": "dot", "width": 1.5})
    fig.update_layout(barmode="overlay")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=wrap(t("sens.chart.tornado.x", lang), 60))
    title = ""
    if result.top and result.runner_up:
        title = t("sens.chart.tornado.title", lang, top=names[result.top], runner=names[result.runner_up])
    return _layout(fig, title=title, height=140 + 36 * len(rows))


def methods_chart(result: MethodComparison, lang: str = "en") -> go.Figure:
    """Heatmap of each option's rank under each method (the rank printed in each cell)."""
    names = _option_names(result.problem, lang)
    z = result.ranks.T.astype(float)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[t(f"sens.method.{m}", lang) for m in result.methods],
            y=[names[o] for o in result.option_ids],
            colorscale=[[0.0, HEAT_SCALE[1][1]], [1.0, HEAT_SCALE[0][1]]],  # rank 1 deepest
            text=result.ranks.T,
            texttemplate="%{text}",
            textfont={"color": "#111111", "size": 15},
            showscale=False,
            hovertemplate="%{y}<br>%{x}: %{z:.0f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig, title=t("sens.chart.methods.title", lang), height=160 + 44 * len(result.option_ids), legend=False
    )
