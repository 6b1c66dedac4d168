"""Build the format-neutral appraisal report once from the engine's result objects.

Order follows the ISPOR MCDA good-practice checklist (Thokala et al. 2016; Marsh et al.
2016) and the Green Book appraisal order: summary, problem and options, criteria and
value functions, scores, weights, results, robustness, economics, assumptions, audit,
method and limitations. Every number comes from a result object (AdditiveResult,
robustness and economics results, the assumptions register); nothing is recomputed
here. A part whose engine is not installed is shown plainly as not available.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import numpy as np
from babel.dates import format_datetime

from appraisal.data import Dataset
from appraisal.i18n import has, localised, t
from appraisal.i18n.formatting import format_cell, locale
from appraisal.i18n.formatting import format_date as fmt_date
from appraisal.mcda import AdditiveResult, evaluate
from appraisal.mcda.weights import WeightSet
from appraisal.model import Problem
from appraisal.report import engines
from appraisal.report.structure import (
    Block,
    ChartSpec,
    Figure,
    KeyFact,
    Paragraph,
    Preferred,
    Report,
    Section,
    Series,
    Table,
    report_file_stem,
)

#: XLSX parts (one sheet each), in workbook order.
PARTS: tuple[str, ...] = (
    "summary",
    "inputs",
    "scores",
    "weights",
    "results",
    "sensitivity",
    "economics",
    "assumptions",
    "audit",
)
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 20260101


@dataclass
class _Ctx:
    """Everything computed before any section is written (results only, no text)."""

    ds: Dataset
    lang: str
    weights: WeightSet
    region_ids: tuple[str, ...]
    problems: dict[str, Problem]
    results: dict[str, AdditiveResult]
    samples: int
    seed: int
    has_scenario: bool = False
    score_edits: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)
    score_comments: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    robustness: dict[str, engines.Robustness] = field(default_factory=dict)
    robustness_missing: str = ""
    economics: engines.EconBundle | None = None
    economics_missing: str = ""
    audit: engines.AuditBundle | None = None
    workshop: engines.WorkshopBundle | None = None

    def tr(self, key: str, **kw: object) -> str:
        return t(f"report.{key}", self.lang, **kw)

    def name(self, obj: object, attr: str = "name") -> str:
        return localised(obj, attr, self.lang)

    def region_name(self, rid: str) -> str:
        return self.name(self.ds.region(rid))

    def option_name(self, oid: str) -> str:
        for o in self.ds.options:
            if o.id == oid:
                return self.name(o)
        return oid

    def criterion_name(self, cid: str) -> str:
        for c in self.ds.criteria:
            if c.id == cid:
                return self.name(c)
        return cid

    def group_name(self, gid: str) -> str:
        for g in self.ds.groups:
            if g.id == gid:
                return self.name(g)
        return gid

    def when(self, at: datetime) -> str:
        """A timestamp in the report's language (UTC)."""
        return format_datetime(at, "d MMM yyyy HH:mm", locale=locale(self.lang)) + " UTC"

    def status(self, status: str) -> str:
        """A status word in the report's language (unknown statuses are shown as given)."""
        key = f"report.status.{status}"
        return t(key, self.lang) if status and has(key) else status

    def fmt(self, value: object, f: str) -> str:
        return format_cell(value, f, self.lang)

    def num(self, value: float) -> str:
        """A number with decimals only when it has them (scale ends, anchors)."""
        return format_cell(value, "int" if float(value).is_integer() else "num2", self.lang)


def _figure(ctx: _Ctx, key: str, caption: str, alt: str, chart: ChartSpec, table: Table) -> Figure:
    """A figure without its PNG yet: ``_render_figures`` draws all of them at the end."""
    from appraisal.report.figures import chart_height

    return Figure(key=key, caption=caption, alt=alt, chart=chart, table=table, height_in=chart_height(chart))


def _render_figures(sections: list[Section], lang: str, workers: int) -> list[Section]:
    """Fill in every figure's static PNG (in parallel when ``workers`` > 1)."""
    from appraisal.report.figures import render_many

    figs = [b for s in sections for b in s.blocks if isinstance(b, Figure)]
    pngs = render_many([(f.chart, f.width_in, f.height_in, lang) for f in figs], workers)
    by_id = {id(f): png for f, png in zip(figs, pngs)}
    return [
        replace(
            s,
            blocks=tuple(replace(b, png=by_id[id(b)]) if isinstance(b, Figure) else b for b in s.blocks),
        )
        for s in sections
    ]


def _unavailable(ctx: _Ctx, what: str, reason: str) -> Paragraph:
    if reason.startswith("appraisal."):
        reason = ctx.tr("unavailable_module", module=reason)
    elif reason.endswith("/"):
        reason = ctx.tr("unavailable_folder", folder=reason)
    return Paragraph(ctx.tr("unavailable", what=what, reason=reason), "warning")


# --------------------------------------------------------------------------- sections


def _summary(ctx: _Ctx, preferred: list[Preferred]) -> list[Section]:
    headers = [
        ctx.tr("col.region"),
        ctx.tr("col.preferred"),
        ctx.tr("col.total"),
        ctx.tr("col.runner_up"),
        ctx.tr("col.margin"),
        ctx.tr("col.acceptability"),
        ctx.tr("col.robustness"),
    ]
    formats = ["text", "text", "num1", "text", "num1", "pct0", "text"]
    econ = ctx.economics
    if econ is not None:
        headers += [ctx.tr("col.npsv_preferred"), ctx.tr("col.bcr_bu"), ctx.tr("col.bcr_hk")]
        formats += ["gbp0", "num2", "num2"]
    rows = []
    paras: list[Block] = [Paragraph(ctx.tr("summary.intro", n=len(ctx.region_ids)))]
    for p in preferred:
        res = ctx.results[p.region]
        second = res.order[1] if len(res.order) > 1 else res.order[0]
        runner = ctx.name(res.problem.options[second])
        rob = ctx.robustness.get(p.region)
        acc = rob.acceptability_top if rob is not None else None
        verdict = ctx.tr(f"verdict.{rob.verdict}") if rob is not None else ctx.tr("not_available_short")
        row: list[Any] = [p.region_name, " = ".join(p.option_names), p.total, runner, p.margin, acc, verdict]
        npv = bcr = bcr_h = None
        if econ is not None:
            npv, bcr, bcr_h = econ.npv_bcr(p.region, p.options[0])
            row += [npv, bcr, bcr_h]
        rows.append(tuple(row))
        text = ctx.tr(
            "summary.region",
            region=p.region_name,
            option=" = ".join(p.option_names),
            total=ctx.fmt(p.total, "num1"),
            margin=ctx.fmt(p.margin, "num1"),
            runner=runner,
        )
        if rob is not None:
            text += " " + ctx.tr(
                "summary.robust",
                acc=ctx.fmt(acc, "pct0"),
                verdict=verdict.lower(),
                switch=rob.summary_text(ctx),
            )
        if npv is not None:
            text += " " + ctx.tr(
                "summary.econ",
                npv=ctx.fmt(npv, "gbp0"),
                bcr=ctx.fmt(bcr, "num2") if bcr is not None else "–",
                bcr_h=ctx.fmt(bcr_h, "num2") if bcr_h is not None else "–",
            )
        paras.append(Paragraph(text))
    widths = [1.1, 1.5, 0.7, 1.5, 0.6, 0.8, 0.8] + ([1.0, 0.6, 0.6] if econ is not None else [])
    table = Table(
        "summary_preferred",
        ctx.tr("summary.table"),
        tuple(headers),
        tuple(rows),
        tuple(formats),
        tuple(widths),
    )
    blocks: list[Block] = [paras[0], table, *paras[1:]]
    if ctx.robustness_missing:
        blocks.append(_unavailable(ctx, ctx.tr("robustness.heading"), ctx.robustness_missing))
    if ctx.economics_missing:
        blocks.append(_unavailable(ctx, ctx.tr("economics.heading"), ctx.economics_missing))
    blocks.append(Paragraph(ctx.tr("summary.caution"), "note"))
    return [Section("summary", ctx.tr("summary.heading"), 1, "summary", tuple(blocks))]


def _problem(ctx: _Ctx) -> list[Section]:
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
    if "comparator" in kinds:
        comps = ", ".join(ctx.name(o) for o in ds.options if o.kind == "comparator")
        blocks.append(Paragraph(ctx.tr("problem.comparators", names=comps)))
    blocks += [options, Paragraph(ctx.tr("problem.regions_intro")), regions]
    return [Section("problem", ctx.tr("problem.heading"), 1, "inputs", tuple(blocks))]


def _vf_text(ctx: _Ctx, c) -> str:
    vf = c.value_function
    pts = "; ".join(f"{ctx.num(x)} → {ctx.num(v)}" for x, v in zip(vf.xs, vf.vs))
    return pts


def _criteria(ctx: _Ctx) -> list[Section]:
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
                f"{ctx.num(c.value_function.low.score)}: {c.value_function.low.meaning}",
                f"{ctx.num(c.value_function.high.score)}: {c.value_function.high.meaning}",
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


def _score_rows(ctx: _Ctx, problem: Problem, cells) -> tuple[tuple, ...]:
    oi = {o: i for i, o in enumerate(problem.option_ids)}
    ci = {c: j for j, c in enumerate(problem.criterion_ids)}
    rows = []
    for s in cells:
        i, j = oi[s.option], ci[s.criterion]
        rows.append(
            (
                ctx.option_name(s.option),
                ctx.criterion_name(s.criterion),
                s.score,
                s.low,
                s.high,
                float(problem.values[i, j]),
                s.rationale,
                s.evidence,
                ctx.status(s.status),
            )
        )
    return tuple(rows)


def _score_headers(ctx: _Ctx) -> tuple[str, ...]:
    return (
        ctx.tr("col.option"),
        ctx.tr("col.criterion"),
        ctx.tr("col.score"),
        ctx.tr("col.low"),
        ctx.tr("col.high"),
        ctx.tr("col.value"),
        ctx.tr("col.rationale"),
        ctx.tr("col.evidence"),
        ctx.tr("col.status"),
    )


_SCORE_FORMATS = ("text", "text", "num1", "num1", "num1", "num1", "text", "text", "text")
_SCORE_WIDTHS = (1.0, 1.1, 0.45, 0.4, 0.4, 0.45, 2.4, 1.7, 0.75)


def _scores(ctx: _Ctx) -> list[Section]:
    ds = ctx.ds
    # The value (0-100) of a baseline cell is read from any region's problem that still
    # holds the baseline score there (value functions do not vary by region); a cell that
    # every region overrides gets its value from the criterion's value function.
    base_rows = []
    vals: dict[tuple[str, str], float] = {}
    for p in ds.problems():
        for i, row in enumerate(p.cells):
            for j, s in enumerate(row):
                if s.origin == "baseline":
                    vals[(s.option, s.criterion)] = float(p.values[i, j])
    crit = {c.id: c for c in ds.criteria}
    for s in ds.baseline:
        value = vals.get((s.option, s.criterion))
        if value is None:
            value = float(crit[s.criterion].value_function(s.score))
        base_rows.append(
            (
                ctx.option_name(s.option),
                ctx.criterion_name(s.criterion),
                s.score,
                s.low,
                s.high,
                value,
                s.rationale,
                s.evidence,
                ctx.status(s.status),
            )
        )
    sections = [
        Section(
            "scores",
            ctx.tr("scores.heading"),
            1,
            "scores",
            (
                Paragraph(ctx.tr("scores.intro")),
                Table(
                    "scores_baseline",
                    ctx.tr("scores.baseline_table"),
                    _score_headers(ctx),
                    tuple(base_rows),
                    _SCORE_FORMATS,
                    _SCORE_WIDTHS,
                ),
            ),
        )
    ]
    for rid in ctx.region_ids:
        p = ctx.problems[rid]
        rname = ctx.region_name(rid)
        blocks: list[Block] = []
        matrix = Table(
            f"scores_matrix_{rid}",
            ctx.tr("scores.matrix_table", region=rname),
            (ctx.tr("col.criterion"), *(ctx.name(o) for o in p.options)),
            tuple(
                (ctx.name(c), *(float(p.scores[i, j]) for i in range(len(p.options))))
                for j, c in enumerate(p.criteria)
            ),
            ("text",) + ("num1",) * len(p.options),
            (2.2,) + (1.0,) * len(p.options),
        )
        blocks.append(matrix)
        changed = [s for row in p.cells for s in row if s.origin != "baseline"]
        region_cells = [s for s in changed if s.origin == rid]
        user_cells = [s for s in changed if s.origin != rid]
        if region_cells:
            blocks.append(
                Table(
                    f"scores_overrides_{rid}",
                    ctx.tr("scores.override_table", region=rname),
                    _score_headers(ctx),
                    _score_rows(ctx, p, region_cells),
                    _SCORE_FORMATS,
                    _SCORE_WIDTHS,
                )
            )
        else:
            blocks.append(Paragraph(ctx.tr("scores.no_overrides", region=rname)))
        if user_cells:
            data_p = ctx.ds.problem(rid)
            comments = ctx.score_comments.get(rid, {})
            urows = []
            for c in user_cells:
                i, j = data_p.option_ids.index(c.option), data_p.criterion_ids.index(c.criterion)
                urows.append(
                    (
                        ctx.option_name(c.option),
                        ctx.criterion_name(c.criterion),
                        float(data_p.scores[i, j]),
                        c.score,
                        float(p.values[i, j]),
                        comments.get((c.option, c.criterion), ""),
                        c.rationale,
                    )
                )
            blocks.append(Paragraph(ctx.tr("scores.user_edits_intro", n=len(user_cells)), "warning"))
            blocks.append(
                Table(
                    f"scores_user_{rid}",
                    ctx.tr("scores.user_table", region=rname),
                    (
                        ctx.tr("col.option"),
                        ctx.tr("col.criterion"),
                        ctx.tr("col.data_score"),
                        ctx.tr("col.new_score"),
                        ctx.tr("col.value"),
                        ctx.tr("col.comment"),
                        ctx.tr("col.data_rationale"),
                    ),
                    tuple(urows),
                    ("text", "text", "num1", "num1", "num1", "text", "text"),
                    (1.1, 1.3, 0.6, 0.6, 0.5, 2.0, 2.2),
                )
            )
        sections.append(
            Section(
                f"scores_{rid}", ctx.tr("scores.region_heading", region=rname), 2, "scores", tuple(blocks)
            )
        )
    return sections


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


def _weights(ctx: _Ctx) -> list[Section]:
    ds, ws = ctx.ds, ctx.weights
    res = ctx.results[ctx.region_ids[0]]
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
    chart = ChartSpec(
        "hbar",
        tuple(ctx.name(crit_by_id[c]) for c in w.criterion_ids),
        (Series(ctx.tr("col.weight"), tuple(float(x) for x in w.values)),),
        x_title=ctx.tr("col.weight"),
        value_format="pct1",
    )
    fig = _figure(
        ctx,
        "fig_weights",
        ctx.tr("weights.figure"),
        ctx.tr(
            "weights.figure_alt",
            top=ctx.name(crit_by_id[w.criterion_ids[int(np.argmax(w.values))]]),
            w=ctx.fmt(float(np.max(w.values)), "pct1"),
        ),
        chart,
        Table(
            "fig_weights_data",
            ctx.tr("weights.figure"),
            (ctx.tr("col.criterion"), ctx.tr("col.weight")),
            tuple((ctx.name(crit_by_id[c]), float(v)) for c, v in zip(w.criterion_ids, w.values)),
            ("text", "pct1"),
        ),
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
                tuple(ctx.workshop.blocks(ctx)),
            )
        )
    return out


def _results(ctx: _Ctx) -> list[Section]:
    ds = ctx.ds
    regions = ctx.region_ids
    rank_rows = []
    for o in ds.options:
        row: list[Any] = [ctx.name(o)]
        for rid in regions:
            res = ctx.results[rid]
            row.append(int(res.ranks[res.option_ids.index(o.id)]))
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
            )
        )
    sections = [Section("results", ctx.tr("results.heading"), 1, "results", tuple(blocks))]
    for rid in regions:
        res = ctx.results[rid]
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
        cats = tuple(ctx.name(p.options[i]) for i in order)
        series = tuple(
            Series(gnames[k], tuple(float(res.group_contributions[i, k]) for i in order))
            for k in range(len(gnames))
        )
        top = res.order[0]
        fig = _figure(
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
            ChartSpec("stacked_hbar", cats, series, x_title=ctx.tr("col.total"), x_range=(0.0, 100.0)),
            Table(
                f"fig_results_{rid}_data",
                ctx.tr("results.figure", region=rname),
                (ctx.tr("col.option"), *gnames, ctx.tr("col.total")),
                tuple(
                    (
                        ctx.name(p.options[i]),
                        *(float(res.group_contributions[i, k]) for k in range(len(gnames))),
                        float(res.totals[i]),
                    )
                    for i in order
                ),
                ("text",) + ("num1",) * (len(gnames) + 1),
            ),
        )
        sections.append(
            Section(
                f"results_{rid}", ctx.tr("results.region_heading", region=rname), 2, "results", (table, fig)
            )
        )
    return sections


def _robustness(ctx: _Ctx) -> list[Section]:
    intro: list[Block] = [Paragraph(ctx.tr("robustness.intro"))]
    if ctx.robustness_missing:
        intro.append(_unavailable(ctx, ctx.tr("robustness.heading"), ctx.robustness_missing))
        return [Section("robustness", ctx.tr("robustness.heading"), 1, "sensitivity", tuple(intro), False)]
    sections = [Section("robustness", ctx.tr("robustness.heading"), 1, "sensitivity", tuple(intro))]
    for rid in ctx.region_ids:
        rob = ctx.robustness[rid]
        sections.append(
            Section(
                f"robustness_{rid}",
                ctx.tr("robustness.region_heading", region=ctx.region_name(rid)),
                2,
                "sensitivity",
                tuple(rob.blocks(ctx, rid, _figure)),
            )
        )
    return sections


def _economics(ctx: _Ctx) -> list[Section]:
    intro: list[Block] = []
    if ctx.economics is None:
        intro.append(Paragraph(ctx.tr("economics.intro")))
        intro.append(_unavailable(ctx, ctx.tr("economics.heading"), ctx.economics_missing))
        return [Section("economics", ctx.tr("economics.heading"), 1, "economics", tuple(intro), False)]
    econ = ctx.economics
    sections = [
        Section(
            "economics", ctx.tr("economics.heading"), 1, "economics", tuple(econ.intro_blocks(ctx, _figure))
        )
    ]
    for rid in ctx.region_ids:
        sections.append(
            Section(
                f"economics_{rid}",
                ctx.tr("economics.region_heading", region=ctx.region_name(rid)),
                2,
                "economics",
                tuple(econ.region_blocks(ctx, rid, _figure)),
            )
        )
    return sections


def _data_register_rows(ctx: _Ctx) -> list[tuple]:
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


def _assumptions(ctx: _Ctx) -> list[Section]:
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
    if ctx.economics is not None:
        rows = ctx.economics.register_rows(ctx) + rows
    else:
        blocks.append(_unavailable(ctx, ctx.tr("assumptions.econ_part"), ctx.economics_missing))
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


def _audit(ctx: _Ctx) -> list[Section]:
    blocks: list[Block] = [Paragraph(ctx.tr("audit.intro"))]
    session_rows = []
    for rid, edits in sorted(ctx.score_edits.items()):
        for (opt, crit), val in sorted(edits.items()):
            base = ctx.ds.problem(rid)
            i, j = base.option_ids.index(opt), base.criterion_ids.index(crit)
            session_rows.append(
                (
                    ctx.region_name(rid),
                    ctx.tr("audit.score_edit"),
                    f"{ctx.option_name(opt)} × {ctx.criterion_name(crit)}",
                    float(base.scores[i, j]),
                    float(val),
                    ctx.score_comments.get(rid, {}).get((opt, crit), ""),
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
    if ctx.audit is not None:
        blocks += ctx.audit.blocks(ctx)
    elif ctx.has_scenario:
        blocks.append(Paragraph(ctx.tr("audit.file_scenario"), "note"))
    else:
        blocks.append(Paragraph(ctx.tr("audit.no_store"), "note"))
    return [Section("audit", ctx.tr("audit.heading"), 1, "audit", tuple(blocks))]


def _method(ctx: _Ctx) -> list[Section]:
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


# --------------------------------------------------------------------------- entry point


def build_report(
    dataset: Dataset,
    weights: WeightSet | None = None,
    *,
    regions: Sequence[str] | str | None = None,
    scenario: Any = None,
    lang: str = "en",
    report_date: date | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    score_edits: Mapping[str, Mapping[tuple[str, str], float]] | None = None,
    econ_overrides: Mapping[str, float] | None = None,
    economics: bool = True,
    static_figures: bool = True,
    audit_entries: Sequence[Any] | None = None,
    workshop: engines.WorkshopInput | None = None,
    workers: int = 1,
) -> Report:
    """Compute every result once and lay the report out in sections.

    ``regions``: region ids, ``"all"`` or None (all). ``weights``: the weight set
    (default: the data's weights, or the scenario's). ``score_edits``: per-region
    ``{(option, criterion): score}`` changes made in the app. ``scenario``: a saved
    scenario (appraisal.store) whose weights, score overrides and economic assumptions
    are applied unless given explicitly. ``samples``/``seed`` drive SMAA and Monte Carlo.
    ``static_figures=False`` skips the PNGs (HTML does not need them).
    ``audit_entries``: the store's audit trail of the scenario (``Repository.audit``);
    ``workshop``: a workshop's aggregate weights shown beside the report's weights.
    ``workers`` > 1 draws the static figures in that many forked processes (CLI, batch).
    """
    if regions is None or regions == "all":
        region_ids = dataset.region_ids
    else:
        asked = [regions] if isinstance(regions, str) else list(regions)
        region_ids = tuple(dict.fromkeys(dataset.region(r).id for r in asked))
    if not region_ids:
        raise ValueError("a report needs at least one region")
    sc = engines.scenario_inputs(scenario, dataset)
    if weights is None and sc.weights is not None:
        weights = sc.weights
    edits: dict[str, dict[tuple[str, str], float]] = {k: dict(v) for k, v in (sc.score_edits or {}).items()}
    for rid, e in (score_edits or {}).items():
        edits.setdefault(rid, {}).update(e)
    econ_over = dict(sc.econ_overrides or {})
    econ_over.update(econ_overrides or {})
    problems: dict[str, Problem] = {}
    results: dict[str, AdditiveResult] = {}
    for rid in region_ids:
        p = dataset.problem(rid)
        if edits.get(rid):
            p = p.with_scores(edits[rid], origin="user")
        problems[rid] = p
        results[rid] = evaluate(p, weights)
    ws = results[region_ids[0]].weights
    ctx = _Ctx(
        ds=dataset,
        lang=lang,
        weights=ws,
        region_ids=region_ids,
        problems=problems,
        results=results,
        samples=int(samples),
        seed=int(seed),
        has_scenario=scenario is not None,
        score_edits={k: v for k, v in edits.items() if v and k in region_ids},
    )
    ctx.robustness, ctx.robustness_missing = engines.robustness(results, samples=ctx.samples, seed=ctx.seed)
    if economics:
        ctx.economics, ctx.economics_missing = engines.economics(
            dataset, results, econ_over, samples=ctx.samples, seed=ctx.seed
        )
    else:
        ctx.economics_missing = t("report.economics_skipped", lang)
    ctx.audit = engines.audit(audit_entries, sc.name)
    ctx.workshop = engines.workshop(workshop)
    ctx.score_comments = {r: dict(c) for r, c in (sc.score_comments or {}).items()}

    preferred = []
    for rid in region_ids:
        res = results[rid]
        top = res.top
        first = res.order[0]
        second = res.order[1] if len(res.order) > 1 else first
        preferred.append(
            Preferred(
                region=rid,
                region_name=ctx.region_name(rid),
                options=top,
                option_names=tuple(ctx.option_name(o) for o in top),
                total=float(res.totals[first]),
                margin=float(res.totals[first] - res.totals[second]),
            )
        )
    sections: list[Section] = []
    for build in (
        _problem,
        _criteria,
        _scores,
        _weights,
        _results,
        _robustness,
        _economics,
        _assumptions,
        _audit,
    ):
        sections += build(ctx)
    sections = _summary(ctx, preferred) + sections + _method(ctx)
    if static_figures:
        sections = _render_figures(sections, lang, workers)
    d = report_date or date.today()
    scenario_name = sc.name or t("report.scenario_default", lang)
    region_text = (
        t("report.all_regions", lang)
        if set(region_ids) == set(dataset.region_ids) and len(region_ids) > 1
        else ", ".join(ctx.region_name(r) for r in region_ids)
    )
    facts = (
        KeyFact(t("report.fact.scenario", lang), scenario_name),
        KeyFact(t("report.fact.regions", lang), region_text),
        KeyFact(t("report.fact.data_version", lang), dataset.version),
        KeyFact(t("report.fact.date", lang), fmt_date(d, lang)),
        KeyFact(t("report.fact.weights", lang), t(f"report.method.{ws.method}", lang)),
        KeyFact(
            t("report.fact.samples", lang),
            t("report.fact.samples_value", lang, n=format_cell(samples, "int", lang), seed=seed),
        ),
    )
    if sc.author:
        facts += (KeyFact(t("report.fact.author", lang), sc.author),)
    if sc.notes:
        facts += (KeyFact(t("report.fact.notes", lang), sc.notes),)
    return Report(
        title=t("report.title", lang),
        subtitle=t("report.subtitle", lang, regions=region_text),
        lang=lang,
        report_date=d,
        date_text=fmt_date(d, lang),
        scenario_name=scenario_name,
        data_version=dataset.version,
        region_ids=region_ids,
        key_facts=facts,
        preferred=tuple(preferred),
        sections=tuple(sections),
        parts=tuple((p, t(f"report.part.{p}", lang)) for p in PARTS),
        unavailable=tuple(s.key for s in sections if not s.available),
        author=sc.author,
        file_stem=report_file_stem(region_ids, dataset.region_ids, d),
    )
