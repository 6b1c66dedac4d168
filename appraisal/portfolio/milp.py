"""The allocation as a mixed-integer linear programme, solved exactly with HiGHS
(``scipy.optimize.milp``; Huangfu & Hall 2018, *Parallelizing the dual revised simplex
method*, Math. Prog. Comp. 10:119-142), and its LP relaxation's shadow prices.

Variables per region r and host h: teams ``n`` (integer, 0 .. the economics' full-coverage
sizing), families reached a year ``s`` (continuous) and ``z`` (1 when the host is used)::

    max  sum b_rh s_rh + k_rh n_rh                            (the objective's benefit)
    s_rh <= F_r n_rh                                           (a team sees F families a year)
    n_rh <= N_rh z_rh                                          (teams only with a chosen host)
    sum_h s_rh / y_rh <= G_r                                   (babies in need not yet seen)
    sum_h z_rh <= max_hosts                                    (one host, or two when mixed)
    sum_h s_rh >= m need_r - served_r                          (each region's minimum coverage)
    sum c_rh n_rh <= budget,  sum wte n_rh <= workforce

Ties are broken lexicographically: a second solve keeps the optimum's benefit and spends
as little as possible. HiGHS is run with a zero relative gap, so the optimum is proven.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from appraisal.portfolio.problem import NationalProblem


@dataclass(frozen=True)
class MilpSolution:
    """What HiGHS returned: per region the teams and families a year by host."""

    status: str  # optimal | infeasible | error
    benefit: float
    cost: float
    teams: np.ndarray  # (R, H_max) per region and host (host order of each region)
    reached: np.ndarray  # (R, H_max)
    seconds: float
    message: str


@dataclass(frozen=True)
class ShadowPrices:
    """Duals of the LP relaxation (integrality dropped: fractional teams), per unit of
    each right-hand side: benefit per GBP 1m of budget, per clinical WTE, and per family
    of each region's floor (negative: the floor costs benefit)."""

    per_million: float
    per_wte: float | None
    floors: dict[str, float]
    lp_benefit: float  # the relaxation's optimum: an upper bound on the MILP's


def _layout(p: NationalProblem):
    """Column indices: for region r, host h: (n, s, z); the A_ub rows and b_ub."""
    cols = []
    for r, rp in enumerate(p.regions):
        for h in range(len(rp.hosts)):
            cols.append((r, h))
    nv = 3 * len(cols)
    c = np.zeros(nv)
    lb, ub = np.zeros(nv), np.zeros(nv)
    integ = np.zeros(nv)
    rows: list[np.ndarray] = []
    rhs: list[float] = []
    names: list[str] = []

    def row() -> np.ndarray:
        return np.zeros(nv)

    per_region: dict[int, list[int]] = {}
    for j, (r, h) in enumerate(cols):
        rp = p.regions[r]
        b, k = rp.benefit_coefficients(p.objective)
        nmax = int(rp.max_teams[h])
        n, s, z = 3 * j, 3 * j + 1, 3 * j + 2
        per_region.setdefault(r, []).append(j)
        c[n], c[s] = -k[h], -b[h]
        ub[n], ub[s], ub[z] = nmax, rp.gap * rp.yield_[h], 1.0 if nmax > 0 else 0.0
        integ[n], integ[z] = 1, 1
        a = row()
        a[s], a[n] = 1.0, -rp.capacity
        rows.append(a), rhs.append(0.0), names.append("capacity")
        a = row()
        a[n], a[z] = 1.0, -float(nmax)
        rows.append(a), rhs.append(0.0), names.append("host")
    for r, rp in enumerate(p.regions):
        js = per_region.get(r, [])
        a = row()
        for j in js:
            h = cols[j][1]
            if rp.yield_[h] > 0:
                a[3 * j + 1] = 1.0 / rp.yield_[h]
        rows.append(a), rhs.append(rp.gap), names.append("pool")
        a = row()
        for j in js:
            a[3 * j + 2] = 1.0
        rows.append(a), rhs.append(float(p.max_hosts)), names.append("hosts")
        floor = rp.floor_families(p.min_coverage)
        if floor > 0:
            a = row()
            for j in js:
                a[3 * j + 1] = -1.0
            rows.append(a), rhs.append(-floor), names.append(f"floor:{rp.region_id}")
    a = row()
    for j, (r, h) in enumerate(cols):
        a[3 * j] = p.regions[r].cost[h]
    rows.append(a), rhs.append(p.budget), names.append("budget")
    if p.workforce is not None:
        a = row()
        a[0::3] = p.wte_per_team
        rows.append(a), rhs.append(p.workforce), names.append("workforce")
    A = np.array(rows) if rows else np.zeros((0, nv))
    return cols, c, lb, ub, integ, A, np.array(rhs), names


def solve_milp(p: NationalProblem) -> MilpSolution:
    """The proven optimum of ``p`` (status 'infeasible' when the floors do not fit)."""
    cols, c, lb, ub, integ, A, b_ub, _names = _layout(p)
    t0 = time.perf_counter()
    opts = {"mip_rel_gap": 0.0, "presolve": True}
    cons = [LinearConstraint(A, -np.inf, b_ub)]
    res = milp(c, constraints=cons, integrality=integ, bounds=Bounds(lb, ub), options=opts)
    H = max((len(rp.hosts) for rp in p.regions), default=0)
    empty = np.zeros((len(p.regions), H))
    if res.status == 2 or res.x is None:
        status = "infeasible" if res.status == 2 else "error"
        return MilpSolution(
            status, float("nan"), float("nan"), empty, empty, time.perf_counter() - t0, res.message
        )
    z_star = -float(res.fun)
    # second stage: the same benefit for the least money
    tol = 1e-7 * max(1.0, abs(z_star))
    cost = A[-2 if p.workforce is not None else -1]
    res2 = milp(
        cost,
        constraints=[*cons, LinearConstraint(-c[None, :], z_star - tol, np.inf)],
        integrality=integ,
        bounds=Bounds(lb, ub),
        options=opts,
    )
    x = res2.x if res2.x is not None and res2.status == 0 else res.x
    teams, reached = empty.copy(), empty.copy()
    for j, (r, h) in enumerate(cols):
        teams[r, h] = round(float(x[3 * j]))
        reached[r, h] = max(float(x[3 * j + 1]), 0.0)
    return MilpSolution(
        "optimal",
        float(-(c @ x)),
        float(cost @ np.round(x)),
        teams,
        reached,
        time.perf_counter() - t0,
        res.message,
    )


def shadow_prices(p: NationalProblem) -> ShadowPrices | None:
    """The LP relaxation's duals (HiGHS dual simplex via ``scipy.optimize.linprog``), or
    None when the relaxation is infeasible."""
    _cols, c, lb, ub, _integ, A, b_ub, names = _layout(p)
    res = linprog(c, A_ub=A, b_ub=b_ub, bounds=list(zip(lb, ub)), method="highs")
    if res.status != 0:
        return None
    duals = -np.asarray(res.ineqlin.marginals, dtype=float)  # benefit per unit of each row
    by = dict(zip(names, duals))
    floors = {n.split(":", 1)[1]: -float(by[n]) for n in names if n.startswith("floor:")}
    return ShadowPrices(
        per_million=float(by["budget"]) * 1e6,
        per_wte=float(by["workforce"]) if "workforce" in by else None,
        floors=floors,
        lp_benefit=-float(res.fun),
    )
