"""Exact solution of the allocation by dynamic programming over regions (the frontier and
the robustness re-solves; the headline allocation is the MILP of :mod:`.milp`).

The problem is a multiple-choice knapsack with two resources (budget and workforce):
each region picks one choice of its menu. Dynamic programming "by reaching" merges the
regions one at a time and keeps only the partial allocations no other beats (cheaper or
as cheap, no more teams, at least as much benefit): Kellerer, Pferschy & Pisinger (2004),
*Knapsack Problems*, ch. 11 (the multiple-choice knapsack) and ch. 9 (dominance in
several dimensions). Nothing is lost by the pruning, so the best kept allocation within a
budget is the optimum; the tests check it against the MILP and against enumeration of
every combination. One pass gives the whole frontier: the best allocation at every budget.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from appraisal.portfolio.problem import REL_TOL, Menu

#: Slack on the budget (GBP): a choice costing the budget to rounding is within it.
BUDGET_SLACK = 1e-6


def _prune(cost: np.ndarray, teams: np.ndarray, ben: np.ndarray, tol: float, by_teams: bool) -> np.ndarray:
    """Indices of the undominated points, cheapest first. With ``by_teams`` a point is
    dominated only by one with no more teams as well (a prefix maximum per team count)."""
    order = np.lexsort((teams, -ben, cost)) if not by_teams else np.lexsort((-ben, teams, cost))
    b = ben[order]
    if not by_teams:
        run = np.maximum.accumulate(b)
        keep = np.empty(b.size, dtype=bool)
        keep[0] = True
        keep[1:] = b[1:] > run[:-1] + tol
        return order[keep]
    t = teams[order]
    grid = np.arange(int(t.max()) + 1)
    best = np.where(t[:, None] <= grid[None, :], b[:, None], -np.inf)
    np.maximum.accumulate(best, axis=0, out=best)
    prev = np.empty_like(best)
    prev[0] = -np.inf
    prev[1:] = best[:-1]
    return order[prev[np.arange(b.size), t] < b - tol]


@dataclass(frozen=True)
class Pareto:
    """The undominated national allocations (cost a year, teams, benefit), cheapest first,
    and how to read each one's choice per region back (``choices``)."""

    cost: np.ndarray
    teams: np.ndarray
    benefit: np.ndarray
    parents: tuple[np.ndarray, ...]  # per region: index into the previous stage's points
    picks: tuple[np.ndarray, ...]  # per region: index into that region's menu
    menus: tuple[Menu, ...]
    max_teams: int | None
    tol: float

    def __len__(self) -> int:
        return int(self.cost.size)

    def choices(self, i: int) -> tuple[int, ...]:
        """The menu index each region takes in point ``i``."""
        out = []
        for parent, pick in zip(reversed(self.parents), reversed(self.picks)):
            out.append(int(pick[i]))
            i = int(parent[i])
        return tuple(reversed(out))

    def best(self, budget: float) -> int:
        """The point with the most benefit within ``budget`` (ties: the cheaper, then the
        fewer teams); -1 when nothing fits (the floors cost more than the budget)."""
        ok = np.flatnonzero(self.cost <= budget + BUDGET_SLACK)
        if ok.size == 0:
            return -1
        b = self.benefit[ok]
        top = b.max()
        cand = ok[b >= top - self.tol]
        return int(cand[np.lexsort((self.teams[cand], self.cost[cand]))[0]])

    def envelope(self) -> tuple[np.ndarray, np.ndarray]:
        """The frontier's steps: (budget at which each step is first affordable, benefit),
        increasing in both; the best point at a budget is the last step within it."""
        order = np.lexsort((self.teams, -self.benefit, self.cost))
        run = -np.inf
        keep = []
        for i in order:
            if self.benefit[i] > run + self.tol:
                keep.append(int(i))
                run = float(self.benefit[i])
        idx = np.array(keep, dtype=int)
        return idx, self.cost[idx]


def solve(
    menus: Sequence[Menu],
    *,
    budget: float = np.inf,
    max_teams: int | None = None,
    tol: float | None = None,
) -> Pareto:
    """Merge the regions' menus; keep the undominated allocations within ``budget`` and
    ``max_teams``. An empty menu (a floor no choice meets) leaves no allocation."""
    if tol is None:
        scale = sum(float(np.abs(m.benefit).max(initial=0.0)) for m in menus)
        tol = REL_TOL * max(1.0, scale)
    most = sum(int(m.teams.max(initial=0)) for m in menus)
    by_teams = max_teams is not None and most > max_teams
    cost = np.zeros(1)
    teams = np.zeros(1, dtype=np.int64)
    ben = np.zeros(1)
    parents: list[np.ndarray] = []
    picks: list[np.ndarray] = []
    for m in menus:
        k = len(m)
        C = (cost[:, None] + m.cost[None, :]).ravel()
        T = (teams[:, None] + m.teams[None, :]).ravel()
        B = (ben[:, None] + m.benefit[None, :]).ravel()
        ok = C <= budget + BUDGET_SLACK
        if max_teams is not None:
            ok &= T <= max_teams
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            cost, teams, ben = np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)
            parents.append(np.zeros(0, dtype=np.int64))
            picks.append(np.zeros(0, dtype=np.int64))
            continue
        keep = idx[_prune(C[idx], T[idx], B[idx], tol, by_teams)]
        parents.append(keep // k)
        picks.append(keep % k)
        cost, teams, ben = C[keep], T[keep], B[keep]
    return Pareto(cost, teams, ben, tuple(parents), tuple(picks), tuple(menus), max_teams, tol)


def brute_force(
    menus: Sequence[Menu], budget: float, max_teams: int | None = None, *, block: int = 1_000_000
) -> tuple[float, tuple[int, ...] | None]:
    """Every combination of the regions' choices: (best benefit, the menu index per region),
    or (-inf, None) when none fits. The last regions' combinations are laid out as arrays
    of at most ``block`` entries and the first regions' are looped over, so memory stays
    bounded. For tests and the benchmark's baseline only: the work grows as the product
    of the menus' sizes."""
    sizes = [len(m) for m in menus]
    split = len(menus)
    while split > 0 and int(np.prod(sizes[split - 1 :])) <= block:
        split -= 1
    tail = menus[split:]
    grids = np.meshgrid(*[np.arange(len(m)) for m in tail], indexing="ij")
    t_idx = [g.ravel() for g in grids] if tail else []
    n_tail = t_idx[0].size if tail else 1
    t_cost = sum((m.cost[i] for m, i in zip(tail, t_idx)), np.zeros(n_tail))
    t_teams = sum((m.teams[i] for m, i in zip(tail, t_idx)), np.zeros(n_tail, dtype=np.int64))
    t_ben = sum((m.benefit[i] for m, i in zip(tail, t_idx)), np.zeros(n_tail))
    best, arg = float("-inf"), None
    for head in itertools.product(*[range(n) for n in sizes[:split]]):
        c0 = sum(float(menus[r].cost[j]) for r, j in enumerate(head))
        n0 = sum(int(menus[r].teams[j]) for r, j in enumerate(head))
        b0 = sum(float(menus[r].benefit[j]) for r, j in enumerate(head))
        ok = t_cost + c0 <= budget + BUDGET_SLACK
        if max_teams is not None:
            ok &= t_teams + n0 <= max_teams
        if not ok.any():
            continue
        vals = np.where(ok, t_ben + b0, -np.inf)
        j = int(np.argmax(vals))
        if vals[j] > best:
            best, arg = float(vals[j]), (*head, *(int(i[j]) for i in t_idx))
    return best, arg
