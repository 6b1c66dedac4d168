"""Assemble the national view from one appraisal run: the problem from every region's
economics and MCDA result, the MILP's allocation, what one more GBP 1m buys, the frontier
and the robustness draws (:class:`~appraisal.portfolio.result.NationalResult`)."""

from __future__ import annotations

import numpy as np

from appraisal.errors import InputError
from appraisal.portfolio import coefficients as C
from appraisal.portfolio.choices import PortfolioChoices, defaults
from appraisal.portfolio.exact import solve
from appraisal.portfolio.frontier import Pick, frontier
from appraisal.portfolio.milp import MilpSolution, shadow_prices, solve_milp
from appraisal.portfolio.problem import NationalProblem, RegionProblem, menu, reached_by
from appraisal.portfolio.result import Marginal, NationalResult, Provenance, RegionAllocation
from appraisal.portfolio.robustness import robustness, source_from

MILLION = 1e6


def problem_from(results, choices: PortfolioChoices) -> NationalProblem:
    """The national problem of a run (InputError when the run has no economics)."""
    if results.assumptions is None:
        raise InputError("national.err.no_economics", field="national", missing=results.economics_missing)
    view = results.inputs.economics.benefit_view
    regs, wte = [], 0.0
    for reg in results:
        rp, _a, wte = C.base_region(reg, view)
        regs.append(rp)
    return NationalProblem(
        tuple(regs),
        wte,
        choices.objective,
        choices.budget,
        choices.workforce,
        choices.min_coverage,
        choices.max_hosts,
    )


def _allocation(p: NationalProblem, sol: MilpSolution) -> tuple[RegionAllocation, ...]:
    out = []
    for r, rp in enumerate(p.regions):
        b, k = rp.benefit_coefficients(p.objective)
        H = len(rp.hosts)
        n = sol.teams[r, :H].astype(int)
        s = reached_by(rp, n, p.objective, p.min_coverage)  # exact, not HiGHS's tolerance
        picks: Pick = tuple((rp.hosts[h], int(n[h])) for h in range(H) if n[h] > 0)
        out.append(
            RegionAllocation(
                region=rp.region_id,
                picks=picks,
                teams=int(n.sum()),
                reached=float(s.sum()),
                served_now=rp.served_now,
                babies_in_need=rp.babies_in_need,
                floor=p.min_coverage,
                cost=float(n @ rp.cost),
                setup=float(n @ rp.setup),
                benefit=float(b @ s + k @ n),
                wte=float(n.sum() * p.wte_per_team),
            )
        )
    return tuple(out)


def _reason(p: NationalProblem, menus, fr) -> tuple[str, dict] | None:
    empty = [rp.region_id for rp, m in zip(p.regions, menus) if len(m) == 0]
    if empty:
        return "floor", {"regions": empty}
    if fr.floor_cost is None:
        return "workforce", {}
    if p.budget < fr.floor_cost - 1e-6:
        return "budget", {"floor_cost": fr.floor_cost}
    return None


def _provenance(results, p: NationalProblem, ch: PortfolioChoices, cost_rows) -> tuple[Provenance, ...]:
    d = defaults()
    run = next(iter(results)).economics.run
    out = []
    for key, value in (
        ("budget_per_year", ch.budget),
        ("workforce_per_year", ch.workforce),
        ("min_coverage", ch.min_coverage),
        ("robustness_draws", float(ch.draws)),
        ("frontier_levels", float(ch.levels)),
    ):
        q = d[key]
        out.append(Provenance(key, value, q.low, q.high, q.source, q.status, value != q.value))
    costs = [r["cost_per_year"] for r in cost_rows]
    status, ids = C.cost_sources(run)
    src = "assumptions/ (team_template.csv, pay_bands.csv, economics.yaml, options.yaml, regions.yaml): "
    out.append(
        Provenance(
            "cost_per_team", float(np.median(costs)), min(costs), max(costs), src + _names(ids), status
        )
    )
    status, ids = C.capacity_sources(run)
    caps = [rp.capacity for rp in p.regions]
    src = "assumptions/ (economics.yaml, regions.yaml): " + _names(ids)
    out.append(Provenance("families_per_team", float(np.median(caps)), min(caps), max(caps), src, status))
    status, ids = C.wte_sources(run)
    src = "assumptions/team_template.csv: " + _names(ids)
    out.append(Provenance("wte_per_team", p.wte_per_team, None, None, src, status))
    return tuple(out)


def _names(ids) -> str:
    """Parameter names without their scope ('pay_factor' for 'pay_factor.camhs'), once each."""
    return ", ".join(dict.fromkeys(i.split(".")[0] for i in ids))


def _cost_rows(p: NationalProblem) -> tuple[dict, ...]:
    rows = []
    for rp in p.regions:
        for h, host in enumerate(rp.hosts):
            rows.append(
                {
                    "region": rp.region_id,
                    "option": host,
                    "cost_per_year": float(rp.cost[h]),
                    "setup_once": float(rp.setup[h]),
                    "max_teams": int(rp.max_teams[h]),
                    "yield": float(rp.yield_[h]),
                    "families_per_team": rp.capacity,
                    "value": float(rp.value[h]),
                    "pv_benefit_per_family": float(rp.pv_benefit[h]),
                    "pv_cost_per_team": float(rp.pv_cost[h]),
                }
            )
    return tuple(rows)


def build(results, choices: PortfolioChoices | None = None, *, draws: bool = True) -> NationalResult:
    """The national view of ``results`` under ``choices`` (default: the data's defaults)."""
    ch = choices if choices is not None else PortfolioChoices()
    p = problem_from(results, ch)
    menus = tuple(menu(rp, p.objective, p.min_coverage, p.max_hosts) for rp in p.regions)
    hosts = [rp.hosts for rp in p.regions]
    regions = [rp.region_id for rp in p.regions]
    cap = p.max_new_teams
    fr = frontier(menus, hosts, regions, max_teams=cap, levels=ch.levels)
    reason = _reason(p, menus, fr)
    sol = solve_milp(p)
    at = fr.at(p.budget)
    feasible = reason is None and sol.status == "optimal"
    alloc = _allocation(p, sol) if feasible else ()
    per = loss = floors_cost = None
    if feasible and at is not None:
        up, down = fr.at(p.budget + MILLION), fr.at(p.budget - MILLION)
        per = (up.benefit or 0.0) - (at.benefit or 0.0) if up is not None else None
        loss = (at.benefit or 0.0) - (down.benefit or 0.0) if down is not None else None
        free = [menu(rp, p.objective, 0.0, p.max_hosts) for rp in p.regions]
        par = solve(free, budget=p.budget, max_teams=cap)
        i = par.best(p.budget)
        floors_cost = float(par.benefit[i]) - (at.benefit or 0.0) if i >= 0 else None
    lp = shadow_prices(p) if feasible else None
    base = tuple(a.picks for a in alloc) if feasible else tuple(() for _ in regions)
    view = results.inputs.economics.benefit_view
    src = source_from(results, ch.seed)  # the draws keep no reference to the run (memo owner)
    rob = (lambda: robustness(src, ch, p.objective, view, base)) if draws else None
    cost_rows = _cost_rows(p)
    return NationalResult(
        choices=ch,
        benefit_view=view,
        problem=p,
        menus=menus,
        feasible=feasible,
        reason=reason if reason is not None or feasible else ("solver", {"message": sol.message}),
        allocation=alloc,
        milp=sol,
        dp_benefit=at.benefit if at is not None else None,
        marginal=Marginal(per, loss, "frontier", lp, floors_cost),
        frontier=fr,
        provenance=_provenance(results, p, ch, cost_rows),
        cost_rows=cost_rows,
        draws=rob,
    )


__all__ = ["build", "problem_from", "RegionProblem"]
