"""Weighted additive value model (DCLG 2009 MCA manual, ch. 6; Keeney & Raiffa 1976).

``V_a = sum_k w_k v_ak`` with ``v_ak`` on 0-100 from fixed-anchor value functions and
weights summing to one. The kernel (``additive_totals``) is bare numpy with no checks,
so it also serves SMAA over many weight draws; ``evaluate`` validates and packages a
result that keeps every intermediate (pymcdm style) for charts and reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda.weights import WeightSet, normalise
from appraisal.model import Problem

#: Totals closer than this (on the 0-100 scale) are treated as tied.
TIE_TOLERANCE = 1e-9


def additive_totals(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Totals for options: ``values (..., n_opt, n_crit) @ weights``.

    ``weights`` may be one vector (n_crit,) or a batch (n_draws, n_crit), giving totals
    of shape (n_opt,) or (n_draws, n_opt).
    """
    if weights.ndim == 1:
        return values @ weights
    return weights @ values.T if values.ndim == 2 else np.einsum("sij,sj->si", values, weights)


def rank_with_ties(totals: np.ndarray, tol: float = TIE_TOLERANCE) -> np.ndarray:
    """Standard competition ranking ('1224'): 1 + number of options strictly better."""
    t = np.asarray(totals, dtype=float)
    better = t[None, :] > t[:, None] + tol
    return 1 + better.sum(axis=1)


@dataclass(frozen=True)
class AdditiveResult:
    """Everything the additive model computed for one region and one weight set."""

    problem: Problem
    weights: WeightSet
    values: np.ndarray  # n_opt x n_crit, 0-100
    weighted: np.ndarray  # values * weights: the contribution of each criterion
    totals: np.ndarray  # n_opt
    ranks: np.ndarray  # n_opt, 1 = best, ties share a rank
    order: tuple[int, ...]  # option indices best first (stable for ties)
    group_contributions: np.ndarray  # n_opt x n_groups
    group_weights: np.ndarray  # n_groups

    @property
    def option_ids(self) -> tuple[str, ...]:
        return self.problem.option_ids

    @property
    def top(self) -> tuple[str, ...]:
        """Ids of the option(s) ranked first (more than one when tied)."""
        return tuple(self.option_ids[i] for i in range(len(self.ranks)) if self.ranks[i] == 1)

    def rows(self) -> list[dict]:
        """Ranking rows best first, for tables, JSON and CSV."""
        p = self.problem
        out = []
        for i in self.order:
            out.append(
                {
                    "rank": int(self.ranks[i]),
                    "option": p.options[i].id,
                    "name": p.options[i].name,
                    "total": float(self.totals[i]),
                    "contributions": {c.id: float(self.weighted[i, j]) for j, c in enumerate(p.criteria)},
                    "group_contributions": {
                        g.id: float(self.group_contributions[i, k]) for k, g in enumerate(p.groups)
                    },
                }
            )
        return out


def evaluate(problem: Problem, weights: WeightSet | np.ndarray | None = None) -> AdditiveResult:
    """Score every option of ``problem`` under ``weights`` (default: the data's weights)."""
    if weights is None:
        ws = WeightSet(problem.criterion_ids, problem.default_weights, "points", {"source": "data defaults"})
    elif isinstance(weights, WeightSet):
        if weights.criterion_ids != problem.criterion_ids:
            w = normalise(weights.as_dict(), problem.criterion_ids)
            ws = WeightSet(problem.criterion_ids, w, weights.method, weights.inputs, weights.ahp)
        else:
            ws = weights
    else:
        ws = WeightSet(problem.criterion_ids, normalise(list(weights), problem.criterion_ids), "points")
    w = ws.values
    weighted = problem.values * w
    totals = weighted.sum(axis=1)
    ranks = rank_with_ties(totals)
    # best first; options tied within TIE_TOLERANCE keep their order in the data
    order = tuple(int(i) for i in np.lexsort((np.arange(len(totals)), ranks)))
    n_groups = len(problem.groups)
    gc = np.zeros((len(totals), n_groups))
    for k in range(n_groups):
        gc[:, k] = weighted[:, problem.group_index == k].sum(axis=1)
    gw = np.bincount(problem.group_index, weights=w, minlength=n_groups)
    for a in (weighted, totals, ranks, gc, gw):
        a.setflags(write=False)
    return AdditiveResult(problem, ws, problem.values, weighted, totals, ranks, order, gc, gw)
