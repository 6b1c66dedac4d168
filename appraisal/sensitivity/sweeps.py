"""One-way weight sweeps: each option's total as one criterion's weight goes 0 -> 1.

The other weights are rescaled in proportion so the weights always sum to one
(DCLG 2009 MCA manual, 6.2.12: "sensitivity analysis on weights"). Each option's total
is then a straight line in the swept weight ``t``:
``V_a(t) = t * v_ak + (1 - t) * R_a`` with ``R_a = (V_a - w_k v_ak) / (1 - w_k)``,
which is what ``switching.py`` solves exactly; the sweep gives the data for line charts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda import AdditiveResult
from appraisal.model import Problem
from appraisal.sensitivity._common import WeightsLike, base_result, rescale_others


@dataclass(frozen=True)
class SweepResult:
    """Totals for every criterion's sweep.

    ``totals[k, p, i]`` is option ``i``'s total when criterion ``k`` has weight
    ``grid[p]`` and the other weights keep their current proportions.
    """

    problem: Problem
    criterion_ids: tuple[str, ...]
    option_ids: tuple[str, ...]
    grid: np.ndarray  # (points,)
    totals: np.ndarray  # (n_crit, points, n_opt)
    weights: np.ndarray  # current weights (n_crit,)
    current_totals: np.ndarray  # (n_opt,)

    @property
    def current_weights(self) -> np.ndarray:
        """The weights the sweeps start from (alias of ``weights``)."""
        return self.weights

    def for_criterion(self, criterion_id: str) -> np.ndarray:
        """Totals (points, n_opt) for one criterion's sweep."""
        return self.totals[self.criterion_ids.index(criterion_id)]

    def top_along(self, criterion_id: str) -> tuple[str, ...]:
        """The top option at every grid point of one sweep (ties: earlier option)."""
        tot = self.for_criterion(criterion_id)
        return tuple(self.option_ids[int(i)] for i in np.argmax(tot, axis=1))

    def rows(self) -> list[dict]:
        """Long format: one row per criterion x grid point x option."""
        out = []
        for k, cid in enumerate(self.criterion_ids):
            for p, t in enumerate(self.grid):
                for i, oid in enumerate(self.option_ids):
                    out.append(
                        {
                            "criterion": cid,
                            "weight": float(t),
                            "option": oid,
                            "total": float(self.totals[k, p, i]),
                        }
                    )
        return out


def sweep_totals(values: np.ndarray, weights: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Kernel: totals (n_crit, points, n_opt) for all one-way sweeps."""
    m = values.shape[1]
    w_all = np.stack([rescale_others(weights, k, grid) for k in range(m)])  # (m, points, m)
    return w_all @ values.T


def sweep(problem: Problem, weights: WeightsLike | AdditiveResult = None, points: int = 101) -> SweepResult:
    """One-way sweeps for every criterion on an evenly spaced grid of ``points`` weights."""
    if int(points) < 2:
        raise ValueError(f"a sweep needs at least 2 points; got {points}")
    base = base_result(problem, weights)
    w = base.weights.values
    grid = np.linspace(0.0, 1.0, int(points))
    totals = sweep_totals(problem.values, w, grid)
    for a in (grid, totals):
        a.setflags(write=False)
    return SweepResult(problem, problem.criterion_ids, problem.option_ids, grid, totals, w, base.totals)
