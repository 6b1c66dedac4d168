"""Helpers shared by the robustness analyses (no checks inside the numeric kernels).

Tie rule used everywhere in this package: options are ordered by total value, highest
first, and options whose totals are equal to within ``TIE_DECIMALS`` decimal places (1e-9
on the 0-100 scale, the tie tolerance of ``appraisal.mcda``) keep their order in
``criteria/options.yaml`` (the earlier option ranks higher). So sums that differ only by
floating-point rounding count as equal, and "the top option" is the same on every page.
"""

from __future__ import annotations

import math

import numpy as np

from appraisal.mcda import AdditiveResult, evaluate
from appraisal.mcda.weights import WeightSet
from appraisal.model import Problem

WeightsLike = WeightSet | np.ndarray | None
#: Totals are compared after rounding to this many decimal places (see the module docstring).
TIE_DECIMALS = 9


def base_result(problem: Problem, weights: WeightsLike | AdditiveResult) -> AdditiveResult:
    """The additive result the analyses start from (validates and normalises weights)."""
    if isinstance(weights, AdditiveResult):
        return weights
    return evaluate(problem, weights)


def ranked_order(base: AdditiveResult) -> tuple[int, ...]:
    """Option indices best first under the package's tie rule (rank, then data order)."""
    ranks = np.asarray(base.ranks)
    return tuple(int(i) for i in np.lexsort((np.arange(len(ranks)), ranks)))


def top_index(base: AdditiveResult) -> int:
    """The top option under the tie rule: the earliest option among those ranked first."""
    return ranked_order(base)[0]


def plain(x: float | np.floating | None, ndigits: int | None = None) -> float | None:
    """A JSON-safe float: NaN/inf and None become None."""
    if x is None:
        return None
    f = float(x)
    if not math.isfinite(f):
        return None
    return round(f, ndigits) if ndigits is not None else f


def rescale_others(weights: np.ndarray, k: int, t: np.ndarray | float) -> np.ndarray:
    """Weight vectors with criterion ``k`` set to ``t`` and the others rescaled in proportion.

    ``t`` may be an array of shape (p,), giving (p, n_crit). When every other weight is
    zero (``w_k == 1``) the remaining weight is shared equally among the other criteria.
    """
    w = np.asarray(weights, dtype=float)
    t_arr = np.atleast_1d(np.asarray(t, dtype=float))
    rest = np.delete(w, k)
    total = rest.sum()
    share = rest / total if total > 0 else np.full(rest.shape, 1.0 / max(len(rest), 1))
    share_full = np.insert(share, k, 0.0)
    out = (1.0 - t_arr)[:, None] * share_full[None, :]
    out[:, k] = t_arr
    return out if np.ndim(t) else out[0]
