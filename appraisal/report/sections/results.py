"""Results: ranks by region and, per region, the ranking with contributions by group."""

from __future__ import annotations

from typing import Any

from appraisal.charts import build
from appraisal.report.context import ReportContext, chart_figure
from appraisal.report.structure import Block, Paragraph, Section, Table


def sections(ctx: ReportContext) -> list[Section]:
    ds = ctx.ds
    regions = ctx.region_ids
    rank_rows = []
    shortlisted = {o for rid in regions for o in ctx.mcda[rid].option_ids}
    for o in ds.options:
        if o.id not in shortlisted:
            continue
        row: list[Any] = [ctx.name(o)]
        for rid in regions:
            res = ctx.mcda[rid]
            # blank where the option is not on the region's shortlist (see the note)
            row.append(int(res.ranks[res.option_ids.index(o.id)]) if o.id in res.option_ids else None)
        rank_rows.append(tuple(row))
    blocks: list[Block] = [Paragraph(ctx.tr("results.intro"))]
    if len(regions) > 1:
        blocks.append(
            Table(
                "ranks_by_region",
                ctx.tr("results.rank_table"),
                (ctx.tr("col.option"), *(ctx.region_name(r) for r in regions)),
                tuple(rank_rows),
                ("text",) + ("int",) * len(regions),
                (2.0,) + (1.0,) * len(regions),
                note=ctx.tr("results.rank_table_note"),
            )
        )
    sections = [Section("results", ctx.tr("results.heading"), 1, "results", tuple(blocks))]
    for rid in regions:
        res = ctx.mcda[rid]
        p = res.problem
        rname = ctx.region_name(rid)
        gnames = [ctx.name(g) for g in p.groups]
        rows = []
        for r in res.rows():
            rows.append(
                (
                    r["rank"],
                    ctx.option_name(r["option"]),
                    r["total"],
                    *(r["group_contributions"][g.id] for g in p.groups),
                )
            )
        table = Table(
            f"ranking_{rid}",
            ctx.tr("results.ranking_table", region=rname),
            (ctx.tr("col.rank"), ctx.tr("col.option"), ctx.tr("col.total"), *gnames),
            tuple(rows),
            ("int", "text", "num1") + ("num1",) * len(gnames),
            (0.5, 2.0, 0.8) + (0.9,) * len(gnames),
            note=ctx.tr("results.ranking_note"),
        )
        order = list(res.order)
        top = res.order[0]
        fig = chart_figure(
            ctx,
            f"fig_results_{rid}",
            ctx.tr("results.figure", region=rname),
            ctx.tr(
                "results.figure_alt",
                region=rname,
                top=ctx.name(p.options[top]),
                total=ctx.fmt(float(res.totals[top]), "num1"),
                bottom=ctx.name(p.options[order[-1]]),
                low=ctx.fmt(float(res.totals[order[-1]]), "num1"),
            ),
            build.contributions(res, ctx.p, by="group"),
        )
        sections.append(
            Section(
                f"results_{rid}", ctx.tr("results.region_heading", region=rname), 2, "results", (table, fig)
            )
        )
    return sections
