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
from collections.abc import Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from appraisal.charts.spec import Band, ChartSpec, DataTable, RefLine, Series, floats
from appraisal.charts.style import value_text
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


def ranking(result, pr: Presenter, *, title: str = "", before: Mapping[str, int] | None = None) -> ChartSpec:
    """A region's totals as bars, best at the top, each numbered by its rank; comparators
    (business as usual, do minimum) grey and hatched. ``before`` (option id -> rank) marks
    each option whose rank moved: "▲ from 3" (in words and arrow, not colour)."""
    p = result.problem
    order = list(result.order)
    names = [pr.option(p.options[i].id) for i in order]
    ranks = [int(result.ranks[i]) for i in order]
    totals = [_f(result.totals[i]) for i in order]
    kinds = [p.options[i].kind for i in order]
    marks = [_rank_mark(pr, (before or {}).get(p.options[i].id), r) for i, r in zip(order, ranks)]
    return ChartSpec(
        "hbar",
        tuple(f"{r}. {n}{m}" for r, n, m in zip(ranks, names, marks)),
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


def _rank_mark(pr: Presenter, was: int | None, now: int) -> str:
    """' ▲ from 3' / ' ▼ from 1' when the rank moved, else ''."""
    if was is None or int(was) == now:
        return ""
    key = "ui.chart.rank_from_up" if now < int(was) else "ui.chart.rank_from_down"
    return " " + pr.tr(key, rank=int(was))


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
    # every option on any region's shortlist, in the data's order ("build on what exists"
    # is only on the shortlist of regions with an established team: elsewhere the cell
    # is empty and says so)
    order = [o for r in res for o in r.problem.options]
    first = {o.id: k for k, o in reversed(list(enumerate(order)))}
    oids = sorted(dict.fromkeys(o.id for o in order), key=lambda o: first[o])
    rows = tuple(pr.option(o) for o in oids)
    series = []
    for r in res:
        here = r.problem.option_ids
        idx = [here.index(o) if o in here else None for o in oids]
        series.append(
            Series(
                pr.region(r.problem.region.id),
                tuple(math.nan if i is None else _f(r.totals[i]) for i in idx),
                labels=tuple(
                    "–"  # not on this region's shortlist (the note and the table say so)
                    if i is None
                    else pr.tr(
                        "chart.cell.rank_total", rank=int(r.ranks[i]), total=pr.fmt(_f(r.totals[i]), "int")
                    )
                    for i in idx
                ),
            )
        )
    marked = tuple(
        (k, j)
        for j, r in enumerate(res)
        for k, o in enumerate(oids)
        if o in r.problem.option_ids and int(r.ranks[r.problem.option_ids.index(o)]) == 1
    )
    all_vals = [v for s in series for v in s.values]
    every = [v for v in all_vals if math.isfinite(v)]
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
        note=pr.tr("chart.regions.note")
        + (" " + pr.tr("chart.regions.note_missing") if any(not math.isfinite(v) for v in all_vals) else ""),
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
                        if o in r.problem.option_ids
                        else pr.tr("chart.cell.not_shortlisted")
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


def _register(result) -> Any:
    """The economic Assumptions a result was computed from (None when it holds none)."""
    return getattr(getattr(result, "run", None), "assumptions", None)


def econ_param_label(param_id: str, pr: Presenter, result, *, roles=(), domains=()) -> str:
    """An economic parameter's readable name: options, region, team roles and outcome
    domains named from the result (or from ``roles``/``domains`` when it does not hold
    them, e.g. a tornado)."""
    a = _register(result)
    return param_label(
        param_id,
        pr.lang,
        options=getattr(result, "options", ()),
        regions=(result.region,) if getattr(result, "region", None) is not None else (),
        roles=roles or (a.roles if a is not None else ()),
        domains=domains or (a.domains if a is not None else ()),
    )


def cumulative(
    econ,
    pr: Presenter,
    *,
    mode: str = "outcome_chain",
    options: Sequence[str] | None = None,
    net: bool = False,
    title: str | None = None,
) -> ChartSpec:
    """Cumulative discounted incremental costs (dashed) and benefits (solid) per option
    over business as usual in one benefit view, with each break-even year marked (and the
    net, dotted, when ``net``)."""
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
            "econ.chart.cumulative.title",
            region=pr.name(econ.region),
            mode=mode_label(mode, pr.lang, short=True),
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


def fan(
    mc, option: str, pr: Presenter, *, mode: str = "outcome_chain", title: str | None = None
) -> ChartSpec:
    """Percentiles of the cumulative discounted incremental net benefit over the years in
    one benefit view (Monte Carlo): the 5-95% and 25-75% bands shaded, the median a line."""
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


def econ_tornado(
    tr, option: str, pr: Presenter, *, top: int = 12, domains=(), title: str | None = None
) -> ChartSpec:
    """NPSV with one economic input at its low or its high value, largest swing at the
    top; the dotted line is the base case. ``domains`` (``Assumptions.domains``) name the
    outcome domains of ``outcome_cost.<domain>`` inputs."""
    bars = tr.bars[option][:top]
    base = _f(tr.base_npsv[option])
    labels = tuple(econ_param_label(b.param_id, pr, tr, roles=tr.roles, domains=domains) for b in bars)
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


#: Ages (years) the Heckman-style chart shows: the service (0-2), the programmes (0-5)
#: and enough of the fitted curve's decline to read it.
HECKMAN_MAX_AGE = 10.0
#: How each kind of benchmark is drawn (all near-black, told apart by dash and label; the
#: options are in colour).
HECKMAN_STYLES = {"abc_care": "solid", "perry": "dash", "fitted": "dot", "flat": "dashdot"}
_BENCH = 6  # palette slot of the benchmarks (near-black)
#: Rea & Burton's flat line is drawn at the break-even return; when the two lie within
#: this distance (a quarter of a percentage point) they are one line, named as both.
MERGE_BREAKEVEN = 0.0025


def _age(pr: Presenter, age: float) -> str:
    return pr.fmt(_f(age), "int" if float(age).is_integer() else "num1")


def _span(curve, i: int, max_age: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The ages (to ``max_age``) where benchmark ``i`` applies, with its rate, low and high."""
    ok = ~np.isnan(curve.rates[i]) & (curve.ages <= max_age + 1e-9)
    return curve.ages[ok], curve.rates[i][ok], curve.low[i][ok], curve.high[i][ok]


def heckman(
    curve,
    pr: Presenter,
    econ=None,
    *,
    options: Sequence[str] | None = None,
    max_age: float = HECKMAN_MAX_AGE,
    title: str | None = None,
) -> ChartSpec:
    """Costs against Heckman-style return assumptions: each benchmark at the ages it
    applies to (ABC/CARE over birth to 5 and Perry Preschool over 3-4, each with its
    range shaded; the fitted curve through both; Rea & Burton's flat line), each option's
    internal rate of return from the outcome chain drawn over the ages the service reaches
    (``curve.service_ages``), and the break-even return each pound of its cost must earn
    (a dashed line; Rea & Burton's flat line sits at it and is drawn as that line when the
    two coincide). Without ``econ`` only the benchmarks are drawn.

    An option whose chain never repays its costs has no rate of return: it is listed in
    the table (blank rate) and named in the chart's note, not drawn."""
    series: list[Series] = []
    bands: list[Band] = []
    rows: list[tuple] = []
    refs: list[RefLine] = []
    note = ""
    what = {k: pr.tr(f"econ.kind.{k}") for k in ("programme", "curve", "breakeven", "option", "cost")}
    picks = _econ_options(econ, options) if econ is not None else []
    brs = [b for b in (_f(econ.breakeven_return[i]) for i in picks) if math.isfinite(b)] if econ else []
    level = float(np.median(brs)) if brs else None
    for i, p in enumerate(curve.presets):
        ages, rate, low, high = _span(curve, i, max_age)
        if ages.size == 0:
            continue
        name = pr.tr(f"econ.preset.{p}")
        kind = curve.kinds[i]
        a0, a1 = curve.spans[i]
        rows.append(
            (
                name,
                what[kind],
                _f(a0),
                _f(a1),
                _f(curve.rate_at(p, a0)),
                _f(curve.rate_at(p, a1)),
                _f(low[0]),
                _f(high[0]),
            )
        )
        if kind == "breakeven" and level is not None and abs(float(rate[0]) - level) < MERGE_BREAKEVEN:
            continue  # drawn as the break-even line below (the two would lie on top of each other)
        if kind == "programme" and np.any(high > low):
            series.append(
                Series(pr.tr("econ.chart.heckman.low", curve=name), floats(low), floats(ages), "none")
            )
            series.append(
                Series(pr.tr("econ.chart.heckman.high", curve=name), floats(high), floats(ages), "none")
            )
            bands.append(
                Band(
                    len(series) - 2,
                    len(series) - 1,
                    pr.tr("econ.chart.heckman.range", curve=pr.tr(f"econ.preset.short.{p}")),
                    0.14 if p == "abc_care" else 0.28,
                    _BENCH,
                )
            )
        legend = pr.tr(
            "econ.chart.heckman.legend",
            curve=pr.tr(f"econ.preset.short.{p}"),
            start=_age(pr, a0),
            end=_age(pr, a1),
        )
        series.append(Series(legend, floats(rate), floats(ages), HECKMAN_STYLES.get(p, "solid"), _BENCH))
    if econ is not None:
        s0, s1 = (float(a) for a in curve.service_ages)
        missing = []
        for k, i in enumerate(picks):
            name = pr.option(econ.options[i].id)
            irr = _f(econ.irr[i])
            if not math.isfinite(irr):
                missing.append(name)
                rows.append((name, what["option"], s0, s1, None, None, None, None))
                continue
            # the IRR is one rate for the whole service: a line over the ages it reaches,
            # and a marker (the option's own shape, in the legend) placed along it so
            # options with similar rates stay apart
            series.append(Series(name, (irr, irr), (s0, s1), "solid", k, legend=False))
            at = s0 + (s1 - s0) * (k + 1) / (len(picks) + 1)
            series.append(
                Series(
                    pr.tr("econ.chart.heckman.option", option=name, rate=pr.fmt(irr, "pct1")),
                    (irr,),
                    (at,),
                    "markers",
                    k,
                    marker=MARKERS_VFM[k % len(MARKERS_VFM)],
                )
            )
            rows.append((name, what["option"], s0, s1, irr, irr, None, None))
        if level is not None:
            lo_b, hi_b = min(brs), max(brs)
            text = pr.fmt(level, "pct1")
            if hi_b - lo_b >= 0.0005:  # options' break-even returns differ visibly: the range
                text = pr.tr(
                    "econ.chart.heckman.rate_range", low=pr.fmt(lo_b, "pct1"), high=pr.fmt(hi_b, "pct1")
                )
            merged = any(
                k == "breakeven" and abs(float(np.nanmax(curve.rates[j])) - level) < MERGE_BREAKEVEN
                for j, k in enumerate(curve.kinds)
            )
            key = "econ.chart.heckman.breakeven_flat" if merged else "econ.chart.heckman.breakeven"
            refs.append(RefLine("y", level, pr.tr(key, rate=text), "dash", strong=True))
            rows.append(
                (pr.tr("econ.chart.heckman.breakeven_row"), what["cost"], None, None, lo_b, hi_b, None, None)
            )
        if missing:
            note = pr.tr("econ.chart.heckman.no_irr", options=", ".join(missing))
        title = pr.tr("econ.chart.heckman.title", region=pr.name(econ.region)) if title is None else title
    elif title is None:
        title = pr.tr("econ.chart.heckman.title_curves")
    return ChartSpec(
        "line",
        (),
        tuple(series),
        x_title=pr.tr("econ.chart.heckman.x"),
        y_title=pr.tr("econ.chart.heckman.y"),
        value_format="pct1",
        x_format="num1",
        x_range=(0.0, float(max_age)),
        bands=tuple(bands),
        refs=tuple(refs),
        title=title,
        key="heckman" if econ is None else f"heckman_{econ.region.id}",
        note=note,
        table=_table(
            (
                pr.tr("econ.col.benchmark"),
                pr.tr("econ.col.what"),
                pr.tr("econ.col.from_age"),
                pr.tr("econ.col.to_age"),
                pr.tr("econ.col.rate_start"),
                pr.tr("econ.col.rate_end"),
                pr.tr("econ.col.low"),
                pr.tr("econ.col.high"),
            ),
            rows,
            ("text", "text", "num1", "num1", "pct1", "pct1", "pct1", "pct1"),
        ),
    )


def waterfall(econ, option: str, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Why the views differ: from the per-child-supported view to the outcome chain for
    one option (incremental present value of benefits), one assumption at a time
    (``econ.waterfall[option]``, steps ``WATERFALL_STEPS``); the dashed line is the
    option's extra cost, which a view's total must pass for the option to pay."""
    wf = econ.waterfall[option]
    rows = wf.rows()
    # each step's value in one series, None in the others (NaN would make two equal specs
    # compare unequal, and the static renderer caches by spec)
    cats = tuple(pr.tr(f"econ.waterfall.{r['step']}") for r in rows)
    totals = tuple(_f(r["total"]) if r["change"] is None else None for r in rows)
    ups = tuple(_f(r["change"]) if r["change"] is not None and r["change"] >= 0 else None for r in rows)
    downs = tuple(_f(r["change"]) if r["change"] is not None and r["change"] < 0 else None for r in rows)
    i = econ.index(option)
    cost = _f(econ.inc_pv_costs[i])
    name = pr.option(option)
    return ChartSpec(
        "waterfall",
        cats,
        (
            Series(pr.tr("econ.chart.waterfall.total"), totals, colour=0, pattern=0),
            Series(pr.tr("econ.chart.waterfall.up"), ups, colour=2, pattern=1),
            Series(pr.tr("econ.chart.waterfall.down"), downs, colour=5, pattern=2),
        ),
        x_title=pr.tr("econ.chart.waterfall.x"),
        value_format="gbp0",
        refs=(
            RefLine(
                "x",
                cost,
                pr.tr("econ.chart.waterfall.cost", cost=value_text(cost, "gbp0", pr.lang)),
                "dash",
                True,
            ),
        ),
        title=pr.tr("econ.chart.waterfall.title", region=pr.name(econ.region), option=name)
        if title is None
        else title,
        key=f"waterfall_{option}",
        table=_table(
            (pr.tr("econ.col.step"), pr.tr("econ.col.change"), pr.tr("econ.col.running_total")),
            ((c, r["change"], _f(r["total"])) for c, r in zip(cats, rows)),
            ("text", "gbp0", "gbp0"),
        ),
    )


def evppi(
    mc, pr: Presenter, *, mode: str = "outcome_chain", top: int = 10, domains=(), title: str | None = None
) -> ChartSpec:
    """Which evidence is worth buying before deciding: the expected value of perfect
    information about each uncertain input (EVPPI, the ``top`` largest) in one benefit
    view, with the value of removing all uncertainty (EVPI) as a line."""
    m = mc.modes[mode]
    rows = mc.evppi_rows(mode, top)
    labels = tuple(econ_param_label(r["param_id"], pr, mc, domains=domains) for r in rows)
    evpi_ = _f(m.evpi)
    vals = tuple(_f(r["evppi"]) for r in rows)
    hi = max([evpi_, *vals, 0.0])
    return ChartSpec(
        "hbar",
        labels,
        (Series(pr.tr("econ.chart.evppi.series"), vals),),
        x_title=pr.tr("econ.chart.evppi.x"),
        value_format="gbp0",
        x_range=(0.0, hi * 1.22) if hi > 0 else None,
        refs=(RefLine("x", evpi_, pr.tr("econ.chart.evppi.evpi", evpi=pr.fmt(evpi_, "gbp0")), "dash", True),),
        title=pr.tr(
            "econ.chart.evppi.title",
            region=pr.name(mc.region),
            mode=mode_label(mode, pr.lang, short=True),
            evpi=pr.fmt(evpi_, "gbp0"),
        )
        if title is None
        else title,
        key=f"evppi_{mode}",
        table=_table(
            (pr.tr("econ.col.parameter"), pr.tr("econ.col.evppi"), pr.tr("econ.col.share_evpi")),
            ((lab, _f(r["evppi"]), r["share"]) for lab, r in zip(labels, rows)),
            ("text", "gbp0", "pct0"),
        ),
    )


def ceac(mc, pr: Presenter, econ=None, *, title: str | None = None) -> ChartSpec:
    """The cost-effectiveness acceptability curve: for each value of one improved child's
    outcomes, the share of Monte Carlo draws in which each option has the highest net
    benefit; the dotted line is today's value of an improved child (from ``econ``)."""
    lam = floats(mc.ceac_lambdas)
    series = tuple(
        Series(
            pr.option(o.id),
            floats(mc.ceac[:, i]),
            lam,
            "lines+markers",
            i,
            marker=MARKERS_VFM[i % len(MARKERS_VFM)],
        )
        for i, o in enumerate(mc.options)
    )
    refs = ()
    if econ is not None:
        v = _f(np.sum(econ.value_per_child))
        refs = (RefLine("x", v, pr.tr("econ.chart.ceac.today", value=pr.fmt(v, "gbp0")), "dot", True),)
    return ChartSpec(
        "line",
        (),
        series,
        x_title=pr.tr("econ.chart.ceac.x"),
        y_title=pr.tr("econ.chart.ceac.y"),
        value_format="pct0",
        x_format="gbp0",
        y_range=(0.0, 1.0),
        refs=refs,
        title=pr.tr("econ.chart.ceac.title", region=pr.name(mc.region)) if title is None else title,
        key="ceac",
        table=_table(
            (pr.tr("econ.col.lambda"), *(s.name for s in series)),
            ((x, *(s.values[j] for s in series)) for j, x in enumerate(lam)),
            ("gbp0",) + ("pct0",) * len(series),
        ),
    )


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
    y_title: str | None = None,
    value_header: str | None = None,
    note: str | None = None,
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
        y_title=pr.tr("ui.chart.total_value") if y_title is None else y_title,
        value_format="num1",
        x_format="gbp0",
        y_range=(y_lo, max(y_hi, y_lo + 10)),
        title=title,
        key="value_for_money",
        note=pr.tr("chart.vfm.note") if note is None else note,
        table=_table(
            (
                pr.tr("col.option"),
                pr.tr("report.col.inc_pv_costs"),
                pr.tr("col.total") if value_header is None else value_header,
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
    """Value for money of each option of a region (``RegionResults.value_for_money``):
    the MCDA value on the criteria the economic appraisal does not already count, against
    the option's extra present-value cost over business as usual, so no criterion is
    counted twice. The note names the criteria left out (``vfm_excluded``)."""
    rows = getattr(region_results, "value_for_money", region_results)
    excluded = tuple(getattr(region_results, "vfm_excluded", ()))
    note = pr.tr("chart.vfm.note")
    if excluded:
        note += " " + pr.tr("chart.vfm.excluded", criteria=", ".join(pr.criterion(c) for c in excluded))
    return value_for_money_points(
        [pr.option(v.option) for v in rows],
        [v.inc_pv_cost for v in rows],
        [v.value for v in rows],
        pr,
        per_million=[v.per_million for v in rows],
        title=title,
        y_title=pr.tr("chart.vfm.y_value") if excluded else None,
        value_header=pr.tr("chart.col.vfm_value") if excluded else None,
        note=note,
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
    "ceac",
    "central_weights",
    "contributions",
    "cumulative",
    "econ_param_label",
    "econ_tornado",
    "efficient_frontier",
    "evppi",
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
    "waterfall",
    "weights",
]
