"""Plotly charts of the weighted additive model: ranking, contributions, weights,
options x regions, value for money; and the ranking and weights as server-drawn SVG
(:mod:`appraisal.charts.svg_render`) for the weights page's live panel.

Each function builds the chart's specification (:mod:`appraisal.charts.build`) and draws
it with :func:`~appraisal.charts.plotly_render.to_plotly`, so the app shows exactly what
the report's static figure of the same spec shows. The table equivalent is the spec's
``table`` (or ``AdditiveResult.rows()``). Colour is never the only carrier: bars carry
printed values and patterns (comparators grey and hatched), the heatmap prints each
option's rank and total in its cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from appraisal.charts import build
from appraisal.charts.build import MARKERS_VFM, presenter_for
from appraisal.charts.palette import GREY, MUTED
from appraisal.charts.plotly_render import to_plotly
from appraisal.charts.svg_render import hbar_svg
from appraisal.mcda import AdditiveResult

COMPARATOR_COLOUR = MUTED


def ranking_bar(
    result: AdditiveResult, lang: str = "en", *, title: str = "", before: Mapping[str, int] | None = None
) -> go.Figure:
    """Horizontal bars of total value, best at the top, each named above its bar;
    comparators are hatched and grey (told apart by pattern as well as colour); with
    ``before`` (option id -> rank) an option whose rank moved says where it was."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.ranking(result, pr, title=title, before=before), lang)


def ranking_svg(
    result: AdditiveResult, lang: str = "en", *, alt: str = "", before: Mapping[str, int] | None = None
) -> str:
    """:func:`ranking_bar` drawn as SVG (an HTML fragment named by ``alt``)."""
    pr = presenter_for(lang, problem=result.problem)
    return hbar_svg(build.ranking(result, pr, before=before), lang, alt=alt)


def contributions_bar(
    result: AdditiveResult, lang: str = "en", *, by: str = "group", title: str = ""
) -> go.Figure:
    """Stacked horizontal bars: how much each criterion (or group) adds to each total.

    Groups get the palette colours; criteria inherit their group's colour and differ
    within a group by pattern, and every segment is named in the legend and hover.
    """
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.contributions(result, pr, by=by, title=title), lang)


def weights_bar(result: AdditiveResult, lang: str = "en", *, by: str = "group", title: str = "") -> go.Figure:
    """Normalised weights (shares of the total) by group or by criterion, largest at the top."""
    pr = presenter_for(lang, problem=result.problem)
    return to_plotly(build.weights(result, pr, by=by, title=title), lang)


def weights_svg(result: AdditiveResult, lang: str = "en", *, by: str = "group", alt: str = "") -> str:
    """:func:`weights_bar` drawn as SVG (an HTML fragment named by ``alt``)."""
    pr = presenter_for(lang, problem=result.problem)
    return hbar_svg(build.weights(result, pr, by=by), lang, alt=alt)


def options_regions_heatmap(
    results: Sequence[AdditiveResult], lang: str = "en", *, title: str = ""
) -> go.Figure:
    """Total value of every option (rows) in every region (columns); each cell also
    prints the option's rank in that region, so the colour is not needed to read it."""
    if not results:
        return go.Figure()
    res = [getattr(r, "mcda", r) for r in results]
    p0 = res[0].problem
    options = {o.id: o for r in res for o in r.problem.options}  # every region's shortlist
    pr = presenter_for(
        lang,
        options=options.values(),
        criteria=p0.criteria,
        groups=p0.groups,
        regions=[r.problem.region for r in res],
    )
    return to_plotly(build.options_regions(res, pr, title=title), lang)


def value_for_money_chart(
    names: Sequence[str],
    costs: Sequence[float],
    values: Sequence[float],
    kinds: Sequence[str],
    lang: str = "en",
    *,
    title: str = "",
) -> go.Figure:
    """MCDA value (0-100) against incremental present-value cost (``costs`` in GBP
    million, as the Economics page passes them).

    Options on the efficient frontier (no other option gives more value for less or
    equal cost) are joined by a dotted line and drawn filled; the rest are hollow and
    say so in the legend. Each option has its own number and shape as well as colour.
    ``kinds`` is not used (kept for the callers).
    """
    spec = build.value_for_money_points(
        list(names), [1e6 * float(c) for c in costs], list(values), presenter_for(lang), title=title
    )
    return to_plotly(spec, lang)


def rank_change_label(before: int, after: int) -> str:
    """Up/down arrow with the number of places moved (text, not colour)."""
    if after < before:
        return f"▲ {before - after}"
    if after > before:
        return f"▼ {after - before}"
    return "="


__all__ = [
    "COMPARATOR_COLOUR",
    "GREY",
    "MARKERS_VFM",
    "contributions_bar",
    "options_regions_heatmap",
    "rank_change_label",
    "ranking_bar",
    "value_for_money_chart",
    "weights_bar",
]
