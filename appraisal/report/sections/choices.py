"""The choices behind this appraisal: the scenario (name, version, author, the reason it
was saved, unsaved changes) and every choice of the run (regions, weighting method,
score edits, economic choices with the values they resolved to (the headline benefit view,
the curve of the labelled what-if; discounting is the Green Book's, never a choice),
economic overrides,
SMAA model and spread, draws and seed, data and assumptions versions, language), so a
reader can reproduce every figure (``python -m appraisal report --scenario FILE``)."""

from __future__ import annotations

from appraisal.i18n import t
from appraisal.inputs import BENEFIT_VIEWS
from appraisal.report.context import ReportContext
from appraisal.report.sections.economics import label
from appraisal.report.structure import Block, Paragraph, Section, Table


def rows(ctx: ReportContext) -> list[tuple[str, str]]:
    """(choice, value) pairs in the report's language."""
    i = ctx.inputs
    sc = ctx.scenario
    out: list[tuple[str, str]] = []
    if sc is None:
        out.append((ctx.tr("choice.scenario"), ctx.tr("scenario_default")))
    else:
        version = ctx.tr("choice.version_value", n=sc.version) if sc.version else ctx.tr("choice.from_file")
        out.append((ctx.tr("choice.scenario"), f"{sc.name} ({version})"))
        out.append((ctx.tr("choice.author"), sc.author or "–"))
        out.append((ctx.tr("choice.reason"), sc.reason or ctx.tr("choice.no_reason")))
        if sc.saved_at:
            out.append((ctx.tr("choice.saved"), sc.saved_at))
        if sc.unsaved_changes:
            out.append((ctx.tr("choice.unsaved"), ctx.tr("choice.unsaved_value")))
    all_regions = set(ctx.region_ids) == set(ctx.ds.region_ids) and len(ctx.region_ids) > 1
    out.append(
        (
            ctx.tr("choice.regions"),
            ctx.tr("all_regions") if all_regions else ", ".join(ctx.region_name(r) for r in ctx.region_ids),
        )
    )
    w = ctx.weights
    method = (
        ctx.tr(f"method.{w.method}")
        if w.method in ("points", "swing", "rank", "ahp", "hierarchical")
        else w.method
    )
    defaults = ctx.results.weights_default
    out.append(
        (ctx.tr("choice.weights"), method + (" · " + ctx.tr("choice.weights_default") if defaults else ""))
    )
    out.append((ctx.tr("choice.score_edits"), ctx.fmt(len(i.score_edits), "int")))
    out.append((ctx.tr("choice.value_functions"), ctx.fmt(len(i.value_functions), "int")))
    if ctx.economics_available:
        first = ctx.region(ctx.region_ids[0]).economics
        e = i.economics
        given = ctx.tr("choice.given")
        dflt = ctx.tr("choice.default")
        out += [
            (
                ctx.tr("choice.coverage"),
                f"{ctx.fmt(first.coverage, 'pct0')} ({given if e.coverage is not None else dflt})",
            ),
            (ctx.tr("choice.horizon"), f"{first.horizon} ({given if e.horizon is not None else dflt})"),
            (
                ctx.tr("choice.service_years"),
                f"{first.service_years} ({given if e.service_years is not None else dflt})",
            ),
            (ctx.tr("choice.discount"), ctx.tr("choice.discount_value")),
            (
                ctx.tr("choice.heckman"),
                f"{t(f'econ.preset.{first.heckman_preset}', ctx.lang)} ({given if e.heckman is not None else dflt})",
            ),
            (
                ctx.tr("choice.benefit_view"),
                f"{t(f'econ.mode.{e.benefit_view}', ctx.lang)} "
                f"({given if e.benefit_view != BENEFIT_VIEWS[0] else dflt})",
            ),
            (ctx.tr("choice.overrides"), ctx.fmt(len(e.overrides), "int")),
        ]
    out += [
        (
            ctx.tr("choice.smaa_model"),
            ctx.tr(f"choice.smaa.{i.smaa_model}", spread=ctx.fmt(i.smaa_spread, "pct0")),
        ),
        (ctx.tr("choice.score_uncertainty"), ctx.tr(f"choice.su.{i.score_uncertainty}")),
        (ctx.tr("choice.draws"), ctx.tr("fact.samples_value", n=ctx.fmt(i.draws, "int"), seed=i.seed)),
        (ctx.tr("choice.data_version"), ctx.results.data_version),
        (ctx.tr("choice.assumptions_version"), ctx.results.assumptions_version or "–"),
        (ctx.tr("choice.language"), ctx.tr(f"choice.lang.{ctx.lang}")),
    ]
    return out


def _values(ctx: ReportContext, criterion: str) -> list[tuple[float, float]]:
    """The run's value function of ``criterion`` (with the user's edit), as (score, value)."""
    p = ctx.region(ctx.region_ids[0]).problem
    vf = p.criteria[p.criterion_ids.index(criterion)].value_function
    return list(zip(vf.xs, vf.vs))


def sections(ctx: ReportContext) -> list[Section]:
    blocks: list[Block] = [Paragraph(ctx.tr("choices.intro"))]
    blocks.append(
        Table(
            "choices",
            ctx.tr("choices.table"),
            (ctx.tr("col.choice"), ctx.tr("col.value")),
            tuple(rows(ctx)),
            ("text", "text"),
            (2.0, 4.0),
        )
    )
    overrides = ctx.inputs.economics.overrides
    if overrides and ctx.economics_available:
        blocks.append(
            Table(
                "choices_overrides",
                ctx.tr("economics.overrides_table"),
                (ctx.tr("col.parameter"), ctx.tr("col.value")),
                tuple((label(ctx, k), float(v)) for k, v in sorted(overrides.items())),
                ("text", "sig"),
                (4.0, 1.0),
            )
        )
    if ctx.inputs.value_functions:
        crit = {c.id: c for c in ctx.ds.criteria}
        blocks.append(
            Table(
                "choices_value_functions",
                ctx.tr("choices.value_functions_table"),
                (ctx.tr("col.criterion"), ctx.tr("col.method"), ctx.tr("col.values"), ctx.tr("col.reason")),
                tuple(
                    (
                        ctx.name(crit[v.criterion]),
                        ctx.tr(f"choice.vf_method.{v.spec['method']}"),
                        ", ".join(f"{x:g}→{y:.0f}" for x, y in _values(ctx, v.criterion)),
                        v.reason or "–",
                    )
                    for v in ctx.inputs.value_functions
                ),
                ("text", "text", "text", "text"),
                (1.6, 1.0, 1.6, 2.2),
            )
        )
    notes = getattr(ctx.results, "upgrade_notes", ())
    if notes:
        blocks.append(
            Paragraph(ctx.tr("choices.upgraded") + " " + " ".join(t(k, ctx.lang, **p) for k, p in notes))
        )
    if ctx.scenario is not None and ctx.scenario.notes:
        blocks.append(Paragraph(ctx.tr("choices.notes", notes=ctx.scenario.notes)))
    blocks.append(Paragraph(ctx.tr("choices.reproduce"), "note"))
    return [Section("choices", ctx.tr("choices.heading"), 1, "inputs", tuple(blocks))]
