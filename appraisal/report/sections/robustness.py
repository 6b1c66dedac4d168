"""Robustness: switching values (Green Book 5.60-5.61), distance to a different answer,
SMAA-2 acceptabilities under the run's weight model and with no weight information, the
tornado of the lead, and other MCDA methods, all read from the run's results."""

from __future__ import annotations

import numpy as np

from appraisal.charts import build
from appraisal.report.context import ReportContext, chart_figure
from appraisal.report.sections.summary import nearest_switch_text
from appraisal.report.structure import Block, Paragraph, Section, Table

#: Bars shown in the tornado of the lead over the next best option.
TORNADO_BARS = 10


def sections(ctx: ReportContext) -> list[Section]:
    intro: list[Block] = [Paragraph(ctx.tr("robustness.intro"))]
    out = [Section("robustness", ctx.tr("robustness.heading"), 1, "sensitivity", tuple(intro))]
    for rid in ctx.region_ids:
        out.append(
            Section(
                f"robustness_{rid}",
                ctx.tr("robustness.region_heading", region=ctx.region_name(rid)),
                2,
                "sensitivity",
                tuple(region_blocks(ctx, rid)),
            )
        )
    return out


def region_blocks(ctx: ReportContext, rid: str) -> list[Block]:
    """Switching values, distance to change, SMAA, tornado and other methods for one region."""
    reg = ctx.region(rid)
    rname = ctx.region_name(rid)
    top_name = ctx.option_name(reg.winner)
    out: list[Block] = []
    # 1. switching values (Green Book 5.60-5.61: required for the preferred option)
    rows = []
    for r in reg.switching.rows():
        gaps = [abs(x - r["current_weight"]) for x in (r["lower_switch"], r["upper_switch"]) if x is not None]
        rows.append(
            (
                ctx.criterion_name(r["criterion"]),
                r["current_weight"],
                r["lower_switch"],
                ctx.option_name(r["lower_to"]) if r["lower_to"] else ctx.tr("robustness.no_switch"),
                r["upper_switch"],
                ctx.option_name(r["upper_to"]) if r["upper_to"] else ctx.tr("robustness.no_switch"),
                min(gaps) if gaps else None,
            )
        )
    out.append(Paragraph(ctx.tr("robustness.switching_intro", option=top_name, region=rname)))
    out.append(
        Table(
            f"switching_{rid}",
            ctx.tr("robustness.switching_table", region=rname),
            (
                ctx.tr("col.criterion"),
                ctx.tr("col.current_weight"),
                ctx.tr("col.lower_switch"),
                ctx.tr("col.new_top"),
                ctx.tr("col.upper_switch"),
                ctx.tr("col.new_top"),
                ctx.tr("col.nearest_change"),
            ),
            tuple(rows),
            ("text", "pct1", "pct1", "text", "pct1", "text", "pct1"),
            (1.8, 0.7, 0.7, 1.4, 0.7, 1.4, 0.8),
            note=ctx.tr("robustness.switching_note"),
        )
    )
    out.append(Paragraph(nearest_switch_text(ctx, rid, sentence=True)))
    # 2. distance to change (all weights at once)
    d = reg.distance
    if d.rival is None:
        out.append(Paragraph(ctx.tr("robustness.distance_none", option=top_name)))
    else:
        out.append(
            Paragraph(
                ctx.tr(
                    "robustness.distance",
                    moved=ctx.fmt(d.weight_moved, "pct1"),
                    rival=ctx.option_name(d.rival),
                    option=top_name,
                )
            )
        )
    # 3. SMAA rank acceptability
    s = reg.smaa
    n_opt = len(s.option_ids)
    rank_headers = tuple(ctx.tr("col.rank_n", n=k + 1) for k in range(n_opt))
    srows = []
    for i, oid in enumerate(s.option_ids):
        srows.append(
            (
                ctx.option_name(oid),
                *(float(s.rank_acceptability[i, k]) for k in range(n_opt)),
                float(reg.smaa_uniform.rank_acceptability[i, 0]),
                None if not np.isfinite(s.confidence[i]) else float(s.confidence[i]),
            )
        )
    out.append(
        Paragraph(
            ctx.tr(
                f"robustness.smaa_intro_{ctx.inputs.smaa_model}",
                n=ctx.fmt(s.samples, "int"),
                seed=s.seed,
                spread=ctx.fmt(ctx.inputs.smaa_spread, "pct0"),
                option=top_name,
                acc=ctx.fmt(reg.acceptability, "pct0"),
                uni=ctx.fmt(reg.smaa_uniform.first_rank(reg.winner), "pct0"),
            )
        )
    )
    smaa_table = Table(
        f"smaa_{rid}",
        ctx.tr("robustness.smaa_table", region=rname),
        (ctx.tr("col.option"), *rank_headers, ctx.tr("col.rank1_uniform"), ctx.tr("col.confidence")),
        tuple(srows),
        ("text",) + ("pct0",) * n_opt + ("pct0", "pct0"),
        (2.0,) + (0.6,) * n_opt + (0.9, 0.8),
        note=ctx.tr("robustness.smaa_note", hw=ctx.fmt(float(np.max(s.half_width)), "pct1")),
    )
    out.append(smaa_table)
    out.append(
        chart_figure(
            ctx,
            f"fig_smaa_{rid}",
            ctx.tr("robustness.smaa_figure", region=rname),
            ctx.tr(
                "robustness.smaa_alt",
                region=rname,
                option=top_name,
                acc=ctx.fmt(reg.acceptability, "pct0"),
            ),
            build.rank_acceptability(
                s, ctx.p, order=tuple(reg.problem.option_ids[i] for i in reg.mcda.order)
            ),
        )
    )
    # 4. tornado of the lead over the next best option
    tor = reg.tornado
    if tor.runner_up is not None and tor.bars:
        spec = build.score_tornado(tor, ctx.p, max_bars=TORNADO_BARS)
        runner = ctx.option_name(tor.runner_up)
        flips = sum(1 for b in tor.bars if min(b.margin_low, b.margin_high) < 0)
        out.append(
            Paragraph(
                ctx.tr(
                    "robustness.tornado_intro",
                    option=top_name,
                    runner=runner,
                    margin=ctx.fmt(tor.margin, "num1"),
                    flips=flips,
                )
            )
        )
        out.append(
            chart_figure(
                ctx,
                f"fig_tornado_{rid}",
                ctx.tr("robustness.tornado_figure", region=rname, option=top_name, runner=runner),
                ctx.tr(
                    "robustness.tornado_alt",
                    region=rname,
                    first=spec.categories[0],
                    margin=ctx.fmt(tor.margin, "num1"),
                ),
                spec,
            )
        )
    # 5. method robustness
    m = reg.methods
    mnames = tuple(ctx.tr(f"mcda_method.{k}") for k in m.methods)
    out.append(
        Table(
            f"methods_{rid}",
            ctx.tr("robustness.methods_table", region=rname),
            (ctx.tr("col.option"), *mnames),
            tuple(
                (ctx.option_name(oid), *(int(m.ranks[k, i]) for k in range(len(m.methods))))
                for i, oid in enumerate(m.option_ids)
            ),
            ("text",) + ("int",) * len(m.methods),
            (2.2,) + (0.9,) * len(m.methods),
        )
    )
    taus = "; ".join(
        f"{mnames[k]}: {ctx.fmt(float(m.kendall_tau[k]), 'num2')}" for k in range(1, len(m.methods))
    )
    key = "robustness.methods_same" if m.same_top else "robustness.methods_differ"
    out.append(Paragraph(ctx.tr(key, option=top_name, taus=taus)))
    return out
