"""Switching values for criterion weights, solved exactly (no grid search).

For criterion ``k`` with current weight ``w_k``, move its weight to ``t`` and rescale the
other weights in proportion. Every total is then linear in ``t``:

    R_a    = (V_a - w_k v_ak) / (1 - w_k)          (the total at t = 0)
    V_a(t) = t v_ak + (1 - t) R_a

so option ``b`` meets the current top option ``a`` at

    t* = (R_b - R_a) / ((v_ak - R_a) - (v_bk - R_b)).

Going up from ``w_k`` the switching value is the smallest such ``t*`` in ``[w_k, 1]`` among
rivals whose line is steeper than ``a``'s; going down it is the largest ``t*`` in
``[0, w_k]`` among rivals whose line is shallower. The rival that crosses first takes over
as top. When two rivals cross at the same ``t*`` the one that is higher just beyond it is
named (then the earlier option in the data). At ``t*`` itself the two options tie. A rival
that only meets the top option at an end of the range (``t* = 1`` going up, ``t* = 0``
going down) never overtakes it inside ``[0, 1]`` and is not counted as a switch.
The Green Book (HM Treasury 2022) asks for switching values for the preferred option.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda import AdditiveResult
from appraisal.model import Problem
from appraisal.sensitivity._common import (
    TIE_DECIMALS,
    WeightsLike,
    base_result,
    plain,
    rescale_others,
    top_index,
)

#: Crossings closer than this to the current weight are treated as at the current weight.
T_TOL = 1e-12


@dataclass(frozen=True)
class SwitchingRow:
    criterion: str
    current_weight: float
    top_option: str
    lower_switch: float | None
    lower_to: str | None
    upper_switch: float | None
    upper_to: str | None


@dataclass(frozen=True)
class SwitchingResult:
    """One row per criterion; ``None`` means "no change in [0, 1]" in that direction."""

    problem: Problem
    top_option: str
    table: tuple[SwitchingRow, ...]

    def row(self, criterion_id: str) -> SwitchingRow:
        for r in self.table:
            if r.criterion == criterion_id:
                return r
        raise KeyError(criterion_id)

    def rows(self) -> list[dict]:
        names = {c.id: c.name for c in self.problem.criteria}
        out = []
        for r in self.table:
            out.append(
                {
                    "criterion": r.criterion,
                    "criterion_name": names[r.criterion],
                    "current_weight": float(r.current_weight),
                    "top_option": r.top_option,
                    "lower_switch": plain(r.lower_switch),
                    "lower_to": r.lower_to,
                    "upper_switch": plain(r.upper_switch),
                    "upper_to": r.upper_to,
                }
            )
        return out


def line_coefficients(values: np.ndarray, weights: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Intercept ``R`` (total at t = 0) and slope ``v_k - R`` of every option's line."""
    intercept = values @ rescale_others(weights, k, 0.0)
    return intercept, values[:, k] - intercept


def first_crossings(
    intercept: np.ndarray, slope: np.ndarray, top: int, t0: float
) -> tuple[tuple[float, int] | None, tuple[float, int] | None]:
    """(lower, upper) first crossings of the top option's line as ``(t*, rival)`` or None."""
    lower: tuple[float, int] | None = None
    upper: tuple[float, int] | None = None
    lower_key = upper_key = None
    for b in range(len(intercept)):
        if b == top:
            continue
        ds = slope[top] - slope[b]
        if ds == 0:
            continue  # parallel lines never cross (or coincide: a tie throughout, top kept)
        t_star = float((intercept[b] - intercept[top]) / ds)
        # a rival that only meets the top option at t = 1 (or 0) never overtakes it inside
        # [0, 1], so it is not a switch
        if slope[b] > slope[top] and t0 - T_TOL <= t_star < 1.0 - T_TOL:
            t_star = min(max(t_star, t0), 1.0)
            # rivals that cross at the same t (to rounding) are told apart by slope: the
            # steeper one leads just after the switch
            key = (round(t_star, TIE_DECIMALS), -slope[b], b)
            if upper_key is None or key < upper_key:
                upper_key, upper = key, (t_star, b)
        elif slope[b] < slope[top] and T_TOL < t_star <= t0 + T_TOL:
            t_star = min(max(t_star, 0.0), t0)
            key = (-round(t_star, TIE_DECIMALS), slope[b], b)
            if lower_key is None or key < lower_key:
                lower_key, lower = key, (t_star, b)
    return lower, upper


def switching_values(problem: Problem, weights: WeightsLike | AdditiveResult = None) -> SwitchingResult:
    """For every criterion: the weights (down and up) at which the top option changes."""
    base = base_result(problem, weights)
    w = base.weights.values
    top = top_index(base)
    ids = problem.option_ids
    rows = []
    for k, cid in enumerate(problem.criterion_ids):
        intercept, slope = line_coefficients(problem.values, w, k)
        lower, upper = first_crossings(intercept, slope, top, float(w[k]))
        rows.append(
            SwitchingRow(
                criterion=cid,
                current_weight=float(w[k]),
                top_option=ids[top],
                lower_switch=lower[0] if lower else None,
                lower_to=ids[lower[1]] if lower else None,
                upper_switch=upper[0] if upper else None,
                upper_to=ids[upper[1]] if upper else None,
            )
        )
    return SwitchingResult(problem, ids[top], tuple(rows))
