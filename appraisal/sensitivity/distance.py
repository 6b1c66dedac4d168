"""Distance to a different answer: the smallest change of the whole weight vector that
makes another option top, by linear programming (``scipy.optimize.linprog``, HiGHS).

For the current top option ``a`` and each rival ``b``:

    minimise  ||w' - w||        (L1: sum of absolute changes; L-infinity: largest change)
    s.t.      sum(w') = 1, w' >= 0,
              V_b(w') >= V_c(w') for every other option c   (b at least ties the top)

Both norms are linear programmes: L1 with one auxiliary ``e_k >= |w'_k - w_k|`` per
criterion, L-infinity with one ``z >= |w'_k - w_k|``. The constraint asks that ``b``
becomes (joint) top, not merely that it beats ``a``; the minimum over rivals is the same
either way (the nearest weights at which ``a`` stops being top make some rival top), but
per rival it answers "how far before *b* comes first" and flags rivals that cannot come
first under any weights. At the optimum ``b`` ties the top, so any further move in that
direction makes it strictly first. ``weight_moved = L1 / 2`` is the share of the total
weight that has to move from some criteria to others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda import AdditiveResult
from appraisal.model import Problem
from appraisal.sensitivity._common import WeightsLike, base_result, plain, top_index


@dataclass(frozen=True)
class RivalDistance:
    rival: str
    feasible: bool  # False: the rival cannot be top under any weights
    l1_distance: float | None
    linf_distance: float | None
    new_weights: np.ndarray | None  # the L1-nearest weights at which the rival ties the top


@dataclass(frozen=True)
class DistanceResult:
    problem: Problem
    weights: np.ndarray
    top: str
    rival: str | None  # None when no other option can be top under any weights
    l1_distance: float | None
    linf_distance: float | None
    new_weights: np.ndarray | None
    per_rival: tuple[RivalDistance, ...]

    @property
    def weight_moved(self) -> float | None:
        """Share of total weight (0-1) that must move for another option to be top."""
        return None if self.l1_distance is None else self.l1_distance / 2.0

    @property
    def linf_rival(self) -> str | None:
        """The rival nearest in the L-infinity sense (may differ from the L1 rival)."""
        feas = [r for r in self.per_rival if r.feasible]
        return min(feas, key=lambda r: r.linf_distance).rival if feas else None

    def new_weight_rows(self) -> list[dict]:
        """Current and new (L1-nearest) weights per criterion."""
        if self.new_weights is None:
            return []
        return [
            {
                "criterion": cid,
                "current_weight": float(self.weights[k]),
                "new_weight": float(self.new_weights[k]),
                "change": float(self.new_weights[k] - self.weights[k]),
            }
            for k, cid in enumerate(self.problem.criterion_ids)
        ]

    def rows(self) -> list[dict]:
        """One row per rival, nearest first; infeasible rivals last."""
        ordered = sorted(self.per_rival, key=lambda r: (not r.feasible, r.l1_distance if r.feasible else 0.0))
        return [
            {
                "top": self.top,
                "rival": r.rival,
                "feasible": r.feasible,
                "l1_distance": plain(r.l1_distance),
                "weight_moved": plain(None if r.l1_distance is None else r.l1_distance / 2.0),
                "linf_distance": plain(r.linf_distance),
            }
            for r in ordered
        ]


def _solve(values: np.ndarray, w: np.ndarray, b: int, norm: str) -> tuple[float, np.ndarray] | None:
    """Minimum-norm weight change making option ``b`` (joint) top, or None if impossible."""
    from scipy.optimize import linprog  # imported on first use: keeps start-up fast

    n_opt, m = values.shape
    others = [c for c in range(n_opt) if c != b]
    # V_c(w') - V_b(w') <= 0 for each other option c
    rank_rows = values[others] - values[b]
    eye = np.eye(m)
    if norm == "l1":
        n_aux = m
        cost = np.concatenate([np.zeros(m), np.ones(m)])
        dev = np.vstack([np.hstack([eye, -eye]), np.hstack([-eye, -eye])])
    else:
        n_aux = 1
        cost = np.concatenate([np.zeros(m), [1.0]])
        col = -np.ones((m, 1))
        dev = np.vstack([np.hstack([eye, col]), np.hstack([-eye, col])])
    a_ub = np.vstack([dev, np.hstack([rank_rows, np.zeros((len(others), n_aux))])])
    b_ub = np.concatenate([w, -w, np.zeros(len(others))])
    a_eq = np.concatenate([np.ones(m), np.zeros(n_aux)])[None, :]
    bounds = [(0.0, 1.0)] * m + [(0.0, None)] * n_aux
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status == 2:  # infeasible
        return None
    if not res.success:
        raise RuntimeError(f"linear programme failed: {res.message}")
    w_new = np.clip(res.x[:m], 0.0, None)
    w_new = w_new / w_new.sum()
    return float(res.fun), w_new


def distance_to_change(problem: Problem, weights: WeightsLike | AdditiveResult = None) -> DistanceResult:
    """The nearest weights (L1 and L-infinity) at which another option becomes top."""
    base = base_result(problem, weights)
    w = base.weights.values
    top = top_index(base)
    ids = problem.option_ids
    per = []
    for b in range(len(ids)):
        if b == top:
            continue
        l1 = _solve(problem.values, w, b, "l1")
        if l1 is None:
            per.append(RivalDistance(ids[b], False, None, None, None))
            continue
        linf = _solve(problem.values, w, b, "linf")
        nw = l1[1]
        nw.setflags(write=False)
        per.append(RivalDistance(ids[b], True, l1[0], linf[0] if linf else None, nw))
    feas = [r for r in per if r.feasible]
    best = min(feas, key=lambda r: (r.l1_distance, ids.index(r.rival))) if feas else None
    return DistanceResult(
        problem=problem,
        weights=w,
        top=ids[top],
        rival=best.rival if best else None,
        l1_distance=best.l1_distance if best else None,
        linf_distance=min(r.linf_distance for r in feas) if feas else None,
        new_weights=best.new_weights if best else None,
        per_rival=tuple(per),
    )
