"""The problem and the options: the shortlist and the regions appraised."""

from __future__ import annotations

from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table


def sections(ctx: ReportContext) -> list[Section]:
    ds = ctx.ds
    options = Table(
        "options",
        ctx.tr("problem.options_table"),
        (
            ctx.tr("col.option"),
            ctx.tr("col.kind"),
            ctx.tr("col.host"),
            ctx.tr("col.description"),
            ctx.tr("col.exemplar"),
        ),
        tuple(
            (
                ctx.name(o),
                ctx.tr(f"kind.{o.kind}"),
                ctx.name(o, "host"),
                ctx.name(o, "description"),
                "; ".join(x for x in (o.exemplar_team, o.exemplar_section) if x),
            )
            for o in ds.options
        ),
        ("text",) * 5,
        (1.3, 0.9, 1.2, 3.2, 1.8),
    )
    rrows = []
    for rid in ctx.region_ids:
        r = ds.region(rid)
        pv = r.provision
        rrows.append(
            (
                ctx.name(r),
                ctx.name(r, "health_board"),
                r.births.value,
                r.need_prevalence.value,
                pv.team or ctx.tr("none"),
                ctx.tr(f"stage.{pv.stage}"),
                pv.coverage_share.value,
                ctx.status(r.births.status),
            )
        )
    regions = Table(
        "regions",
        ctx.tr("problem.regions_table"),
        (
            ctx.tr("col.region"),
            ctx.tr("col.health_board"),
            ctx.tr("col.births"),
            ctx.tr("col.need"),
            ctx.tr("col.current_team"),
            ctx.tr("col.stage"),
            ctx.tr("col.coverage"),
            ctx.tr("col.births_status"),
        ),
        tuple(rrows),
        ("text", "text", "int", "pct0", "text", "text", "pct0", "text"),
        (1.1, 1.4, 0.7, 0.9, 1.8, 0.8, 0.8, 0.8),
        note=ctx.tr("problem.regions_note"),
    )
    kinds = {o.kind for o in ds.options}
    blocks: list[Block] = [
        Paragraph(ctx.tr("problem.intro")),
        Paragraph(ctx.tr("problem.shortlist", n=len(ds.options))),
    ]
    for o in ds.options:
        where = [r for r in ds.region_ids if o.id in {x.id for x in ds.options_for(r)}]
        if len(where) < len(ds.region_ids):
            names = ", ".join(ctx.region_name(r) for r in where) or ctx.tr("none")
            blocks.append(Paragraph(ctx.tr("problem.shortlist_partial", option=ctx.name(o), regions=names)))
    if "comparator" in kinds:
        comps = ", ".join(ctx.name(o) for o in ds.options if o.kind == "comparator")
        blocks.append(Paragraph(ctx.tr("problem.comparators", names=comps)))
    blocks += [options, Paragraph(ctx.tr("problem.regions_intro")), regions]
    return [Section("problem", ctx.tr("problem.heading"), 1, "inputs", tuple(blocks))]
