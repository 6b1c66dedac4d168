"""Criteria and value functions (fixed anchors, DCLG 2009 ch. 5)."""

from __future__ import annotations

from appraisal.i18n import localised
from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table


def _vf_text(ctx: ReportContext, c) -> str:
    vf = c.value_function
    pts = "; ".join(f"{ctx.num(x)} → {ctx.num(v)}" for x, v in zip(vf.xs, vf.vs))
    return pts


def sections(ctx: ReportContext) -> list[Section]:
    ds = ctx.ds
    groups = Table(
        "groups",
        ctx.tr("criteria.groups_table"),
        (ctx.tr("col.group"), ctx.tr("col.description")),
        tuple((ctx.name(g), ctx.name(g, "description")) for g in ds.groups),
        ("text", "text"),
        (1.2, 4.0),
    )
    crit = Table(
        "criteria",
        ctx.tr("criteria.table"),
        (
            ctx.tr("col.group"),
            ctx.tr("col.criterion"),
            ctx.tr("col.description"),
            ctx.tr("col.direction"),
            ctx.tr("col.scale"),
        ),
        tuple(
            (
                ctx.group_name(c.group),
                ctx.name(c),
                ctx.name(c, "description"),
                ctx.tr(f"direction.{c.direction}"),
                f"{ctx.num(c.scale_min)}–{ctx.num(c.scale_max)} ({c.unit})",
            )
            for c in ds.criteria
        ),
        ("text",) * 5,
        (1.0, 1.4, 3.0, 0.7, 1.4),
    )
    vf = Table(
        "value_functions",
        ctx.tr("criteria.vf_table"),
        (
            ctx.tr("col.criterion"),
            ctx.tr("col.vf_points"),
            ctx.tr("col.anchor_low"),
            ctx.tr("col.anchor_high"),
            ctx.tr("col.vf_rationale"),
        ),
        tuple(
            (
                ctx.name(c),
                _vf_text(ctx, c),
                f"{ctx.num(c.value_function.low.score)}: {localised(c.value_function.low, 'meaning', ctx.lang)}",
                f"{ctx.num(c.value_function.high.score)}: {localised(c.value_function.high, 'meaning', ctx.lang)}",
                c.value_function.rationale,
            )
            for c in ds.criteria
        ),
        ("text",) * 5,
        (1.2, 1.2, 1.8, 1.8, 1.8),
    )
    blocks: list[Block] = [
        Paragraph(ctx.tr("criteria.intro", n=len(ds.criteria), g=len(ds.groups))),
        groups,
        crit,
        Paragraph(ctx.tr("criteria.vf_intro")),
        vf,
    ]
    return [Section("criteria", ctx.tr("criteria.heading"), 1, "inputs", tuple(blocks))]
