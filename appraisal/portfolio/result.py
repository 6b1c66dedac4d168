"""What the national view computed, kept whole: the problem and every region's menu, the
MILP's allocation and its check against the dynamic programme, what one more GBP 1m buys,
the frontier and the robustness draws. Pages, the CLI and the report only read these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from appraisal.portfolio.choices import PortfolioChoices
from appraisal.portfolio.frontier import Frontier, Pick
from appraisal.portfolio.milp import MilpSolution, ShadowPrices
from appraisal.portfolio.problem import Menu, NationalProblem
from appraisal.portfolio.robustness import Robustness


@dataclass(frozen=True)
class RegionAllocation:
    """One region's share of the allocation (families and babies are a year)."""

    region: str
    picks: Pick  # ((host id, teams), ...); () for no new teams
    teams: int
    reached: float  # families the new teams reach
    served_now: float  # families existing teams see (kept)
    babies_in_need: float
    floor: float  # the minimum coverage asked (share of babies in need)
    cost: float  # GBP a year (running costs of the new teams)
    setup: float  # GBP once (set-up of the new teams)
    benefit: float
    wte: float  # clinical WTE to recruit

    @property
    def coverage_before(self) -> float:
        return self.served_now / self.babies_in_need if self.babies_in_need else 0.0

    @property
    def coverage_after(self) -> float:
        return (self.served_now + self.reached) / self.babies_in_need if self.babies_in_need else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "hosts": [{"option": h, "teams": n} for h, n in self.picks],
            "teams": self.teams,
            "reached": self.reached,
            "served_now": self.served_now,
            "babies_in_need": self.babies_in_need,
            "coverage_before": self.coverage_before,
            "coverage_after": self.coverage_after,
            "min_coverage": self.floor,
            "cost_per_year": self.cost,
            "setup_once": self.setup,
            "benefit": self.benefit,
            "clinical_wte": self.wte,
        }


@dataclass(frozen=True)
class Marginal:
    """What one more (and one less) GBP 1m a year buys. ``per_million``: exact, the MILP's
    optimum at budget + GBP 1m less the optimum at the budget, read off the exact frontier
    (method 'frontier'); ``lp``: the LP relaxation's shadow prices (fractional teams, an
    approximation). ``floors_cost``: the benefit the minimum coverage gives up at this
    budget (the optimum without floors less the optimum with them)."""

    per_million: float | None
    loss_per_million: float | None
    method: str
    lp: ShadowPrices | None
    floors_cost: float | None


@dataclass(frozen=True)
class Provenance:
    """A default (or a figure derived from the economics) with its unit, source, status and
    whether the user changed it."""

    key: str  # national.param.<key>, national.unit.<key>
    value: float | None
    low: float | None
    high: float | None
    source: str
    status: str
    changed: bool = False


@dataclass(frozen=True, eq=False)
class NationalResult:
    choices: PortfolioChoices
    benefit_view: str  # the economics' headline view (the NPSV objective's benefits)
    problem: NationalProblem
    menus: tuple[Menu, ...]
    feasible: bool
    reason: tuple[str, dict[str, Any]] | None  # (national.infeasible.<key>, params)
    allocation: tuple[RegionAllocation, ...]
    milp: MilpSolution
    dp_benefit: float | None  # the dynamic programme's optimum at the budget (a check)
    marginal: Marginal
    frontier: Frontier
    provenance: tuple[Provenance, ...]
    cost_rows: tuple[dict[str, Any], ...]  # region x host: cost a year, set-up, sizing, value
    draws: Callable[[], Robustness] | None = field(default=None, repr=False)

    @cached_property
    def robustness(self) -> Robustness | None:
        """The robustness draws, computed on first use (about a second per 1,000 draws)."""
        return self.draws() if self.draws is not None else None

    @property
    def objective(self) -> str:
        return self.choices.objective

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(r.region_id for r in self.problem.regions)

    @property
    def agrees(self) -> bool:
        """The MILP and the dynamic programme reach the same optimum."""
        if not self.feasible or self.dp_benefit is None:
            return not self.feasible
        scale = max(1.0, abs(self.milp.benefit))
        return abs(self.milp.benefit - self.dp_benefit) <= 1e-6 * scale

    @property
    def total_benefit(self) -> float:
        return sum(a.benefit for a in self.allocation)

    @property
    def total_cost(self) -> float:
        return sum(a.cost for a in self.allocation)

    @property
    def total_teams(self) -> int:
        return sum(a.teams for a in self.allocation)

    @property
    def total_reached(self) -> float:
        return sum(a.reached for a in self.allocation)

    @property
    def total_setup(self) -> float:
        return sum(a.setup for a in self.allocation)

    @property
    def total_wte(self) -> float:
        return sum(a.wte for a in self.allocation)

    def to_dict(self) -> dict[str, Any]:
        """Everything the CLI's JSON prints (plain numbers and ids)."""
        fr = self.frontier
        rb = self.robustness
        m = self.marginal
        doc: dict[str, Any] = {
            "choices": self.choices.to_dict(),
            "objective": self.objective,
            "benefit_view": self.benefit_view,
            "solver": {
                "allocation": "milp (scipy.optimize.milp, HiGHS), mip_rel_gap 0",
                "status": self.milp.status,
                "frontier_and_draws": "exact dynamic programme over regions (multiple-choice knapsack)",
                "agrees": self.agrees,
            },
            "feasible": self.feasible,
            "reason": None if self.reason is None else {"key": self.reason[0], **self.reason[1]},
            "totals": {
                "benefit": self.total_benefit,
                "cost_per_year": self.total_cost,
                "teams": self.total_teams,
                "reached": self.total_reached,
                "setup_once": self.total_setup,
                "clinical_wte": self.total_wte,
            },
            "allocation": [a.to_dict() for a in self.allocation],
            "marginal": {
                "per_million": m.per_million,
                "loss_per_million": m.loss_per_million,
                "method": m.method,
                "lp_relaxation": None
                if m.lp is None
                else {
                    "per_million": m.lp.per_million,
                    "per_clinical_wte": m.lp.per_wte,
                    "per_floor_family": m.lp.floors,
                    "lp_benefit": m.lp.lp_benefit,
                },
                "floors_cost": m.floors_cost,
            },
            "frontier": {
                "floor_cost": fr.floor_cost,
                "full_budget": fr.full_budget,
                "max_benefit": fr.max_benefit,
                "levels": [
                    {"budget": p.budget, "benefit": p.benefit, "cost": p.cost, "teams": p.teams}
                    for p in fr.levels
                ],
                "steps": [
                    {
                        "budget": p.cost,
                        "benefit": p.benefit,
                        "teams": p.teams,
                        "allocation": {rid: _pick(pk) for rid, pk in zip(self.regions, p.picks)},
                    }
                    for p in fr.steps
                ],
                "unlimited_workforce": [{"budget": c, "benefit": b} for c, b in fr.unlimited],
                "switches": [
                    {
                        "region": s.region,
                        "budget": s.budget,
                        "before": _pick(s.before),
                        "after": _pick(s.after),
                    }
                    for s in fr.switches
                ],
                "level_switches": [
                    {
                        "region": s.region,
                        "budget": s.budget,
                        "before": _pick(s.before),
                        "after": _pick(s.after),
                    }
                    for s in fr.level_switches
                ],
                "order_of_preference": [
                    {
                        "rank": i.rank,
                        "region": i.region,
                        "before": _pick(i.before),
                        "after": _pick(i.after),
                        "cost": i.cost,
                        "benefit": i.benefit,
                        "benefit_per_million": i.ratio,
                        "total_cost": i.total_cost,
                        "total_benefit": i.total_benefit,
                    }
                    for i in fr.order
                ],
            },
            "costs": list(self.cost_rows),
            "provenance": [
                {
                    "parameter": p.key,
                    "value": p.value,
                    "low": p.low,
                    "high": p.high,
                    "source": p.source,
                    "status": p.status,
                    "changed": p.changed,
                }
                for p in self.provenance
            ],
        }
        if rb is not None:
            doc["robustness"] = {
                "draws": rb.draws,
                "seed": rb.seed,
                "weight_model": rb.weight_model,
                "spread": rb.spread,
                "feasible_share": float(rb.feasible.mean()) if rb.draws else None,
                "same_allocation": rb.same_as_base(),
                "benefit_p05_p50_p95": list(rb.benefit_quantiles()),
                "regions": [
                    {
                        "region": rid,
                        "same_as_base": rb.same_as_base(r),
                        "hosts": {h or "none": v for h, v in rb.host_share(r).items()},
                        "teams": {str(k): v for k, v in rb.teams_share(r).items()},
                        "choices": [{"choice": _pick(p), "share": s} for p, s in rb.pick_share(r)[:5]],
                    }
                    for r, rid in enumerate(rb.regions)
                ],
            }
        return doc


def _pick(p: Pick) -> list[dict[str, Any]]:
    return [{"option": h, "teams": n} for h, n in p]
