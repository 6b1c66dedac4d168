"""The assumptions register: every sourced number the report used (economic parameters
with the run's overrides, region figures, default weights) with its unit, source and status."""

from __future__ import annotations

from appraisal.report.context import ReportContext, unavailable
from appraisal.report.sections.economics import register_rows
from appraisal.report.structure import Block, Paragraph, Section, Table


def _data_register_rows(ctx: ReportContext) -> list[tuple]:
    """Every sourced number in the data folders the report used (regions, weights)."""
    rows: list[tuple] = []
    for rid in ctx.region_ids:
        r = ctx.ds.region(rid)
        rname = ctx.name(r)
        items = [
            (ctx.tr("reg.births", region=rname), r.births),
            (ctx.tr("reg.need", region=rname), r.need_prevalence),
            (ctx.tr("reg.coverage", region=rname), r.provision.coverage_share),
        ]
        if r.rurality is not None:
            items.append((ctx.tr("reg.rurality", region=rname), r.rurality))
        for la in r.local_authorities:
            items.append((ctx.tr("reg.la_births", la=ctx.name(la), region=rname), la.births))
        for label, q in items:
            rows.append(
                (
                    ctx.tr("reg.part_regions"),
                    label,
                    q.value,
                    q.low,
                    q.high,
                    q.unit,
                    q.source + (f" ({q.year})" if q.year else ""),
                    ctx.status(q.status),
                )
            )
    for c in ctx.ds.criteria:
        q = c.weight
        rows.append(
            (
                ctx.tr("reg.part_weights"),
                ctx.tr("reg.weight", criterion=ctx.name(c)),
                q.value,
                q.low,
                q.high,
                q.unit,
                q.source,
                ctx.status(q.status),
            )
        )
    return rows


def sections(ctx: ReportContext) -> list[Section]:
    headers = (
        ctx.tr("col.part"),
        ctx.tr("col.parameter"),
        ctx.tr("col.value"),
        ctx.tr("col.low"),
        ctx.tr("col.high"),
        ctx.tr("col.unit"),
        ctx.tr("col.source"),
        ctx.tr("col.status"),
    )
    formats = ("text", "text", "sig", "sig", "sig", "text", "text", "text")
    widths = (0.8, 1.7, 0.6, 0.5, 0.5, 0.9, 3.0, 0.7)
    rows = _data_register_rows(ctx)
    blocks: list[Block] = [Paragraph(ctx.tr("assumptions.intro"))]
    if ctx.economics_available:
        rows = register_rows(ctx) + rows
    else:
        blocks.append(unavailable(ctx, ctx.tr("assumptions.econ_part"), ctx.results.economics_missing))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[-1]] = counts.get(r[-1], 0) + 1
    blocks.append(
        Paragraph(
            ctx.tr("assumptions.counts", counts="; ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
        )
    )
    blocks.append(Table("assumptions", ctx.tr("assumptions.table"), headers, tuple(rows), formats, widths))
    return [Section("assumptions", ctx.tr("assumptions.heading"), 1, "assumptions", tuple(blocks))]
