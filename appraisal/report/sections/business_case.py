"""The business case in HM Treasury's Five Case Model, with Wales's impact assessments.

HM Treasury (2018) *Guide to developing the project business case*: the strategic,
economic, commercial, financial and management cases; the Green Book (2022) options
framework filter for the long list. Wales: the Well-being of Future Generations (Wales)
Act 2015 (seven goals, five ways of working), the Welsh Language Standards, the public
sector equality duty and the socio-economic duty (Equality Act 2010, s.149 and s.1), and a
children's rights impact assessment (UNCRC; Rights of Children and Young Persons (Wales)
Measure 2011).

What the run knows is written out from it (need, the shortlist, the value-for-money
statement, costs by year, the outcome chain's measures, the criteria that bear on each
duty) and marked as pre-filled; what only the board can say is its own text
(``AppraisalInputs.case_text``), or a plain statement that the board has not completed it.
"""

from __future__ import annotations

import math

from appraisal.report.context import ReportContext
from appraisal.report.structure import Block, Paragraph, Section, Table

#: Option -> the hosting arrangement it implies (the commercial case's rows).
ARRANGEMENTS = {
    "phn_early_years": "health",
    "perinatal_mh": "health",
    "camhs": "health",
    "local_authority": "council",
    "regional_partnership": "pooled",
    "third_sector": "contract",
    "build_on_existing": "existing",
}


def _board(ctx: ReportContext, field: str) -> list[Block]:
    """The board's text for ``field``, or a plain statement that it is not completed."""
    text = ctx.inputs.case_text.get(field, "")
    if not text:
        return [Paragraph(ctx.tr("case.not_completed", field=ctx.tr(f"case.field.{field}")), "warning")]
    return [Paragraph(ctx.tr("case.board_text", field=ctx.tr(f"case.field.{field}"))), Paragraph(text)]


def _prefilled(ctx: ReportContext, text: str) -> Paragraph:
    return Paragraph(ctx.tr("case.prefilled", text=text), "note")


def _money(ctx: ReportContext, x: float) -> str:
    return ctx.fmt(x, "gbp0")


# ----------------------------------------------------------------------------- strategic


def strategic(ctx: ReportContext) -> list[Section]:
    rows = []
    for rid in ctx.region_ids:
        n = ctx.region(rid).need
        rows.append((ctx.region_name(rid), n.births, n.babies_in_need, n.served, n.gap))
    blocks: list[Block] = [
        Paragraph(ctx.tr("case.strategic.intro")),
        Table(
            "case_for_change",
            ctx.tr("case.strategic.need_table"),
            (
                ctx.tr("col.region"),
                ctx.tr("col.births"),
                ctx.tr("case.col.in_need"),
                ctx.tr("case.col.served"),
                ctx.tr("case.col.gap"),
            ),
            tuple(rows),
            ("text", "int", "int", "int", "int"),
            (1.6, 1.0, 1.0, 1.0, 1.2),
            note=ctx.tr("case.strategic.need_note"),
        ),
        _prefilled(ctx, ctx.tr("case.strategic.need_prefilled")),
    ]
    blocks += _board(ctx, "strategic.objectives")
    blocks += _board(ctx, "strategic.success_factors")
    blocks += long_list(ctx)
    blocks += _board(ctx, "strategic.long_list")
    return [Section("strategic_case", ctx.tr("case.strategic.heading"), 1, "summary", tuple(blocks))]


def long_list(ctx: ReportContext) -> list[Block]:
    """The long list through the options framework filter (``criteria/long_list.yaml``):
    every choice, its dimension, what the filter did and why; shortlisted options name the
    regions that appraise them."""
    entries = ctx.ds.long_list
    if not entries:
        return [Paragraph(ctx.tr("case.strategic.no_long_list"), "warning")]
    rows = []
    for e in entries:
        why = ctx.name(e, "reason")
        if e.option:
            where = _where(ctx, e.option)
            if where and len(where) < len(ctx.region_ids):
                why += " " + ctx.tr(
                    "case.strategic.where", where=", ".join(ctx.region_name(r) for r in where)
                )
        rows.append(
            (
                ctx.tr(f"case.dimension.{e.dimension}"),
                ctx.name(e, "name"),
                ctx.tr(f"case.outcome.{e.outcome}"),
                why,
                ctx.name(e, "paper_section"),
            )
        )
    counts = {
        k: sum(e.outcome == k for e in entries)
        for k in ("shortlisted", "comparator", "carried_forward", "discounted")
    }
    return [
        Paragraph(ctx.tr("case.strategic.long_list_intro", n=len(entries), **counts)),
        Table(
            "long_list",
            ctx.tr("case.strategic.long_list_table"),
            (
                ctx.tr("case.col.dimension"),
                ctx.tr("case.col.choice"),
                ctx.tr("case.col.status"),
                ctx.tr("case.col.why"),
                ctx.tr("case.col.section"),
            ),
            tuple(rows),
            ("text", "text", "text", "text", "text"),
            (1.0, 1.7, 0.9, 2.8, 1.0),
            note=ctx.tr("case.strategic.long_list_note"),
        ),
    ]


def _where(ctx: ReportContext, option_id: str) -> list[str]:
    return [r for r in ctx.region_ids if option_id in ctx.region(r).problem.option_ids]


# ----------------------------------------------------------------------------- economic


def vfm_paragraphs(ctx: ReportContext, rid: str) -> list[Block]:
    """The region's value-for-money statement, sentence by sentence from the run."""
    v = ctx.region(rid).vfm_statement
    params = {
        "region": ctx.region_name(rid),
        "preferred": ctx.option_name(v.preferred),
        "acceptability": ctx.fmt(v.acceptability, "pct0"),
        "verdict": ctx.tr(f"verdict.{v.verdict}"),
        "view": ctx.tr(f"case.view.{v.view}") if v.view else "",
        "best": ctx.option_name(v.best_npsv) if v.best_npsv else "",
        "npsv": _money(ctx, v.npsv) if math.isfinite(v.npsv) else "–",
        "bcr": ctx.fmt(v.bcr, "num2") if math.isfinite(v.bcr) else "–",
        "category": ctx.tr(f"case.vfm_category.{v.category}") if v.category else "",
        "chance": ctx.fmt(v.prob_bcr_gt_1, "pct0") if math.isfinite(v.prob_bcr_gt_1) else "–",
    }
    text = " ".join(ctx.tr(k.removeprefix("report."), **params) for k in v.keys)
    return [Paragraph(text)]


def economic(ctx: ReportContext, *, region_labels: bool = True) -> list[Section]:
    """One value-for-money statement a region; ``region_labels=False`` (the two-page
    summary) leaves out the region's name above its statement, which begins with it."""
    blocks: list[Block] = [Paragraph(ctx.tr("case.economic.intro"))]
    for rid in ctx.region_ids:
        if region_labels:
            blocks.append(Paragraph(ctx.region_name(rid), "note"))
        blocks += vfm_paragraphs(ctx, rid)
    blocks.append(Paragraph(ctx.tr("case.economic.method"), "note"))
    return [Section("economic_case", ctx.tr("case.economic.heading"), 1, "summary", tuple(blocks))]


# ----------------------------------------------------------------------------- commercial


def commercial(ctx: ReportContext) -> list[Section]:
    seen: dict[str, object] = {}
    for rid in ctx.region_ids:
        for o in ctx.region(rid).problem.options:
            seen.setdefault(o.id, o)
    rows = tuple(
        (ctx.name(o), ctx.tr(f"case.arrangement.{_arrangement(o)}"), ctx.tr(f"case.risk.{_arrangement(o)}"))
        for o in seen.values()
    )
    blocks: list[Block] = [
        Paragraph(ctx.tr("case.commercial.intro")),
        Table(
            "commercial",
            ctx.tr("case.commercial.table"),
            (ctx.tr("col.option"), ctx.tr("case.col.arrangement"), ctx.tr("case.col.risk")),
            rows,
            ("text", "text", "text"),
            (1.5, 2.6, 2.2),
        ),
        _prefilled(ctx, ctx.tr("case.commercial.prefilled")),
    ]
    blocks += _board(ctx, "commercial.arrangement")
    blocks += _board(ctx, "commercial.risk_transfer")
    return [Section("commercial_case", ctx.tr("case.commercial.heading"), 1, "summary", tuple(blocks))]


def _arrangement(o) -> str:
    return "none" if o.kind == "comparator" else ARRANGEMENTS.get(o.id, "existing")


# ----------------------------------------------------------------------------- financial


def financial(ctx: ReportContext) -> list[Section]:
    """Affordability in cash per funder and year, capital apart from revenue, and the funding
    gap (``RegionResults.affordability``; HM Treasury 2018, the financial case)."""
    blocks: list[Block] = [Paragraph(ctx.tr("case.financial.intro"))]
    for rid in ctx.region_ids:
        reg = ctx.region(rid)
        af = reg.affordability()
        if af is None:
            key = "case.financial.unavailable" if reg.economics is None else "case.financial.no_funding"
            blocks.append(Paragraph(ctx.tr(key), "warning"))
            break
        funders = tuple(ctx.tr(f"case.funder_name.{f}") for f in af.funders)
        rows = tuple(
            (r["financial_year"], r["capital"], r["revenue"], *(r[f] for f in af.funders), r["gap"])
            for r in af.rows()
        )
        total = (
            ctx.tr("case.col.total"),
            float(af.capital.sum()),
            float(af.revenue.sum()),
            *(float(x) for x in af.by_funder.sum(axis=1)),
            float(af.gap_total.sum()),
        )
        shares = ", ".join(f"{n} {ctx.fmt(float(x), 'pct0')}" for n, x in zip(funders, af.shares))
        blocks.append(
            Table(
                f"affordability_{rid}",
                ctx.tr(
                    "case.financial.table",
                    region=ctx.region_name(rid),
                    option=ctx.option_name(af.option),
                ),
                (
                    ctx.tr("case.col.year"),
                    ctx.tr("case.col.capital"),
                    ctx.tr("case.col.revenue"),
                    *funders,
                    ctx.tr("case.col.funding_gap"),
                ),
                (*rows, total),
                ("text", "gbp0", "gbp0", *("gbp0" for _ in funders), "gbp0"),
                (0.8, 0.9, 1.0, *(1.0 for _ in funders), 1.0),
                note=ctx.tr(
                    "case.financial.note",
                    arrangement=ctx.tr(f"case.arrangement_short.{af.arrangement}"),
                    shares=shares or "–",
                    inflation=ctx.fmt(af.cash_inflation, "pct1"),
                    committed=_money(ctx, float(af.committed.sum())),
                ),
            )
        )
    blocks.append(_prefilled(ctx, ctx.tr("case.financial.prefilled")))
    blocks += _board(ctx, "financial.funding")
    return [Section("financial_case", ctx.tr("case.financial.heading"), 1, "economics", tuple(blocks))]


# ----------------------------------------------------------------------------- management


def management(ctx: ReportContext) -> list[Section]:
    rid = ctx.region_ids[0]
    econ = ctx.region(rid).economics
    blocks: list[Block] = [Paragraph(ctx.tr("case.management.intro"))]
    if econ is not None:
        blocks.append(
            Table(
                "benefits_realisation",
                ctx.tr("case.management.benefits_table"),
                (ctx.tr("case.col.step"), ctx.tr("case.col.measure")),
                tuple(
                    (ctx.tr(f"case.chain.{s}"), ctx.tr(f"case.measure.{s}"))
                    for s in ("reached", "engaged", "improved", "outcomes")
                ),
                ("text", "text"),
                (1.5, 4.5),
            )
        )
        blocks.append(_prefilled(ctx, ctx.tr("case.management.prefilled")))
    for f in ("management.delivery", "management.risks", "management.evaluation", "management.governance"):
        blocks += _board(ctx, f)
    return [Section("management_case", ctx.tr("case.management.heading"), 1, "summary", tuple(blocks))]


# ----------------------------------------------------------------------------- impact assessment

#: The criteria whose scores bear on each duty (pre-filled from the model, per region).
IMPACT_CRITERIA: dict[str, tuple[str, ...]] = {
    "impact.welsh_language": ("welsh_language",),
    "impact.equality": ("acceptability", "equitable_coverage"),
    "impact.socio_economic": ("routine_contact", "equitable_coverage"),
    "impact.childrens_rights": ("baby_voice", "relationship_focus"),
    "impact.ways_of_working": ("coproduction_parents", "system_partnership", "funding_sustainability"),
}


def impact(ctx: ReportContext) -> list[Section]:
    blocks: list[Block] = [Paragraph(ctx.tr("case.impact.intro"))]
    crit = {c.id: c for c in ctx.ds.criteria}
    for field in ("impact.wellbeing_goals", *IMPACT_CRITERIA):
        blocks.append(Paragraph(ctx.tr(f"case.field.{field}"), "note"))
        ids = [c for c in IMPACT_CRITERIA.get(field, ()) if c in crit]
        if ids:
            rows = []
            for rid in ctx.region_ids:
                reg = ctx.region(rid)
                p = reg.problem
                i = p.option_ids.index(reg.winner)
                for c in ids:
                    j = p.criterion_ids.index(c)
                    lv = crit[c].value_function.levels
                    k = int(round(p.scores[i, j]))
                    rows.append(
                        (
                            ctx.region_name(rid),
                            ctx.option_name(reg.winner),
                            ctx.name(crit[c]),
                            ctx.name(lv[k]) if lv and 0 <= k < len(lv) else f"{p.scores[i, j]:g}",
                        )
                    )
            blocks.append(
                Table(
                    f"impact_{field.split('.')[1]}",
                    ctx.tr("case.impact.table", field=ctx.tr(f"case.field.{field}")),
                    (
                        ctx.tr("col.region"),
                        ctx.tr("case.col.preferred"),
                        ctx.tr("col.criterion"),
                        ctx.tr("case.col.level"),
                    ),
                    tuple(rows),
                    ("text", "text", "text", "text"),
                    (1.2, 1.6, 2.0, 1.8),
                )
            )
            blocks.append(_prefilled(ctx, ctx.tr("case.impact.prefilled")))
        blocks += _board(ctx, field)
    return [Section("impact_assessment", ctx.tr("case.impact.heading"), 1, "summary", tuple(blocks))]


def provenance(ctx: ReportContext) -> list[Section]:
    """Who made the judgements and on what: the annex the board can audit."""
    res, sc, i = ctx.results, ctx.scenario, ctx.inputs
    dash = "–"
    ws = ctx.workshop.aggregate if ctx.workshop is not None else None
    rows = [
        (ctx.tr("case.prov.scenario"), sc.name if sc else ctx.tr("scenario_default")),
        (ctx.tr("case.prov.version"), str(sc.version) if sc and sc.version else dash),
        (ctx.tr("case.prov.author"), (sc.author if sc else "") or dash),
        (
            ctx.tr("case.prov.weights"),
            ctx.tr(f"method.{res.weights.method}")
            if res.weights.method in ("points", "swing", "rank", "ahp", "hierarchical")
            else res.weights.method,
        ),
        (
            ctx.tr("case.prov.scores"),
            ctx.tr("case.prov.scores_value", n=len(i.score_edits), vf=len(i.value_functions)),
        ),
        (
            ctx.tr("case.prov.workshop"),
            ctx.tr("case.prov.workshop_value", title=ctx.workshop.title, n=ws.n) if ws else dash,
        ),
        (ctx.tr("case.prov.dissent"), str(len(sc.dissent)) if sc else "0"),
        (ctx.tr("case.prov.audit"), str(len(ctx.audit_entries)) if ctx.audit_entries is not None else dash),
        (ctx.tr("case.prov.data"), res.data_version),
        (ctx.tr("case.prov.assumptions"), res.assumptions_version or dash),
        (ctx.tr("case.prov.seed"), ctx.tr("fact.samples_value", n=ctx.fmt(i.draws, "int"), seed=i.seed)),
    ]
    statuses: dict[str, int] = {}
    for s_ in ctx.ds.baseline:
        statuses[s_.status] = statuses.get(s_.status, 0) + 1
    blocks: list[Block] = [
        Paragraph(ctx.tr("case.prov.intro")),
        Table(
            "provenance",
            ctx.tr("case.prov.table"),
            (ctx.tr("col.choice"), ctx.tr("col.value")),
            tuple(rows),
            ("text", "text"),
            (2.0, 4.0),
        ),
        Paragraph(
            ctx.tr(
                "case.prov.sources",
                statuses=", ".join(f"{ctx.status(k)} {v}" for k, v in sorted(statuses.items())),
            ),
            "note",
        ),
    ]
    return [Section("provenance", ctx.tr("case.prov.heading"), 1, "audit", tuple(blocks))]


def sections(ctx: ReportContext) -> list[Section]:
    """The five cases and the integrated impact assessment, in the guide's order."""
    return strategic(ctx) + economic(ctx) + commercial(ctx) + financial(ctx) + management(ctx) + impact(ctx)
