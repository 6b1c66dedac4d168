"""Lay the report out once from one appraisal run's results.

``build_report(results, ...)`` reads an :class:`~appraisal.results.AppraisalResults`
(the same object the app's pages show) and returns the format-neutral
:class:`~appraisal.report.structure.Report`; ``appraisal.report.render`` turns it into
DOCX, PDF, XLSX or HTML. Nothing here calls an engine: every number is read from the
results, so a choice made in the app or on the command line reaches every format.
The same results and ``report_date`` give the same bytes in every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from appraisal.i18n import t
from appraisal.i18n.formatting import format_cell
from appraisal.i18n.formatting import format_date as fmt_date
from appraisal.report.context import ReportContext, ScenarioInfo, WorkshopInput
from appraisal.report.sections import (
    assumptions,
    audit,
    business_case,
    choices,
    criteria,
    dissent,
    economics,
    method,
    national,
    problem,
    results,
    robustness,
    scores,
    summary,
    weights,
)
from appraisal.report.structure import Figure, KeyFact, Report, Section, report_file_stem
from appraisal.results import AppraisalResults

#: Report variants (``build_report(variant=...)``, ``report --variant``).
VARIANTS: tuple[str, ...] = ("technical", "full", "summary")

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


def _render_figures(sections: list[Section], lang: str, workers: int) -> list[Section]:
    """Fill in every figure's static PNG (in ``workers`` processes when > 1).

    ``render_many`` draws each distinct figure once per process and keeps it, so the
    DOCX and PDF of this report, and any later report with the same figure, embed the
    same bytes without drawing it again."""
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


def build_report(
    run_results: AppraisalResults,
    *,
    regions: Sequence[str] | str | None = None,
    scenario: ScenarioInfo | None = None,
    report_date: date | None = None,
    audit_entries: Sequence[Any] | None = None,
    workshop: WorkshopInput | None = None,
    static_figures: bool = True,
    workers: int = 1,
    variant: str = "technical",
) -> Report:
    """The report of ``run_results`` (in the language of its inputs).

    ``regions``: the regions to show (default: every region of the run; ``"all"``: the
    same). ``scenario``: the saved scenario the run came from (name, version, author,
    reason), recorded on the title page and in the choices section. ``audit_entries``:
    the store's audit trail of that scenario; ``workshop``: a workshop's aggregate
    weights shown beside the report's. ``static_figures=False`` skips the PNGs (HTML and
    XLSX do not need them); ``workers`` > 1 draws them in that many processes.
    ``variant``: ``technical`` (the appraisal in ISPOR order), ``full`` (the business case in
    the Five Case Model with the impact assessment, the appraisal as its evidence and the
    provenance annex) or ``summary`` (the executive summary and the value-for-money
    statements only).
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown report variant {variant!r}; choose one of {', '.join(VARIANTS)}")
    res = run_results
    if regions is not None and regions != "all":
        res = res.subset([regions] if isinstance(regions, str) else list(regions))
    if not res.region_ids:
        raise ValueError("a report needs at least one region")
    res.complete()
    lang = res.inputs.lang
    ctx = ReportContext(
        results=res,
        scenario=scenario,
        audit_entries=None if audit_entries is None else tuple(audit_entries),
        workshop=workshop if workshop is not None and workshop.aggregate is not None else None,
        lang=lang,
    )
    pref = summary.preferred(ctx)
    if variant == "summary":
        sections = summary.sections(ctx, pref, narrative=False) + business_case.economic(
            ctx, region_labels=False
        )
    else:
        body: list[Section] = []
        for part in (
            choices,
            problem,
            criteria,
            scores,
            weights,
            results,
            robustness,
            economics,
            national,
            assumptions,
            audit,
            dissent,
        ):
            body += part.sections(ctx)
        if variant == "full":
            annex = business_case.provenance(ctx)
            sections = (
                summary.sections(ctx, pref)
                + business_case.sections(ctx)
                + body
                + annex
                + method.sections(ctx)
            )
        else:
            sections = summary.sections(ctx, pref) + body + method.sections(ctx)
    if static_figures:
        sections = _render_figures(sections, lang, workers)
    d = report_date or date.today()
    scenario_name = scenario.name if scenario is not None else t("report.scenario_default", lang)
    region_text = (
        t("report.all_regions", lang)
        if set(res.region_ids) == set(res.dataset.region_ids) and len(res.region_ids) > 1
        else ", ".join(ctx.region_name(r) for r in res.region_ids)
    )
    i = res.inputs
    facts = (
        KeyFact(t("report.fact.scenario", lang), scenario_name),
        KeyFact(t("report.fact.regions", lang), region_text),
        KeyFact(t("report.fact.data_version", lang), res.data_version),
        KeyFact(t("report.fact.date", lang), fmt_date(d, lang)),
        KeyFact(t("report.fact.weights", lang), t(f"report.method.{res.weights.method}", lang)),
        KeyFact(
            t("report.fact.samples", lang),
            t("report.fact.samples_value", lang, n=format_cell(i.draws, "int", lang), seed=i.seed),
        ),
    )
    if scenario is not None:
        if scenario.author:
            facts += (KeyFact(t("report.fact.author", lang), scenario.author),)
        if scenario.reason:
            facts += (KeyFact(t("report.fact.reason", lang), scenario.reason),)
        if scenario.notes:
            facts += (KeyFact(t("report.fact.notes", lang), scenario.notes),)
    return Report(
        title=t("report.title", lang),
        subtitle=t("report.subtitle", lang, regions=region_text),
        lang=lang,
        report_date=d,
        date_text=fmt_date(d, lang),
        scenario_name=scenario_name,
        data_version=res.data_version,
        region_ids=res.region_ids,
        key_facts=facts,
        preferred=tuple(pref),
        sections=tuple(sections),
        parts=tuple((p, t(f"report.part.{p}", lang)) for p in PARTS),
        unavailable=tuple(s.key for s in sections if not s.available),
        author=scenario.author if scenario is not None else "",
        file_stem=report_file_stem(res.region_ids, res.dataset.region_ids, d),
        variant=variant,
    )
