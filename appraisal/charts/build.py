"""Chart specifications from run results, one builder per chart the app or report shows.

Each builder reads a result object (``appraisal.results`` and the engine results it
holds) and a :class:`~appraisal.present.Presenter` (names in the current language) and
returns a :class:`~appraisal.charts.spec.ChartSpec` with its table equivalent. Numbers are
read from the results, never recomputed: totals, contributions, acceptabilities, central
weights, margins, NPSVs and percentiles are the engine's own. The app draws a spec with
``to_plotly``, the report with ``render_png``, so the two cannot disagree.

The builders take the engine result (``AdditiveResult``, ``SMAAResult``...) so the app's
older chart functions can call them too; :func:`presenter_for` makes a Presenter from a
result's own options, criteria, groups and regions when no dataset is at hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from appraisal.charts.spec import Band, ChartSpec, DataTable, RefLine, Series, floats
from appraisal.economics.labels import mode_label, param_label
from appraisal.present import Presenter

#: Marker shapes that have an '-open' variant in plotly (value-for-money chart).
MARKERS_VFM = ("circle", "square", "diamond", "triangle-up", "triangle-down", "star", "hexagon", "pentagon")
#: Rows of a sweep's table equivalent (every tenth of the weight range).
SWEEP_TABLE_ROWS = 11


def presenter_for(
    lang: str = "en",
    *,
    problem: Any = None,
    options: Iterable = (),
    criteria: Iterable = (),
    groups: Iterable = (),
    regions: Iterable = (),
) -> Presenter:
    """A Presenter naming what a result holds (its problem's options, criteria, groups
    and region, and any ``regions`` given), for callers that have no dataset."""
    if problem is not None:
        options, criteria, groups = problem.options, problem.criteria, problem.groups
        if not regions and getattr(problem, "region", None) is not None:
            regions = (problem.region,)
    ns = SimpleNamespace(
        options=tuple(options), criteria=tuple(criteria), groups=tuple(groups), regions=tuple(regions)
    )
    return Presenter(ns, lang)


def _table(headers: Sequence[str], rows: Iterable[Sequence], formats: Sequence[str]) -> DataTable:
    return DataTable(tuple(headers), tuple(tuple(r) for r in rows), tuple(formats))


def _f(x: Any) -> float:
    return float(x)


# ============================================================================ MCDA


def ranking(result, pr: Presenter, *, title: str = "") -> ChartSpec:
    """A region's totals as bars, best at the top, each numbered by its rank; comparators
    (business as usual, do minimum) grey and hatched."""
    p = result.problem
    order = list(result.order)
    names = [pr.option(p.options[i].id) for i in order]
    ranks = [int(result.ranks[i]) for i in order]
    totals = [_f(result.totals[i]) for i in order]
    kinds = [p.options[i].kind for i in order]
    return ChartSpec(
        "hbar",
        tuple(f"{r}. {n}" for r, n in zip(ranks, names)),
        (Series(pr.tr("col.total"), tuple(totals)),),
        x_title=pr.tr("ui.chart.total_value"),
        value_format="num1",
        x_range=(0.0, 100.0),
        emphasis=tuple("muted" if k == "comparator" else "" for k in kinds),
        title=title,
        key="ranking",
        table=_table(
            (pr.tr("col.rank"), pr.tr("col.option"), pr.tr("ui.col.kind"), pr.tr("col.total")),
            ((r, n, pr.tr(f"ui.kind.{k}"), v) for r, n, k, v in zip(ranks, names, kinds, totals)),
            ("int", "text", "text", "num1"),
        ),
    )


def contributions(result, pr: Presenter, *, by: str = "group", title: str = "") -> ChartSpec:
    """What each group (or criterion) adds to each option's total, stacked, best first.

    Groups get the palette colours; criteria take their group's colour and differ within
    a group by pattern, gathered by group in the legend."""
    if by not in ("group", "criterion"):
        raise ValueError(f"by must be 'group' or 'criterion', not {by!r}")
    p = result.problem
    order = list(result.order)
    cats = tuple(f"{int(result.ranks[i])}. {pr.option(p.options[i].id)}" for i in order)
    if by == "group":
        series = tuple(
            Series(
                pr.group(g.id),
                tuple(_f(result.group_contributions[i, k]) for i in order),
                colour=k,
                pattern=k,
            )
            for k, g in enumerate(p.groups)
        )
    else:
        seen: dict[int, int] = {}
        out = []
        for j, c in enumerate(p.criteria):
            k = int(p.group_index[j])
            n = seen.get(k, 0)
            seen[k] = n + 1
            out.append(
                Series(
                    pr.criterion(c.id),
                    tuple(_f(result.weighted[i, j]) for i in order),
                    colour=k,
                    pattern=n,
                    group=p.groups[k].id,
                )
            )
        series = tuple(out)
    return ChartSpec(
        "stacked_hbar",
        cats,
        series,
        x_title=pr.tr("ui.chart.total_value"),
        value_format="num1",
        x_range=(0.0, 100.0),
        show_values=by == "group",
        title=title,
        key=f"contributions_{by}",
        table=_table(
            (pr.tr("col.option"), *(s.name for s in series), pr.tr("col.total")),
            (
                (pr.option(p.options[i].id), *(s.values[r] for s in series), _f(result.totals[i]))
                for r, i in enumerate(order)
            ),
            ("text",) + ("num1",) * len(series) + ("num1",),
        ),
    )


def weights(result, pr: Presenter, *, by: str = "group", title: str = "") -> ChartSpec:
    """The normalised weights (shares of the total) by group or by criterion, largest at
    the top; a criterion takes its group's colour."""
    p = result.problem
    if by == "group":
        names = [pr.group(g.id) for g in p.groups]
        vals = [_f(v) for v in result.group_weights]
        slots = list(range(len(names)))
        head = pr.tr("ui.col.group")
    else:
        names = [pr.criterion(c.id) for c in p.criteria]
        vals = [_f(v) for v in result.weights.values]
        slots = [int(k) for k in p.group_index]
        head = pr.tr("ui.col.criterion")
    idx = sorted(range(len(vals)), key=lambda i: (-vals[i], i))
    return ChartSpec(
        "hbar",
        tuple(names[i] for i in idx),
        (Series(pr.tr("report.col.weight"), tuple(vals[i] for i in idx)),),
        x_title=pr.tr("ui.chart.weight_pct"),
        value_format="pct0",
        x_range=(0.0, max([*vals, 0.01]) * 1.2),
        category_colours=tuple(slots[i] for i in idx),
        title=title,
        key=f"weights_{by}",
        table=_table(
            (head, pr.tr("report.col.weight")), ((names[i], vals[i]) for i in idx), ("text", "pct1")
        ),
    )


def _additive(r) -> Any:
    """An AdditiveResult from a RegionResults (or the result itself)."""
    return getattr(r, "mcda", r)


def options_regions(results, pr: Presenter, *, title: str = "") -> ChartSpec:
    """Every option's total (rows) in every region (columns) of a run (an
    ``AppraisalResults``, or RegionResults / AdditiveResults); each cell prints the
    option's rank and total, the first option of each region is outlined."""
    res = [_additive(r) for r in results]
    if not res:
        return ChartSpec("heatmap", (), (), title=title, key="options_regions")
    p0 = res[0].problem
    oids = [o.id for o in p0.options]
    rows = tuple(pr.option(o) for o in oids)
    series = []
    for r in res:
        idx = [r.problem.option_ids.index(o) for o in oids]
        series.append(
            Series(
                pr.region(r.problem.region.id),
                tuple(_f(r.totals[i]) for i in idx),
                labels=tuple(
                    pr.tr("chart.cell.rank_total", rank=int(r.ranks[i]), total=pr.fmt(_f(r.totals[i]), "int"))
                    for i in idx
                ),
            )
        )
    marked = tuple(
        (k, j)
        for j, r in enumerate(res)
        for k, o in enumerate(oids)
        if int(r.ranks[r.problem.option_ids.index(o)]) == 1
    )
    every = [v for s in series for v in s.values]
    # the colour scale spans the totals shown (to the nearest 10), so near totals differ
    scale = (math.floor(min(every) / 10) * 10, math.ceil(max(every) / 10) * 10)
    return ChartSpec(
        "heatmap",
        rows,
        tuple(series),
        value_format="num1",
        x_range=(float(scale[0]), float(max(scale[1], scale[0] + 10))),
        marked=marked,
        title=title,
        key="options_regions",
        note=pr.tr("chart.regions.note"),
        table=_table(
            (pr.tr("col.option"), *(s.name for s in series)),
            (
                (
                    rows[k],
                    *(
                        pr.tr(
                            "chart.cell.rank_total_text",
                            rank=int(r.ranks[r.problem.option_ids.index(o)]),
                            total=pr.fmt(_f(r.totals[r.problem.option_ids.index(o)]), "num1"),
                        )
                        for r in res
                    ),
                )
                for k, o in enumerate(oids)
            ),
            ("text",) * (1 + len(series)),
        ),
    )


# ============================================================================ robustness


def rank_acceptability(
    smaa, pr: Presenter, *, order: Sequence[str] | None = None, title: str | None = None
) -> ChartSpec:
    """Each option's share of SMAA draws at each rank, stacked (rank 1 first). Options in
    ``order`` (ids), else by first-rank acceptability, highest first."""
    ids = list(smaa.option_ids)
    if order is None:
        idx = list(np.argsort(-smaa.rank_acceptability[:, 0], kind="stable"))
    else:
        idx = [ids.index(o) for o in order]
    n = len(ids)
    series = tuple(
        Series(
            pr.tr("sens.chart.acceptability.rank", n=r + 1),
            tuple(_f(smaa.rank_acceptability[i, r]) for i in idx),
        )
        for r in range(n)
    )
    names = tuple(pr.option(ids[i]) for i in idx)
    return ChartSpec(
        "stacked_hbar",
        names,
        series,
        x_title=pr.tr("sens.chart.acceptability.x"),
        value_format="pct0",
        x_range=(0.0, 1.0),
        show_totals=False,
        title=pr.tr("sens.chart.acceptability.title") if title is None else title,
        key="rank_acceptability",
        table=_table(
            (pr.tr("col.option"), *(s.name for s in series)),
            ((nm, *(s.values[k] for s in series)) for k, nm in enumerate(names)),
            ("text",) + ("pct1",) * n,
        ),
    )


def central_weights(smaa, pr: Presenter, *, rows: str = "criteria", title: str | None = None) -> ChartSpec:
    """The central weight vectors (the typical weights that make an option first), for
    the options that ever come first. ``rows='criteria'`` (default: their long names read
    across, one column per option) or ``'options'``; ``note`` says which."""
    keep = [i for i in range(len(smaa.option_ids)) if np.all(np.isfinite(smaa.central_weights[i]))]
    onames = [pr.option(smaa.option_ids[i]) for i in keep]
    cnames = [pr.criterion(c) for c in smaa.criterion_ids]
    w = smaa.central_weights
    if rows == "criteria":
        cats = tuple(cnames)
        series = tuple(
            Series(onames[k], tuple(_f(w[i, j]) for j in range(len(cnames)))) for k, i in enumerate(keep)
        )
        head = pr.tr("ui.col.criterion")
        note = pr.tr("chart.central.note_criteria")
    elif rows == "options":
        cats = tuple(onames)
        series = tuple(Series(c, tuple(_f(w[i, j]) for i in keep)) for j, c in enumerate(cnames))
        head = pr.tr("col.option")
        note = pr.tr("chart.central.note_options")
    else:
        raise ValueError(f"rows must be 'criteria' or 'options', not {rows!r}")
    finite = [v for s in series for v in s.values]
    return ChartSpec(
        "heatmap",
        cats,
        series,
        value_format="pct0",
        x_range=(0.0, max([*finite, 0.01])),
        title=pr.tr("sens.chart.central.title") if title is None else title,
        key=f"central_weights_{rows}",
        note=note,
        table=_table(
            (head, *(s.name for s in series)),
            ((c, *(s.values[k] for s in series)) for k, c in enumerate(cats)),
            ("text",) + ("pct1",) * len(series),
        ),
    )


def sweep(
    sweep_result, criterion_id: str, pr: Presenter, switching=None, *, title: str | None = None
) -> ChartSpec:
    """Each option's total as one criterion's weight goes from 0 to 100% (the others
    keep their proportions); the current weight is a dashed line, switching weights
    (when ``switching`` is given) dotted lines naming the new top option."""
    k = sweep_result.criterion_ids.index(criterion_id)
    cname = pr.criterion(criterion_id)
    grid = floats(sweep_result.grid)
    series = tuple(
        Series(pr.option(o), floats(sweep_result.totals[k, :, i]), x=grid, style="lines+markers")
        for i, o in enumerate(sweep_result.option_ids)
    )
    refs = [RefLine("x", _f(sweep_result.weights[k]), pr.tr("sens.chart.sweep.current"), "dash", strong=True)]
    if switching is not None:
        row = switching.row(criterion_id)
        for at, to in ((row.lower_switch, row.lower_to), (row.upper_switch, row.upper_to)):
            if at is not None and to is not None:
                refs.append(
                    RefLine("x", _f(at), pr.tr("sens.chart.sweep.switch", option=pr.option(to)), "dot")
                )
    step = max(1, (len(grid) - 1) // (SWEEP_TABLE_ROWS - 1))
    picks = list(range(0, len(grid), step))
    return ChartSpec(
        "line",
        (),
        series,
        x_title=pr.tr("sens.chart.sweep.x", criterion=cname),
        y_title=pr.tr("sens.chart.sweep.y"),
        value_format="num1",
        x_format="pct0",
        x_range=(0.0, 1.0),
        y_range=(0.0, 100.0),
        refs=tuple(refs),
        title=pr.tr("sens.chart.sweep.title", criterion=cname) if title is None else title,
        key=f"sweep_{criterion_id}",
        table=_table(
            (pr.tr("ui.col.weight_pct"), *(s.name for s in series)),
            ((grid[j], *(s.values[j] for s in series)) for j in picks),
            ("pct0",) + ("num1",) * len(series),
        ),
    )


def _tornado_label(bar, pr: Presenter, step_pct: int) -> str:
    if bar.kind == "score":
        return pr.tr(
            "sens.tornado.score", option=pr.option(bar.option), criterion=pr.criterion(bar.criterion)
        )
    return pr.tr("sens.tornado.weight", criterion=pr.criterion(bar.criterion), pct=step_pct)


def score_tornado(tornado, pr: Presenter, *, max_bars: int = 12, title: str | None = None) -> ChartSpec:
    """The lead of the first option over the runner-up with one score or weight at its
    low and at its high end, largest effect at the top; the solid line is today's lead,
    the dotted line zero (where the runner-up would overtake)."""
    from appraisal.sensitivity.tornado import WEIGHT_STEP

    bars = tornado.bars[:max_bars]
    labels = tuple(_tornado_label(b, pr, round(100 * WEIGHT_STEP)) for b in bars)
    low = Series(pr.tr("sens.chart.tornado.low"), tuple(_f(b.margin_low) for b in bars))
    high = Series(pr.tr("sens.chart.tornado.high"), tuple(_f(b.margin_high) for b in bars))
    if title is None:
        title = ""
        if tornado.top and tornado.runner_up:
            title = pr.tr(
                "sens.chart.tornado.title", top=pr.option(tornado.top), runner=pr.option(tornado.runner_up)
            )
    return ChartSpec(
        "tornado",
        labels,
        (low, high),
        x_title=pr.tr("sens.chart.tornado.x"),
        value_format="num1",
        base=_f(tornado.margin),
        refs=(RefLine("x", _f(tornado.margin), style="solid", strong=True), RefLine("x", 0.0, style="dot")),
        show_values=False,
        title=title,
        key="score_tornado",
        table=_table(
            (pr.tr("sens.col.input"), pr.tr("sens.col.margin_low"), pr.tr("sens.col.margin_high")),
            ((lab, lo, hi) for lab, lo, hi in zip(labels, low.values, high.values)),
            ("text", "num1", "num1"),
        ),
    )


def methods(comparison, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Each option's rank (rows) under each method (columns), the rank in each cell;
    rank 1 is the darkest."""
    names = tuple(pr.option(o) for o in comparison.option_ids)
    series = tuple(
        Series(
            pr.tr(f"sens.method.{m}"),
            tuple(_f(r) for r in comparison.ranks[k]),
            labels=tuple(str(int(r)) for r in comparison.ranks[k]),
        )
        for k, m in enumerate(comparison.methods)
    )
    n = len(names)
    return ChartSpec(
        "heatmap",
        names,
        series,
        value_format="int",
        x_range=(1.0, float(max(n, 2))),
        dark_high=False,
        title=pr.tr("sens.chart.methods.title") if title is None else title,
        key="methods",
        table=_table(
            (pr.tr("col.option"), *(s.name for s in series)),
            ((nm, *(int(s.values[k]) for s in series)) for k, nm in enumerate(names)),
            ("text",) + ("int",) * len(series),
        ),
    )


# ============================================================================ economics


def _econ_options(result, options: Sequence[str] | None) -> list[int]:
    if options is None:
        return [i for i, r in enumerate(result.roles) if r != "bau"]
    return [result.index(o) for o in options]


def cumulative(
    econ,
    pr: Presenter,
    *,
    mode: str = "bottom_up",
    options: Sequence[str] | None = None,
    net: bool = False,
    title: str | None = None,
) -> ChartSpec:
    """Cumulative discounted incremental costs (dashed) and returns (solid) per option
    over business as usual, with each break-even year marked (and the net, dotted,
    when ``net``)."""
    m = econ.modes[mode]
    years = floats(econ.years)
    series: list[Series] = []
    picks = _econ_options(econ, options)
    for k, i in enumerate(picks):
        name = pr.option(econ.options[i].id)
        series.append(
            Series(
                pr.tr("econ.chart.cumulative.costs", option=name),
                floats(econ.cum_inc_costs[i]),
                years,
                "dash",
                k,
            )
        )
        series.append(
            Series(
                pr.tr("econ.chart.cumulative.returns", option=name),
                floats(m.cum_inc_benefits[i]),
                years,
                "solid",
                k,
            )
        )
        if net:
            series.append(
                Series(pr.tr("chart.cumulative.net", option=name), floats(m.cum_inc_net[i]), years, "dot", k)
            )
        be = m.breakeven_year[i]
        if be is not None:
            series.append(
                Series(
                    pr.tr("econ.chart.cumulative.breakeven", option=name, year=be),
                    (_f(m.cum_inc_benefits[i, be]),),
                    (_f(be),),
                    "markers",
                    k,
                    marker=MARKERS_VFM[k % len(MARKERS_VFM)],
                )
            )
    if title is None:
        title = pr.tr(
            "econ.chart.cumulative.title", region=pr.name(econ.region), mode=mode_label(mode, pr.lang)
        )
    return ChartSpec(
        "line",
        (),
        tuple(series),
        x_title=pr.tr("econ.chart.cumulative.x"),
        y_title=pr.tr("econ.chart.cumulative.y"),
        value_format="gbp0",
        x_format="int",
        refs=(RefLine("y", 0.0, style="dot"),),
        title=title,
        key=f"cumulative_{mode}",
        table=_table(
            (
                pr.tr("econ.col.option"),
                pr.tr("econ.col.year"),
                pr.tr("econ.col.cum_costs"),
                pr.tr("econ.col.cum_returns"),
                pr.tr("econ.col.cum_net"),
            ),
            (
                (
                    pr.option(econ.options[i].id),
                    int(y),
                    _f(econ.cum_inc_costs[i, y]),
                    _f(m.cum_inc_benefits[i, y]),
                    _f(m.cum_inc_net[i, y]),
                )
                for i in picks
                for y in econ.years
            ),
            ("text", "int", "gbp0", "gbp0", "gbp0"),
        ),
    )


_Q_KEYS = {0.05: "p05", 0.25: "p25", 0.5: "p50", 0.75: "p75", 0.95: "p95"}


def fan(mc, option: str, pr: Presenter, *, mode: str = "bottom_up", title: str | None = None) -> ChartSpec:
    """Percentiles of the cumulative discounted incremental net benefit over the years
    (Monte Carlo): the 5-95% and 25-75% bands shaded, the median a line."""
    i = mc.index(option)
    fan_ = mc.modes[mode].fan[:, i, :]
    q = list(mc.quantiles)
    x = floats(mc.fan_years)

    def qname(v: float) -> str:
        return pr.tr(f"econ.col.{_Q_KEYS[v]}") if v in _Q_KEYS else pr.fmt(v, "pct0")

    series = tuple(
        Series(
            qname(v),
            floats(fan_[k]),
            x,
            style="lines+markers" if v == 0.5 else "none",
            colour=0,
            marker="circle",
        )
        for k, v in enumerate(q)
    )
    bands = []
    if 0.05 in q and 0.95 in q:
        bands.append(Band(q.index(0.05), q.index(0.95), pr.tr("econ.chart.fan.outer"), 0.2))
    if 0.25 in q and 0.75 in q:
        bands.append(Band(q.index(0.25), q.index(0.75), pr.tr("econ.chart.fan.inner"), 0.4))
    if 0.5 in q:
        series = tuple(
            Series(pr.tr("econ.chart.fan.median"), s.values, s.x, s.style, 0, marker="circle")
            if v == 0.5
            else s
            for s, v in zip(series, q)
        )
    if title is None:
        title = pr.tr(
            "econ.chart.fan.title",
            region=pr.name(mc.region),
            option=pr.option(mc.options[i].id),
            mode=mode_label(mode, pr.lang, short=True),
            draws=pr.fmt(mc.draws, "int"),
        )
    return ChartSpec(
        "line",
        (),
        series,
        x_title=pr.tr("econ.chart.fan.x"),
        y_title=pr.tr("econ.chart.fan.y"),
        value_format="gbp0",
        x_format="int",
        bands=tuple(bands),
        refs=(RefLine("y", 0.0, style="dot"),),
        title=title,
        key=f"fan_{option}_{mode}",
        table=_table(
            (pr.tr("econ.col.year"), *(qname(v) for v in q)),
            ((int(yr), *(_f(fan_[k, j]) for k in range(len(q)))) for j, yr in enumerate(mc.fan_years)),
            ("int",) + ("gbp0",) * len(q),
        ),
    )


def econ_tornado(tr, option: str, pr: Presenter, *, top: int = 12, title: str | None = None) -> ChartSpec:
    """NPSV with one economic input at its low or its high value, largest swing at the
    top; the dotted line is the base case."""
    bars = tr.bars[option][:top]
    base = _f(tr.base_npsv[option])
    labels = tuple(
        param_label(b.param_id, pr.lang, options=tr.options, regions=(tr.region,), roles=tr.roles)
        for b in bars
    )
    low = Series(pr.tr("econ.chart.tornado.low"), tuple(_f(b.npsv_low) for b in bars))
    high = Series(pr.tr("econ.chart.tornado.high"), tuple(_f(b.npsv_high) for b in bars))
    if title is None:
        title = pr.tr(
            "econ.chart.tornado.title",
            region=pr.name(tr.region),
            option=pr.option(option),
            mode=mode_label(tr.mode, pr.lang, short=True),
        )
    return ChartSpec(
        "tornado",
        labels,
        (low, high),
        x_title=pr.tr("econ.chart.tornado.x"),
        value_format="gbp0",
        base=base,
        refs=(RefLine("x", base, pr.tr("econ.chart.tornado.base"), "dot"),),
        show_values=False,
        title=title,
        key=f"econ_tornado_{option}",
        table=_table(
            (
                pr.tr("econ.col.parameter"),
                pr.tr("econ.col.low"),
                pr.tr("econ.col.high"),
                pr.tr("econ.col.npsv_low"),
                pr.tr("econ.col.npsv_high"),
            ),
            ((lab, _f(b.low), _f(b.high), _f(b.npsv_low), _f(b.npsv_high)) for lab, b in zip(labels, bars)),
            ("text", "sig", "sig", "gbp0", "gbp0"),
        ),
    )


def heckman(curve, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """The rate of return by age at investment for each evidence base (preset), this
    service's position on each (stars), later-life interventions (marked on the first,
    named) and the discount rate (dotted)."""
    ages = floats(curve.ages)
    series: list[Series] = []
    for i, p in enumerate(curve.presets):
        label = pr.tr(f"econ.preset.{p}")
        series.append(Series(label, floats(curve.rates[i]), ages, LINE_STYLES_BY_PRESET[i % 4], i))
    for i, p in enumerate(curve.presets):
        label = pr.tr(f"econ.preset.{p}")
        series.append(
            Series(
                pr.tr(
                    "econ.chart.heckman.service",
                    age=curve.service_age,
                    preset=label,
                    rate=pr.fmt(_f(curve.service_rates[i]), "pct1"),
                ),
                (_f(curve.service_rates[i]),),
                (_f(curve.service_age),),
                "markers",
                i,
                marker="star",
            )
        )
    for i, p in enumerate(curve.presets):
        series.append(
            Series(
                pr.tr("econ.chart.heckman.later", preset=pr.tr(f"econ.preset.{p}")),
                floats(curve.later_rates[i]),
                tuple(_f(age) for _, age in curve.later_life),
                "markers",
                i,
                marker=MARKERS_VFM[(i + 1) % len(MARKERS_VFM)],
                labels=tuple(pr.tr(f"econ.later.{key}") if i == 0 else "" for key, _ in curve.later_life),
            )
        )
    return ChartSpec(
        "line",
        (),
        tuple(series),
        x_title=pr.tr("econ.chart.heckman.x"),
        y_title=pr.tr("econ.chart.heckman.y"),
        value_format="pct1",
        x_format="int",
        refs=(
            RefLine(
                "y",
                _f(curve.discount_rate),
                pr.tr("econ.chart.heckman.discount", rate=pr.fmt(_f(curve.discount_rate), "pct1")),
                "dot",
            ),
        ),
        title=pr.tr("econ.chart.heckman.title") if title is None else title,
        key="heckman",
        table=_table(
            (pr.tr("econ.col.age"), *(pr.tr(f"econ.preset.{p}") for p in curve.presets)),
            ((a, *(_f(curve.rates[i, j]) for i in range(len(curve.presets)))) for j, a in enumerate(ages)),
            ("num1",) + ("pct1",) * len(curve.presets),
        ),
    )


LINE_STYLES_BY_PRESET = ("solid", "dash", "dot", "dashdot")


def efficient_frontier(costs: Sequence[float], values: Sequence[float]) -> tuple[int, ...]:
    """Indices of the options no other option beats on both value and cost (more value
    for less or equal cost, or as much value for less), cheapest first."""
    n = len(costs)
    on = [
        i
        for i in range(n)
        if not any(
            (costs[j] <= costs[i] and values[j] > values[i])
            or (costs[j] < costs[i] and values[j] >= values[i])
            for j in range(n)
        )
    ]
    return tuple(sorted(on, key=lambda i: (costs[i], i)))


def value_for_money_points(
    names: Sequence[str],
    costs: Sequence[float],
    values: Sequence[float],
    pr: Presenter,
    *,
    per_million: Sequence[float | None] | None = None,
    title: str = "",
) -> ChartSpec:
    """MCDA value against incremental present-value cost (GBP) for named options: each
    option its own shape and colour, numbered beside its point; the options on the
    efficient frontier are filled and joined by a dotted line, the rest hollow."""
    costs = [_f(c) for c in costs]
    values = [_f(v) for v in values]
    fr = efficient_frontier(costs, values)
    series = [
        Series(
            pr.tr("ui.chart.frontier"),
            tuple(values[i] for i in fr),
            tuple(costs[i] for i in fr),
            style="dot",
            colour=6,
        )
    ]
    for i, name in enumerate(names):
        on = i in fr
        label = name if on else f"{name} · {pr.tr('ui.chart.off_frontier_short')}"
        series.append(
            Series(
                f"{i + 1}  {label}",
                (values[i],),
                (costs[i],),
                "markers",
                i,
                marker=MARKERS_VFM[i % len(MARKERS_VFM)],
                hollow=not on,
                labels=(str(i + 1),),
            )
        )
    lo = min([*values, 100.0])
    hi = max([*values, 0.0])
    y_lo = max(0.0, math.floor((lo - 5) / 10) * 10)
    y_hi = min(100.0, math.ceil((hi + 5) / 10) * 10)
    gains = per_million if per_million is not None else [None] * len(names)
    return ChartSpec(
        "scatter",
        (),
        tuple(series),
        x_title=pr.tr("chart.vfm.x"),
        y_title=pr.tr("ui.chart.total_value"),
        value_format="num1",
        x_format="gbp0",
        y_range=(y_lo, max(y_hi, y_lo + 10)),
        title=title,
        key="value_for_money",
        note=pr.tr("chart.vfm.note"),
        table=_table(
            (
                pr.tr("col.option"),
                pr.tr("report.col.inc_pv_costs"),
                pr.tr("col.total"),
                pr.tr("page.economics.col.value_per_m"),
                pr.tr("chart.col.frontier"),
            ),
            (
                (n, c, v, g, pr.tr("ui.yes") if i in fr else pr.tr("ui.no"))
                for i, (n, c, v, g) in enumerate(zip(names, costs, values, gains))
            ),
            ("text", "gbp0", "num1", "num1", "text"),
        ),
    )


def value_for_money(region_results, pr: Presenter, *, title: str = "") -> ChartSpec:
    """MCDA value against incremental cost for each option of a region, from
    ``RegionResults.value_for_money`` (or a sequence of ``ValueForMoney``)."""
    rows = getattr(region_results, "value_for_money", region_results)
    return value_for_money_points(
        [pr.option(v.option) for v in rows],
        [v.inc_pv_cost for v in rows],
        [v.total for v in rows],
        pr,
        per_million=[v.per_million for v in rows],
        title=title,
    )


def blind_spot(needs, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Per region: families served today and babies in need not served (stacked), and
    the target number of families (a diamond)."""
    names = tuple(
        pr.region(n.region_id) if pr.region(n.region_id) != n.region_id else n.region_name for n in needs
    )
    served = Series(
        pr.tr("econ.chart.blind_spot.served"),
        tuple(_f(n.currently_served) for n in needs),
        colour=2,
        pattern=0,
    )
    gap = Series(pr.tr("econ.chart.blind_spot.gap"), tuple(_f(n.gap) for n in needs), colour=1, pattern=3)
    series = [served, gap]
    if needs:
        series.append(
            Series(
                pr.tr("econ.chart.blind_spot.target", coverage=pr.fmt(_f(needs[0].target_coverage), "pct0")),
                tuple(_f(n.target_families) for n in needs),
                style="markers",
                marker="diamond",
            )
        )
    return ChartSpec(
        "stacked_hbar",
        names,
        tuple(series),
        x_title=pr.tr("econ.chart.blind_spot.x"),
        value_format="int",
        show_totals=False,
        title=pr.tr("econ.chart.blind_spot.title") if title is None else title,
        key="blind_spot",
        table=_table(
            (
                pr.tr("econ.col.region"),
                pr.tr("econ.col.babies_in_need"),
                pr.tr("econ.col.served_today"),
                pr.tr("econ.col.blind_spot"),
                pr.tr("econ.col.target"),
            ),
            (
                (nm, _f(n.babies_in_need), _f(n.currently_served), _f(n.gap), _f(n.target_families))
                for nm, n in zip(names, needs)
            ),
            ("text", "int", "int", "int", "int"),
        ),
    )


__all__ = [
    "MARKERS_VFM",
    "blind_spot",
    "central_weights",
    "contributions",
    "cumulative",
    "econ_tornado",
    "efficient_frontier",
    "fan",
    "heckman",
    "methods",
    "options_regions",
    "presenter_for",
    "rank_acceptability",
    "ranking",
    "score_tornado",
    "sweep",
    "value_for_money",
    "value_for_money_points",
    "weights",
]
