"""Economics: need and capacity, costs, benefits in both views, Monte Carlo, the Green
Book switching values of the preferred option and the tornado of its NPSV, read from the
run's economic results (the choices made in the app or the CLI)."""

from __future__ import annotations

from typing import Any

import numpy as np

from appraisal.charts import build
from appraisal.i18n import t
from appraisal.report.context import ReportContext, chart_figure, unavailable
from appraisal.report.structure import Block, Paragraph, Section, Table

#: Bars shown in the economic tornado of the preferred option.
ECON_TORNADO_BARS = 10


def sections(ctx: ReportContext) -> list[Section]:
    if not ctx.economics_available:
        intro: list[Block] = [
            Paragraph(ctx.tr("economics.intro")),
            unavailable(ctx, ctx.tr("economics.heading"), ctx.results.economics_missing),
        ]
        return [Section("economics", ctx.tr("economics.heading"), 1, "economics", tuple(intro), False)]
    out = [Section("economics", ctx.tr("economics.heading"), 1, "economics", tuple(intro_blocks(ctx)))]
    for rid in ctx.region_ids:
        out.append(
            Section(
                f"economics_{rid}",
                ctx.tr("economics.region_heading", region=ctx.region_name(rid)),
                2,
                "economics",
                tuple(region_blocks(ctx, rid)),
            )
        )
    return out


def intro_blocks(ctx: ReportContext) -> list[Block]:
    """The settings of the economic appraisal, the benefit views and the Heckman curves."""
    overrides = dict(ctx.inputs.economics.overrides)
    from appraisal.economics.labels import mode_label

    first = ctx.region(ctx.region_ids[0]).economics
    out: list[Block] = [
        Paragraph(ctx.tr("economics.intro")),
        Paragraph(
            ctx.tr(
                "economics.settings",
                discount=t(f"econ.discount.{first.discount}", ctx.lang),
                horizon=first.horizon,
                service=first.service_years,
                coverage=ctx.fmt(first.coverage, "pct0"),
            )
        ),
        Paragraph(
            ctx.tr(
                "economics.modes",
                bottom_up=mode_label("bottom_up", ctx.lang),
                heckman=mode_label("heckman", ctx.lang),
                share=ctx.fmt(first.share_improved, "pct1"),
            )
        ),
    ]
    if overrides:
        out.append(Paragraph(ctx.tr("economics.overrides", n=len(overrides)), "warning"))
        out.append(
            Table(
                "econ_overrides",
                ctx.tr("economics.overrides_table"),
                (ctx.tr("col.parameter"), ctx.tr("col.value")),
                tuple((ctx.param_label(k), float(v)) for k, v in sorted(overrides.items())),
                ("text", "num3"),
                (3.0, 1.0),
            )
        )
    # Heckman-style assumptions: presets and the curve
    h = ctx.results.heckman
    rows = []
    for k, p in enumerate(h.presets):
        r0, kk, floor = h.params[p]
        rows.append((t(f"econ.preset.{p}", ctx.lang), r0, kk, floor, float(h.service_rates[k])))
    out.append(
        Paragraph(
            ctx.tr(
                "economics.heckman_intro",
                preset=t(f"econ.preset.{first.heckman_preset}", ctx.lang),
                age=ctx.num(h.service_age),
                rate=ctx.fmt(first.heckman_rate, "pct1"),
                years=first.heckman_payoff_years,
                bcr=ctx.fmt(first.heckman_implied_bcr, "num2"),
            )
        )
    )
    out.append(
        Table(
            "heckman_presets",
            ctx.tr("economics.heckman_table"),
            (
                ctx.tr("col.preset"),
                ctx.tr("col.r0"),
                ctx.tr("col.k"),
                ctx.tr("col.floor"),
                ctx.tr("col.rate_at_service", age=ctx.num(h.service_age)),
            ),
            tuple(rows),
            ("text", "pct1", "num2", "pct1", "pct1"),
            (2.6, 0.8, 0.8, 0.8, 1.0),
        )
    )
    out.append(
        chart_figure(
            ctx,
            "fig_heckman",
            ctx.tr("economics.heckman_figure"),
            ctx.tr(
                "economics.heckman_alt",
                rate=ctx.fmt(float(h.rates[0][0]), "pct1"),
                floor=ctx.fmt(h.params[h.presets[0]][2], "pct1"),
            ),
            build.heckman(h, ctx.p),
        )
    )
    return out


def region_blocks(ctx: ReportContext, rid: str) -> list[Block]:
    """Need, costs, benefits, Monte Carlo, switching values and tornado for one region."""
    reg = ctx.region(rid)
    res = reg.economics
    rname = ctx.region_name(rid)
    pref = reg.winner
    pname = ctx.option_name(pref)
    out: list[Block] = []
    nd = res.need
    out.append(
        Paragraph(
            ctx.tr(
                "economics.need",
                region=rname,
                need=ctx.fmt(nd.babies_in_need, "int"),
                served=ctx.fmt(nd.currently_served, "int"),
                gap=ctx.fmt(nd.blind_spot_share, "pct0"),
                target=ctx.fmt(nd.target_families, "int"),
                teams=ctx.fmt(nd.new_teams_required, "num1"),
            )
        )
    )
    cost_rows = []
    ben_rows = []
    for i, o in enumerate(res.options):
        name = ctx.name(o)
        cost_rows.append(
            (
                name,
                float(res.new_teams[i]),
                float(res.pv_costs[i]),
                float(res.inc_pv_costs[i]),
                float(res.inc_families_reached[i].sum()),
                _finite(res.cost_per_family[i]),
            )
        )
        bu, hk = res.bottom_up, res.heckman
        ben_rows.append(
            (
                name,
                float(bu.inc_pv_benefits[i]),
                float(bu.npsv[i]),
                _finite(bu.bcr_inc[i]),
                float(hk.inc_pv_benefits[i]),
                float(hk.npsv[i]),
                _finite(hk.bcr_inc[i]),
                _year(ctx, hk.breakeven_year[i]),
            )
        )
    out.append(
        Table(
            f"econ_costs_{rid}",
            ctx.tr("economics.costs_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.new_teams"),
                ctx.tr("col.pv_costs"),
                ctx.tr("col.inc_pv_costs"),
                ctx.tr("col.inc_families"),
                ctx.tr("col.cost_per_family"),
            ),
            tuple(cost_rows),
            ("text", "num1", "gbp0", "gbp0", "int", "gbp0"),
            (2.0, 0.7, 1.1, 1.1, 1.0, 1.0),
            note=ctx.tr("economics.costs_note"),
        )
    )
    out.append(
        Table(
            f"econ_benefits_{rid}",
            ctx.tr("economics.benefits_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.pv_benefits_bu"),
                ctx.tr("col.npsv_bu"),
                ctx.tr("col.bcr_bu"),
                ctx.tr("col.pv_benefits_hk"),
                ctx.tr("col.npsv_hk"),
                ctx.tr("col.bcr_hk"),
                ctx.tr("col.breakeven_hk"),
            ),
            tuple(ben_rows),
            ("text", "gbp0", "gbp0", "num2", "gbp0", "gbp0", "num2", "text"),
            (1.7, 1.0, 1.0, 0.55, 1.0, 1.0, 0.55, 0.75),
            note=ctx.tr("economics.benefits_note"),
        )
    )
    # Monte Carlo
    mc = reg.monte_carlo
    mrows = []
    for r in mc.rows():
        if r["role"] == "bau":
            continue
        mrows.append(
            (
                ctx.option_name(r["option"]),
                t(f"econ.mode.short.{r['mode']}", ctx.lang),
                r["npsv_mean"],
                r.get("npsv_p05"),
                r.get("npsv_p50"),
                r.get("npsv_p95"),
                r["prob_bcr_gt_1"],
            )
        )
    out.append(
        Paragraph(ctx.tr("economics.mc_intro", n=ctx.fmt(mc.draws, "int"), seed=mc.seed, k=len(mc.param_ids)))
    )
    out.append(
        Table(
            f"econ_mc_{rid}",
            ctx.tr("economics.mc_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.mode"),
                ctx.tr("col.npsv_mean"),
                ctx.tr("col.npsv_p05"),
                ctx.tr("col.npsv_p50"),
                ctx.tr("col.npsv_p95"),
                ctx.tr("col.prob_bcr"),
            ),
            tuple(mrows),
            ("text", "text", "gbp0", "gbp0", "gbp0", "gbp0", "pct0"),
            (1.9, 0.8, 1.0, 1.0, 1.0, 1.0, 0.7),
        )
    )
    # Green Book switching values for the preferred option
    sw = reg.econ_switching
    srows = []
    for r in sw.table:
        if r.option != pref:
            continue
        srows.append(
            (
                t(f"econ.assumption.{r.assumption}", ctx.lang),
                t(f"econ.mode.short.{r.mode}", ctx.lang),
                r.current,
                r.switching,
                r.unit,
                r.low,
                r.high,
                _yes_no(ctx, r.within_range),
                r.npsv,
            )
        )
    out.append(Paragraph(ctx.tr("economics.switching_intro", option=pname)))
    out.append(
        Table(
            f"econ_switching_{rid}",
            ctx.tr("economics.switching_table", region=rname, option=pname),
            (
                ctx.tr("col.assumption"),
                ctx.tr("col.mode"),
                ctx.tr("col.current"),
                ctx.tr("col.switching_value"),
                ctx.tr("col.unit"),
                ctx.tr("col.low"),
                ctx.tr("col.high"),
                ctx.tr("col.in_range"),
                ctx.tr("col.npsv_now"),
            ),
            tuple(srows),
            ("text", "text", "sig", "sig", "text", "sig", "sig", "text", "gbp0"),
            (1.5, 0.7, 0.75, 0.75, 1.3, 0.6, 0.6, 0.6, 0.9),
            note=ctx.tr("economics.switching_note"),
        )
    )
    # Tornado of the preferred option's NPSV (in the run's benefit view)
    tor = reg.econ_tornado
    if tor.bars.get(pref):
        spec = build.econ_tornado(tor, pref, ctx.p, top=ECON_TORNADO_BARS)
        out.append(
            chart_figure(
                ctx,
                f"fig_econ_tornado_{rid}",
                ctx.tr("economics.tornado_figure", region=rname, option=pname),
                ctx.tr(
                    "economics.tornado_alt",
                    region=rname,
                    option=pname,
                    first=spec.categories[0],
                    base=ctx.fmt(float(tor.base_npsv[pref]), "gbp0"),
                ),
                spec,
            )
        )
    return out


def register_rows(ctx: ReportContext) -> list[tuple]:
    """The economic assumptions register (with the run's overrides) for the assumptions table."""
    part = ctx.tr("reg.part_economics")
    rows = []
    for r in ctx.results.assumptions.rows():
        rows.append(
            (
                part,
                ctx.param_label(r["id"]),
                r["value"],
                r["low"],
                r["high"],
                r["unit"],
                r["source"],
                ctx.status(r["status"]),
            )
        )
    return rows


def _finite(x: Any) -> float | None:
    f = float(x)
    return f if np.isfinite(f) else None


def _year(ctx: ReportContext, y: int | None) -> str:
    return ctx.tr("economics.year", n=y) if y is not None else t("econ.never", ctx.lang)


def _yes_no(ctx: ReportContext, v: bool | None) -> str:
    if v is None:
        return "–"
    return t("econ.yes" if v else "econ.no", ctx.lang)
