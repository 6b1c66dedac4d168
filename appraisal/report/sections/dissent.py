"""Dissent recorded: who does not accept the appraisal's answer, the option they prefer
or what they disagree with, and their reason, as kept in the saved scenario
(``appraisal.store.dissent``; Phillips 2007 on decision conferencing, DCLG 2009 MCA
manual 6.2.12-6.2.13: remaining disagreement is reported to the decision makers). With
no scenario, or none recorded, the section says so."""

from __future__ import annotations

from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table


def rows(ctx: ReportContext) -> list[tuple[str, str, str, str, str]]:
    """(who, region, prefers, disagrees with, reason) per dissent, in the report's language."""
    sc = ctx.scenario
    out = []
    for d in sc.dissent if sc is not None else ():
        region = ctx.region_name(d.region) if d.region in ctx.ds.region_ids else d.region or "–"
        option = ctx.option_name(d.option) if d.option in ctx.ds.option_ids else d.option or "–"
        out.append((d.who, region, option, d.about or "–", d.reason))
    return out


def sections(ctx: ReportContext) -> list[Section]:
    found = rows(ctx)
    blocks: list[Block] = []
    if ctx.scenario is None:
        blocks.append(Paragraph(ctx.tr("dissent.no_scenario")))
    elif not found:
        blocks.append(Paragraph(ctx.tr("dissent.none", name=ctx.scenario.name)))
    else:
        blocks.append(Paragraph(ctx.tr("dissent.intro", name=ctx.scenario.name, n=len(found))))
        blocks.append(
            Table(
                "dissent",
                ctx.tr("dissent.table"),
                (
                    ctx.tr("col.who"),
                    ctx.tr("col.region"),
                    ctx.tr("dissent.col.prefers"),
                    ctx.tr("dissent.col.about"),
                    ctx.tr("dissent.col.reason"),
                ),
                tuple(found),
                ("text", "text", "text", "text", "text"),
                (1.0, 1.0, 1.4, 1.4, 2.6),
            )
        )
    blocks.append(Paragraph(ctx.tr("dissent.note"), "note"))
    return [Section("dissent", ctx.tr("dissent.heading"), 1, "audit", tuple(blocks))]
