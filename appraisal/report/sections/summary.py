"""Executive summary: the preferred option per region, its lead, how robust it is and
its economic case, all read from the run's derived facts."""

from __future__ import annotations

import math
from typing import Any

from appraisal.report.context import ReportContext, unavailable
from appraisal.report.structure import Block, Paragraph, Preferred, Section, Table


def preferred(ctx: ReportContext) -> list[Preferred]:
    """The preferred option(s) of each region, as the Report model records them."""
    out = []
    for r in ctx.results:
        out.append(
            Preferred(
                region=r.region_id,
                region_name=ctx.region_name(r.region_id),
                options=r.winners,
                option_names=tuple(ctx.option_name(o) for o in r.winners),
                total=r.total,
                margin=r.margin,
            )
        )
    return out


def nearest_switch_text(ctx: ReportContext, rid: str, sentence: bool = False) -> str:
    """The one-weight change nearest today's weights as a clause (summary) or a sentence."""
    n = ctx.region(rid).nearest_switch
    if n is None:
        return ctx.tr("robustness.no_switch_any_sentence" if sentence else "robustness.no_switch_any")
    return ctx.tr(
        "robustness.nearest_switch_sentence" if sentence else "robustness.nearest_switch",
        criterion=ctx.criterion_name(n.criterion),
        current=ctx.fmt(n.current, "pct1"),
        switch=ctx.fmt(n.switch, "pct1"),
        option=ctx.option_name(n.to),
    )


def robust_sentence(ctx: ReportContext, rid: str) -> str:
    """'Under <the SMAA model> it ranks first in x% of simulations (verdict); <switch>'."""
    r = ctx.region(rid)
    model = ctx.inputs.smaa_model
    return ctx.tr(
        f"summary.robust_{model}",
        acc=ctx.fmt(r.acceptability, "pct0"),
        verdict=ctx.p.verdict(r.verdict).lower(),
        spread=ctx.fmt(ctx.inputs.smaa_spread, "pct0"),
        switch=nearest_switch_text(ctx, rid),
    )


def econ_sentence(ctx: ReportContext, rid: str, option: str) -> str:
    """The preferred option's economic case in words: its NPSV and BCR in the run's
    headline view, the other view's BCR, and its rate of return against the break-even
    return each pound must earn (no rate of return when its benefits never repay it)."""
    from appraisal.economics.labels import mode_label
    from appraisal.report.sections.economics import _views

    r = ctx.region(rid)
    view, other = _views(ctx)
    npv, bcr = r.npsv_bcr(option, view)
    _, bcr_o = r.npsv_bcr(option, other)
    econ = r.economics
    text = ctx.tr(
        "summary.econ",
        npv=ctx.fmt(npv, "gbp0"),
        view=mode_label(view, ctx.lang, short=True),
        other=mode_label(other, ctx.lang, short=True),
        bcr=ctx.fmt(bcr, "num2") if bcr is not None else "–",
        bcr_other=ctx.fmt(bcr_o, "num2") if bcr_o is not None else "–",
    )
    i = econ.index(option)
    irr, br = float(econ.irr[i]), float(econ.breakeven_return[i])
    if math.isfinite(br):
        key = "summary.econ_irr" if math.isfinite(irr) else "summary.econ_no_irr"
        text += " " + ctx.tr(key, irr=ctx.fmt(irr, "pct1"), breakeven=ctx.fmt(br, "pct1"))
    return text


def sections(ctx: ReportContext, pref: list[Preferred], *, narrative: bool = True) -> list[Section]:
    """The executive summary: the preferred option per region in a table and, with
    ``narrative``, a paragraph a region (the two-page summary variant leaves the paragraphs
    out when the value-for-money statements that follow it say the same per region)."""
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
    econ = ctx.economics_available
    if econ:
        from appraisal.economics.labels import mode_label
        from appraisal.report.sections.economics import _views

        view, other = _views(ctx)
        v, w = mode_label(view, ctx.lang, short=True), mode_label(other, ctx.lang, short=True)
        headers += [ctx.tr("col.npsv_preferred", view=v), ctx.tr("col.bcr_view", view=v)]
        formats += ["gbp0", "num2"]
        if narrative:  # the other benefit view's BCR (the two-page summary leaves it out)
            headers.append(ctx.tr("col.bcr_view", view=w))
            formats.append("num2")
    rows = []
    paras: list[Block] = [Paragraph(ctx.tr("summary.intro", n=len(ctx.region_ids)))]
    for p in pref:
        r = ctx.region(p.region)
        runner = ctx.option_name(r.runner_up) if r.runner_up else "–"
        verdict = ctx.p.verdict(r.verdict)
        row: list[Any] = [
            p.region_name,
            " = ".join(p.option_names),
            p.total,
            runner,
            p.margin,
            r.acceptability,
            verdict,
        ]
        npv = None
        if econ:
            npv, bcr = r.npsv_bcr(p.options[0], view)
            row += [npv, bcr] + ([r.npsv_bcr(p.options[0], other)[1]] if narrative else [])
        rows.append(tuple(row))
        text = ctx.tr(
            "summary.region",
            region=p.region_name,
            option=" = ".join(p.option_names),
            total=ctx.fmt(p.total, "num1"),
            margin=ctx.fmt(p.margin, "num1"),
            runner=runner,
        )
        text += " " + robust_sentence(ctx, p.region)
        if npv is not None:
            text += " " + econ_sentence(ctx, p.region, p.options[0])
        if narrative or not econ:
            paras.append(Paragraph(text))
    widths = [1.1, 1.5, 0.7, 1.5, 0.6, 0.8, 0.8] + ([1.0, 0.6] + ([0.6] if narrative else []) if econ else [])
    table = Table(
        "summary_preferred",
        ctx.tr("summary.table"),
        tuple(headers),
        tuple(rows),
        tuple(formats),
        tuple(widths),
    )
    blocks: list[Block] = [paras[0], table, *paras[1:]]
    if not econ:
        blocks.append(unavailable(ctx, ctx.tr("economics.heading"), ctx.results.economics_missing))
    blocks.append(Paragraph(ctx.tr("summary.caution"), "note"))
    return [Section("summary", ctx.tr("summary.heading"), 1, "summary", tuple(blocks))]
