"""Golden tests of the allocation: a small knapsack-like problem solved by hand, the MILP
against enumeration of every combination on three-region problems, and the frontier.

The MILP is scipy.optimize.milp (HiGHS); the frontier and the robustness draws use the
exact dynamic programme of appraisal.portfolio.exact, which must reach the same optimum.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.optimize import linprog

from appraisal.portfolio import exact
from appraisal.portfolio.frontier import frontier
from appraisal.portfolio.milp import shadow_prices, solve_milp
from appraisal.portfolio.problem import menu
from tests.portfolio.conftest import problem, region


def dp(p):
    """(best benefit, {region: ((host, teams), ...)}) by the dynamic programme."""
    menus = [menu(rp, p.objective, p.min_coverage, p.max_hosts) for rp in p.regions]
    par = exact.solve(menus, budget=p.budget, max_teams=p.max_new_teams)
    i = par.best(p.budget)
    if i < 0:
        return -math.inf, None
    picks = {
        rp.region_id: tuple((rp.hosts[h], n) for h, n in m.picks(c))
        for rp, m, c in zip(p.regions, menus, par.choices(i))
    }
    return float(par.benefit[i]), picks


def milp_picks(p, sol):
    return {
        rp.region_id: tuple(
            (rp.hosts[h], int(sol.teams[r, h])) for h in range(len(rp.hosts)) if sol.teams[r, h] > 0
        )
        for r, rp in enumerate(p.regions)
    }


# ----------------------------------------------------------------------------- by hand


def hand_problem(**kw):
    """Two regions, benefit = MCDA value / 100 x families reached a year.

    Region A: 300 babies in need, none seen today (G = 300), a team sees F = 100 families.
      host x: reaches and engages all (y = 1.0), GBP 0.8m a team, value 90:
              up to ceil(300 x 1.0 / 100) = 3 teams, each fully used: 90 per team.
      host y: y = 0.5, GBP 0.5m a team, value 60: at most 300 x 0.5 = 150 families,
              ceil(150 / 100) = 2 teams: 1 team 0.6 x 100 = 60; 2 teams 0.6 x 150 = 90.
    Region B: 200 in need, 50 seen today (G = 150), F = 100.
      host x: y = 0.8 (at most 120 families), GBP 0.6m a team, value 70:
              1 team 0.7 x 100 = 70; 2 teams 0.7 x 120 = 84.
    """
    a = region("A", 300, 0, 100, {"x": (1.0, 0.8e6, 90), "y": (0.5, 0.5e6, 60)})
    b = region("B", 200, 50, 100, {"x": (0.8, 0.6e6, 70)})
    return problem([a, b], **kw)


def test_hand_solved_allocation_without_floors():
    """Budget GBP 2.0m, no floors. Every combination within the budget (cost, benefit):
    A x2 alone (1.6, 180); A x1 + B x1 (1.4, 160); A x1 + B x2 (2.0, 90 + 84 = 174);
    A y2 + B x1 (1.6, 160); A y1 + B x2 (1.7, 144); A y1 + B x1 (1.1, 130); A x2 + B x1
    costs 2.2 (over). Best: two x teams in A and nothing new in B, 180 for GBP 1.6m."""
    p = hand_problem(budget=2.0e6)
    sol = solve_milp(p)
    assert sol.status == "optimal"
    assert sol.benefit == pytest.approx(180.0)
    assert sol.cost == pytest.approx(1.6e6)
    assert milp_picks(p, sol) == {"A": (("x", 2),), "B": ()}
    assert dp(p) == (pytest.approx(180.0), {"A": (("x", 2),), "B": ()})


def test_hand_solved_allocation_with_floors():
    """Minimum coverage 30%: A must reach 0.3 x 300 = 90 families (x1 gives 100, y2 150;
    y1's 50 is too few), B must reach 0.3 x 200 - 50 = 10 more (B needs a team). Within
    GBP 2.0m: A x1 + B x2 (0.8 + 1.2 = 2.0, 90 + 84 = 174); A x1 + B x1 (1.4, 160);
    A y2 + B x1 (1.6, 160). Best: 174, the whole budget."""
    p = hand_problem(budget=2.0e6, min_coverage=0.3)
    sol = solve_milp(p)
    assert sol.benefit == pytest.approx(174.0)
    assert milp_picks(p, sol) == {"A": (("x", 1),), "B": (("x", 2),)}
    assert dp(p)[0] == pytest.approx(174.0)


def test_hand_solved_frontier_and_what_one_more_million_buys():
    """At GBP 3.0m (no floors): A x3 + B x1 costs 2.4 + 0.6 = 3.0 for 270 + 70 = 340 (A x2
    + B x2 is 2.8 for 264; A x3 alone 270). So GBP 1m more than 2.0m buys 340 - 180 = 160.
    Below GBP 0.5m nothing can be bought: the frontier is 0 there."""
    p = hand_problem(budget=3.0e6)
    assert solve_milp(p).benefit == pytest.approx(340.0)
    menus = [menu(rp, "value", 0.0) for rp in p.regions]
    fr = frontier(menus, [rp.hosts for rp in p.regions], ["A", "B"], max_teams=None, levels=7)
    assert fr.at(2.0e6).benefit == pytest.approx(180.0)
    assert fr.at(3.0e6).benefit - fr.at(2.0e6).benefit == pytest.approx(160.0)
    assert fr.at(0.4e6).benefit == pytest.approx(0.0)
    # full coverage: A x3 (270) + B x2 (84) = 354 for GBP 3.6m
    assert fr.full_budget == pytest.approx(3.6e6)
    assert fr.max_benefit == pytest.approx(354.0)


def test_hand_solved_workforce_limit():
    """Clinical WTE 5 a team, 10 WTE recruitable: at most 2 teams. At GBP 3.0m the best
    pair of teams is A x2 (180); A x1 + B x1 is 160."""
    p = hand_problem(budget=3.0e6, workforce=10.0)
    assert p.max_new_teams == 2
    sol = solve_milp(p)
    assert sol.benefit == pytest.approx(180.0)
    assert dp(p)[0] == pytest.approx(180.0)


def test_hand_solved_equity_order_of_preference():
    """EQUITY's increments: A's hull from 'none' is x (90 per 0.8m = 112.5 per GBP 1m; y1
    is 120 per 1m but y2 only 90 per 1m, so y1 first: 60 / 0.5 = 120 per 1m), then from y1
    to x3 ... B: x1 at 70 / 0.6 = 116.7 per 1m, then x2 (+14 for 0.6m = 23.3 per 1m)."""
    p = hand_problem()
    menus = [menu(rp, "value", 0.0) for rp in p.regions]
    fr = frontier(menus, [rp.hosts for rp in p.regions], ["A", "B"], max_teams=None, levels=5)
    first = fr.order[0]
    assert (first.region, first.after) == ("A", (("y", 1),))
    assert first.ratio == pytest.approx(120.0)
    assert (fr.order[1].region, fr.order[1].after, fr.order[1].ratio) == (
        "B",
        (("x", 1),),
        pytest.approx(70 / 0.6),
    )
    ratios = [i.ratio for i in fr.order]
    assert ratios == sorted(ratios, reverse=True)
    assert fr.order[-1].total_benefit == pytest.approx(fr.max_benefit)


def test_lp_relaxation_shadow_price_bounds_the_milp():
    p = hand_problem(budget=2.0e6)
    sp = shadow_prices(p)
    assert sp is not None and sp.lp_benefit >= solve_milp(p).benefit - 1e-6
    assert sp.per_million > 0


def test_infeasible_floor_is_reported():
    p = hand_problem(budget=0.5e6, min_coverage=0.3)
    assert solve_milp(p).status == "infeasible"
    assert dp(p)[1] is None


# ----------------------------------------------------------------------------- brute force


def enumerate_all(p):
    """Every combination of every region's (host, teams), constraints checked directly.
    One host: s = min(F n, G y). Two hosts: the families each reaches by its own LP
    (scipy linprog), independent of the menus' vertex enumeration."""
    per_region = []
    for rp in p.regions:
        b, k = rp.benefit_coefficients(p.objective)
        floor = max(p.min_coverage * rp.babies_in_need - rp.served_now, 0.0)
        opts = [((), 0.0, 0, 0.0, 0.0)]
        nmax = rp.max_teams
        singles = [((h, n),) for h in range(len(rp.hosts)) for n in range(1, nmax[h] + 1)]
        pairs = []
        if p.max_hosts >= 2:
            pairs = [
                ((h0, n0), (h1, n1))
                for h0, h1 in itertools.combinations(range(len(rp.hosts)), 2)
                for n0 in range(1, nmax[h0] + 1)
                for n1 in range(1, nmax[h1] + 1)
            ]
        for pick in singles + pairs:
            hs = [h for h, _ in pick]
            ns = np.array([n for _, n in pick], dtype=float)
            res = linprog(
                -b[hs],
                A_ub=np.vstack([1.0 / rp.yield_[hs], -np.ones(len(hs))]),
                b_ub=[rp.gap, -floor],
                bounds=[(0, rp.capacity * n) for n in ns],
                method="highs",
            )
            if res.status != 0:
                continue
            s = res.x
            cost = float(ns @ rp.cost[hs])
            opts.append((pick, cost, int(ns.sum()), float(b[hs] @ s + k[hs] @ ns), float(s.sum())))
        if floor > 1e-9:
            opts = opts[1:]
        per_region.append(opts)
    best = -math.inf
    cap = p.max_new_teams
    for combo in itertools.product(*per_region):
        cost = sum(c[1] for c in combo)
        teams = sum(c[2] for c in combo)
        if cost > p.budget + 1e-6 or (cap is not None and teams > cap):
            continue
        best = max(best, sum(c[3] for c in combo))
    return best


def random_problem(seed: int, objective: str, max_hosts: int):
    rng = np.random.default_rng(seed)
    regs = []
    for r in range(3):
        H = int(rng.integers(2, 4))
        need = float(rng.uniform(100, 400))
        served = float(rng.uniform(0, 0.3) * need)
        hosts = {
            f"h{h}": (
                float(rng.uniform(0.4, 1.0)),
                float(rng.uniform(0.4, 0.8) * 1e6),
                float(rng.uniform(30, 90)),
            )
            for h in range(H)
        }
        regs.append(
            region(
                f"r{r}",
                need,
                served,
                float(rng.uniform(60, 120)),
                hosts,
                pv_benefit=float(rng.uniform(2e3, 2e4)),
                pv_cost=float(rng.uniform(1e6, 3e6)),
            )
        )
    return problem(
        regs,
        objective=objective,
        budget=float(rng.uniform(0.8, 3.5) * 1e6),
        workforce=float(rng.choice([15.0, 25.0, 1e3])),
        min_coverage=float(rng.choice([0.0, 0.1, 0.25])),
        max_hosts=max_hosts,
    )


@pytest.mark.parametrize("objective", ["value", "reach", "npsv"])
@pytest.mark.parametrize("max_hosts", [1, 2])
@pytest.mark.parametrize("seed", range(4))
def test_milp_equals_brute_force_on_three_regions(seed, objective, max_hosts):
    p = random_problem(seed, objective, max_hosts)
    want = enumerate_all(p)
    sol = solve_milp(p)
    got_dp = dp(p)[0]
    if want == -math.inf:
        assert sol.status == "infeasible" and got_dp == -math.inf
        return
    scale = max(1.0, abs(want))
    assert sol.status == "optimal"
    assert sol.benefit == pytest.approx(want, abs=1e-6 * scale)
    assert got_dp == pytest.approx(want, abs=1e-6 * scale)
    # the MILP's allocation meets every constraint
    assert sol.cost <= p.budget + 1e-6
    if p.max_new_teams is not None:
        assert sol.teams.sum() <= p.max_new_teams
    assert ((sol.teams > 0).sum(axis=1) <= max_hosts).all()


def test_brute_force_helper_matches_the_dynamic_programme():
    p = random_problem(7, "value", 1)
    menus = [menu(rp, p.objective, p.min_coverage) for rp in p.regions]
    b, arg = exact.brute_force(menus, p.budget, p.max_new_teams, block=7)
    assert b == pytest.approx(dp(p)[0])
    assert arg is not None and len(arg) == 3


# ----------------------------------------------------------------------------- frontier


@pytest.mark.parametrize("objective", ["value", "reach", "npsv"])
def test_frontier_is_monotone(objective):
    p = random_problem(3, objective, 1)
    menus = [menu(rp, objective, p.min_coverage) for rp in p.regions]
    fr = frontier(
        menus, [rp.hosts for rp in p.regions], ["r0", "r1", "r2"], max_teams=p.max_new_teams, levels=40
    )
    vals = [pt.benefit for pt in fr.levels if pt.feasible]
    assert vals == sorted(vals)
    steps = [(pt.cost, pt.benefit) for pt in fr.steps]
    assert all(c1 < c2 and b1 < b2 for (c1, b1), (c2, b2) in zip(steps, steps[1:]))
    # every level is the MILP's optimum at that budget
    for pt in fr.levels[:: max(1, len(fr.levels) // 6)]:
        if pt.feasible:
            assert solve_milp(p.with_changes(budget=pt.budget)).benefit == pytest.approx(
                pt.benefit, abs=1e-6 * max(1.0, abs(pt.benefit))
            )
