"""What one appraisal run computed: per region the MCDA result, robustness and economics,
and the derived facts every consumer shows (winner, runner-up, margin, lead, verdict,
need gap, value for money). Computed once here; pages, reports, the CLI and the store
read them and never recompute.

Heavy parts (SMAA, sweeps, switching values, distance, other methods, tornado, the
economic appraisal, Monte Carlo, economic switching values and tornado) are computed
on first use and memoised by :mod:`appraisal.run` on the slice of the inputs they depend
on; :meth:`AppraisalResults.complete` computes every part (reports and the CLI call it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from appraisal.inputs import AppraisalInputs
from appraisal.mcda import AdditiveResult
from appraisal.mcda.weights import WeightSet
from appraisal.model import Problem, Region
from appraisal.workers import default_workers

#: First-rank acceptability (SMAA, the run's weight model) at or above which the
#: preferred option is called robust, and at or above which moderately robust.
ROBUST_AT = 0.80
MODERATE_AT = 0.50
#: Lead of the first option over the second (0-100 value scale) read in words:
#: below 2 very close, below 5 narrow, below 10 clear, else wide.
LEAD_BANDS: tuple[tuple[float, str], ...] = ((2.0, "very_close"), (5.0, "narrow"), (10.0, "clear"))


def lead_band(margin: float) -> str:
    """'very_close', 'narrow', 'clear' or 'wide' for a lead in value points."""
    for limit, name in LEAD_BANDS:
        if margin < limit:
            return name
    return "wide"


def verdict_for(acceptability: float) -> str:
    """'robust', 'moderate' or 'fragile' for a first-rank acceptability."""
    if acceptability >= ROBUST_AT:
        return "robust"
    return "moderate" if acceptability >= MODERATE_AT else "fragile"


@dataclass(frozen=True)
class NearestSwitch:
    """The one-weight change nearest today's weights that gives another winner."""

    criterion: str
    current: float
    switch: float
    to: str


@dataclass(frozen=True)
class NeedGap:
    """Babies in need against provision today (from the economics' need model)."""

    births: float
    prevalence: float
    babies_in_need: float
    served: float
    gap: float  # babies in need without specialist help today: the baby blind spot
    gap_share: float
    coverage_share: float  # share of births where a team works today (geography)
    target_families: float
    new_teams: float


@dataclass(frozen=True)
class ValueForMoney:
    """One option's MCDA value against its extra cost over business as usual.

    ``value`` is the MCDA total on the criteria the economic appraisal does not already
    count (``Criterion.in_economics``: those are left out so that no criterion counts twice
    when the value is set against the cost and the NPSV); ``value_gain`` is that value minus
    business as usual's; ``per_million`` is the gain per GBP 1m of incremental present-value
    cost (None where the cost is not positive). ``total`` is the full MCDA total.
    """

    option: str
    kind: str
    role: str
    inc_pv_cost: float
    total: float
    value: float
    value_gain: float
    per_million: float | None
    npsv: float
    bcr: float | None


@dataclass(frozen=True, eq=False)
class RegionResults:
    """Everything the run computed for one region (heavy parts on first use)."""

    region: Region
    problem: Problem
    mcda: AdditiveResult
    inputs: AppraisalInputs
    parts: Mapping[str, Callable[[], Any]] = field(repr=False)

    # ------------------------------------------------------------------ MCDA facts

    @property
    def region_id(self) -> str:
        return self.region.id

    @cached_property
    def winners(self) -> tuple[str, ...]:
        """The option(s) ranked first (more than one when tied)."""
        return self.mcda.top

    @property
    def winner(self) -> str:
        return self.winners[0]

    @cached_property
    def runner_up(self) -> str | None:
        order = self.mcda.order
        return self.problem.option_ids[order[1]] if len(order) > 1 else None

    @cached_property
    def margin(self) -> float:
        """Value points (0-100) between the first and the second option."""
        order, t = self.mcda.order, self.mcda.totals
        return float(t[order[0]] - t[order[1]]) if len(order) > 1 else float("nan")

    @property
    def lead(self) -> str:
        return lead_band(self.margin)

    @property
    def total(self) -> float:
        return float(self.mcda.totals[self.mcda.order[0]])

    @property
    def edited(self) -> bool:
        return bool(self.inputs.edits_for(self.region.id))

    # ------------------------------------------------------------------ robustness

    def _part(self, name: str) -> Any:
        return self.parts[name]()

    @property
    def smaa(self):
        """SMAA-2 with the run's weight model (stated weights +/- spread by default)."""
        return self._part("smaa")

    @property
    def smaa_uniform(self):
        """SMAA-2 with no weight information (any weights at all): the hardest test."""
        return self._part("smaa_uniform")

    @cached_property
    def vfm_statement(self):
        """The region's value-for-money statement reconciling the MCDA with the economics
        (``appraisal.vfm_statement.VfmStatement``)."""
        from appraisal.vfm_statement import vfm_statement

        return vfm_statement(self)

    @property
    def drivers(self):
        """What drives the ranking: the criteria behind the lead, the decisive overrides
        (``appraisal.mcda.drivers.Drivers``)."""
        return self._part("drivers")

    @property
    def sweep(self):
        return self._part("sweep")

    @property
    def switching(self):
        return self._part("switching")

    @property
    def distance(self):
        return self._part("distance")

    @property
    def methods(self):
        return self._part("methods")

    @property
    def tornado(self):
        return self._part("tornado")

    @property
    def robustness(self):
        """Every robustness analysis bundled (``sensitivity.RobustnessResult``)."""
        from appraisal.sensitivity import RobustnessResult

        return RobustnessResult(
            problem=self.problem,
            additive=self.mcda,
            sweep=self.sweep,
            switching=self.switching,
            distance=self.distance,
            smaa=self.smaa,
            methods=self.methods,
            tornado=self.tornado,
        )

    @property
    def acceptability(self) -> float:
        """First-rank acceptability of the winner under the run's SMAA model."""
        return float(self.smaa.first_rank(self.winner))

    @property
    def acceptability_uniform(self) -> float:
        return float(self.smaa_uniform.first_rank(self.winner))

    @property
    def verdict(self) -> str:
        return verdict_for(self.acceptability)

    @property
    def nearest_switch(self) -> NearestSwitch | None:
        """The switching weight nearest the current weight, over every criterion."""
        best = None
        for r in self.switching.table:
            for t_star, to in ((r.lower_switch, r.lower_to), (r.upper_switch, r.upper_to)):
                if t_star is None or to is None:
                    continue
                gap = abs(t_star - r.current_weight)
                if best is None or gap < best[0]:
                    best = (gap, NearestSwitch(r.criterion, r.current_weight, t_star, to))
        return None if best is None else best[1]

    # ------------------------------------------------------------------ economics

    @property
    def has_economics(self) -> bool:
        return "economics" in self.parts

    @property
    def economics(self):
        """The economic appraisal (``economics.EconomicsResult``) or None when unavailable."""
        return self._part("economics") if self.has_economics else None

    def affordability(self, option: str | None = None):
        """The financial case's cash requirement of ``option`` (default: the preferred option
        of the value-for-money statement) by funder and year
        (``economics.affordability.Affordability``), or None without economics or funding data."""
        econ = self.economics
        if econ is None:
            return None
        option = option or self.vfm_statement.preferred
        cache = self.__dict__.setdefault("_affordability", {})
        if option not in cache:
            from appraisal.economics.affordability import affordability

            cache[option] = affordability(econ, option, self._part("assumptions"))
        return cache[option]

    @property
    def monte_carlo(self):
        return self._part("monte_carlo") if self.has_economics else None

    @property
    def econ_switching(self):
        return self._part("econ_switching") if self.has_economics else None

    @property
    def econ_tornado(self):
        """One-way sensitivity of NPSV in the run's benefit view."""
        return self._part("econ_tornado") if self.has_economics else None

    @property
    def benefit_view(self) -> str:
        return self.inputs.economics.benefit_view

    @property
    def need(self) -> NeedGap:
        """Need against provision: from the economics' need model when it can run (it
        counts the families existing teams can see), else births x prevalence x the
        share not covered."""
        r = self.region
        births = float(r.births.value or 0.0)
        prev = float(r.need_prevalence.value or 0.0)
        cover = float(r.provision.coverage_share.value or 0.0)
        econ = self.economics
        if econ is not None:
            n = econ.need
            return NeedGap(
                births=n.births,
                prevalence=n.prevalence,
                babies_in_need=n.babies_in_need,
                served=n.currently_served,
                gap=n.gap,
                gap_share=n.blind_spot_share,
                coverage_share=n.coverage_share,
                target_families=n.target_families,
                new_teams=n.new_teams_required,
            )
        in_need = births * prev
        return NeedGap(
            births,
            prev,
            in_need,
            in_need * cover,
            in_need * (1 - cover),
            1 - cover,
            cover,
            float("nan"),
            float("nan"),
        )

    def npsv_bcr(self, option: str, view: str | None = None) -> tuple[float | None, float | None]:
        """(NPSV, incremental BCR) of ``option`` in ``view`` (default: the run's benefit view)."""
        econ = self.economics
        if econ is None or option not in econ.option_ids:
            return None, None
        mode = econ.modes[view or self.benefit_view]
        i = econ.index(option)
        bcr = float(mode.bcr_inc[i])
        return float(mode.npsv[i]), (bcr if np.isfinite(bcr) else None)

    @property
    def vfm_excluded(self) -> tuple[str, ...]:
        """Criteria left out of the value-for-money MCDA value (the economics counts them)."""
        return tuple(c.id for c in self.problem.criteria if c.in_economics)

    @cached_property
    def value_for_money(self) -> tuple[ValueForMoney, ...]:
        """MCDA value against incremental cost, per option (empty without economics)."""
        econ = self.economics
        if econ is None:
            return ()
        totals = {o.id: float(self.mcda.totals[i]) for i, o in enumerate(self.problem.options)}
        vfm = self._part("vfm_mcda")
        values = {o.id: float(vfm.totals[i]) for i, o in enumerate(self.problem.options)}
        kinds = {o.id: o.kind for o in self.problem.options}
        rows = {r["option"]: r for r in econ.rows()}
        bau = next((o for o in econ.option_ids if rows[o]["role"] == "bau"), None)
        base = values.get(bau, 0.0) if bau is not None else 0.0
        out = []
        for o in econ.option_ids:
            cost = float(rows[o]["inc_pv_costs"])
            gain = values.get(o, 0.0) - base
            npsv, bcr = self.npsv_bcr(o)
            out.append(
                ValueForMoney(
                    option=o,
                    kind=kinds.get(o, "hosting"),
                    role=rows[o]["role"],
                    inc_pv_cost=cost,
                    total=totals.get(o, 0.0),
                    value=values.get(o, 0.0),
                    value_gain=gain,
                    per_million=gain / (cost / 1e6) if cost > 0 else None,
                    npsv=float(npsv) if npsv is not None else float("nan"),
                    bcr=bcr,
                )
            )
        return tuple(out)

    def complete(self) -> RegionResults:
        """Compute every part now (reports and the CLI call this)."""
        for name in self.parts:
            self._part(name)
        return self


@dataclass(frozen=True, eq=False)
class AppraisalResults:
    """One appraisal run: the inputs, the weights used and every region's results."""

    inputs: AppraisalInputs
    dataset: Any  # appraisal.data.Dataset
    weights: WeightSet
    weights_default: bool
    assumptions: Any  # economics.Assumptions with the run's overrides, or None
    economics_missing: str  # why economics is not available ('' when it is)
    region_ids: tuple[str, ...]
    by_region: Mapping[str, RegionResults]
    extras: Mapping[str, Callable[[], Any]] = field(repr=False, default_factory=dict)
    #: What was changed to read inputs saved against an earlier criteria model
    #: (:func:`appraisal.legacy.upgrade`): (catalogue key, params), empty when nothing.
    upgrade_notes: tuple[tuple[str, Mapping[str, Any]], ...] = ()

    def region(self, region_id: str) -> RegionResults:
        try:
            return self.by_region[region_id]
        except KeyError:
            from appraisal.errors import UnknownIdError

            raise UnknownIdError("region", region_id, self.region_ids) from None

    def __iter__(self) -> Iterator[RegionResults]:
        return (self.by_region[r] for r in self.region_ids)

    def __len__(self) -> int:
        return len(self.region_ids)

    @property
    def data_version(self) -> str:
        return self.dataset.version

    @property
    def assumptions_version(self) -> str:
        return "" if self.assumptions is None else self.assumptions.version

    @property
    def heckman(self):
        """The Heckman-style return curves (``economics.HeckmanCurve``) or None."""
        fn = self.extras.get("heckman")
        return fn() if fn is not None else None

    def subset(self, region_ids: tuple[str, ...] | list[str]) -> AppraisalResults:
        """The same run shown for some of its regions (a report's scope)."""
        ids = tuple(dict.fromkeys(self.region(r).region_id for r in region_ids))
        return AppraisalResults(
            inputs=self.inputs,
            dataset=self.dataset,
            weights=self.weights,
            weights_default=self.weights_default,
            assumptions=self.assumptions,
            economics_missing=self.economics_missing,
            region_ids=ids,
            by_region={r: self.by_region[r] for r in ids},
            extras=self.extras,
        )

    def complete(self, workers: int | None = None) -> AppraisalResults:
        """Compute every region's every part now, the regions side by side on ``workers``
        threads (default: one a core, at most four; the Monte Carlo and SMAA kernels are
        numpy and release the GIL). Each part is seeded on its own, so the results are
        the same in any order and on any number of threads."""
        regions = list(self)
        n = min(len(regions), workers if workers is not None else default_workers())
        if n <= 1:
            for r in regions:
                r.complete()
        else:
            with ThreadPoolExecutor(max_workers=n, thread_name_prefix="pair-complete") as pool:
                list(pool.map(RegionResults.complete, regions))
        self.heckman  # noqa: B018 - computed now, memoised
        return self
