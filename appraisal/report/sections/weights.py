"""Weights: how they were set (method and inputs), the normalised weights, group
weights, and a workshop's aggregate beside them."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from appraisal.charts import build
from appraisal.mcda.weights import WeightSet
from appraisal.report.context import ReportContext, chart_figure
from appraisal.report.structure import Block, Paragraph, Section, Table


def _weight_input(ws: WeightSet, cid: str, default: float | None) -> float | None:
    inputs = ws.inputs or {}
    if inputs.get("source") == "data defaults":
        return default
    if ws.method in ("points", "swing"):
        v = inputs.get(cid)
        return float(v) if isinstance(v, (int, float)) else None
    if ws.method == "rank":
        for k, tier in enumerate(inputs.get("ranking") or [], start=1):
            if cid in (tier if isinstance(tier, (list, tuple)) else [tier]):
                return float(k)
    if ws.method == "hierarchical":
        v = (inputs.get("within") or {}).get(cid)
        return float(v) if isinstance(v, (int, float)) else None
    return None


def sections(ctx: ReportContext) -> list[Section]:
    ds, ws = ctx.ds, ctx.weights
    res = ctx.mcda[ctx.region_ids[0]]
    w = res.weights
    crit_by_id = {c.id: c for c in ds.criteria}
    method = ctx.tr(f"method.{w.method}") if w.method else ""
    source = (ws.inputs or {}).get("source") if isinstance(ws.inputs, Mapping) else None
    blocks: list[Block] = [Paragraph(ctx.tr("weights.intro", method=method))]
    if source == "data defaults":
        blocks.append(Paragraph(ctx.tr("weights.defaults_warning"), "warning"))
    if w.ahp is not None:
        key = "weights.ahp_ok" if w.ahp.consistent else "weights.ahp_bad"
        blocks.append(
            Paragraph(ctx.tr(key, cr=ctx.fmt(w.ahp.cr, "num3"), lam=ctx.fmt(w.ahp.lambda_max, "num3")))
        )
        size = (ws.inputs or {}).get("group_size")
        if size:
            blocks.append(Paragraph(ctx.tr("weights.ahp_group", n=size)))
    rows = []
    for cid, val in zip(w.criterion_ids, w.values):
        c = crit_by_id[cid]
        rows.append(
            (
                ctx.group_name(c.group),
                ctx.name(c),
                _weight_input(w, cid, c.weight.value),
                float(val),
                c.weight.value,
                ctx.status(c.weight.status),
            )
        )
    table = Table(
        "weights",
        ctx.tr("weights.table"),
        (
            ctx.tr("col.group"),
            ctx.tr("col.criterion"),
            ctx.tr("col.weight_input", method=method),
            ctx.tr("col.weight"),
            ctx.tr("col.default_points"),
            ctx.tr("col.default_status"),
        ),
        tuple(rows),
        ("text", "text", "num1", "pct1", "num1", "text"),
        (1.2, 2.2, 0.8, 0.7, 0.7, 0.9),
        note=ctx.tr("weights.table_note"),
    )
    gtable = Table(
        "group_weights",
        ctx.tr("weights.group_table"),
        (ctx.tr("col.group"), ctx.tr("col.weight")),
        tuple((ctx.name(g), float(res.group_weights[k])) for k, g in enumerate(res.problem.groups)),
        ("text", "pct1"),
        (3.0, 1.0),
    )
    fig = chart_figure(
        ctx,
        "fig_weights",
        ctx.tr("weights.figure"),
        ctx.tr(
            "weights.figure_alt",
            top=ctx.name(crit_by_id[w.criterion_ids[int(np.argmax(w.values))]]),
            w=ctx.fmt(float(np.max(w.values)), "pct1"),
        ),
        build.weights(res, ctx.p, by="criterion"),
    )
    blocks += [table, gtable, fig]
    if ctx.workshop is None:
        blocks.append(Paragraph(ctx.tr("weights.no_workshop"), "note"))
    out = [Section("weights", ctx.tr("weights.heading"), 1, "weights", tuple(blocks))]
    if ctx.workshop is not None:
        out.append(
            Section(
                "weights_workshop",
                ctx.tr("weights.workshop_heading"),
                2,
                "weights",
                tuple(workshop_blocks(ctx)),
            )
        )
    return out


def workshop_blocks(ctx: ReportContext) -> list[Block]:
    """A workshop's aggregate weights beside the weights the report uses."""
    agg = ctx.workshop.aggregate
    rows = []
    for r in agg.rows():
        rows.append(
            (
                ctx.criterion_name(r["criterion"]),
                r["arithmetic"],
                r["geometric"],
                r["median"],
                r["min"],
                r["max"],
                r["sd"],
            )
        )
    current = dict(zip(ctx.weights.criterion_ids, (float(x) for x in ctx.weights.values)))
    rows = [(*row, current.get(r["criterion"])) for row, r in zip(rows, agg.rows())]
    return [
        Paragraph(ctx.tr("weights.workshop_intro", name=ctx.workshop.title, n=agg.n)),
        Table(
            "workshop_weights",
            ctx.tr("weights.workshop_table", name=ctx.workshop.title),
            (
                ctx.tr("col.criterion"),
                ctx.tr("col.mean"),
                ctx.tr("col.geomean"),
                ctx.tr("col.median"),
                ctx.tr("col.min"),
                ctx.tr("col.max"),
                ctx.tr("col.sd"),
                ctx.tr("col.report_weight"),
            ),
            tuple(rows),
            ("text", "pct1", "pct1", "pct1", "pct1", "pct1", "pct1", "pct1"),
            (2.2, 0.7, 0.7, 0.7, 0.6, 0.6, 0.6, 0.8),
            note=ctx.tr("weights.workshop_note"),
        ),
    ]
