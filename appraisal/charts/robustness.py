"""Plotly charts for the Robustness page.

Each function builds the chart's specification from a result object of
``appraisal.sensitivity`` (:mod:`appraisal.charts.build`) and draws it with
:func:`~appraisal.charts.plotly_render.to_plotly`; the table equivalent is the spec's
``table`` or the result's ``rows()``. Colour is never the only carrier: lines carry
markers and dashes, stacked bars patterns and a legend, heatmap cells print their
numbers.
"""

from __future__ import annotations

import plotly.graph_objects as go

from appraisal.charts import build
from appraisal.charts.build import presenter_for
from appraisal.charts.plotly_render import to_plotly
from appraisal.sensitivity import (
    MethodComparison,
    SMAAResult,
    SweepResult,
    SwitchingResult,
    TornadoResult,
)


def sweep_chart(
    result: SweepResult, criterion_id: str, switching: SwitchingResult | None = None, lang: str = "en"
) -> go.Figure:
    """Each option's total as one criterion's weight goes 0 -> 1; the current weight is a
    dashed line and switching values (when given) are dotted lines naming the new top."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.sweep(result, criterion_id, pr, switching), lang)


def rank_acceptability_chart(result: SMAAResult, lang: str = "en") -> go.Figure:
    """Stacked horizontal bars: each option's share of draws at each rank (patterned)."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.rank_acceptability(result, pr), lang)


def central_weights_chart(result: SMAAResult, lang: str = "en") -> go.Figure:
    """Heatmap of central weight vectors: criteria as rows (their long names read across),
    one column per option that ever comes first (options never first are left out)."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.central_weights(result, pr, rows="criteria"), lang)


def tornado_chart(result: TornadoResult, lang: str = "en", *, max_bars: int = 12) -> go.Figure:
    """Tornado of the top-vs-runner-up margin: one bar per input from its low-end margin
    to its high-end margin; the zero line marks where the runner-up would overtake."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.score_tornado(result, pr, max_bars=max_bars), lang)


def methods_chart(result: MethodComparison, lang: str = "en") -> go.Figure:
    """Heatmap of each option's rank under each method (the rank printed in each cell)."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.methods(result, pr), lang)
