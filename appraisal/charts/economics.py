"""Plotly charts for the economics (issue 4), each with a table equivalent.

Each chart is built as a specification from the frozen result objects
(:mod:`appraisal.charts.build`, never recomputing) and drawn with
:func:`~appraisal.charts.plotly_render.to_plotly`; its table comes from the same
specification, so chart and table cannot disagree. Colours are Okabe-Ito and series also
differ by marker or dash, so colour is never the only carrier of meaning. Tables return
``(headers, rows)`` for the app, the reports and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from appraisal.charts import build
from appraisal.charts.build import presenter_for
from appraisal.charts.plotly_render import to_plotly
from appraisal.charts.spec import ChartSpec
from appraisal.economics.appraise import EconomicsResult
from appraisal.economics.heckman import HeckmanCurve
from appraisal.economics.montecarlo import MonteCarloResult
from appraisal.economics.need import NeedResult
from appraisal.economics.tornado import EconTornadoResult

Table = tuple[list[str], list[list]]


def _table(spec: ChartSpec) -> Table:
    t = spec.table
    assert t is not None  # every builder gives its table
    return list(t.headers), [list(r) for r in t.rows]


def _pr(result, lang: str):
    return presenter_for(lang, options=result.options, regions=(result.region,))


# ----------------------------------------------------------------------------- cumulative


def _cumulative(result: EconomicsResult, mode: str, lang: str, options: Sequence[str] | None) -> ChartSpec:
    return build.cumulative(result, _pr(result, lang), mode=mode, options=options)


def cumulative_chart(
    result: EconomicsResult, mode: str = "bottom_up", lang: str = "en", options: Sequence[str] | None = None
) -> go.Figure:
    """Cumulative discounted incremental costs (dashed) and returns (solid) per option,
    with each option's break-even year marked."""
    return to_plotly(_cumulative(result, mode, lang, options), lang)


def cumulative_table(
    result: EconomicsResult, mode: str = "bottom_up", lang: str = "en", options: Sequence[str] | None = None
) -> Table:
    return _table(_cumulative(result, mode, lang, options))


# ----------------------------------------------------------------------------- Heckman curve


def heckman_chart(curve: HeckmanCurve, lang: str = "en") -> go.Figure:
    """r(age) for each preset, this service's position and later-life positions."""
    return to_plotly(build.heckman(curve, presenter_for(lang)), lang)


def heckman_table(curve: HeckmanCurve, lang: str = "en") -> Table:
    return _table(build.heckman(curve, presenter_for(lang)))


# ----------------------------------------------------------------------------- tornado


def tornado_chart(tr: EconTornadoResult, option: str, lang: str = "en", top: int = 12) -> go.Figure:
    """Horizontal bars from the base-case NPSV to the NPSV with each input at low/high,
    largest swing at the top."""
    return to_plotly(build.econ_tornado(tr, option, _pr(tr, lang), top=top), lang)


def tornado_table(tr: EconTornadoResult, option: str, lang: str = "en") -> Table:
    """Every input (not only the bars drawn)."""
    return _table(build.econ_tornado(tr, option, _pr(tr, lang), top=len(tr.bars[option])))


# ----------------------------------------------------------------------------- fan chart


def fan_chart(mc: MonteCarloResult, option: str, mode: str = "bottom_up", lang: str = "en") -> go.Figure:
    """Percentile bands of cumulative discounted incremental net benefit over time."""
    return to_plotly(build.fan(mc, option, _pr(mc, lang), mode=mode), lang)


def fan_table(mc: MonteCarloResult, option: str, mode: str = "bottom_up", lang: str = "en") -> Table:
    return _table(build.fan(mc, option, _pr(mc, lang), mode=mode))


# ----------------------------------------------------------------------------- blind spot


def blind_spot_chart(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> go.Figure:
    """Stacked bars per region: families served today and babies in need not served."""
    return to_plotly(build.blind_spot(needs, presenter_for(lang, regions=regions)), lang)


def blind_spot_table(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> Table:
    return _table(build.blind_spot(needs, presenter_for(lang, regions=regions)))
