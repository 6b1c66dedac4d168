"""The efficiency frontier: the best benefit at every budget from GBP 0 to full coverage,
where it steps, what each region has at each step, and EQUITY's order of preference.

- The exact frontier is the dynamic programme of :mod:`.exact` read at every budget: a
  step function (whole teams), non-decreasing because a larger budget never removes an
  allocation. It honours the workforce; the unlimited frontier (no workforce limit) is
  kept beside it, so the chart shows where recruitment rather than money binds.
- "Full coverage": the least budget at which the unlimited frontier reaches its maximum
  (every region at the host and teams that give the most benefit).
- Switches: the budgets at which a region's choice (host and teams) on the exact frontier
  changes, at every step (``switches``) and between the evenly spaced budget levels
  (``level_switches``, the summary the page and the report show first). An exact frontier
  can take a team away from one region to fund a better use elsewhere; the switches say so.
- Order of preference (Hiview3 / EQUITY, Catalyze Ltd; Phillips & Bana e Costa 2007,
  *Transparent prioritisation, budgeting and resource allocation with multi-criteria
  decision analysis and decision conferencing*, Ann. Oper. Res. 154:51-68): each
  region's choices on the upper convex hull of benefit against cost, from its cheapest
  choice that meets the floor, as increments; all regions' increments sorted by benefit
  per pound, steepest first. It is the LP relaxation's path (teams bought whole, one
  increment at a time) and ignores the workforce; the exact frontier does neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from appraisal.portfolio.exact import Pareto, solve
from appraisal.portfolio.problem import Menu

Pick = tuple[tuple[str, int], ...]  # ((host id, teams), ...): () for no new teams


@dataclass(frozen=True)
class Point:
    """The best allocation within one budget (``feasible`` False below the floors' cost)."""

    budget: float
    feasible: bool
    benefit: float | None
    cost: float | None
    teams: int | None
    reached: float | None
    picks: tuple[Pick, ...]  # per region


@dataclass(frozen=True)
class Switch:
    region: str
    budget: float  # the budget from which the region has ``after``
    before: Pick
    after: Pick


@dataclass(frozen=True)
class Increment:
    """One step of EQUITY's order of preference."""

    rank: int
    region: str
    before: Pick
    after: Pick
    cost: float  # extra GBP a year
    benefit: float
    ratio: float  # benefit per GBP 1m
    total_cost: float  # cumulative, from the floors' cost
    total_benefit: float


@dataclass(frozen=True)
class Frontier:
    levels: tuple[Point, ...]  # evenly spaced budgets from 0 to full coverage
    steps: tuple[Point, ...]  # the exact frontier's steps (with the workforce)
    unlimited: tuple[tuple[float, float], ...]  # (budget, benefit) steps, no workforce limit
    switches: tuple[Switch, ...]  # every change along the exact steps
    level_switches: tuple[Switch, ...]  # changes between consecutive budget levels (the summary)
    order: tuple[Increment, ...]
    floor_cost: float | None  # least budget meeting every floor (None: no allocation meets them)
    full_budget: float  # least budget of the largest benefit, no workforce limit
    max_benefit: float | None  # the largest benefit the workforce allows

    def at(self, budget: float) -> Point | None:
        """The exact frontier's point within ``budget`` (the last step affordable)."""
        best = None
        for p in self.steps:
            if (p.cost or 0.0) <= budget + 1e-6:
                best = p
        return best


def _picks(menus: Sequence[Menu], hosts: Sequence[Sequence[str]], choice: Sequence[int]) -> tuple[Pick, ...]:
    return tuple(
        tuple((hosts[r][h], n) for h, n in m.picks(c)) for r, (m, c) in enumerate(zip(menus, choice))
    )


def point(par: Pareto, hosts: Sequence[Sequence[str]], budget: float) -> Point:
    """The best allocation of ``par`` within ``budget``."""
    i = par.best(budget)
    if i < 0:
        return Point(float(budget), False, None, None, None, None, ())
    ch = par.choices(i)
    reached = sum(float(m.reached[c]) for m, c in zip(par.menus, ch))
    return Point(
        float(budget),
        True,
        float(par.benefit[i]),
        float(par.cost[i]),
        int(par.teams[i]),
        reached,
        _picks(par.menus, hosts, ch),
    )


def _steps(par: Pareto, hosts) -> list[Point]:
    idx, costs = par.envelope()
    return [point(par, hosts, float(c)) for c in costs]


def equity_order(menus: Sequence[Menu], hosts, regions: Sequence[str]) -> tuple[Increment, ...]:
    """EQUITY's order of preference (see the module docstring)."""
    incs: list[tuple[float, int, int, Increment]] = []
    for r, m in enumerate(menus):
        if len(m) == 0:
            continue
        cur = 0  # the cheapest choice: the floor's (menus are cheapest first)
        k = 0
        while True:
            dc = m.cost - m.cost[cur]
            db = m.benefit - m.benefit[cur]
            ok = (dc > 1e-9) & (db > 1e-12 * max(1.0, abs(float(m.benefit[cur]))))
            if not ok.any():
                break
            ratio = np.where(ok, db / np.where(ok, dc, 1.0), -np.inf)
            top = ratio.max()
            cand = np.flatnonzero(ok & (ratio >= top * (1 - 1e-12)))
            nxt = int(cand[np.argmax(m.cost[cand])])  # equal slopes: the farther point
            before = tuple((hosts[r][h], n) for h, n in m.picks(cur))
            after = tuple((hosts[r][h], n) for h, n in m.picks(nxt))
            inc = Increment(
                0, regions[r], before, after, float(dc[nxt]), float(db[nxt]), float(top) * 1e6, 0, 0
            )
            incs.append((-float(top), r, k, inc))
            cur, k = nxt, k + 1
    incs.sort(key=lambda x: (x[0], x[1], x[2]))
    start_c = sum(float(m.cost[0]) for m in menus if len(m))
    start_b = sum(float(m.benefit[0]) for m in menus if len(m))
    out = []
    tc, tb = start_c, start_b
    for rank, (_k, _r, _i, inc) in enumerate(incs, start=1):
        tc += inc.cost
        tb += inc.benefit
        out.append(
            Increment(rank, inc.region, inc.before, inc.after, inc.cost, inc.benefit, inc.ratio, tc, tb)
        )
    return tuple(out)


def frontier(
    menus: Sequence[Menu],
    hosts: Sequence[Sequence[str]],
    regions: Sequence[str],
    *,
    max_teams: int | None,
    levels: int,
) -> Frontier:
    """The frontier of the regions' menus (see the module docstring)."""
    par = solve(menus, max_teams=max_teams)
    free = par if max_teams is None else solve(menus)
    if len(free) == 0:
        return Frontier((), (), (), (), (), equity_order(menus, hosts, regions), None, 0.0, None)
    idx_u, cost_u = free.envelope()
    full = float(cost_u[-1])
    steps = _steps(par, hosts)
    switches: list[Switch] = []
    for prev, cur in zip(steps, steps[1:]):
        for r, rid in enumerate(regions):
            if prev.picks[r] != cur.picks[r]:
                switches.append(Switch(rid, float(cur.cost or 0.0), prev.picks[r], cur.picks[r]))
    budgets = np.linspace(0.0, full, max(int(levels), 2))
    pts = [point(par, hosts, float(b)) for b in budgets]
    by_level = [
        Switch(rid, cur.budget, prev.picks[r], cur.picks[r])
        for prev, cur in zip(pts, pts[1:])
        if prev.feasible and cur.feasible
        for r, rid in enumerate(regions)
        if prev.picks[r] != cur.picks[r]
    ]
    return Frontier(
        levels=tuple(pts),
        steps=tuple(steps),
        unlimited=tuple((float(c), float(free.benefit[i])) for i, c in zip(idx_u, cost_u)),
        switches=tuple(switches),
        level_switches=tuple(by_level),
        order=equity_order(menus, hosts, regions),
        floor_cost=float(par.cost.min()) if len(par) else None,
        full_budget=full,
        max_benefit=float(par.benefit.max()) if len(par) else None,
    )
