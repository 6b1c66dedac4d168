"""Scores: the baseline judgements with rationale and evidence, each region's matrix,
its data overrides and the user's edits with the reason given for each."""

from __future__ import annotations

from appraisal.model import Problem
from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table


def _score_rows(ctx: ReportContext, problem: Problem, cells) -> tuple[tuple, ...]:
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


def _score_headers(ctx: ReportContext) -> tuple[str, ...]:
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


def sections(ctx: ReportContext) -> list[Section]:
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
            comments = ctx.inputs.reasons_for(rid)
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
