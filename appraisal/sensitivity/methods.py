"""Method robustness: does the ranking survive a change of aggregation method?

The additive model is set beside three other methods from **pymcdm** (Kizielewicz,
Shekhovtsov & Sałabun 2023, *pymcdm - the universal library for solving multi-criteria
decision-making problems*, SoftwareX 22:101368), all run on the same 0-100 value scores
(value functions already turn cost criteria into "higher is better", so every criterion
is passed as a benefit) and the same weights:

- **WPM** (weighted product; Bridgman 1922, Miller & Starr 1969): the product of
  ``x_ak ** w_k``. It needs strictly positive inputs, so values are shifted to
  ``(v + 1) / 101`` (a fixed map, not one that depends on the options' data).
- **TOPSIS** (Hwang & Yoon 1981): closeness to the ideal and anti-ideal, on values divided
  by 100 (fixed anchors, in keeping with the value functions; pymcdm's default min-max
  normalisation would rescale on the options' own data).
- **PROMETHEE II** (Brans & Vincke 1985): net outranking flow with the linear preference
  function with indifference (pymcdm ``vshape_2``): value differences up to
  ``PROMETHEE_Q`` points are indifferent, from ``PROMETHEE_P`` points full preference.

Agreement with the additive ranking is Kendall's tau-b (``scipy.stats.kendalltau``, which
handles ties) between each method's scores and the additive totals.
"""

from __future__ import annotations

import warnings
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


def method_scores(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: (n_methods, n_opt) scores under each method; higher is better."""
    # imported here: pymcdm loads matplotlib, which costs seconds at start-up
    from pymcdm.methods import PROMETHEE_II, TOPSIS, WPM

    n_opt, m = values.shape
    types = np.ones(m)
    wpm = WPM(normalization_function=lambda col, cost: (col + WPM_OFFSET) / (VALUE_MAX + WPM_OFFSET))
    topsis = TOPSIS(normalization_function=lambda col, cost: col / VALUE_MAX)
    prom = PROMETHEE_II("vshape_2", p=[PROMETHEE_P] * m, q=[PROMETHEE_Q] * m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(invalid="ignore", divide="ignore"):
            s_wpm = wpm(values, weights, types, validation=False)
            s_top = topsis(values, weights, types, validation=False)
            s_prom = prom(values, weights, types, validation=False)
    # TOPSIS is 0/0 when every option is identical on every weighted criterion: all tie
    s_top = np.where(np.isfinite(s_top), s_top, 0.5)
    return np.vstack([values @ weights, s_wpm, s_top, s_prom])


def compare_methods(problem: Problem, weights: WeightsLike | AdditiveResult = None) -> MethodComparison:
    """Ranks of the options under the additive model, WPM, TOPSIS and PROMETHEE II."""
    from scipy.stats import kendalltau

    base = base_result(problem, weights)
    scores = method_scores(problem.values, base.weights.values)
    # ties to a relative 1e-9 of each method's scale
    ranks = np.vstack([rank_with_ties(s, tol=1e-9 * max(float(np.max(np.abs(s))), 1e-300)) for s in scores])
    taus = np.empty(len(METHODS))
    for k in range(len(METHODS)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            taus[k] = kendalltau(-ranks[0], -ranks[k]).statistic
    for a in (scores, ranks, taus):
        a.setflags(write=False)
    return MethodComparison(problem, problem.option_ids, METHODS, scores, ranks, taus)
