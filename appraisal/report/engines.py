"""Adapters between the report and the engine packages (sensitivity, economics, store).

Each adapter runs the engine once and keeps its result objects; the ``blocks`` methods
only turn those results into report paragraphs, tables and figures. When an engine
package is not installed the adapter returns None with a reason, and the report says
plainly that the part is not available (it never fakes one).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from appraisal.data import Dataset
from appraisal.i18n import t
from appraisal.mcda import AdditiveResult
from appraisal.mcda.weights import WeightSet
from appraisal.report.structure import Block, ChartSpec, Paragraph, Series, Table

if TYPE_CHECKING:  # pragma: no cover
    from appraisal.report.content import _Ctx

FigureFn = Callable[..., Any]

#: First-rank acceptability (SMAA, stated weights with spread) at or above which the
#: preferred option is called robust, and at or above which moderately robust.
ROBUST_AT = 0.80
MODERATE_AT = 0.50
#: Relative spread of the stated weights in the SMAA "stated" model (+/- 20%).
SMAA_SPREAD = 0.2
#: Bars shown in the tornado of the lead over the next best option.
TORNADO_BARS = 10


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# --------------------------------------------------------------------------- scenario


@dataclass(frozen=True)
class ScenarioInputs:
    """What a saved scenario changes: name, weights, score edits, economic assumptions."""

    name: str = ""
    author: str = ""
    notes: str = ""
    weights: WeightSet | None = None
    score_edits: Mapping[str, Mapping[tuple[str, str], float]] = field(default_factory=dict)
    score_comments: Mapping[str, Mapping[tuple[str, str], str]] = field(default_factory=dict)
    econ_overrides: Mapping[str, float] = field(default_factory=dict)


def scenario_inputs(scenario: Any, dataset: Dataset) -> ScenarioInputs:
    """Read an ``appraisal.store`` Scenario (or None) into plain report inputs."""
    if scenario is None:
        return ScenarioInputs()
    ids = dataset.criterion_ids
    sw = scenario.weights
    inputs = dict(_thaw(sw.inputs))
    if not inputs and sw.method == "points":
        inputs = dict(sw.values)  # the points themselves are the input
    weights = WeightSet(ids, sw.normalised(ids), sw.method, inputs)
    edits = {r: scenario.scores(r) for r in scenario.score_overrides}
    comments = {r: {k: v.comment for k, v in cells.items()} for r, cells in scenario.score_overrides.items()}
    return ScenarioInputs(
        name=scenario.name,
        author=scenario.author,
        notes=scenario.notes,
        weights=weights,
        score_edits=edits,
        score_comments=comments,
        econ_overrides=dict(scenario.economic_assumptions),
    )


def _thaw(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {k: _thaw(v) for k, v in obj.items()}
    if isinstance(obj, tuple):
        return [_thaw(v) for v in obj]
    return obj


# --------------------------------------------------------------------------- robustness


@dataclass(frozen=True)
class Robustness:
    """The sensitivity results of one region (computed once, shown as they are).

    ``bundle`` is ``sensitivity.robustness`` run with the stated weights varied by
    +/- SMAA_SPREAD (its SMAA is the main acceptability); ``smaa_uniform`` is SMAA-2
    with no weight information, shown beside it.
    """

    bundle: Any  # sensitivity.RobustnessResult
    smaa_uniform: Any  # sensitivity.SMAAResult

    @property
    def result(self) -> AdditiveResult:
        return self.bundle.additive

    @property
    def switching(self) -> Any:
        return self.bundle.switching

    @property
    def smaa_stated(self) -> Any:
        return self.bundle.smaa

    @property
    def distance(self) -> Any:
        return self.bundle.distance

    @property
    def methods(self) -> Any:
        return self.bundle.methods

    @property
    def tornado(self) -> Any:
        return self.bundle.tornado

    @property
    def top(self) -> str:
        return self.switching.top_option

    @property
    def acceptability_top(self) -> float:
        return self.smaa_stated.first_rank(self.top)

    @property
    def verdict(self) -> str:
        a = self.acceptability_top
        return "robust" if a >= ROBUST_AT else "moderate" if a >= MODERATE_AT else "fragile"

    def nearest_switch(self) -> tuple[str, float, float, str] | None:
        """(criterion, current weight, switching weight, new top) nearest the current weights."""
        best = None
        for r in self.switching.table:
            for t_star, to in ((r.lower_switch, r.lower_to), (r.upper_switch, r.upper_to)):
                if t_star is None or to is None:
                    continue
                gap = abs(t_star - r.current_weight)
                if best is None or gap < best[0]:
                    best = (gap, r.criterion, r.current_weight, t_star, to)
        return None if best is None else best[1:]

    def summary_text(self, ctx: _Ctx, sentence: bool = False) -> str:
        """The nearest switch as a clause (summary) or a sentence (robustness section)."""
        n = self.nearest_switch()
        if n is None:
            return ctx.tr("robustness.no_switch_any_sentence" if sentence else "robustness.no_switch_any")
        cid, cur, t_star, to = n
        return ctx.tr(
            "robustness.nearest_switch_sentence" if sentence else "robustness.nearest_switch",
            criterion=ctx.criterion_name(cid),
            current=ctx.fmt(cur, "pct1"),
            switch=ctx.fmt(t_star, "pct1"),
            option=ctx.option_name(to),
        )

    def blocks(self, ctx: _Ctx, rid: str, figure: FigureFn) -> list[Block]:
        rname = ctx.region_name(rid)
        top_name = ctx.option_name(self.top)
        out: list[Block] = []
        # 1. switching values (Green Book 5.60-5.61: required for the preferred option)
        rows = []
        for r in self.switching.rows():
            gaps = [
                abs(x - r["current_weight"]) for x in (r["lower_switch"], r["upper_switch"]) if x is not None
            ]
            rows.append(
                (
                    ctx.criterion_name(r["criterion"]),
                    r["current_weight"],
                    r["lower_switch"],
                    ctx.option_name(r["lower_to"]) if r["lower_to"] else ctx.tr("robustness.no_switch"),
                    r["upper_switch"],
                    ctx.option_name(r["upper_to"]) if r["upper_to"] else ctx.tr("robustness.no_switch"),
                    min(gaps) if gaps else None,
                )
            )
        out.append(Paragraph(ctx.tr("robustness.switching_intro", option=top_name, region=rname)))
        out.append(
            Table(
                f"switching_{rid}",
                ctx.tr("robustness.switching_table", region=rname),
                (
                    ctx.tr("col.criterion"),
                    ctx.tr("col.current_weight"),
                    ctx.tr("col.lower_switch"),
                    ctx.tr("col.new_top"),
                    ctx.tr("col.upper_switch"),
                    ctx.tr("col.new_top"),
                    ctx.tr("col.nearest_change"),
                ),
                tuple(rows),
                ("text", "pct1", "pct1", "text", "pct1", "text", "pct1"),
                (1.8, 0.7, 0.7, 1.4, 0.7, 1.4, 0.8),
                note=ctx.tr("robustness.switching_note"),
            )
        )
        out.append(Paragraph(self.summary_text(ctx, sentence=True)))
        # 2. distance to change (all weights at once)
        d = self.distance
        if d.rival is None:
            out.append(Paragraph(ctx.tr("robustness.distance_none", option=top_name)))
        else:
            out.append(
                Paragraph(
                    ctx.tr(
                        "robustness.distance",
                        moved=ctx.fmt(d.weight_moved, "pct1"),
                        rival=ctx.option_name(d.rival),
                        option=top_name,
                    )
                )
            )
        # 3. SMAA rank acceptability
        s = self.smaa_stated
        n_opt = len(s.option_ids)
        rank_headers = tuple(ctx.tr("col.rank_n", n=k + 1) for k in range(n_opt))
        srows = []
        for i, oid in enumerate(s.option_ids):
            srows.append(
                (
                    ctx.option_name(oid),
                    *(float(s.rank_acceptability[i, k]) for k in range(n_opt)),
                    float(self.smaa_uniform.rank_acceptability[i, 0]),
                    None if not np.isfinite(s.confidence[i]) else float(s.confidence[i]),
                )
            )
        out.append(
            Paragraph(
                ctx.tr(
                    "robustness.smaa_intro",
                    n=ctx.fmt(s.samples, "int"),
                    seed=s.seed,
                    spread=ctx.fmt(SMAA_SPREAD, "pct0"),
                    option=top_name,
                    acc=ctx.fmt(self.acceptability_top, "pct0"),
                    uni=ctx.fmt(self.smaa_uniform.first_rank(self.top), "pct0"),
                )
            )
        )
        smaa_table = Table(
            f"smaa_{rid}",
            ctx.tr("robustness.smaa_table", region=rname),
            (ctx.tr("col.option"), *rank_headers, ctx.tr("col.rank1_uniform"), ctx.tr("col.confidence")),
            tuple(srows),
            ("text",) + ("pct0",) * n_opt + ("pct0", "pct0"),
            (2.0,) + (0.6,) * n_opt + (0.9, 0.8),
            note=ctx.tr("robustness.smaa_note", hw=ctx.fmt(float(np.max(s.half_width)), "pct1")),
        )
        out.append(smaa_table)
        order = list(self.result.order)
        cats = tuple(ctx.option_name(s.option_ids[i]) for i in order)
        series = tuple(
            Series(rank_headers[k], tuple(float(s.rank_acceptability[i, k]) for i in order))
            for k in range(n_opt)
        )
        out.append(
            figure(
                ctx,
                f"fig_smaa_{rid}",
                ctx.tr("robustness.smaa_figure", region=rname),
                ctx.tr(
                    "robustness.smaa_alt",
                    region=rname,
                    option=top_name,
                    acc=ctx.fmt(self.acceptability_top, "pct0"),
                ),
                ChartSpec(
                    "stacked_hbar",
                    cats,
                    series,
                    x_title=ctx.tr("col.acceptability"),
                    value_format="pct0",
                    x_range=(0.0, 1.0),
                    show_totals=False,
                ),
                Table(
                    f"fig_smaa_{rid}_data",
                    ctx.tr("robustness.smaa_figure", region=rname),
                    (ctx.tr("col.option"), *rank_headers),
                    tuple(
                        (
                            ctx.option_name(s.option_ids[i]),
                            *(float(s.rank_acceptability[i, k]) for k in range(n_opt)),
                        )
                        for i in order
                    ),
                    ("text",) + ("pct0",) * n_opt,
                ),
            )
        )
        # 4. tornado of the lead over the next best option
        tor = self.tornado
        if tor.runner_up is not None and tor.bars:
            bars = tor.bars[:TORNADO_BARS]
            labels = tuple(
                ctx.tr(
                    "robustness.tornado_score",
                    option=ctx.option_name(b.option),
                    criterion=ctx.criterion_name(b.criterion),
                )
                if b.kind == "score"
                else ctx.tr("robustness.tornado_weight", criterion=ctx.criterion_name(b.criterion))
                for b in bars
            )
            lo_name, hi_name = ctx.tr("robustness.tornado_low"), ctx.tr("robustness.tornado_high")
            runner = ctx.option_name(tor.runner_up)
            flips = sum(1 for b in tor.bars if min(b.margin_low, b.margin_high) < 0)
            out.append(
                Paragraph(
                    ctx.tr(
                        "robustness.tornado_intro",
                        option=top_name,
                        runner=runner,
                        margin=ctx.fmt(tor.margin, "num1"),
                        flips=flips,
                    )
                )
            )
            out.append(
                figure(
                    ctx,
                    f"fig_tornado_{rid}",
                    ctx.tr("robustness.tornado_figure", region=rname, option=top_name, runner=runner),
                    ctx.tr(
                        "robustness.tornado_alt",
                        region=rname,
                        first=labels[0],
                        margin=ctx.fmt(tor.margin, "num1"),
                    ),
                    ChartSpec(
                        "tornado",
                        labels,
                        (
                            Series(lo_name, tuple(float(b.margin_low) for b in bars)),
                            Series(hi_name, tuple(float(b.margin_high) for b in bars)),
                        ),
                        x_title=ctx.tr("robustness.tornado_axis", option=top_name, runner=runner),
                        base=float(tor.margin),
                    ),
                    Table(
                        f"fig_tornado_{rid}_data",
                        ctx.tr("robustness.tornado_figure", region=rname, option=top_name, runner=runner),
                        (ctx.tr("col.input"), lo_name, hi_name),
                        tuple(
                            (lab, float(b.margin_low), float(b.margin_high)) for lab, b in zip(labels, bars)
                        ),
                        ("text", "num1", "num1"),
                    ),
                )
            )
        # 5. method robustness
        m = self.methods
        mnames = tuple(ctx.tr(f"mcda_method.{k}") for k in m.methods)
        out.append(
            Table(
                f"methods_{rid}",
                ctx.tr("robustness.methods_table", region=rname),
                (ctx.tr("col.option"), *mnames),
                tuple(
                    (ctx.option_name(oid), *(int(m.ranks[k, i]) for k in range(len(m.methods))))
                    for i, oid in enumerate(m.option_ids)
                ),
                ("text",) + ("int",) * len(m.methods),
                (2.2,) + (0.9,) * len(m.methods),
            )
        )
        taus = "; ".join(
            f"{mnames[k]}: {ctx.fmt(float(m.kendall_tau[k]), 'num2')}" for k in range(1, len(m.methods))
        )
        key = "robustness.methods_same" if m.same_top else "robustness.methods_differ"
        out.append(Paragraph(ctx.tr(key, option=top_name, taus=taus)))
        return out


def robustness(
    results: Mapping[str, AdditiveResult], *, samples: int, seed: int
) -> tuple[dict[str, Robustness], str]:
    """Run the sensitivity analyses per region; ({}, reason) when the package is missing."""
    if not _has("appraisal.sensitivity"):
        return {}, "appraisal.sensitivity"
    from appraisal.sensitivity import robustness as run
    from appraisal.sensitivity import smaa

    out: dict[str, Robustness] = {}
    for rid, res in results.items():
        p = res.problem
        out[rid] = Robustness(
            bundle=run(p, res, samples=samples, seed=seed, model="stated", spread=SMAA_SPREAD),
            smaa_uniform=smaa(p, res.weights, model="uniform", samples=samples, seed=seed),
        )
    return out, ""


# --------------------------------------------------------------------------- economics


#: Bars shown in the economic tornado of the preferred option.
ECON_TORNADO_BARS = 10


@dataclass(frozen=True)
class EconBundle:
    """Economic results for the report's regions, computed once by ``appraisal.economics``.

    ``results``/``mc``/``switching``/``tornado`` are keyed by region id; ``preferred`` is
    the MCDA-preferred option of each region, whose switching values and tornado are shown
    (Green Book 5.60-5.61 asks for switching values of the preferred option).
    """

    assumptions: Any  # economics.Assumptions (with any overrides applied)
    overrides: Mapping[str, float]
    results: Mapping[str, Any]  # economics.EconomicsResult
    mc: Mapping[str, Any]  # economics.MonteCarloResult
    switching: Mapping[str, Any]  # economics.EconSwitchingResult
    tornado: Mapping[str, Any]  # economics.EconTornadoResult (bottom-up mode)
    heckman: Any  # economics.HeckmanCurve
    preferred: Mapping[str, str]
    samples: int
    seed: int

    def npv_bcr(self, rid: str, option: str) -> tuple[float | None, float | None, float | None]:
        """(NPSV bottom-up, BCR bottom-up, BCR Heckman) of ``option`` in ``rid``."""
        res = self.results[rid]
        i = res.index(option)
        return (
            float(res.bottom_up.npsv[i]),
            _finite(res.bottom_up.bcr_inc[i]),
            _finite(res.heckman.bcr_inc[i]),
        )

    def _label(self, ctx: _Ctx, param_id: str) -> str:
        from appraisal.economics.labels import param_label

        return param_label(
            param_id, ctx.lang, options=ctx.ds.options, regions=ctx.ds.regions, roles=self.assumptions.roles
        )

    def intro_blocks(self, ctx: _Ctx, figure: FigureFn) -> list[Block]:
        from appraisal.economics.labels import mode_label

        first = self.results[ctx.region_ids[0]]
        out: list[Block] = [
            Paragraph(ctx.tr("economics.intro")),
            Paragraph(
                ctx.tr(
                    "economics.settings",
                    discount=t(f"econ.discount.{first.discount}", ctx.lang),
                    horizon=first.horizon,
                    service=first.service_years,
                    coverage=ctx.fmt(first.coverage, "pct0"),
                )
            ),
            Paragraph(
                ctx.tr(
                    "economics.modes",
                    bottom_up=mode_label("bottom_up", ctx.lang),
                    heckman=mode_label("heckman", ctx.lang),
                    share=ctx.fmt(first.share_improved, "pct1"),
                )
            ),
        ]
        if self.overrides:
            out.append(Paragraph(ctx.tr("economics.overrides", n=len(self.overrides)), "warning"))
            out.append(
                Table(
                    "econ_overrides",
                    ctx.tr("economics.overrides_table"),
                    (ctx.tr("col.parameter"), ctx.tr("col.value")),
                    tuple((self._label(ctx, k), float(v)) for k, v in sorted(self.overrides.items())),
                    ("text", "num3"),
                    (3.0, 1.0),
                )
            )
        # Heckman-style assumptions: presets and the curve
        h = self.heckman
        rows = []
        for k, p in enumerate(h.presets):
            r0, kk, floor = h.params[p]
            rows.append((t(f"econ.preset.{p}", ctx.lang), r0, kk, floor, float(h.service_rates[k])))
        out.append(
            Paragraph(
                ctx.tr(
                    "economics.heckman_intro",
                    preset=t(f"econ.preset.{first.heckman_preset}", ctx.lang),
                    age=ctx.num(h.service_age),
                    rate=ctx.fmt(first.heckman_rate, "pct1"),
                    years=first.heckman_payoff_years,
                    bcr=ctx.fmt(first.heckman_implied_bcr, "num2"),
                )
            )
        )
        out.append(
            Table(
                "heckman_presets",
                ctx.tr("economics.heckman_table"),
                (
                    ctx.tr("col.preset"),
                    ctx.tr("col.r0"),
                    ctx.tr("col.k"),
                    ctx.tr("col.floor"),
                    ctx.tr("col.rate_at_service", age=ctx.num(h.service_age)),
                ),
                tuple(rows),
                ("text", "pct1", "num2", "pct1", "pct1"),
                (2.6, 0.8, 0.8, 0.8, 1.0),
            )
        )
        step = max(1, len(h.ages) // 41)
        ages = tuple(float(a) for a in h.ages[::step])
        series = tuple(
            Series(t(f"econ.preset.{p}", ctx.lang), tuple(float(v) for v in h.rates[k][::step]), ages)
            for k, p in enumerate(h.presets)
        )
        out.append(
            figure(
                ctx,
                "fig_heckman",
                ctx.tr("economics.heckman_figure"),
                ctx.tr(
                    "economics.heckman_alt",
                    rate=ctx.fmt(float(h.rates[0][0]), "pct1"),
                    floor=ctx.fmt(h.params[h.presets[0]][2], "pct1"),
                ),
                ChartSpec(
                    "line",
                    (),
                    series,
                    x_title=t("econ.col.age", ctx.lang),
                    y_title=t("econ.col.rate", ctx.lang),
                    value_format="pct1",
                    base=float(h.service_age),
                ),
                Table(
                    "fig_heckman_data",
                    ctx.tr("economics.heckman_figure"),
                    (t("econ.col.age", ctx.lang), *(s.name for s in series)),
                    tuple((a, *(s.values[j] for s in series)) for j, a in enumerate(ages)),
                    ("num1",) + ("pct1",) * len(series),
                ),
            )
        )
        return out

    def region_blocks(self, ctx: _Ctx, rid: str, figure: FigureFn) -> list[Block]:
        res = self.results[rid]
        rname = ctx.region_name(rid)
        pref = self.preferred[rid]
        pname = ctx.option_name(pref)
        out: list[Block] = []
        nd = res.need
        out.append(
            Paragraph(
                ctx.tr(
                    "economics.need",
                    region=rname,
                    need=ctx.fmt(nd.babies_in_need, "int"),
                    served=ctx.fmt(nd.currently_served, "int"),
                    gap=ctx.fmt(nd.blind_spot_share, "pct0"),
                    target=ctx.fmt(nd.target_families, "int"),
                    teams=ctx.fmt(nd.new_teams_required, "num1"),
                )
            )
        )
        cost_rows = []
        ben_rows = []
        for i, o in enumerate(res.options):
            name = ctx.name(o)
            cost_rows.append(
                (
                    name,
                    float(res.new_teams[i]),
                    float(res.pv_costs[i]),
                    float(res.inc_pv_costs[i]),
                    float(res.inc_families_reached[i].sum()),
                    _finite(res.cost_per_family[i]),
                )
            )
            bu, hk = res.bottom_up, res.heckman
            ben_rows.append(
                (
                    name,
                    float(bu.inc_pv_benefits[i]),
                    float(bu.npsv[i]),
                    _finite(bu.bcr_inc[i]),
                    float(hk.inc_pv_benefits[i]),
                    float(hk.npsv[i]),
                    _finite(hk.bcr_inc[i]),
                    _year(ctx, hk.breakeven_year[i]),
                )
            )
        out.append(
            Table(
                f"econ_costs_{rid}",
                ctx.tr("economics.costs_table", region=rname),
                (
                    ctx.tr("col.option"),
                    ctx.tr("col.new_teams"),
                    ctx.tr("col.pv_costs"),
                    ctx.tr("col.inc_pv_costs"),
                    ctx.tr("col.inc_families"),
                    ctx.tr("col.cost_per_family"),
                ),
                tuple(cost_rows),
                ("text", "num1", "gbp0", "gbp0", "int", "gbp0"),
                (2.0, 0.7, 1.1, 1.1, 1.0, 1.0),
                note=ctx.tr("economics.costs_note"),
            )
        )
        out.append(
            Table(
                f"econ_benefits_{rid}",
                ctx.tr("economics.benefits_table", region=rname),
                (
                    ctx.tr("col.option"),
                    ctx.tr("col.pv_benefits_bu"),
                    ctx.tr("col.npsv_bu"),
                    ctx.tr("col.bcr_bu"),
                    ctx.tr("col.pv_benefits_hk"),
                    ctx.tr("col.npsv_hk"),
                    ctx.tr("col.bcr_hk"),
                    ctx.tr("col.breakeven_hk"),
                ),
                tuple(ben_rows),
                ("text", "gbp0", "gbp0", "num2", "gbp0", "gbp0", "num2", "text"),
                (1.7, 1.0, 1.0, 0.55, 1.0, 1.0, 0.55, 0.75),
                note=ctx.tr("economics.benefits_note"),
            )
        )
        # Monte Carlo
        mc = self.mc[rid]
        mrows = []
        for r in mc.rows():
            if r["role"] == "bau":
                continue
            mrows.append(
                (
                    ctx.option_name(r["option"]),
                    t(f"econ.mode.short.{r['mode']}", ctx.lang),
                    r["npsv_mean"],
                    r.get("npsv_p05"),
                    r.get("npsv_p50"),
                    r.get("npsv_p95"),
                    r["prob_bcr_gt_1"],
                )
            )
        out.append(
            Paragraph(
                ctx.tr("economics.mc_intro", n=ctx.fmt(mc.draws, "int"), seed=mc.seed, k=len(mc.param_ids))
            )
        )
        out.append(
            Table(
                f"econ_mc_{rid}",
                ctx.tr("economics.mc_table", region=rname),
                (
                    ctx.tr("col.option"),
                    ctx.tr("col.mode"),
                    ctx.tr("col.npsv_mean"),
                    ctx.tr("col.npsv_p05"),
                    ctx.tr("col.npsv_p50"),
                    ctx.tr("col.npsv_p95"),
                    ctx.tr("col.prob_bcr"),
                ),
                tuple(mrows),
                ("text", "text", "gbp0", "gbp0", "gbp0", "gbp0", "pct0"),
                (1.9, 0.8, 1.0, 1.0, 1.0, 1.0, 0.7),
            )
        )
        # Green Book switching values for the preferred option
        sw = self.switching[rid]
        srows = []
        for r in sw.table:
            if r.option != pref:
                continue
            srows.append(
                (
                    t(f"econ.assumption.{r.assumption}", ctx.lang),
                    t(f"econ.mode.short.{r.mode}", ctx.lang),
                    r.current,
                    r.switching,
                    r.unit,
                    r.low,
                    r.high,
                    _yes_no(ctx, r.within_range),
                    r.npsv,
                )
            )
        out.append(Paragraph(ctx.tr("economics.switching_intro", option=pname)))
        out.append(
            Table(
                f"econ_switching_{rid}",
                ctx.tr("economics.switching_table", region=rname, option=pname),
                (
                    ctx.tr("col.assumption"),
                    ctx.tr("col.mode"),
                    ctx.tr("col.current"),
                    ctx.tr("col.switching_value"),
                    ctx.tr("col.unit"),
                    ctx.tr("col.low"),
                    ctx.tr("col.high"),
                    ctx.tr("col.in_range"),
                    ctx.tr("col.npsv_now"),
                ),
                tuple(srows),
                ("text", "text", "sig", "sig", "text", "sig", "sig", "text", "gbp0"),
                (1.5, 0.7, 0.75, 0.75, 1.3, 0.6, 0.6, 0.6, 0.9),
                note=ctx.tr("economics.switching_note"),
            )
        )
        # Tornado of the preferred option's NPSV (bottom-up)
        tor = self.tornado[rid]
        bars = tor.bars.get(pref, ())[:ECON_TORNADO_BARS]
        if bars:
            labels = tuple(self._label(ctx, b.param_id) for b in bars)
            lo_name, hi_name = ctx.tr("robustness.tornado_low"), ctx.tr("robustness.tornado_high")
            base = float(tor.base_npsv[pref])
            out.append(
                figure(
                    ctx,
                    f"fig_econ_tornado_{rid}",
                    ctx.tr("economics.tornado_figure", region=rname, option=pname),
                    ctx.tr(
                        "economics.tornado_alt",
                        region=rname,
                        option=pname,
                        first=labels[0],
                        base=ctx.fmt(base, "gbp0"),
                    ),
                    ChartSpec(
                        "tornado",
                        labels,
                        (
                            Series(lo_name, tuple(float(b.npsv_low) for b in bars)),
                            Series(hi_name, tuple(float(b.npsv_high) for b in bars)),
                        ),
                        x_title=ctx.tr("economics.tornado_axis"),
                        value_format="gbp0",
                        base=base,
                    ),
                    Table(
                        f"fig_econ_tornado_{rid}_data",
                        ctx.tr("economics.tornado_figure", region=rname, option=pname),
                        (ctx.tr("col.input"), ctx.tr("col.low"), ctx.tr("col.high"), lo_name, hi_name),
                        tuple(
                            (lab, float(b.low), float(b.high), float(b.npsv_low), float(b.npsv_high))
                            for lab, b in zip(labels, bars)
                        ),
                        ("text", "sig", "sig", "gbp0", "gbp0"),
                    ),
                )
            )
        return out

    def register_rows(self, ctx: _Ctx) -> list[tuple]:
        part = ctx.tr("reg.part_economics")
        rows = []
        for r in self.assumptions.rows():
            rows.append(
                (
                    part,
                    self._label(ctx, r["id"]),
                    r["value"],
                    r["low"],
                    r["high"],
                    r["unit"],
                    r["source"],
                    ctx.status(r["status"]),
                )
            )
        return rows


def _finite(x: Any) -> float | None:
    f = float(x)
    return f if np.isfinite(f) else None


def _year(ctx: _Ctx, y: int | None) -> str:
    return ctx.tr("economics.year", n=y) if y is not None else t("econ.never", ctx.lang)


def _yes_no(ctx: _Ctx, v: bool | None) -> str:
    if v is None:
        return "–"
    return t("econ.yes" if v else "econ.no", ctx.lang)


def economics(
    dataset: Dataset,
    results: Mapping[str, AdditiveResult],
    overrides: Mapping[str, float],
    *,
    samples: int,
    seed: int,
) -> tuple[EconBundle | None, str]:
    """Run the economic appraisal per region; (None, reason) when it is not available."""
    if not _has("appraisal.economics"):
        return None, "appraisal.economics"
    if not (dataset.data_dir / "assumptions").is_dir():
        return None, "assumptions/"
    from appraisal import economics as E

    a = E.load_assumptions(dataset.data_dir)
    if overrides:
        a = a.with_overrides(dict(overrides), source="scenario")
    preferred = {rid: res.top[0] for rid, res in results.items()}
    draws = max(2, int(samples))
    return (
        EconBundle(
            assumptions=a,
            overrides=dict(overrides),
            results={rid: E.appraise(dataset, a, rid) for rid in results},
            mc={rid: E.monte_carlo(dataset, a, rid, draws=draws, seed=seed) for rid in results},
            switching={rid: E.switching_values(dataset, a, rid) for rid in results},
            tornado={rid: E.tornado(dataset, a, rid, mode="bottom_up") for rid in results},
            heckman=E.heckman_curve(a),
            preferred=preferred,
            samples=draws,
            seed=seed,
        ),
        "",
    )


# --------------------------------------------------------------------------- store


@dataclass(frozen=True)
class AuditBundle:
    """The saved audit trail of a scenario: ``appraisal.store`` AuditEntry objects."""

    subject: str
    entries: tuple[Any, ...]

    def blocks(self, ctx: _Ctx) -> list[Block]:
        if not self.entries:
            return [Paragraph(ctx.tr("audit.saved_empty", name=self.subject))]
        rows = []
        for a in self.entries:
            changes = "; ".join(
                f"{c.field}: {_short(c.old)} → {_short(c.new)}" for c in a.changes[:MAX_CHANGES_SHOWN]
            )
            if len(a.changes) > MAX_CHANGES_SHOWN:
                changes += " " + ctx.tr("audit.more_changes", n=len(a.changes) - MAX_CHANGES_SHOWN)
            rows.append((ctx.when(a.at), a.actor, a.action, a.version, a.comment, changes))
        return [
            Paragraph(ctx.tr("audit.saved_intro", name=self.subject, n=len(self.entries))),
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


#: Field changes listed per audit entry before "and n more".
MAX_CHANGES_SHOWN = 12


def _short(v: Any) -> str:
    text = "–" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class WorkshopInput:
    """A workshop's aggregate weights (``appraisal.store.workshop.Aggregate``) and its title."""

    title: str
    aggregate: Any


@dataclass(frozen=True)
class WorkshopBundle:
    workshop: WorkshopInput

    def blocks(self, ctx: _Ctx) -> list[Block]:
        agg = self.workshop.aggregate
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
            Paragraph(ctx.tr("weights.workshop_intro", name=self.workshop.title, n=agg.n)),
            Table(
                "workshop_weights",
                ctx.tr("weights.workshop_table", name=self.workshop.title),
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


def audit(entries: Any, subject: str) -> AuditBundle | None:
    """Wrap the store's audit entries for ``subject`` (None: no saved scenario)."""
    if entries is None:
        return None
    return AuditBundle(subject, tuple(entries))


def workshop(data: WorkshopInput | None) -> WorkshopBundle | None:
    return None if data is None or data.aggregate is None else WorkshopBundle(data)
