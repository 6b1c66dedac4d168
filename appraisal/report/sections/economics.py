"""Economics: the Green Book statements, then per region the need, the outcome chain step by
step, the value of an improved child by domain and payer, costs, NPSV, BCR, IRR and
break-even return in both benefit views beside the labelled Heckman-style what-if, why the
views differ (waterfall), costs against Heckman-style returns, the cost per family
reconciled with the Parent-Infant Foundation's, Monte Carlo with the value of information
and the acceptability curve, the switching values of the preferred option and the tornado
of its NPSV, all read from the run's economic results (the choices made in the app or the
CLI)."""

from __future__ import annotations

from typing import Any

import numpy as np

from appraisal.charts import build
from appraisal.economics.labels import mode_label, param_label
from appraisal.i18n import localised, t
from appraisal.report.context import ReportContext, chart_figure, unavailable
from appraisal.report.structure import Block, Paragraph, Section, Table

#: Bars shown in the economic tornado of the preferred option.
ECON_TORNADO_BARS = 10
#: Inputs listed (and drawn) by their expected value of partial perfect information.
EVPPI_TOP = 10


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


# ----------------------------------------------------------------------------- words


def label(ctx: ReportContext, param_id: str) -> str:
    """An economic parameter's readable name, outcome domains and team roles named from
    the data (in the report's language)."""
    a = ctx.results.assumptions
    return param_label(
        param_id,
        ctx.lang,
        options=ctx.ds.options,
        regions=ctx.ds.regions,
        roles=a.roles if a is not None else (),
        domains=a.domains if a is not None else (),
    )


def _view(ctx: ReportContext, view: str) -> str:
    return mode_label(view, ctx.lang, short=True)


def _views(ctx: ReportContext) -> tuple[str, str]:
    """(the run's headline view, the other view)."""
    from appraisal.inputs import BENEFIT_VIEWS

    view = ctx.inputs.economics.benefit_view
    return view, next(v for v in BENEFIT_VIEWS if v != view)


def _band(a, schedule: str) -> tuple[float, float]:
    bands = a.schedules.get(schedule, ())
    if not bands:
        return float("nan"), float("nan")
    return a.value(bands[0].param_id), a.value(bands[-1].param_id)


def _pref(ctx: ReportContext, rid: str) -> str:
    """The option the region's detail tables show: the preferred option, or the first
    non-BAU option when business as usual is preferred."""
    reg = ctx.region(rid)
    res = reg.economics
    if reg.winner in res.option_ids and res.roles[res.index(reg.winner)] != "bau":
        return reg.winner
    return next(o for o, r in zip(res.option_ids, res.roles) if r != "bau")


# ----------------------------------------------------------------------------- introduction


def intro_blocks(ctx: ReportContext) -> list[Block]:
    """The Green Book statements, the benefit views, the what-if and the benchmarks."""
    a = ctx.results.assumptions
    first = ctx.region(ctx.region_ids[0]).economics
    view, other = _views(ctx)
    overrides = dict(ctx.inputs.economics.overrides)
    award, deflator = a.param("pay_award_2026_27"), a.param("gdp_deflator_2026_27")
    s0, s1 = _band(a, "stpr")
    h0, h1 = _band(a, "health")
    disp = a.params.get("displacement_share")
    out: list[Block] = [
        Paragraph(ctx.tr("economics.intro")),
        Paragraph(
            ctx.tr(
                "economics.gb_prices",
                award=ctx.fmt(award.value, "pct1"),
                deflator=ctx.fmt(deflator.value, "pct1"),
                real=ctx.fmt(first.real_pay_uplift, "pct1"),
            )
        ),
        Paragraph(
            ctx.tr(
                "economics.gb_discount",
                stpr=ctx.fmt(s0, "pct1"),
                stpr_end=ctx.fmt(s1, "pct1"),
                health=ctx.fmt(h0, "pct1"),
                health_end=ctx.fmt(h1, "pct1"),
            )
        ),
        Paragraph(
            ctx.tr(
                "economics.gb_period",
                horizon=first.horizon,
                service=first.service_years,
                coverage=ctx.fmt(first.coverage, "pct0"),
            )
        ),
        Paragraph(ctx.tr("economics.gb_optimism")),
        Table(
            "econ_optimism",
            ctx.tr("economics.optimism_table"),
            (
                ctx.tr("col.option"),
                ctx.tr("col.ob_upper"),
                ctx.tr("col.ob_mitigated"),
                ctx.tr("col.ob_applied"),
                ctx.tr("col.mitigation"),
            ),
            tuple(_optimism_rows(ctx, first)),
            ("text", "pct0", "pct0", "pct1", "text"),
            (1.6, 0.7, 0.7, 0.7, 3.0),
        ),
        Paragraph(ctx.tr("economics.gb_deadweight", reason=a.settings.deadweight)),
        Paragraph(
            ctx.tr(
                "economics.gb_displacement",
                share=ctx.fmt(disp.value if disp else 0.0, "pct0"),
                source=disp.source if disp else "",
            )
        ),
        Paragraph(ctx.tr("economics.gb_consultation", reason=a.settings.consultation)),
        Paragraph(
            ctx.tr(
                "economics.views",
                view=_view(ctx, view),
                other=_view(ctx, other),
                share=ctx.fmt(first.share_improved, "pct1"),
                d=ctx.num(a.value("effect_attachment_d")),
                cmh=ctx.fmt(a.value("cmh_value_per_child_supported"), "gbp0"),
            )
        ),
        Paragraph(
            ctx.tr(
                "economics.whatif",
                curve=t(f"econ.preset.{first.heckman_preset}", ctx.lang),
                rate=ctx.fmt(first.heckman_rate, "pct1"),
                years=first.heckman_payoff_years,
            ),
            "note",
        ),
    ]
    if overrides:
        out.append(Paragraph(ctx.tr("economics.overrides", n=len(overrides)), "warning"))
        out.append(
            Table(
                "econ_overrides",
                ctx.tr("economics.overrides_table"),
                (ctx.tr("col.parameter"), ctx.tr("col.value")),
                tuple((label(ctx, k), float(v)) for k, v in sorted(overrides.items())),
                ("text", "num3"),
                (3.0, 1.0),
            )
        )
    # the Heckman-style benchmarks, each at the ages it was measured
    h = ctx.results.heckman
    spec = build.heckman(h, ctx.p)
    tb = spec.table
    sources = [a.param(f"heckman_rate.{p}").source for p in h.presets]
    out.append(Paragraph(ctx.tr("economics.heckman_intro")))
    out.append(
        Table(
            "heckman_benchmarks",
            ctx.tr("economics.heckman_table"),
            (*tb.headers[:4], tb.headers[4], tb.headers[6], tb.headers[7], ctx.tr("col.source")),
            tuple((*r[:5], r[6], r[7], src) for r, src in zip(tb.rows, sources)),
            ("text", "text", "num1", "num1", "pct1", "pct1", "pct1", "text"),
            (1.5, 1.5, 0.5, 0.5, 0.6, 0.5, 0.5, 2.0),
        )
    )
    return out


def _optimism_rows(ctx: ReportContext, res) -> list[tuple]:
    a = ctx.results.assumptions
    upper = a.params.get("optimism_bias_upper")
    rows = []
    for i, o in enumerate(res.options):
        m = a.params.get(f"optimism_mitigation.{o.id}")
        rows.append(
            (
                ctx.name(o),
                upper.value if upper else None,
                m.value if m else None,
                float(res.optimism_bias[i]),
                m.source if m else "",
            )
        )
    return rows


# ----------------------------------------------------------------------------- one region


def region_blocks(ctx: ReportContext, rid: str) -> list[Block]:
    """Need, the chain, values, returns, the two figures that explain them, the cost per
    family, uncertainty and the value of information, switching values and tornado."""
    reg = ctx.region(rid)
    res = reg.economics
    rname = ctx.region_name(rid)
    pref = _pref(ctx, rid)
    pname = ctx.option_name(pref)
    view, other = _views(ctx)
    out: list[Block] = [_need(ctx, res, rname)]
    out += _chain(ctx, res, rid, rname, pref, pname)
    out += _values(ctx, res, rid, rname, pref, pname)
    out += _costs_and_returns(ctx, res, rid, rname, view, other)
    out += _figures(ctx, res, rid, rname, pref, pname)
    out += _reconciliation(ctx, res, rid, rname, pref, pname)
    out += _uncertainty(ctx, reg, rid, rname, view)
    out += _switching(ctx, reg, rid, rname, pref, pname)
    return out


def _need(ctx: ReportContext, res, rname: str) -> Paragraph:
    nd = res.need
    return Paragraph(
        ctx.tr(
            "economics.need",
            region=rname,
            need=ctx.fmt(nd.babies_in_need, "int"),
            served=ctx.fmt(nd.currently_served, "int"),
            gap=ctx.fmt(nd.blind_spot_share, "pct0"),
            target=ctx.fmt(nd.target_families, "int"),
            teams=ctx.fmt(nd.new_teams_required, "num1"),
            per_team=ctx.fmt(nd.families_per_team, "int"),
            travel=ctx.fmt(nd.travel_time_share, "pct0"),
        )
    )


def _chain(ctx: ReportContext, res, rid: str, rname: str, pref: str, pname: str) -> list[Block]:
    a = ctx.results.assumptions
    rows = []
    for s in res.chain[pref]:
        p = a.params.get(s.param) if s.param else None
        if s.param == "outcomes":
            name, source, status = (
                ctx.tr("economics.chain_outcomes"),
                ctx.tr("economics.chain_outcomes_source"),
                "",
            )
        elif p is not None:
            name, source, status = label(ctx, p.id), p.source, ctx.status(p.status)
        else:
            name, source, status = "", "", ""
        rows.append(
            (
                t(f"econ.step.{s.step}", ctx.lang),
                float(s.value),
                ctx.tr("economics.per_year") if s.per_year else ctx.tr("economics.gbp_pv"),
                name,
                None if s.factor is None else float(s.factor),
                source,
                status,
            )
        )
    # every option's families a year and the present value of its chain
    reach = []
    for o, steps in res.chain.items():
        by = {s.step: s.value for s in steps}
        reach.append(
            (
                ctx.option_name(o),
                float(by.get("engaged", by.get("dm_helped", 0.0))),
                float(by.get("improved", 0.0)),
                float(by.get("pv_benefits", 0.0)),
            )
        )
    return [
        Paragraph(
            ctx.tr(
                "economics.chain_intro",
                option=pname,
                share=ctx.fmt(res.share_improved, "pct1"),
                d=ctx.num(a.value("effect_attachment_d")),
            )
        ),
        Table(
            f"econ_chain_{rid}",
            ctx.tr("economics.chain_table", option=pname, region=rname),
            (
                ctx.tr("col.step"),
                ctx.tr("col.number"),
                ctx.tr("col.unit"),
                ctx.tr("col.parameter"),
                ctx.tr("col.factor"),
                ctx.tr("col.source"),
                ctx.tr("col.status"),
            ),
            tuple(rows),
            ("text", "num1", "text", "text", "sig", "text", "text"),
            (1.6, 0.7, 0.8, 1.4, 0.5, 2.2, 0.7),
            note=ctx.tr("economics.chain_note"),
        ),
        Table(
            f"econ_reach_{rid}",
            ctx.tr("economics.reach_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.engaged_year"),
                ctx.tr("col.improved_year"),
                ctx.tr("col.pv_chain"),
            ),
            tuple(reach),
            ("text", "num1", "num1", "gbp0"),
            (2.2, 1.0, 1.0, 1.2),
        ),
    ]


def _values(ctx: ReportContext, res, rid: str, rname: str, pref: str, pname: str) -> list[Block]:
    a = ctx.results.assumptions
    i = res.index(pref)
    rows = []
    for k, d in enumerate(res.domains):
        p = a.param(d.param_id)
        rows.append(
            (
                localised(d, "name", ctx.lang),
                t(f"econ.payer.{d.payer}", ctx.lang),
                t(f"econ.outcome_kind.{d.kind}", ctx.lang),
                ctx.tr("economics.ages", start=d.from_age, end=d.to_age),
                float(res.value_per_child[k]),
                float(res.pv_by_domain[i, k]),
                ctx.status(p.status),
            )
        )
    by = res.pv_by_payer(pref)
    total = sum(by.values())
    payers = tuple(
        (t(f"econ.payer.{p}", ctx.lang), float(v), (v / total) if total else None)
        for p, v in sorted(by.items(), key=lambda kv: -kv[1])
    )
    return [
        Paragraph(
            ctx.tr("economics.values_intro", value=ctx.fmt(float(np.sum(res.value_per_child)), "gbp0"))
        ),
        Table(
            f"econ_domains_{rid}",
            ctx.tr("economics.domains_table", option=pname, region=rname),
            (
                ctx.tr("col.domain"),
                ctx.tr("col.payer"),
                ctx.tr("col.valued"),
                ctx.tr("col.ages"),
                ctx.tr("col.per_child"),
                ctx.tr("col.pv_option", option=pname),
                ctx.tr("col.status"),
            ),
            tuple(rows),
            ("text", "text", "text", "text", "gbp0", "gbp0", "text"),
            (1.8, 1.1, 1.2, 0.5, 0.8, 0.9, 0.7),
        ),
        Table(
            f"econ_payers_{rid}",
            ctx.tr("economics.payers_table", option=pname, region=rname),
            (ctx.tr("col.payer"), ctx.tr("col.pv_option", option=pname), ctx.tr("col.share")),
            payers,
            ("text", "gbp0", "pct0"),
            (2.5, 1.2, 0.7),
        ),
    ]


def _costs_and_returns(ctx: ReportContext, res, rid: str, rname: str, view: str, other: str) -> list[Block]:
    cost_rows, ret_rows = [], []
    m, o = res.modes[view], res.modes[other]
    for i, opt in enumerate(res.options):
        name = ctx.name(opt)
        cost_rows.append(
            (
                name,
                float(res.new_teams[i]),
                float(res.optimism_bias[i]),
                float(res.pv_costs[i]),
                float(res.inc_pv_costs[i]),
                float(res.inc_families_supported[i].sum()),
                _finite(res.cost_per_family[i]),
            )
        )
        if res.roles[i] == "bau":
            continue
        ret_rows.append(
            (
                name,
                float(res.inc_pv_costs[i]),
                float(m.npsv[i]),
                _finite(m.bcr_inc[i]),
                float(o.npsv[i]),
                _finite(o.bcr_inc[i]),
                _finite(res.irr[i]),
                _finite(res.breakeven_return[i]),
                _year(ctx, m.breakeven_year[i]),
                _finite(res.whatif.bcr_inc[i]),
            )
        )
    v, w = _view(ctx, view), _view(ctx, other)
    return [
        Table(
            f"econ_costs_{rid}",
            ctx.tr("economics.costs_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.new_teams"),
                ctx.tr("col.optimism_bias"),
                ctx.tr("col.pv_costs"),
                ctx.tr("col.inc_pv_costs"),
                ctx.tr("col.inc_families"),
                ctx.tr("col.cost_per_family"),
            ),
            tuple(cost_rows),
            ("text", "num1", "pct1", "gbp0", "gbp0", "int", "gbp0"),
            (2.0, 0.6, 0.7, 1.1, 1.1, 0.9, 1.0),
            note=ctx.tr("economics.costs_note"),
        ),
        Table(
            f"econ_returns_{rid}",
            ctx.tr("economics.returns_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.inc_pv_costs"),
                ctx.tr("col.npsv_view", view=v),
                ctx.tr("col.bcr_view", view=v),
                ctx.tr("col.npsv_view", view=w),
                ctx.tr("col.bcr_view", view=w),
                ctx.tr("col.irr"),
                ctx.tr("col.breakeven_return"),
                ctx.tr("col.breakeven_view", view=v),
                ctx.tr("col.bcr_whatif"),
            ),
            tuple(ret_rows),
            ("text", "gbp0", "gbp0", "num2", "gbp0", "num2", "pct1", "pct1", "text", "num2"),
            (1.6, 0.9, 0.9, 0.5, 0.9, 0.5, 0.55, 0.6, 0.7, 0.6),
            note=ctx.tr("economics.returns_note", view=v, other=w),
        ),
    ]


def _figures(ctx: ReportContext, res, rid: str, rname: str, pref: str, pname: str) -> list[Block]:
    """Why the views differ (the preferred option's waterfall) and costs against
    Heckman-style returns (every option's IRR against the benchmarks)."""
    wf = res.waterfall[pref]
    i = res.index(pref)
    wspec = build.waterfall(res, pref, ctx.p)
    hspec = build.heckman(ctx.results.heckman, ctx.p, res)
    out: list[Block] = [
        Paragraph(
            ctx.tr(
                "economics.waterfall_intro",
                option=pname,
                start=ctx.fmt(wf.start, "gbp0"),
                end=ctx.fmt(wf.end, "gbp0"),
                cost=ctx.fmt(float(res.inc_pv_costs[i]), "gbp0"),
                share=ctx.fmt(res.share_improved, "pct1"),
            )
        ),
        chart_figure(
            ctx,
            f"fig_waterfall_{rid}",
            ctx.tr("economics.waterfall_figure", option=pname, region=rname),
            ctx.tr(
                "economics.waterfall_alt",
                option=pname,
                start=ctx.fmt(wf.start, "gbp0"),
                end=ctx.fmt(wf.end, "gbp0"),
            ),
            wspec,
        ),
    ]
    irrs = [
        (ctx.option_name(o.id), _finite(res.irr[k]))
        for k, o in enumerate(res.options)
        if res.roles[k] != "bau"
    ]
    best = max((r for r in irrs if r[1] is not None), key=lambda r: r[1], default=None)
    brs = [b for b in (_finite(x) for x in res.breakeven_return) if b is not None]
    out.append(Paragraph(ctx.tr("economics.heckman_region")))
    out.append(
        chart_figure(
            ctx,
            f"fig_heckman_{rid}",
            ctx.tr("economics.heckman_figure", region=rname),
            ctx.tr(
                "economics.heckman_alt",
                region=rname,
                option=best[0] if best else "–",
                irr=ctx.fmt(best[1], "pct1") if best else "–",
                breakeven=ctx.fmt(float(np.median(brs)), "pct1") if brs else "–",
            ),
            hspec,
        )
    )
    if hspec.note:
        out.append(Paragraph(hspec.note, "note"))
    return out


def _reconciliation(ctx: ReportContext, res, rid: str, rname: str, pref: str, pname: str) -> list[Block]:
    opt = pref if pref in res.reconciliation else next(iter(res.reconciliation), None)
    if opt is None:
        return []
    rc = res.reconciliation[opt]
    name = ctx.option_name(opt)
    fill = {
        "direct_caseload": {"capacity": ctx.fmt(rc.capacity, "int")},
        "cost_per_team": {
            "reference": ctx.fmt(rc.reference_cost_per_team, "gbp0"),
            "cost": ctx.fmt(rc.cost_per_team, "gbp0"),
        },
    }
    rows = tuple(
        (
            t(f"econ.recon.{r['step']}", ctx.lang),
            float(r["value"]),
            t(f"econ.recon_note.{r['step']}", ctx.lang, **fill.get(r["step"], {})),
        )
        for r in rc.rows()
    )
    return [
        Paragraph(
            ctx.tr(
                "economics.recon_intro",
                reference=ctx.fmt(rc.reference, "gbp0"),
                model=ctx.fmt(rc.model, "gbp0"),
            )
        ),
        Table(
            f"econ_recon_{rid}",
            ctx.tr("economics.recon_table", option=name, region=rname),
            (ctx.tr("col.step"), ctx.tr("col.per_family"), ctx.tr("col.explanation")),
            rows,
            ("text", "gbp0", "text"),
            (2.0, 0.9, 3.6),
        ),
    ]


def _uncertainty(ctx: ReportContext, reg, rid: str, rname: str, view: str) -> list[Block]:
    mc = reg.monte_carlo
    res = reg.economics
    mrows = []
    for r in mc.rows():
        if r["role"] == "bau":
            continue
        mrows.append(
            (
                ctx.option_name(r["option"]),
                _view(ctx, r["mode"]),
                r["npsv_mean"],
                r.get("npsv_p05"),
                r.get("npsv_p50"),
                r.get("npsv_p95"),
                r["prob_bcr_gt_1"],
                r["prob_npsv_gt_0"],
            )
        )
    m = mc.modes[view]
    ev = mc.evppi_rows(view, EVPPI_TOP)
    espec = build.evppi(mc, ctx.p, mode=view, top=EVPPI_TOP)
    cspec = build.ceac(mc, ctx.p, res)
    out: list[Block] = [
        Paragraph(
            ctx.tr("economics.mc_intro", n=ctx.fmt(mc.draws, "int"), seed=mc.seed, k=len(mc.param_ids))
        ),
        Table(
            f"econ_mc_{rid}",
            ctx.tr("economics.mc_table", region=rname),
            (
                ctx.tr("col.option"),
                ctx.tr("col.view"),
                ctx.tr("col.npsv_mean"),
                ctx.tr("col.npsv_p05"),
                ctx.tr("col.npsv_p50"),
                ctx.tr("col.npsv_p95"),
                ctx.tr("col.prob_bcr"),
                ctx.tr("col.prob_npsv"),
            ),
            tuple(mrows),
            ("text", "text", "gbp0", "gbp0", "gbp0", "gbp0", "pct0", "pct0"),
            (1.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.6, 0.6),
            note=ctx.tr("economics.mc_note"),
        ),
        Paragraph(
            ctx.tr(
                "economics.evpi",
                view=_view(ctx, view),
                evpi=ctx.fmt(m.evpi, "gbp0"),
                first=label(ctx, ev[0]["param_id"]) if ev else "–",
                evppi=ctx.fmt(ev[0]["evppi"], "gbp0") if ev else "–",
            )
        ),
        Table(
            f"econ_evppi_{rid}",
            ctx.tr("economics.evppi_table", region=rname, view=_view(ctx, view)),
            (ctx.tr("col.parameter"), ctx.tr("col.evppi"), ctx.tr("col.share_evpi")),
            tuple((label(ctx, r["param_id"]), r["evppi"], r["share"]) for r in ev),
            ("text", "gbp0", "pct0"),
            (3.5, 1.2, 1.0),
        ),
    ]
    if m.evpi > 0:
        out.append(
            chart_figure(
                ctx,
                f"fig_evppi_{rid}",
                ctx.tr("economics.evppi_figure", region=rname, evpi=ctx.fmt(m.evpi, "gbp0")),
                ctx.tr(
                    "economics.evppi_alt",
                    region=rname,
                    evpi=ctx.fmt(m.evpi, "gbp0"),
                    first=espec.categories[0] if espec.categories else "–",
                ),
                espec,
            )
        )
    v = float(np.sum(res.value_per_child))
    out.append(Paragraph(ctx.tr("economics.ceac_intro", value=ctx.fmt(v, "gbp0"))))
    out.append(
        chart_figure(
            ctx,
            f"fig_ceac_{rid}",
            ctx.tr("economics.ceac_figure", region=rname),
            ctx.tr("economics.ceac_alt", region=rname, value=ctx.fmt(v, "gbp0")),
            cspec,
        )
    )
    return out


def _switching(ctx: ReportContext, reg, rid: str, rname: str, pref: str, pname: str) -> list[Block]:
    sw = reg.econ_switching
    srows = []
    for r in sw.table:
        if r.option != pref:
            continue
        srows.append(
            (
                t(f"econ.assumption.{r.assumption}", ctx.lang),
                _view(ctx, r.mode),
                r.current,
                r.switching,
                r.unit,
                r.low,
                r.high,
                _yes_no(ctx, r.within_range),
                r.npsv,
            )
        )
    out: list[Block] = [
        Paragraph(ctx.tr("economics.switching_intro", option=pname)),
        Table(
            f"econ_switching_{rid}",
            ctx.tr("economics.switching_table", region=rname, option=pname),
            (
                ctx.tr("col.assumption"),
                ctx.tr("col.view"),
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
            (1.5, 0.8, 0.75, 0.75, 1.3, 0.6, 0.6, 0.55, 0.9),
            note=ctx.tr("economics.switching_note"),
        ),
    ]
    # tornado of the preferred option's NPSV (in the run's benefit view)
    tor = reg.econ_tornado
    if tor.bars.get(pref):
        domains = ctx.results.assumptions.domains
        spec = build.econ_tornado(tor, pref, ctx.p, top=ECON_TORNADO_BARS, domains=domains)
        out.append(
            chart_figure(
                ctx,
                f"fig_econ_tornado_{rid}",
                ctx.tr("economics.tornado_figure", region=rname, option=pname, view=_view(ctx, tor.mode)),
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
                label(ctx, r["id"]),
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
