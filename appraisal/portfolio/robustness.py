"""How robust the allocation is: the allocation re-solved under joint draws of the weights
(SMAA-2, the run's weight model: Lahdelma & Salminen 2001) and of every uncertain economic
parameter (the Monte Carlo's triangular distributions: Briggs, Claxton & Sculpher 2006,
ch. 4), with how often each region receives each host and each number of teams.

Seeded: ``numpy.random.SeedSequence(seed)`` spawns one stream for the weights, one for the
weight model's extra choices and one for the economic parameters, so the same seed and
draws give the same answer. Each draw is solved exactly by :func:`.exact.solve` within the
budget (the budget prunes every partial allocation that does not fit, so a draw takes
about a millisecond); the draws are batched: the coefficients of all draws are computed
in one pass of the economic kernel. Scores stay at their central values (score
uncertainty is on the Robustness page); the base case's optimism bias is not applied to
the draws, whose cost ranges carry that risk (the Monte Carlo's convention).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from appraisal.economics.layout import Run
from appraisal.portfolio.coefficients import Arrays, arrays, draw_matrices
from appraisal.portfolio.exact import solve
from appraisal.portfolio.frontier import Pick
from appraisal.portfolio.problem import batch_menus, build_menu
from appraisal.sensitivity.smaa import _ranking_tiers, draw_weights


@dataclass(frozen=True)
class Robustness:
    """Every draw's allocation (``teams[d, r, h]``: teams of host h in region r; -1 rows
    for draws with no feasible allocation) and the shares read from them."""

    draws: int
    seed: int
    weight_model: str
    spread: float | None
    regions: tuple[str, ...]
    hosts: tuple[tuple[str, ...], ...]
    teams: np.ndarray  # (D, R, H_max) int
    benefit: np.ndarray  # (D,) NaN when infeasible
    cost: np.ndarray  # (D,)
    base: tuple[Pick, ...]  # the base case's allocation, per region

    @property
    def feasible(self) -> np.ndarray:
        return np.isfinite(self.benefit)

    def picks(self, d: int) -> tuple[Pick, ...]:
        return tuple(
            tuple(
                (self.hosts[r][h], int(n))
                for h, n in enumerate(self.teams[d, r, : len(self.hosts[r])])
                if n > 0
            )
            for r in range(len(self.regions))
        )

    def host_share(self, r: int) -> dict[str, float]:
        """Share of draws in which region ``r``'s new teams include each host ('' for none)."""
        ok = self.feasible
        n = max(int(ok.sum()), 1)
        t = self.teams[ok, r, : len(self.hosts[r])]
        out = {h: float((t[:, j] > 0).sum() / n) for j, h in enumerate(self.hosts[r])}
        out[""] = float((t.sum(axis=1) == 0).sum() / n)
        return out

    def teams_share(self, r: int) -> dict[int, float]:
        """Share of draws in which region ``r`` has each number of new teams."""
        ok = self.feasible
        tot = self.teams[ok, r].sum(axis=1)
        c = Counter(int(v) for v in tot)
        n = max(int(ok.sum()), 1)
        return {k: c[k] / n for k in sorted(c)}

    def pick_share(self, r: int) -> list[tuple[Pick, float]]:
        """Region ``r``'s choices (hosts and teams) by how often they are made, most first."""
        ok = np.flatnonzero(self.feasible)
        c = Counter(self.picks(int(d))[r] for d in ok)
        n = max(ok.size, 1)
        return sorted(((p, k / n) for p, k in c.items()), key=lambda x: (-x[1], x[0]))

    def same_as_base(self, r: int | None = None) -> float:
        """Share of draws giving region ``r`` (or every region) the base case's choice."""
        ok = np.flatnonzero(self.feasible)
        if ok.size == 0:
            return float("nan")
        rows = [self.picks(int(d)) for d in ok]
        if r is None:
            return sum(p == self.base for p in rows) / ok.size
        return sum(p[r] == self.base[r] for p in rows) / ok.size

    def benefit_quantiles(self, qs=(0.05, 0.5, 0.95)) -> tuple[float, ...]:
        b = self.benefit[self.feasible]
        return tuple(float(np.quantile(b, q)) for q in qs) if b.size else tuple(float("nan") for _ in qs)


@dataclass(frozen=True)
class DrawSource:
    """What the draws need from the run, and nothing more (no dataset, no results: a
    memoised national view must not keep its owner alive): each region's run of the
    economics, its hosts' MCDA values (hosts x criteria, 0-100), the stated weights, the
    run's SMAA weight model and spread, and the seed."""

    regions: tuple[str, ...]
    runs: tuple[Run, ...]
    values: tuple[np.ndarray, ...]
    stated: np.ndarray
    criterion_ids: tuple[str, ...]
    model: str
    spread: float
    seed: int


def source_from(results, seed: int | None = None) -> DrawSource:
    """The draws' source for an ``AppraisalResults`` (``seed`` None: the run's seed)."""
    regs = list(results)
    runs = tuple(r.economics.run for r in regs)
    values = []
    for reg, run in zip(regs, runs):
        ids = reg.problem.option_ids
        hosts = [o.id for o, role in zip(run.options, run.roles) if role == "hosting"]
        values.append(np.stack([reg.problem.values[ids.index(h)] for h in hosts]))
    inputs = results.inputs
    return DrawSource(
        regions=tuple(r.region_id for r in regs),
        runs=runs,
        values=tuple(values),
        stated=np.asarray(results.weights.values, dtype=float),
        criterion_ids=tuple(results.weights.criterion_ids),
        model=str(inputs.smaa_model),
        spread=float(inputs.smaa_spread),
        seed=int(inputs.seed if seed is None else seed),
    )


def weight_draws(src: DrawSource, draws: int, w_rng, x_rng) -> tuple[np.ndarray, str, float | None]:
    """(draws x criteria weights, the model used, its spread): the run's SMAA weight model
    (a workshop's mixture falls back to the stated weights, perturbed)."""
    model = src.model if src.model in ("uniform", "ranking", "stated") else "stated"
    tiers = _ranking_tiers(None, src.stated, src.criterion_ids) if model == "ranking" else None
    spread = src.spread if model == "stated" else None
    W = draw_weights(
        model, int(draws), src.stated.size, w_rng, x_rng, stated=src.stated, tiers=tiers, spread=spread or 0.0
    )
    return W, model, spread


@dataclass(frozen=True)
class DrawMenus:
    """Every draw's menus, one per region (``menus(d)``), and its workforce cap in teams."""

    regions: tuple[str, ...]
    hosts: tuple[tuple[str, ...], ...]
    caps: tuple[int | None, ...]
    weight_model: str
    spread: float | None
    batches: list | None  # per region: a menu per draw (one host per region)
    rebuild: Callable[[int], list] | None  # draw -> its menus (mixed hosts)

    def menus(self, d: int) -> list:
        return [bm[d] for bm in self.batches] if self.batches is not None else self.rebuild(d)


def draw_menus(src: DrawSource, choices, objective: str, view: str) -> DrawMenus:
    """The regions' menus in each of ``choices.draws`` joint draws, batched: one pass of
    the economic kernel for all draws, one weight matrix, the menus of every draw laid out
    as arrays at once (one host per region)."""
    D = int(choices.draws)
    w_rng, x_rng, e_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(src.seed).spawn(3))
    runs = list(src.runs)
    W, model, spread = weight_draws(src, D, w_rng, x_rng)
    Xs = draw_matrices(runs, D, e_rng)
    arrs: list[Arrays] = [
        arrays(run, X, view, base_case=True, npsv=objective == "npsv") for run, X in zip(runs, Xs)
    ]
    coef = []
    for vals, a in zip(src.values, arrs):
        nh = len(a.hosts)
        if objective == "value":
            b, k = (W @ vals.T) / 100.0, np.zeros((D, nh))
        elif objective == "reach":
            b, k = np.ones((D, nh)), np.zeros((D, nh))
        else:
            b, k = a.pv_benefit, -a.pv_cost
        coef.append((b, k))
    gaps = [np.maximum(a.need - a.served, 0.0) for a in arrs]
    floors = [np.maximum(choices.min_coverage * a.need - a.served, 0.0) for a in arrs]
    tols = [1e-9 * np.maximum(1.0, a.need) for a in arrs]
    wte = arrs[0].wte_clinical
    caps = tuple(
        None if choices.workforce is None else int(np.floor(choices.workforce / wte[d] + 1e-9))
        for d in range(D)
    )
    batches = rebuild = None
    if choices.max_hosts == 1:
        batches = [
            batch_menus(a.capacity, g, a.yield_, a.cost, b, k, f, tl)
            for a, (b, k), g, f, tl in zip(arrs, coef, gaps, floors, tols)
        ]
    else:

        def rebuild(d: int) -> list:
            return [
                build_menu(
                    float(a.capacity[d]),
                    float(g[d]),
                    a.yield_[d],
                    a.cost[d],
                    b[d],
                    k[d],
                    float(f[d]),
                    choices.max_hosts,
                    tol=float(tl[d]),
                )
                for a, (b, k), g, f, tl in zip(arrs, coef, gaps, floors, tols)
            ]

    return DrawMenus(
        regions=src.regions,
        hosts=tuple(a.hosts for a in arrs),
        caps=caps,
        weight_model=model,
        spread=spread,
        batches=batches,
        rebuild=rebuild,
    )


def robustness(src: DrawSource, choices, objective: str, view: str, base: tuple[Pick, ...]) -> Robustness:
    """Re-solve the allocation in ``choices.draws`` joint draws (see the module docstring)."""
    D = int(choices.draws)
    dm = draw_menus(src, choices, objective, view)
    H = max(len(h) for h in dm.hosts)
    teams = np.zeros((D, len(dm.regions), H), dtype=np.int64)
    benefit = np.full(D, np.nan)
    cost = np.full(D, np.nan)
    for d in range(D):
        menus = dm.menus(d)
        par = solve(menus, budget=choices.budget, max_teams=dm.caps[d])
        i = par.best(choices.budget)
        if i < 0:
            teams[d] = -1
            continue
        benefit[d], cost[d] = par.benefit[i], par.cost[i]
        for r, (m, c) in enumerate(zip(menus, par.choices(i))):
            for h, n in m.picks(c):
                teams[d, r, h] = n
    return Robustness(
        draws=D,
        seed=src.seed,
        weight_model=dm.weight_model,
        spread=dm.spread,
        regions=dm.regions,
        hosts=dm.hosts,
        teams=teams,
        benefit=benefit,
        cost=cost,
        base=base,
    )
