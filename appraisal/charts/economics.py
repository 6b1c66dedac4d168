"""Plotly charts for the economics, each with a table equivalent.

Each chart is built as a specification from the frozen result objects
(:mod:`appraisal.charts.build`, never recomputing) and drawn with
:func:`~appraisal.charts.plotly_render.to_plotly`; its table comes from the same
specification, so chart and table cannot disagree. Colours are Okabe-Ito and series also
differ by marker, dash or pattern, so colour is never the only carrier of meaning. Tables
return ``(headers, rows)`` for the app, the reports and the CLI.

Benefit views are ``outcome_chain`` (the headline) and ``per_child_supported`` (the
cross-check); Heckman-style returns are benchmarks an option's rate of return is drawn
against (:func:`heckman_chart`), never a view.
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
VIEW = "outcome_chain"


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
    result: EconomicsResult, mode: str = VIEW, lang: str = "en", options: Sequence[str] | None = None
) -> go.Figure:
    """Cumulative discounted incremental costs (dashed) and benefits (solid) per option in
    one benefit view, with each option's break-even year marked."""
    return to_plotly(_cumulative(result, mode, lang, options), lang)


def cumulative_table(
    result: EconomicsResult, mode: str = VIEW, lang: str = "en", options: Sequence[str] | None = None
) -> Table:
    return _table(_cumulative(result, mode, lang, options))


# ----------------------------------------------------------------------------- Heckman-style returns


def _heckman(curve: HeckmanCurve, lang: str, econ: EconomicsResult | None, options) -> ChartSpec:
    pr = _pr(econ, lang) if econ is not None else presenter_for(lang)
    return build.heckman(curve, pr, econ, options=options)


def heckman_chart(
    curve: HeckmanCurve,
    lang: str = "en",
    econ: EconomicsResult | None = None,
    options: Sequence[str] | None = None,
) -> go.Figure:
    """Costs against Heckman-style return assumptions: the benchmarks at the ages they
    apply to, each option's rate of return (IRR) over the ages the service reaches and the
    break-even return (benchmarks only without ``econ``)."""
    return to_plotly(_heckman(curve, lang, econ, options), lang)


def heckman_table(
    curve: HeckmanCurve,
    lang: str = "en",
    econ: EconomicsResult | None = None,
    options: Sequence[str] | None = None,
) -> Table:
    return _table(_heckman(curve, lang, econ, options))


# ----------------------------------------------------------------------------- why the views differ


def waterfall_chart(result: EconomicsResult, option: str, lang: str = "en") -> go.Figure:
    """Step chart from the per-child-supported view to the outcome chain for one option."""
    return to_plotly(build.waterfall(result, option, _pr(result, lang)), lang)


def waterfall_table(result: EconomicsResult, option: str, lang: str = "en") -> Table:
    return _table(build.waterfall(result, option, _pr(result, lang)))


# ----------------------------------------------------------------------------- tornado


def tornado_chart(
    tr: EconTornadoResult, option: str, lang: str = "en", top: int = 12, domains=()
) -> go.Figure:
    """Horizontal bars from the base-case NPSV to the NPSV with each input at low/high,
    largest swing at the top (``domains``: ``Assumptions.domains``, to name outcome costs)."""
    return to_plotly(build.econ_tornado(tr, option, _pr(tr, lang), top=top, domains=domains), lang)


def tornado_table(tr: EconTornadoResult, option: str, lang: str = "en", domains=()) -> Table:
    """Every input (not only the bars drawn)."""
    return _table(build.econ_tornado(tr, option, _pr(tr, lang), top=len(tr.bars[option]), domains=domains))


# ----------------------------------------------------------------------------- Monte Carlo


def fan_chart(mc: MonteCarloResult, option: str, mode: str = VIEW, lang: str = "en") -> go.Figure:
    """Percentile bands of cumulative discounted incremental net benefit over time."""
    return to_plotly(build.fan(mc, option, _pr(mc, lang), mode=mode), lang)


def fan_table(mc: MonteCarloResult, option: str, mode: str = VIEW, lang: str = "en") -> Table:
    return _table(build.fan(mc, option, _pr(mc, lang), mode=mode))


def evppi_chart(mc: MonteCarloResult, mode: str = VIEW, lang: str = "en", top: int = 10) -> go.Figure:
    """Expected value of perfect information about each input (the ``top`` largest), with
    the value of removing all uncertainty (EVPI) as a line."""
    return to_plotly(build.evppi(mc, _pr(mc, lang), mode=mode, top=top), lang)


def evppi_table(mc: MonteCarloResult, mode: str = VIEW, lang: str = "en", top: int | None = None) -> Table:
    """Every input by EVPPI, largest first (``top`` to keep only the largest)."""
    n = len(mc.param_ids) if top is None else top
    return _table(build.evppi(mc, _pr(mc, lang), mode=mode, top=n))


def ceac_chart(mc: MonteCarloResult, lang: str = "en", econ: EconomicsResult | None = None) -> go.Figure:
    """The share of draws in which each option is best against the value of an improved
    child (today's value marked when ``econ`` is given)."""
    return to_plotly(build.ceac(mc, _pr(mc, lang), econ), lang)


def ceac_table(mc: MonteCarloResult, lang: str = "en", econ: EconomicsResult | None = None) -> Table:
    return _table(build.ceac(mc, _pr(mc, lang), econ))


# ----------------------------------------------------------------------------- blind spot


def blind_spot_chart(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> go.Figure:
    """Stacked bars per region: families served today and babies in need not served."""
    return to_plotly(build.blind_spot(needs, presenter_for(lang, regions=regions)), lang)


def blind_spot_table(needs: Sequence[NeedResult], lang: str = "en", regions=()) -> Table:
    return _table(build.blind_spot(needs, presenter_for(lang, regions=regions)))
