"""Plotly charts for the economics (issue 4), each with a table equivalent.

Builders read the frozen result objects and never recompute. Colours are Okabe-Ito and
series also differ by marker or dash, so colour is never the only carrier of meaning.
Tables return ``(headers, rows)`` for the app, the reports and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from appraisal.charts.palette import GREY, colour, marker
from appraisal.charts.text import n_lines, wrap
from appraisal.economics.appraise import EconomicsResult
from appraisal.economics.heckman import HeckmanCurve
from appraisal.economics.labels import mode_label, param_label
from appraisal.economics.montecarlo import MonteCarloResult
from appraisal.economics.need import NeedResult
from appraisal.economics.tornado import EconTornadoResult
from appraisal.i18n import localised, t

Table = tuple[list[str], list[list]]


FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 15, "color": "#111111"}


def _layout(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    # long (often Welsh) titles wrap instead of running off the chart; text is near-black
    # and 15 px like the other charts (the template's default is 12 px blue-grey)
    title = wrap(title, 70)
    extra = 22 * max(n_lines(title) - 1, 0)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        xaxis_title=wrap(x, 60),
        yaxis_title=wrap(y, 24),
        template="plotly_white",
        font=FONT,
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "font": {"size": 14}},
        margin={"t": 70 + extra},
        height=500 + extra,
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _options(result, options: Sequence[str] | None) -> list[int]:
    if options is None:
        return [i for i, r in enumerate(result.roles) if r != "bau"]
    return [result.index(o) for o in options]


# ----------------------------------------------------------------------------- cumulative


def cumulative_chart(
    result: EconomicsResult, mode: str = "bottom_up", lang: str = "en", options: Sequence[str] | None = None
) -> go.Figure:
    """Cumulative discounted incremental costs (dashed) and returns (solid) per option,
    with each option's break-even year marked."""
    m = result.modes[mode]
    fig = go.Figure()
    for k, i in enumerate(_options(result, options)):
        name = localised(result.options[i], "name", lang)
        c = colour(k)
        fig.add_trace(
            go.Scatter(
                x=result.years,
                y=result.cum_inc_costs[i],
                name=t("econ.chart.cumulative.costs", lang, option=name),
                line={"color": c, "dash": "dash"},
                mode="lines",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=result.years,
                y=m.cum_inc_benefits[i],
                name=t("econ.chart.cumulative.returns", lang, option=name),
                line={"color": c},
                mode="lines",
            )
        )
        be = m.breakeven_year[i]
        if be is not None:
            fig.add_trace(
                go.Scatter(
                    x=[be],
                    y=[m.cum_inc_benefits[i, be]],
                    name=t("econ.chart.cumulative.breakeven", lang, option=name, year=be),
                    mode="markers",
                    marker={
                        "color": c,
                        "symbol": marker(k),
                        "size": 11,
                        "line": {"color": "black", "width": 1},
                    },
                )
            )
    title = t(
        "econ.chart.cumulative.title",
        lang,
        region=localised(result.region, "name", lang),
        mode=mode_label(mode, lang),
    )
    fig.update_yaxes(tickprefix="£")  # money: '£8M'
    return _layout(fig, title, t("econ.chart.cumulative.x", lang), t("econ.chart.cumulative.y", lang))


def cumulative_table(
    result: EconomicsResult, mode: str = "bottom_up", lang: str = "en", options: Sequence[str] | None = None
) -> Table:
    m = result.modes[mode]
    headers = [
        t("econ.col.option", lang),
        t("econ.col.year", lang),
        t("econ.col.cum_costs", lang),
        t("econ.col.cum_returns", lang),
        t("econ.col.cum_net", lang),
    ]
    rows = [
        [
            localised(result.options[i], "name", lang),
            int(y),
            float(result.cum_inc_costs[i, y]),
            float(m.cum_inc_benefits[i, y]),
            float(m.cum_inc_net[i, y]),
        ]
        for i in _options(result, options)
        for y in result.years
    ]
    return headers, rows


# ----------------------------------------------------------------------------- Heckman curve


def heckman_chart(curve: HeckmanCurve, lang: str = "en") -> go.Figure:
    """r(age) for each preset, this service's position and later-life positions."""
    fig = go.Figure()
    for i, p in enumerate(curve.presets):
        c = colour(i)
        label = t(f"econ.preset.{p}", lang)
        fig.add_trace(go.Scatter(x=curve.ages, y=curve.rates[i], name=label, line={"color": c}, mode="lines"))
        fig.add_trace(
            go.Scatter(
                x=[curve.service_age],
                y=[curve.service_rates[i]],
                name=t(
                    "econ.chart.heckman.service",
                    lang,
                    age=curve.service_age,
                    preset=label,
                    rate=f"{curve.service_rates[i]:.1%}",
                ),
                mode="markers",
                marker={"color": c, "symbol": "star", "size": 14, "line": {"color": "black", "width": 1}},
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[age for _, age in curve.later_life],
                y=curve.later_rates[i],
                name=t("econ.chart.heckman.later", lang, preset=label),
                mode="markers+text",
                text=[t(f"econ.later.{key}", lang) if i == 0 else "" for key, _ in curve.later_life],
                textposition="top right",
                marker={"color": c, "symbol": marker(i + 1), "size": 9},
            )
        )
    fig.add_hline(
        y=curve.discount_rate,
        line={"color": GREY, "dash": "dot"},
        annotation_text=t("econ.chart.heckman.discount", lang, rate=f"{curve.discount_rate:.1%}"),
    )
    fig.update_yaxes(tickformat=".0%")
    return _layout(
        fig,
        t("econ.chart.heckman.title", lang),
        t("econ.chart.heckman.x", lang),
        t("econ.chart.heckman.y", lang),
    )


def heckman_table(curve: HeckmanCurve, lang: str = "en") -> Table:
    headers = [t("econ.col.age", lang), *(t(f"econ.preset.{p}", lang) for p in curve.presets)]
    rows = [
        [float(a), *(float(curve.rates[i, j]) for i in range(len(curve.presets)))]
        for j, a in enumerate(curve.ages)
    ]
    return headers, rows


# ----------------------------------------------------------------------------- tornado


def _tornado_label(tr: EconTornadoResult, param_id: str, lang: str) -> str:
    return param_label(param_id, lang, options=tr.options, regions=(tr.region,), roles=tr.roles)


def tornado_chart(tr: EconTornadoResult, option: str, lang: str = "en", top: int = 12) -> go.Figure:
    """Horizontal bars from the base-case NPSV to the NPSV with each input at low/high."""
    bars = tr.bars[option][:top][::-1]  # largest at the top
    base = tr.base_npsv[option]
    labels = [_tornado_label(tr, b.param_id, lang) for b in bars]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[b.npsv_low - base for b in bars],
            base=base,
            orientation="h",
            name=t("econ.chart.tornado.low", lang),
            marker={"color": colour(0), "pattern": {"shape": ""}},
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[b.npsv_high - base for b in bars],
            base=base,
            orientation="h",
            name=t("econ.chart.tornado.high", lang),
            marker={"color": colour(1), "pattern": {"shape": "/"}},
        )
    )
    fig.add_vline(
        x=base, line={"color": GREY, "dash": "dot"}, annotation_text=t("econ.chart.tornado.base", lang)
    )
    fig.update_layout(barmode="overlay")
    name = next(localised(o, "name", lang) for o in tr.options if o.id == option)
    title = t(
        "econ.chart.tornado.title",
        lang,
        region=localised(tr.region, "name", lang),
        option=name,
        mode=mode_label(tr.mode, lang, short=True),
    )
    fig.update_xaxes(tickprefix="£")
    return _layout(fig, title, t("econ.chart.tornado.x", lang), "")


def tornado_table(tr: EconTornadoResult, option: str, lang: str = "en") -> Table:
    headers = [
        t("econ.col.parameter", lang),
        t("econ.col.low", lang),
        t("econ.col.high", lang),
        t("econ.col.npsv_low", lang),
        t("econ.col.npsv_high", lang),
    ]
    rows = [
        [
            _tornado_label(tr, b.param_id, lang),
            b.low,
            b.high,
            b.npsv_low,
            b.npsv_high,
        ]
        for b in tr.bars[option]
    ]
    return headers, rows


# ----------------------------------------------------------------------------- fan chart


def fan_chart(mc: MonteCarloResult, option: str, mode: str = "bottom_up", lang: str = "en") -> go.Figure:
    """Percentile bands of cumulative discounted incremental net benefit over time."""
    i = mc.index(option)
    fan = mc.modes[mode].fan[:, i, :]
    q = list(mc.quantiles)
    x = mc.fan_years
    fig = go.Figure()

    def band(lo: int, hi: int, name: str, opacity: float) -> None:
        fig.add_trace(
            go.Scatter(x=x, y=fan[hi], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip")
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=fan[lo],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=f"rgba(0, 114, 178, {opacity})",
                name=name,
            )
        )

    if 0.05 in q and 0.95 in q:
        band(q.index(0.05), q.index(0.95), t("econ.chart.fan.outer", lang), 0.2)
    if 0.25 in q and 0.75 in q:
        band(q.index(0.25), q.index(0.75), t("econ.chart.fan.inner", lang), 0.4)
    if 0.5 in q:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=fan[q.index(0.5)],
                mode="lines+markers",
                name=t("econ.chart.fan.median", lang),
                line={"color": colour(0)},
                marker={"symbol": "circle", "size": 5},
            )
        )
    fig.add_hline(y=0, line={"color": GREY, "dash": "dot"})
    title = t(
        "econ.chart.fan.title",
        lang,
        region=localised(mc.region, "name", lang),
        option=localised(mc.options[i], "name", lang),
        mode=mode_label(mode, lang, short=True),
        draws=f"{mc.draws:,}",
    )
    fig.update_yaxes(tickprefix="£")
    return _layout(fig, title, t("econ.chart.fan.x", lang), t("econ.chart.fan.y", lang))


def fan_table(mc: MonteCarloResult, option: str, mode: str = "bottom_up", lang: str = "en") -> Table:
    keys = {0.05: "p05", 0.25: "p25", 0.5: "p50", 0.75: "p75", 0.95: "p95"}
    headers = [t("econ.col.year", lang)] + [
        t(f"econ.col.{keys[q]}", lang) if q in keys else f"{q:.0%}" for q in mc.quantiles
    ]
    rows = [list(r.values()) for r in mc.fan_rows(option, mode)]
    return headers, rows


# ----------------------------------------------------------------------------- blind spot


def blind_spot_chart(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> go.Figure:
    """Stacked bars per region: families served today and babies in need not served."""
    names = {r.id: localised(r, "name", lang) for r in regions}
    y = [names.get(n.region_id, n.region_name) for n in needs]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=y,
            x=[n.currently_served for n in needs],
            orientation="h",
            name=t("econ.chart.blind_spot.served", lang),
            marker={"color": colour(2), "pattern": {"shape": ""}},
        )
    )
    fig.add_trace(
        go.Bar(
            y=y,
            x=[n.gap for n in needs],
            orientation="h",
            name=t("econ.chart.blind_spot.gap", lang),
            marker={"color": colour(1), "pattern": {"shape": "x"}},
        )
    )
    if needs:
        fig.add_trace(
            go.Scatter(
                y=y,
                x=[n.target_families for n in needs],
                mode="markers",
                name=t("econ.chart.blind_spot.target", lang, coverage=f"{needs[0].target_coverage:.0%}"),
                marker={"symbol": "diamond", "size": 11, "color": "black"},
            )
        )
    fig.update_layout(barmode="stack")
    return _layout(fig, t("econ.chart.blind_spot.title", lang), t("econ.chart.blind_spot.x", lang), "")


def blind_spot_table(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> Table:
    names = {r.id: localised(r, "name", lang) for r in regions}
    headers = [
        t("econ.col.region", lang),
        t("econ.col.babies_in_need", lang),
        t("econ.col.served_today", lang),
        t("econ.col.blind_spot", lang),
        t("econ.col.target", lang),
    ]
    rows = [
        [
            names.get(n.region_id, n.region_name),
            n.babies_in_need,
            n.currently_served,
            n.gap,
            n.target_families,
        ]
        for n in needs
    ]
    return headers, rows
