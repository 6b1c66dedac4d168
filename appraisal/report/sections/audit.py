"""Audit: the score edits behind this run with the reason given for each, and the saved
scenario's audit trail (who changed what, when and why)."""

from __future__ import annotations

from typing import Any

from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table

#: Field changes listed per audit entry before "and n more".
MAX_CHANGES_SHOWN = 12


def sections(ctx: ReportContext) -> list[Section]:
    blocks: list[Block] = [Paragraph(ctx.tr("audit.intro"))]
    session_rows = []
    for e in ctx.inputs.score_edits:
        if e.region not in ctx.region_ids:
            continue
        base = ctx.ds.problem(e.region)
        i, j = base.option_ids.index(e.option), base.criterion_ids.index(e.criterion)
        session_rows.append(
            (
                ctx.region_name(e.region),
                ctx.tr("audit.score_edit"),
                f"{ctx.option_name(e.option)} × {ctx.criterion_name(e.criterion)}",
                float(base.scores[i, j]),
                float(e.score),
                e.reason,
            )
        )
    if session_rows:
        blocks.append(
            Table(
                "audit_session",
                ctx.tr("audit.session_table"),
                (
                    ctx.tr("col.region"),
                    ctx.tr("col.change"),
                    ctx.tr("col.item"),
                    ctx.tr("col.before"),
                    ctx.tr("col.after"),
                    ctx.tr("col.comment"),
                ),
                tuple(session_rows),
                ("text", "text", "text", "num1", "num1", "text"),
                (1.1, 0.9, 2.2, 0.6, 0.6, 2.0),
            )
        )
    else:
        blocks.append(Paragraph(ctx.tr("audit.no_session_edits")))
    if ctx.audit_entries is not None:
        blocks += saved_blocks(ctx)
    elif ctx.scenario is not None:
        blocks.append(Paragraph(ctx.tr("audit.file_scenario"), "note"))
    else:
        blocks.append(Paragraph(ctx.tr("audit.no_store"), "note"))
    return [Section("audit", ctx.tr("audit.heading"), 1, "audit", tuple(blocks))]


def saved_blocks(ctx: ReportContext) -> list[Block]:
    """The scenario's saved audit trail (``appraisal.store`` AuditEntry objects)."""
    entries = tuple(ctx.audit_entries or ())
    subject = ctx.scenario.name if ctx.scenario is not None else ""
    if not entries:
        return [Paragraph(ctx.tr("audit.saved_empty", name=subject))]
    rows = []
    for a in entries:
        changes = "; ".join(
            f"{c.field}: {_short(c.old)} → {_short(c.new)}" for c in a.changes[:MAX_CHANGES_SHOWN]
        )
        if len(a.changes) > MAX_CHANGES_SHOWN:
            changes += " " + ctx.tr("audit.more_changes", n=len(a.changes) - MAX_CHANGES_SHOWN)
        rows.append((ctx.when(a.at), a.actor, a.action, a.version, a.comment, changes))
    return [
        Paragraph(ctx.tr("audit.saved_intro", name=subject, n=len(entries))),
        Table(
            "audit_saved",
            ctx.tr("audit.saved_table"),
            (
                ctx.tr("col.when"),
                ctx.tr("col.who"),
                ctx.tr("col.action"),
                ctx.tr("col.version"),
                ctx.tr("col.comment"),
                ctx.tr("col.detail"),
            ),
            tuple(rows),
            ("text", "text", "text", "int", "text", "text"),
            (1.0, 0.9, 0.6, 0.5, 1.6, 2.8),
        ),
    ]


def _short(v: Any) -> str:
    text = "–" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _short(v: Any) -> str:
    text = "–" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."
