"""Method, limitations and references."""

from __future__ import annotations

from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section


def sections(ctx: ReportContext) -> list[Section]:
    keys = [
        "method.mcda",
        "method.value_functions",
        "method.weights",
        "method.robustness",
        "method.economics",
    ]
    blocks: list[Block] = [Paragraph(ctx.tr(k)) for k in keys]
    blocks.append(Paragraph(ctx.tr("method.limitations_intro")))
    for k in ("scores", "weights", "data", "independence", "economics", "welsh"):
        blocks.append(Paragraph("• " + ctx.tr(f"limitations.{k}")))
    blocks.append(Paragraph(ctx.tr("method.references"), "note"))
    return [Section("method", ctx.tr("method.heading"), 1, "summary", tuple(blocks))]
