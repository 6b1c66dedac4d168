"""The workshop's group-spread chart: where the room disagrees about the weights.

For each criterion, in the dataset's order, a bar runs from the lowest to the highest
weight any participant gave it, with a diamond at the group's mean (the weights "use the
group's mean" applies); a dashed line marks equal weights. The numbers are the store's
:class:`appraisal.store.workshop.Aggregate` (``rows()``: minimum, maximum, mean, median,
SD and IQR per criterion), never recomputed here.

The spec is a ``stacked_hbar`` whose first segment (zero to the lowest weight) carries the
bar's start: :func:`spread_figure` draws that segment invisibly in plotly, so each bar
floats from the lowest to the highest weight. The table equivalent holds every statistic.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from appraisal.charts.plotly_render import TEMPLATE, figure_dict
from appraisal.charts.spec import ChartSpec, DataTable, RefLine, Series
from appraisal.present import Presenter

KEY = "workshop_spread"


def _rows(aggregate: Any) -> list[Mapping[str, Any]]:
    rows = list(aggregate.rows())
    if any(r.get("min") is None or r.get("max") is None for r in rows):
        raise ValueError("the group-spread chart needs the aggregate's spread (it was withheld)")
    return rows


def group_spread(aggregate: Any, pr: Presenter, groups: Mapping[str, str], *, title: str = "") -> ChartSpec:
    """The spread of the participants' weights per criterion (see the module docstring).

    ``aggregate`` is a workshop ``Aggregate`` with its spread (not ``mean_only``);
    ``groups`` maps each criterion id to its group id (for the table)."""
    rows = _rows(aggregate)
    names = tuple(pr.criterion(r["criterion"]) for r in rows)
    lows = tuple(float(r["min"]) for r in rows)
    highs = tuple(float(r["max"]) for r in rows)
    means = tuple(float(r["arithmetic"]) for r in rows)
    n = len(rows)
    equal = 1.0 / n if n else 0.0
    top = max([*highs, equal, 0.01])

    def cell(v: Any) -> float | None:
        return None if v is None else float(v)

    table = DataTable(
        (
            pr.tr("ui.col.criterion"),
            pr.tr("ui.col.group"),
            pr.tr("page.workshop.col.min"),
            pr.tr("page.workshop.col.mean"),
            pr.tr("page.workshop.col.median"),
            pr.tr("page.workshop.col.max"),
            pr.tr("page.workshop.spread.col.width"),
            pr.tr("page.workshop.col.sd"),
            pr.tr("page.workshop.col.iqr"),
        ),
        tuple(
            (
                nm,
                pr.group(groups.get(r["criterion"], "")),
                lo,
                m,
                cell(r.get("median")),
                hi,
                hi - lo,
                cell(r.get("sd")),
                cell(r.get("iqr")),
            )
            for nm, r, lo, hi, m in zip(names, rows, lows, highs, means)
        ),
        ("text", "text", "pct1", "pct1", "pct1", "pct1", "pct1", "pct1", "pct1"),
    )
    return ChartSpec(
        "stacked_hbar",
        names,
        (
            Series(pr.tr("page.workshop.spread.lowest"), lows, colour=4, legend=False),
            Series(
                pr.tr("page.workshop.spread.range"),
                tuple(h - lo for h, lo in zip(highs, lows)),
                colour=0,
                pattern=0,
            ),
            Series(pr.tr("page.workshop.spread.mean"), means, style="markers", marker="diamond"),
        ),
        x_title=pr.tr("page.workshop.spread.x", n=aggregate.n),
        value_format="pct0",
        x_range=(0.0, top * 1.08),
        show_totals=False,
        show_values=False,
        refs=(RefLine("x", equal, pr.tr("page.workshop.spread.equal", pct=pr.fmt(equal, "pct0"))),),
        title=title,
        key=KEY,
        table=table,
    )


def widest(spec: ChartSpec) -> tuple[int, int]:
    """Indices of the criteria with the widest and the narrowest range (first on ties)."""
    widths = spec.series[1].values
    order = sorted(range(len(widths)), key=lambda i: (-float(widths[i] or 0.0), i))
    return order[0], order[-1]


def alt_text(spec: ChartSpec, pr: Presenter, n: int) -> str:
    """The chart in a sentence: how many people, the widest and narrowest disagreement."""
    lows, widths = spec.series[0].values, spec.series[1].values
    w, k = widest(spec)

    def span(i: int) -> tuple[str, str]:
        lo = float(lows[i] or 0.0)
        return pr.fmt(lo, "pct0"), pr.fmt(lo + float(widths[i] or 0.0), "pct0")

    (w_lo, w_hi), (k_lo, k_hi) = span(w), span(k)
    return pr.tr(
        "page.workshop.spread.alt",
        n=n,
        criteria=len(spec.categories),
        widest=spec.categories[w],
        widest_low=w_lo,
        widest_high=w_hi,
        narrowest=spec.categories[k],
        narrowest_low=k_lo,
        narrowest_high=k_hi,
    )


def spread_figure(spec: ChartSpec, pr: Presenter, lang: str = "en") -> go.Figure:
    """``spec`` drawn with plotly (:func:`~appraisal.charts.plotly_render.figure_dict`), its
    first segment invisible so each bar floats from the lowest to the highest weight;
    hovering a bar names both ends."""
    d = figure_dict(spec, lang)
    bars = [tr for tr in d["data"] if tr.get("type") == "bar"]
    if len(bars) >= 2:
        start, rng = bars[0], bars[1]
        start["marker"] = {"color": "rgba(0,0,0,0)", "line": {"width": 0}}
        start["hoverinfo"] = "skip"
        start.pop("hovertemplate", None)
        lows, widths = spec.series[0].values, spec.series[1].values
        rng["customdata"] = [
            [html.escape(c, quote=False), f"{pr.fmt(lo, 'pct1')} – {pr.fmt(lo + w, 'pct1')}"]
            for c, lo, w in zip(spec.categories, lows, widths)
        ]
    return go.Figure(data=d["data"], layout={**d["layout"], "template": TEMPLATE}, _validate=False)


__all__ = ["KEY", "alt_text", "group_spread", "spread_figure", "widest"]
