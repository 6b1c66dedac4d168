"""Chart specifications of the national view (``appraisal.portfolio.NationalResult``): the
coverage each region reaches, the efficiency frontier with EQUITY's order of preference,
and how often each region receives each host and number of teams across the robustness
draws. Each builder reads the result and a Presenter and returns a
:class:`~appraisal.charts.spec.ChartSpec` with its table equivalent; the app draws it with
plotly, the report with the static renderer (as :mod:`appraisal.charts.build`)."""

from __future__ import annotations

import math

from appraisal.charts.spec import ChartSpec, DataTable, RefLine, Series
from appraisal.present import Presenter

MILLION = 1e6


def benefit_format(objective: str) -> str:
    """The format token of a benefit: value-weighted babies (one decimal), babies (whole),
    NPSV (GBP million, two decimals)."""
    return {"value": "num1", "reach": "int", "npsv": "num2"}[objective]


def benefit_scale(objective: str) -> float:
    """Divide a benefit by this to show it (NPSV in GBP million)."""
    return MILLION if objective == "npsv" else 1.0


def pick_text(pr: Presenter, pick) -> str:
    """'Public health nursing / early years × 2' (joined with ' + '); 'No new teams'."""
    if not pick:
        return pr.tr("national.pick.none")
    return " + ".join(pr.tr("national.pick.host", host=pr.option(h), n=n) for h, n in pick)


def coverage(nat, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Per region: babies in need seen by existing teams and by the new teams (stacked, a
    year), with the minimum coverage marked."""
    alloc = nat.allocation
    names = tuple(pr.region(a.region) for a in alloc)
    series = (
        Series(
            pr.tr("national.chart.coverage.existing"), tuple(a.served_now for a in alloc), colour=2, pattern=0
        ),
        Series(pr.tr("national.chart.coverage.new"), tuple(a.reached for a in alloc), colour=0, pattern=1),
        Series(
            pr.tr("national.chart.coverage.floor", pct=pr.fmt(nat.choices.min_coverage, "pct0")),
            tuple(a.floor * a.babies_in_need for a in alloc),
            style="markers",
            marker="diamond",
        ),
    )
    return ChartSpec(
        "stacked_hbar",
        names,
        series,
        x_title=pr.tr("national.chart.coverage.x"),
        value_format="int",
        show_totals=False,
        title=pr.tr("national.chart.coverage.title") if title is None else title,
        key="national_coverage",
        table=DataTable(
            (
                pr.tr("national.col.region"),
                pr.tr("national.col.babies_in_need"),
                pr.tr("national.col.served_now"),
                pr.tr("national.col.reached"),
                pr.tr("national.col.coverage_before"),
                pr.tr("national.col.coverage_after"),
                pr.tr("national.col.floor"),
            ),
            tuple(
                (n, a.babies_in_need, a.served_now, a.reached, a.coverage_before, a.coverage_after, a.floor)
                for n, a in zip(names, alloc)
            ),
            ("text", "int", "int", "int", "pct0", "pct0", "pct0"),
        ),
    )


def _steps(points: list[tuple[float, float]], end: float) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A step function through (budget, benefit) steps as a line: flat until the next step."""
    xs: list[float] = []
    ys: list[float] = []
    for k, (x, y) in enumerate(points):
        if k:
            xs.append(x)
            ys.append(ys[-1])
        xs.append(x)
        ys.append(y)
    if points and end > xs[-1]:
        xs.append(end)
        ys.append(ys[-1])
    return tuple(xs), tuple(ys)


def frontier(nat, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Benefit against the budget a year: the exact frontier (whole teams, the workforce
    limit), without the workforce limit (dashed), EQUITY's order of preference (dotted,
    its increments marked) and the chosen budget."""
    fr = nat.frontier
    sc = benefit_scale(nat.objective)
    end = max(fr.full_budget, nat.choices.budget) / MILLION
    exact = [((p.cost or 0.0) / MILLION, (p.benefit or 0.0) / sc) for p in fr.steps]
    free = [(c / MILLION, b / sc) for c, b in fr.unlimited]
    series = []
    if fr.order and fr.floor_cost is not None:
        first = fr.order[0]
        xs = ((first.total_cost - first.cost) / MILLION, *(i.total_cost / MILLION for i in fr.order))
        ys = ((first.total_benefit - first.benefit) / sc, *(i.total_benefit / sc for i in fr.order))
        series.append(Series(pr.tr("national.chart.frontier.equity"), ys, xs, "dot", 2))
    if free and nat.choices.workforce is not None:
        x, y = _steps(free, end)
        series.append(Series(pr.tr("national.chart.frontier.unlimited"), y, x, "dash", 1))
    if exact:
        x, y = _steps(exact, end)
        series.append(Series(pr.tr("national.chart.frontier.exact"), y, x, "solid", 0))
    at = fr.at(nat.choices.budget)
    if at is not None and at.benefit is not None:
        series.append(
            Series(
                pr.tr("national.chart.frontier.chosen"),
                (at.benefit / sc,),
                (nat.choices.budget / MILLION,),
                "markers",
                3,
                marker="diamond",
            )
        )
    fmt = benefit_format(nat.objective)
    unit = pr.tr(f"national.unit.{nat.objective}")
    return ChartSpec(
        "line",
        (),
        tuple(series),
        x_title=pr.tr("national.chart.frontier.x"),
        y_title=unit,
        value_format=fmt,
        x_format="num1",
        refs=(
            RefLine("x", nat.choices.budget / MILLION, pr.tr("national.chart.frontier.budget"), "dot", True),
        ),
        title=pr.tr("national.chart.frontier.title") if title is None else title,
        key="national_frontier",
        note=pr.tr("national.chart.frontier.note"),
        table=DataTable(
            (
                pr.tr("national.col.budget_m"),
                pr.tr("national.col.benefit", unit=unit),
                pr.tr("national.col.teams"),
                pr.tr("national.col.reached"),
                pr.tr("national.col.spent_m"),
            ),
            tuple(
                (
                    p.budget / MILLION,
                    None if p.benefit is None else p.benefit / sc,
                    p.teams,
                    p.reached,
                    None if p.cost is None else p.cost / MILLION,
                )
                for p in fr.levels
            ),
            ("num2", fmt, "int", "int", "num2"),
        ),
    )


def _pct(pr: Presenter, share: float) -> str:
    """A heat map cell: whole per cent without the sign (the note says so), so that
    "100" fits a cell on a phone."""
    return pr.fmt(round(100 * share), "int")


def _host_ids(nat) -> list[str]:
    seen: dict[str, None] = {}
    for rp in nat.problem.regions:
        for h in rp.hosts:
            seen.setdefault(h, None)
    return list(seen)


def robustness_hosts(nat, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Hosts (rows) by region (columns): the share of draws in which the region's new teams
    include the host; the base case's choice outlined."""
    rb = nat.robustness
    hosts = _host_ids(nat)
    rows = (*(pr.option(h) for h in hosts), pr.tr("national.pick.none"))
    series = []
    marked = []
    for r, rid in enumerate(rb.regions):
        share = rb.host_share(r)
        vals = tuple(share.get(h, math.nan) for h in hosts) + (share[""],)
        series.append(
            Series(
                pr.region(rid),
                vals,
                labels=tuple("–" if not math.isfinite(v) else _pct(pr, v) for v in vals),
            )
        )
        base_hosts = {h for h, _n in rb.base[r]} if rb.base else set()
        for k, h in enumerate(hosts):
            if h in base_hosts:
                marked.append((k, r))
        if rb.base and not rb.base[r]:
            marked.append((len(hosts), r))
    return ChartSpec(
        "heatmap",
        rows,
        tuple(series),
        value_format="pct0",
        x_range=(0.0, 1.0),
        marked=tuple(marked),
        title=pr.tr("national.chart.hosts.title", draws=pr.fmt(rb.draws, "int")) if title is None else title,
        key="national_hosts",
        note=pr.tr("national.chart.hosts.note"),
        table=DataTable(
            (pr.tr("national.col.host"), *(s.name for s in series)),
            tuple(
                (rows[k], *(s.values[k] if math.isfinite(s.values[k]) else None for s in series))
                for k in range(len(rows))
            ),
            ("text",) + ("pct0",) * len(series),
        ),
    )


def robustness_teams(nat, pr: Presenter, *, title: str | None = None) -> ChartSpec:
    """Numbers of new teams (rows) by region (columns): the share of draws giving the region
    that many teams; the base case's number outlined."""
    rb = nat.robustness
    shares = [rb.teams_share(r) for r in range(len(rb.regions))]
    top = max([max(s, default=0) for s in shares] + [0])
    counts = list(range(top + 1))
    rows = tuple(pr.tr("national.teams_one" if n == 1 else "national.teams_n", n=n) for n in counts)
    series = []
    marked = []
    for r, rid in enumerate(rb.regions):
        vals = tuple(shares[r].get(n, 0.0) for n in counts)
        series.append(Series(pr.region(rid), vals, labels=tuple(_pct(pr, v) for v in vals)))
        if rb.base:
            n0 = sum(n for _h, n in rb.base[r])
            if n0 in counts:
                marked.append((counts.index(n0), r))
    return ChartSpec(
        "heatmap",
        rows,
        tuple(series),
        value_format="pct0",
        x_range=(0.0, 1.0),
        marked=tuple(marked),
        title=pr.tr("national.chart.teams.title", draws=pr.fmt(rb.draws, "int")) if title is None else title,
        key="national_teams",
        note=pr.tr("national.chart.teams.note"),
        table=DataTable(
            (pr.tr("national.col.teams"), *(s.name for s in series)),
            tuple((rows[k], *(s.values[k] for s in series)) for k in range(len(rows))),
            ("text",) + ("pct0",) * len(series),
        ),
    )
