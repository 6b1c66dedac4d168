"""Method robustness: does the ranking survive a change of aggregation method?

The additive model is set beside three other methods, computed here in numpy exactly as
**pymcdm** computes them (Kizielewicz, Shekhovtsov & Sałabun 2023, *pymcdm - the
universal library for solving multi-criteria decision-making problems*, SoftwareX
22:101368; ``pymcdm.methods.WPM``, ``TOPSIS`` and ``PROMETHEE_II``; the tests check the
two agree), all on the same 0-100 value scores (value functions already turn cost
criteria into "higher is better", so every criterion is a benefit) and the same weights:

- **WPM** (weighted product; Bridgman 1922, Miller & Starr 1969): the product of
  ``x_ak ** w_k``. It needs strictly positive inputs, so values are shifted to
  ``(v + 1) / 101`` (a fixed map, not one that depends on the options' data).
- **TOPSIS** (Hwang & Yoon 1981): closeness to the ideal and anti-ideal, on values divided
  by 100 (fixed anchors, in keeping with the value functions; pymcdm's default min-max
  normalisation would rescale on the options' own data).
- **PROMETHEE II** (Brans & Vincke 1985): net outranking flow with the linear preference
  function with indifference (pymcdm ``vshape_2``): value differences up to
  ``PROMETHEE_Q`` points are indifferent, from ``PROMETHEE_P`` points full preference.

Agreement with the additive ranking is Kendall's tau-b between each method's ranks and
the additive ranks (Kendall 1945, *The treatment of ties in ranking problems*,
Biometrika 33:239-251: ``(C - D) / sqrt((n0 - n1)(n0 - n2))``), computed as
``scipy.stats.kendalltau`` computes it. Six options need no O(n log n) algorithm, and
neither import (pymcdm loads matplotlib.pyplot, scipy.stats most of scipy: seconds at
start-up) is worth one statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda import AdditiveResult, rank_with_ties
from appraisal.model import VALUE_MAX, Problem
from appraisal.sensitivity._common import WeightsLike, base_result, plain

METHODS = ("additive", "wpm", "topsis", "promethee_ii")
METHOD_NAMES = {
    "additive": "Weighted additive (this tool)",
    "wpm": "Weighted product (WPM)",
    "topsis": "TOPSIS",
    "promethee_ii": "PROMETHEE II",
}
#: Shift that makes every value strictly positive for the weighted product.
WPM_OFFSET = 1.0
#: PROMETHEE II thresholds on the 0-100 value scale (indifference q, preference p).
PROMETHEE_Q = 5.0
PROMETHEE_P = 30.0


@dataclass(frozen=True)
class MethodComparison:
    problem: Problem
    option_ids: tuple[str, ...]
    methods: tuple[str, ...]
    scores: np.ndarray  # (n_methods, n_opt): totals / preferences / net flows (higher = better)
    ranks: np.ndarray  # (n_methods, n_opt), 1 = best, ties share a rank
    kendall_tau: np.ndarray  # (n_methods,), tau-b against the additive totals

    @property
    def totals(self) -> dict[str, np.ndarray]:
        """Each method's scores by method id (higher is better)."""
        return {m: self.scores[k] for k, m in enumerate(self.methods)}

    def top(self, method: str) -> str:
        s = self.scores[self.methods.index(method)]
        return self.option_ids[int(np.argmax(s))]

    @property
    def same_top(self) -> bool:
        """True when every method puts the same option first."""
        return len({self.top(m) for m in self.methods}) == 1

    def rows(self) -> list[dict]:
        """One row per option with its rank under each method."""
        names = {o.id: o.name for o in self.problem.options}
        out = []
        for i, oid in enumerate(self.option_ids):
            row: dict = {"option": oid, "name": names[oid]}
            for k, m in enumerate(self.methods):
                row[f"rank_{m}"] = int(self.ranks[k, i])
            for k, m in enumerate(self.methods):
                row[f"score_{m}"] = float(self.scores[k, i])
            out.append(row)
        return out

    def agreement_rows(self) -> list[dict]:
        """One row per method: top option and Kendall's tau against the additive ranking."""
        return [
            {
                "method": m,
                "method_name": METHOD_NAMES[m],
                "top": self.top(m),
                "kendall_tau": plain(self.kendall_tau[k]),
            }
            for k, m in enumerate(self.methods)
        ]


def wpm(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted product on ``(v + WPM_OFFSET) / (VALUE_MAX + WPM_OFFSET)`` (pymcdm ``WPM``)."""
    nmatrix = (values + WPM_OFFSET) / (VALUE_MAX + WPM_OFFSET)
    return np.prod(nmatrix**weights, axis=1)


def topsis(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Relative closeness ``D- / (D- + D+)`` on ``v / VALUE_MAX`` (pymcdm ``TOPSIS``);
    0/0 (every option the same on every weighted criterion) is 0.5: all tie."""
    weighted = values / VALUE_MAX * weights
    d_plus = np.sqrt(np.sum((weighted - np.max(weighted, axis=0)) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((weighted - np.min(weighted, axis=0)) ** 2, axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = d_minus / (d_minus + d_plus)
    return np.where(np.isfinite(closeness), closeness, 0.5)


def promethee_ii(values: np.ndarray, weights: np.ndarray, q: float = PROMETHEE_Q, p: float = PROMETHEE_P):
    """Net outranking flow ``phi+ - phi-`` with the linear preference function with
    indifference ``q`` and preference ``p`` (pymcdm ``PROMETHEE_II('vshape_2')``)."""
    n, m = values.shape
    pi = np.zeros((n, n))
    for k in range(m):
        col = values[:, k]
        d = col[:, None] - col[None, :]  # d[a, b] = v_a - v_b
        pref = np.where((q < d) & (d <= p), (d - q) / (p - q), (d > p).astype(float))
        pi = pi + weights[k] * pref
    return np.sum(pi, axis=1) / (n - 1) - np.sum(pi, axis=0) / (n - 1)


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b of two rankings: (concordant - discordant pairs) divided by
    ``sqrt(pairs not tied in x) * sqrt(pairs not tied in y)``; NaN when either is all
    ties (the same arithmetic as ``scipy.stats.kendalltau``, by pairs: O(n^2))."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = x.size
    upper = np.triu_indices(n, 1)
    dx = np.sign(x[:, None] - x[None, :])[upper]
    dy = np.sign(y[:, None] - y[None, :])[upper]
    tot = n * (n - 1) // 2
    x_tie, y_tie = int(np.count_nonzero(dx == 0)), int(np.count_nonzero(dy == 0))
    if x_tie == tot or y_tie == tot:
        return float("nan")
    con_minus_dis = np.int64(np.sum(dx * dy))
    tau = con_minus_dis / np.sqrt(tot - x_tie) / np.sqrt(tot - y_tie)
    return float(min(1.0, max(-1.0, tau)))


def method_scores(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: (n_methods, n_opt) scores under each method; higher is better."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.vstack(
            [values @ weights, wpm(values, weights), topsis(values, weights), promethee_ii(values, weights)]
        )


def compare_methods(problem: Problem, weights: WeightsLike | AdditiveResult = None) -> MethodComparison:
    """Ranks of the options under the additive model, WPM, TOPSIS and PROMETHEE II."""
    base = base_result(problem, weights)
    scores = method_scores(problem.values, base.weights.values)
    # ties to a relative 1e-9 of each method's scale
    ranks = np.vstack([rank_with_ties(s, tol=1e-9 * max(float(np.max(np.abs(s))), 1e-300)) for s in scores])
    taus = np.array([kendall_tau_b(-ranks[0], -ranks[k]) for k in range(len(METHODS))])
    for a in (scores, ranks, taus):
        a.setflags(write=False)
    return MethodComparison(problem, problem.option_ids, METHODS, scores, ranks, taus)
