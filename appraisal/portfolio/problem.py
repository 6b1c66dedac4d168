"""The national allocation problem and each region's menu of choices.

Per region r and hosting option o (the region's shortlist less business as usual and do
minimum): ``n`` new teams (whole numbers) see ``s <= F n`` families a year (F: families a
team sees, after the direct-work share and travel), drawn from the babies in need that
existing teams do not see, ``G = need - served today``. A host reaches and engages a share
``y_o = reach_o x engagement_o`` of the families it offers help to, so with several hosts
``sum_o s_o / y_o <= G`` (the region's babies in need are split between them, e.g. by
area) and one host can engage at most ``G y_o`` (the economics' team sizing at full
coverage: ``ceil(G y_o / F)`` teams). Existing teams are kept: their families count towards
the region's minimum coverage ``served today + sum_o s_o >= m x need`` and their cost is
business as usual, outside the budget.

Benefit (``objective``): ``value`` = sum_o (MCDA total_o / 100) s_o (value-weighted babies
reached a year); ``reach`` = sum_o s_o (babies in need reached a year); ``npsv`` =
sum_o (PV benefit per family_o s_o - PV cost per team_o n_o) (Green Book NPSV, GBP).
Costs against the budget: running cost per team a year x n (real 2025/26 prices).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

import numpy as np

from appraisal.portfolio.choices import OBJECTIVES

#: Benefits closer than this (relative to the problem's scale) are treated as equal.
REL_TOL = 1e-9


def _ro(a) -> np.ndarray:
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class RegionProblem:
    """One region's coefficients, every array one entry per hosting option (``hosts``)."""

    region_id: str
    hosts: tuple[str, ...]
    babies_in_need: float  # a year
    served_now: float  # families existing teams see a year
    existing_teams: float  # full-team equivalents kept
    capacity: float  # F: families a new team sees a year
    yield_: np.ndarray  # reach x engagement
    cost: np.ndarray  # running cost per team a year (GBP), the budget's coefficient
    setup: np.ndarray  # one-off set-up cost per team (GBP), reported beside
    value: np.ndarray  # MCDA total, 0-100
    pv_benefit: np.ndarray  # PV of benefits per family a year over the service years (GBP)
    pv_cost: np.ndarray  # PV of the costs of one team over the service years (GBP)

    def __post_init__(self) -> None:
        for name in ("yield_", "cost", "setup", "value", "pv_benefit", "pv_cost"):
            a = _ro(getattr(self, name))
            if a.shape != (len(self.hosts),):
                raise ValueError(f"{self.region_id}: {name} needs one value per host")
            object.__setattr__(self, name, a)

    @property
    def gap(self) -> float:
        """Babies in need that existing teams do not see (a year)."""
        return max(self.babies_in_need - self.served_now, 0.0)

    @property
    def max_teams(self) -> np.ndarray:
        """Teams each host needs to engage every family it can (full coverage)."""
        if self.capacity <= 0:
            return np.zeros(len(self.hosts), dtype=int)
        return np.ceil(self.gap * self.yield_ / self.capacity - 1e-9).clip(min=0).astype(int)

    def floor_families(self, min_coverage: float) -> float:
        """Families new teams must reach a year so that the region meets ``min_coverage``."""
        return max(min_coverage * self.babies_in_need - self.served_now, 0.0)

    def benefit_coefficients(self, objective: str) -> tuple[np.ndarray, np.ndarray]:
        """(benefit per family reached a year, benefit per team) for ``objective``."""
        if objective == "value":
            return self.value / 100.0, np.zeros(len(self.hosts))
        if objective == "reach":
            return np.ones(len(self.hosts)), np.zeros(len(self.hosts))
        return self.pv_benefit, -self.pv_cost


@dataclass(frozen=True)
class NationalProblem:
    """The regions and the national constraints the allocation must meet."""

    regions: tuple[RegionProblem, ...]
    wte_per_team: float  # clinical WTE of one new team
    objective: str
    budget: float  # GBP a year
    workforce: float | None  # clinical WTE that can be recruited in the year (None: no limit)
    min_coverage: float
    max_hosts: int = 1
    units: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.objective not in OBJECTIVES:
            raise ValueError(f"unknown objective {self.objective!r}")

    @property
    def max_new_teams(self) -> int | None:
        """Teams the workforce allows (None: no limit)."""
        if self.workforce is None or self.wte_per_team <= 0:
            return None
        return int(math.floor(self.workforce / self.wte_per_team + 1e-9))

    def with_changes(self, **kw) -> NationalProblem:
        return replace(self, **kw)


@dataclass(frozen=True)
class Menu:
    """A region's feasible choices, cheapest first: each up to two (host index, teams)
    pairs (``pairs`` rows: host, teams, host, teams; -1, 0 where unused) with its cost a
    year, teams, families reached a year (in total and by host) and benefit."""

    cost: np.ndarray  # (k,)
    teams: np.ndarray  # (k,) int
    reached: np.ndarray  # (k,) families a year
    benefit: np.ndarray  # (k,)
    pairs: np.ndarray  # (k, 4) int
    by_host: np.ndarray  # (k, H) families reached a year by host

    def __len__(self) -> int:
        return int(self.cost.size)

    def picks(self, i: int) -> tuple[tuple[int, int], ...]:
        """Choice ``i`` as ((host index, teams), ...); () for no new teams."""
        h0, n0, h1, n1 = (int(v) for v in self.pairs[i])
        return tuple((h, n) for h, n in ((h0, n0), (h1, n1)) if h >= 0 and n > 0)

    def take(self, idx: np.ndarray) -> Menu:
        return Menu(
            self.cost[idx],
            self.teams[idx],
            self.reached[idx],
            self.benefit[idx],
            self.pairs[idx],
            self.by_host[idx],
        )


def _fill_two(u: np.ndarray, y: np.ndarray, b: np.ndarray, pool: float, floor: float):
    """Exact LP of two hosts per row: max b.s s.t. 0 <= s <= u, s0/y0 + s1/y1 <= pool,
    s0 + s1 >= floor, by enumerating the vertices (pairs of the six constraint lines).
    Rows with no feasible point get s = NaN."""
    n = u.shape[0]
    inv = np.where(y > 0, 1.0 / np.where(y > 0, y, 1.0), 1e12)
    # lines a.s = c: s0=0, s1=0, s0=u0, s1=u1, pool, floor
    A = np.zeros((n, 6, 2))
    c = np.zeros((n, 6))
    A[:, 0, 0] = A[:, 2, 0] = 1.0
    A[:, 1, 1] = A[:, 3, 1] = 1.0
    c[:, 2], c[:, 3] = u[:, 0], u[:, 1]
    A[:, 4] = inv
    c[:, 4] = pool
    A[:, 5] = 1.0
    c[:, 5] = floor
    best = np.full(n, -np.inf)
    out = np.full((n, 2), np.nan)
    scale = max(1.0, pool, float(u.max(initial=0.0)))
    tol = 1e-9 * scale
    for i, j in itertools.combinations(range(6), 2):
        M = A[:, [i, j]]  # (n, 2, 2)
        det = M[:, 0, 0] * M[:, 1, 1] - M[:, 0, 1] * M[:, 1, 0]
        ok = np.abs(det) > 1e-15
        d = np.where(ok, det, 1.0)
        s0 = (c[:, i] * M[:, 1, 1] - c[:, j] * M[:, 0, 1]) / d
        s1 = (M[:, 0, 0] * c[:, j] - M[:, 1, 0] * c[:, i]) / d
        feas = (
            ok
            & (s0 >= -tol)
            & (s1 >= -tol)
            & (s0 <= u[:, 0] + tol)
            & (s1 <= u[:, 1] + tol)
            & (s0 * inv[:, 0] + s1 * inv[:, 1] <= pool + tol * 10)
            & (s0 + s1 >= floor - tol)
        )
        val = b[:, 0] * s0 + b[:, 1] * s1
        better = feas & (val > best + tol)
        best = np.where(better, val, best)
        out[better, 0] = np.clip(s0[better], 0.0, None)
        out[better, 1] = np.clip(s1[better], 0.0, None)
    return out


def menu(rp: RegionProblem, objective: str, min_coverage: float, max_hosts: int = 1) -> Menu:
    """Every feasible choice of one region (none when the floor cannot be met), less the
    choices another one dominates (see :func:`build_menu`)."""
    b, k = rp.benefit_coefficients(objective)
    return build_menu(
        rp.capacity,
        rp.gap,
        rp.yield_,
        rp.cost,
        b,
        k,
        rp.floor_families(min_coverage),
        max_hosts,
        tol=1e-9 * max(1.0, rp.babies_in_need),
    )


def build_menu(
    F: float,
    G: float,
    y: np.ndarray,
    cost: np.ndarray,
    b: np.ndarray,
    k: np.ndarray,
    floor: float,
    max_hosts: int = 1,
    *,
    tol: float = 1e-9,
) -> Menu:
    """A region's menu from plain coefficients (shared by the base case and every draw).

    One host h with n teams (1 .. ceil(G y_h / F)): s = min(F n, G y_h), benefit
    b_h s + k_h n. Two hosts: s from the exact two-variable LP (:func:`_fill_two`).
    "No new teams" is a choice when existing teams already meet the floor."""
    H = len(y)
    nmax = np.ceil(G * y / F - 1e-9).clip(min=0).astype(int) if F > 0 else np.zeros(H, dtype=int)
    top = int(nmax.max(initial=0))
    hh, nn = (a.ravel() for a in np.meshgrid(np.arange(H), np.arange(1, top + 1), indexing="ij"))
    s = np.minimum(F * nn, G * y[hh])
    ok = (nn <= nmax[hh]) & (s >= floor - tol)
    hh, nn, s = hh[ok], nn[ok], s[ok]
    pairs = [np.stack([hh, nn, np.full_like(hh, -1), np.zeros_like(nn)], axis=1)]
    reach2 = [np.stack([s, np.zeros_like(s)], axis=1)]
    if floor <= tol:
        pairs.insert(0, np.array([[-1, 0, -1, 0]]))
        reach2.insert(0, np.zeros((1, 2)))
    if max_hosts >= 2 and H >= 2:
        h0, h1 = np.triu_indices(H, 1)
        n = np.arange(1, top + 1)
        pair, n0, n1 = (v.ravel() for v in np.meshgrid(np.arange(h0.size), n, n, indexing="ij"))
        P = np.stack([h0[pair], n0, h1[pair], n1], axis=1)
        P = P[(P[:, 1] <= nmax[P[:, 0]]) & (P[:, 3] <= nmax[P[:, 2]])]
        if P.size:
            u = (F * P[:, [1, 3]]).astype(float)
            s2 = _fill_two(u, y[P[:, [0, 2]]], b[P[:, [0, 2]]], G, floor)
            good = np.isfinite(s2).all(axis=1)
            pairs.append(P[good])
            reach2.append(s2[good])
    P = np.concatenate(pairs).astype(int)
    S = np.concatenate(reach2)
    used = P[:, [0, 2]] >= 0
    hs = np.where(used, P[:, [0, 2]], 0)
    ns = np.where(used, P[:, [1, 3]], 0)
    by = np.zeros((P.shape[0], H))
    for col in (0, 1):
        np.add.at(by, (np.arange(P.shape[0]), hs[:, col]), np.where(used[:, col], S[:, col], 0.0))
    m = Menu(
        (ns * cost[hs]).sum(axis=1).astype(float),
        ns.sum(axis=1).astype(int),
        S.sum(axis=1),
        (np.where(used, b[hs] * S + k[hs] * ns, 0.0)).sum(axis=1),
        P,
        by,
    )
    return undominated(m)


def undominated(m: Menu) -> Menu:
    """The choices no other choice beats (as cheap or cheaper, no more teams, at least as
    much benefit); of equal choices the first in (cost, teams, -benefit, data) order stays.
    Vectorised: a prefix maximum of benefit by team count."""
    n = len(m)
    if n <= 1:
        return m
    tol = REL_TOL * max(1.0, float(np.abs(m.benefit).max()))
    order = np.lexsort((np.arange(n), -m.benefit, m.teams, m.cost))
    t, bn = m.teams[order], m.benefit[order]
    grid = np.arange(int(t.max()) + 1)
    best = np.where(t[:, None] <= grid[None, :], bn[:, None], -np.inf)
    np.maximum.accumulate(best, axis=0, out=best)
    prev = np.vstack([np.full((1, grid.size), -np.inf), best[:-1]])
    return m.take(order[prev[np.arange(n), t] < bn - tol])  # cheapest first


def batch_menus(
    F: np.ndarray,
    G: np.ndarray,
    y: np.ndarray,
    cost: np.ndarray,
    b: np.ndarray,
    k: np.ndarray,
    floor: np.ndarray,
    tol: np.ndarray,
) -> list[Menu]:
    """:func:`build_menu` with one host for D draws at once ((D,) and (D, H) arrays): the
    same choices and the same dominance rule, laid out as (D, choices) arrays."""
    D, H = y.shape
    with np.errstate(divide="ignore", invalid="ignore"):
        nmax = np.where(F[:, None] > 0, np.ceil(G[:, None] * y / F[:, None] - 1e-9), 0).clip(min=0)
    nmax = nmax.astype(int)
    top = max(int(nmax.max(initial=0)), 0)
    n = np.arange(1, top + 1)
    s = np.minimum(F[:, None, None] * n[None, None, :], (G[:, None] * y)[:, :, None])  # (D, H, N)
    ok = (n[None, None, :] <= nmax[:, :, None]) & (s >= (floor - tol)[:, None, None])
    c = n[None, None, :] * cost[:, :, None]
    bn = b[:, :, None] * s + k[:, :, None] * n[None, None, :]
    none_ok = floor <= tol
    C = 1 + H * top
    cost_a = np.concatenate([np.zeros((D, 1)), c.reshape(D, -1)], axis=1)
    ben_a = np.concatenate([np.zeros((D, 1)), bn.reshape(D, -1)], axis=1)
    ok_a = np.concatenate([none_ok[:, None], ok.reshape(D, -1)], axis=1)
    reach_a = np.concatenate([np.zeros((D, 1)), s.reshape(D, -1)], axis=1)
    host = np.concatenate([[-1], np.repeat(np.arange(H), top)])
    teams = np.concatenate([[0], np.tile(n, H)])
    big = np.where(ok_a, cost_a, np.inf)
    order = np.lexsort(
        (np.broadcast_to(np.arange(C), (D, C)), -ben_a, np.broadcast_to(teams, (D, C)), big), axis=1
    )
    bs = np.take_along_axis(np.where(ok_a, ben_a, -np.inf), order, axis=1)
    ts = teams[order]
    grid = np.arange(top + 1)
    best = np.where(ts[:, :, None] <= grid[None, None, :], bs[:, :, None], -np.inf)
    np.maximum.accumulate(best, axis=1, out=best)
    prev = np.full_like(best, -np.inf)
    prev[:, 1:] = best[:, :-1]
    scale = np.abs(np.where(ok_a, ben_a, 0.0)).max(axis=1)
    rtol = REL_TOL * np.maximum(1.0, scale)
    keep = (np.take_along_axis(prev, ts[:, :, None], axis=2)[:, :, 0] < bs - rtol[:, None]) & np.isfinite(bs)
    pairs = np.stack([host, teams, np.full(C, -1), np.zeros(C, dtype=int)], axis=1)
    by = np.zeros((D, C, H))
    by[:, 1:, :] = (s[:, :, :, None] * np.eye(H)[None, :, None, :]).reshape(D, H * top, H)
    out = []
    for d in range(D):
        idx = order[d][keep[d]]
        out.append(Menu(cost_a[d, idx], teams[idx], reach_a[d, idx], ben_a[d, idx], pairs[idx], by[d, idx]))
    return out


def reached_by(rp: RegionProblem, teams: np.ndarray, objective: str, min_coverage: float) -> np.ndarray:
    """Families a year each host reaches with ``teams`` (one entry per host): the exact
    fill the menus use (one host: min(F n, G y); two: the two-variable LP)."""
    used = np.flatnonzero(teams > 0)
    out = np.zeros(len(rp.hosts))
    if used.size == 1:
        h = int(used[0])
        out[h] = min(rp.capacity * teams[h], rp.gap * rp.yield_[h])
    elif used.size == 2:
        b, _k = rp.benefit_coefficients(objective)
        u = (rp.capacity * teams[used]).astype(float)[None, :]
        s = _fill_two(u, rp.yield_[used][None, :], b[used][None, :], rp.gap, rp.floor_families(min_coverage))
        out[used] = np.nan_to_num(s[0])
    elif used.size > 2:
        raise ValueError(f"{rp.region_id}: more than two hosts")
    return out
