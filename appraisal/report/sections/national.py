"""National view: a Wales-wide budget a year allocated across the regions and their hosting
models (``appraisal.portfolio``): the choices and what is maximised, the allocation, what
one more GBP 1m buys and how that is worked out, the efficiency frontier with EQUITY's
order of preference and the budgets at which a region's choice changes, the robustness of
the allocation over weight and economic draws, and every default with its unit, source and
status. The chapter reads the run's ``NationalResult`` at the national defaults (the
``portfolio`` command runs other choices); it is in reports of every region (a report of
some regions leaves it out) and says so when the economics are missing."""

from __future__ import annotations

from appraisal.charts import portfolio as cp
from appraisal.report.context import ReportContext, chart_figure, unavailable
from appraisal.report.structure import Block, Paragraph, Section, Table

MILLION = 1e6


def _ben_fmt(objective: str) -> str:
    return cp.benefit_format(objective)


def _ben(ctx: ReportContext, nat, x: float | None) -> str:
    if x is None:
        return "–"
    return ctx.fmt(x, "gbp0") if nat.objective == "npsv" else ctx.fmt(x, _ben_fmt(nat.objective))


def sections(ctx: ReportContext) -> list[Section]:
    heading = ctx.tr("national.heading")
    res = ctx.results
    if not ctx.economics_available:
        block = unavailable(ctx, heading, res.economics_missing)
        return [Section("national", heading, 1, "economics", (block,), False)]
    if set(res.region_ids) != set(ctx.ds.region_ids):
        return []  # a national chapter: in reports of every region only
    from appraisal.portfolio import national

    nat = national(res)
    return [Section("national", heading, 1, "economics", tuple(blocks(ctx, nat)))]


def blocks(ctx: ReportContext, nat) -> list[Block]:
    """The chapter's blocks for one ``NationalResult``."""
    ch = nat.choices
    pr = ctx.p
    unit = pr.tr(f"national.unit.{nat.objective}")
    out: list[Block] = [
        Paragraph(ctx.tr("national.intro")),
        Paragraph(
            ctx.tr(
                "national.choices",
                budget=ctx.fmt(ch.budget, "gbp0"),
                objective=pr.tr(f"national.objective.{nat.objective}"),
                unit=unit,
                workforce=ctx.fmt(ch.workforce, "int")
                if ch.workforce is not None
                else pr.tr("national.no_limit"),
                floor=ctx.fmt(ch.min_coverage, "pct0"),
                hosts=ch.max_hosts,
            )
        ),
        Paragraph(ctx.tr("national.method")),
    ]
    if not nat.feasible:
        key, params = nat.reason or ("solver", {})
        params = dict(params)
        if "regions" in params:
            params["regions"] = ", ".join(ctx.region_name(r) for r in params["regions"])
        if "floor_cost" in params:
            params["floor_cost"] = ctx.fmt(params["floor_cost"], "gbp0")
        out.append(Paragraph(pr.tr(f"national.infeasible.{key}", **params), "warning"))
    else:
        out += _allocation(ctx, nat, unit)
    out += _frontier(ctx, nat, unit)
    out += _robustness(ctx, nat)
    out.append(_defaults(ctx, nat))
    out.append(Paragraph(ctx.tr("national.illustrative"), "warning"))
    return out


def _allocation(ctx: ReportContext, nat, unit: str) -> list[Block]:
    pr = ctx.p
    m = nat.marginal
    rows = tuple(
        (
            ctx.region_name(a.region),
            cp.pick_text(pr, a.picks),
            a.teams,
            a.reached,
            a.coverage_before,
            a.coverage_after,
            a.cost,
            a.setup,
            a.benefit,
        )
        for a in nat.allocation
    )
    fmt = "gbp0" if nat.objective == "npsv" else _ben_fmt(nat.objective)
    out: list[Block] = [
        Paragraph(
            ctx.tr(
                "national.summary",
                benefit=_ben(ctx, nat, nat.total_benefit),
                unit=unit,
                teams=nat.total_teams,
                reached=ctx.fmt(nat.total_reached, "int"),
                cost=ctx.fmt(nat.total_cost, "gbp0"),
                setup=ctx.fmt(nat.total_setup, "gbp0"),
                wte=ctx.fmt(nat.total_wte, "num1"),
            )
        ),
        Table(
            "national_allocation",
            ctx.tr("national.allocation_table"),
            (
                pr.tr("national.col.region"),
                pr.tr("national.col.choice"),
                pr.tr("national.col.teams"),
                pr.tr("national.col.reached"),
                pr.tr("national.col.coverage_before"),
                pr.tr("national.col.coverage_after"),
                pr.tr("national.col.cost"),
                pr.tr("national.col.setup"),
                pr.tr("national.col.benefit", unit=unit),
            ),
            rows,
            ("text", "text", "int", "int", "pct0", "pct0", "gbp0", "gbp0", fmt),
            (1.2, 2.0, 0.6, 0.7, 0.7, 0.7, 0.9, 0.9, 0.9),
        ),
        chart_figure(
            ctx,
            "national_coverage",
            ctx.tr("national.coverage_caption"),
            ctx.tr("national.coverage_alt"),
            cp.coverage(nat, pr),
        ),
        Paragraph(
            ctx.tr(
                "national.marginal",
                more=_ben(ctx, nat, m.per_million),
                less=_ben(ctx, nat, m.loss_per_million),
                unit=unit,
                lp=_ben(ctx, nat, m.lp.per_million) if m.lp is not None else "–",
                floors=_ben(ctx, nat, m.floors_cost),
            )
        ),
    ]
    return out


def _frontier(ctx: ReportContext, nat, unit: str) -> list[Block]:
    pr = ctx.p
    fr = nat.frontier
    out: list[Block] = [
        Paragraph(
            ctx.tr(
                "national.frontier",
                floor=ctx.fmt(fr.floor_cost, "gbp0") if fr.floor_cost is not None else "–",
                full=ctx.fmt(fr.full_budget, "gbp0"),
                steps=len(fr.steps),
            )
        ),
        chart_figure(
            ctx,
            "national_frontier",
            ctx.tr("national.frontier_caption"),
            ctx.tr("national.frontier_alt"),
            cp.frontier(nat, pr),
        ),
        Table(
            "national_order",
            ctx.tr("national.order_table"),
            (
                pr.tr("national.col.rank"),
                pr.tr("national.col.region"),
                pr.tr("national.col.from"),
                pr.tr("national.col.to"),
                pr.tr("national.col.extra_cost"),
                pr.tr("national.col.extra_benefit", unit=unit),
                pr.tr("national.col.per_million"),
                pr.tr("national.col.total_cost"),
            ),
            tuple(
                (
                    i.rank,
                    ctx.region_name(i.region),
                    cp.pick_text(pr, i.before),
                    cp.pick_text(pr, i.after),
                    i.cost,
                    i.benefit,
                    i.ratio,
                    i.total_cost,
                )
                for i in fr.order
            ),
            ("int", "text", "text", "text", "gbp0", _ben_fmt(nat.objective), _ben_fmt(nat.objective), "gbp0"),
            (0.4, 1.2, 1.7, 1.7, 0.9, 0.8, 0.8, 0.9),
        ),
        Table(
            "national_switches",
            ctx.tr("national.switches_table"),
            (
                pr.tr("national.col.region"),
                pr.tr("national.col.budget"),
                pr.tr("national.col.from"),
                pr.tr("national.col.to"),
            ),
            tuple(
                (ctx.region_name(s.region), s.budget, cp.pick_text(pr, s.before), cp.pick_text(pr, s.after))
                for s in sorted(fr.level_switches, key=lambda s: (s.region, s.budget))
            ),
            ("text", "gbp0", "text", "text"),
            (1.2, 1.0, 2.0, 2.0),
        ),
    ]
    return out


def _robustness(ctx: ReportContext, nat) -> list[Block]:
    pr = ctx.p
    rb = nat.robustness
    return [
        Paragraph(
            ctx.tr(
                "national.robustness",
                draws=ctx.fmt(rb.draws, "int"),
                seed=rb.seed,
                model=pr.tr(f"national.weight_model.{rb.weight_model}"),
                same=ctx.fmt(rb.same_as_base(), "pct0") if nat.feasible else "–",
            )
        ),
        chart_figure(
            ctx,
            "national_hosts",
            ctx.tr("national.hosts_caption"),
            ctx.tr("national.hosts_alt"),
            cp.robustness_hosts(nat, pr),
        ),
        chart_figure(
            ctx,
            "national_teams",
            ctx.tr("national.teams_caption"),
            ctx.tr("national.teams_alt"),
            cp.robustness_teams(nat, pr),
        ),
    ]


def _defaults(ctx: ReportContext, nat) -> Table:
    pr = ctx.p
    rows = []
    for p in nat.provenance:
        if p.key == "cost_per_team":
            value = pr.tr("national.range_text", low=ctx.fmt(p.low, "gbp0"), high=ctx.fmt(p.high, "gbp0"))
        elif p.key == "families_per_team":
            value = pr.tr("national.range_text", low=ctx.fmt(p.low, "num1"), high=ctx.fmt(p.high, "num1"))
        elif p.key == "budget_per_year":
            value = ctx.fmt(p.value, "gbp0")
        elif p.key == "min_coverage":
            value = ctx.fmt(p.value, "pct0")
        elif p.value is None:
            value = pr.tr("national.no_limit")
        else:
            value = ctx.fmt(p.value, "num1" if p.key == "wte_per_team" else "int")
        rows.append(
            (
                pr.tr(f"national.param.{p.key}"),
                value,
                pr.tr(f"national.unit.{p.key}"),
                pr.status(p.status),
                p.source,
            )
        )
    return Table(
        "national_defaults",
        ctx.tr("national.defaults_table"),
        (
            pr.tr("national.col.parameter"),
            pr.tr("national.col.value"),
            pr.tr("national.col.unit"),
            pr.tr("national.col.status"),
            pr.tr("national.col.source"),
        ),
        tuple(rows),
        ("text",) * 5,
        (1.3, 1.0, 1.5, 0.8, 2.6),
    )
