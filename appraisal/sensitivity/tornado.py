"""Tornado of the top-vs-runner-up margin (for the Robustness page).

The margin is ``V_top - V_runner_up`` under the current weights. Each bar moves one input
on its own and reports the margin at both ends:

- **scores**: each score of the top two options moved to its low and to its high (value
  space, ``Problem.values_low``/``values_high``); the margin changes by
  ``w_k * (v_low - v)`` and so on, so these are exact, not simulated;
- **weights**: each criterion weight multiplied by ``1 - WEIGHT_STEP`` and
  ``1 + WEIGHT_STEP`` (25% relative) with the other weights rescaled in proportion.

Bars are sorted by the larger absolute change in the margin. ``flips`` marks a bar where
the runner-up would overtake (the margin falls below zero at one end).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda import AdditiveResult
from appraisal.model import Problem
from appraisal.sensitivity._common import WeightsLike, base_result, ranked_order

WEIGHT_STEP = 0.25


@dataclass(frozen=True)
class TornadoBar:
    kind: str  # "score" or "weight"
    criterion: str
    option: str | None  # the option whose score moves (None for a weight bar)
    low_input: float  # value (0-100) or weight at the low end
    high_input: float
    margin_low: float  # margin with the input at its low end
    margin_high: float

    @property
    def swing(self) -> float:
        return abs(self.margin_high - self.margin_low)


@dataclass(frozen=True)
class TornadoResult:
    problem: Problem
    top: str | None
    runner_up: str | None
    margin: float  # current margin (0 when there is no runner-up)
    bars: tuple[TornadoBar, ...]  # sorted, largest effect first

    def rows(self) -> list[dict]:
        out = []
        for b in self.bars:
            out.append(
                {
                    "kind": b.kind,
                    "criterion": b.criterion,
                    "option": b.option,
                    "low_input": float(b.low_input),
                    "high_input": float(b.high_input),
                    "margin": float(self.margin),
                    "margin_low": float(b.margin_low),
                    "margin_high": float(b.margin_high),
                    "change_low": float(b.margin_low - self.margin),
                    "change_high": float(b.margin_high - self.margin),
                    "flips": bool(min(b.margin_low, b.margin_high) < 0),
                }
            )
        return out


def score_tornado(
    problem: Problem, weights: WeightsLike | AdditiveResult = None, *, weight_step: float = WEIGHT_STEP
) -> TornadoResult:
    """Effect on the top-vs-runner-up margin of each score of the top two options and of
    each weight (+/- ``weight_step`` relative)."""
    base = base_result(problem, weights)
    order = ranked_order(base)
    if len(order) < 2:
        return TornadoResult(problem, problem.option_ids[order[0]], None, 0.0, ())
    if not 0 < weight_step < 1:
        raise ValueError(f"weight_step must be between 0 and 1; got {weight_step}")
    w = base.weights.values
    a, b = order[0], order[1]
    ids = problem.option_ids
    v, lo, hi = problem.values, problem.values_low, problem.values_high
    margin = float(base.totals[a] - base.totals[b])
    bars = []
    for k, cid in enumerate(problem.criterion_ids):
        # the top option's score: higher value widens the margin
        bars.append(
            TornadoBar(
                "score",
                cid,
                ids[a],
                float(lo[a, k]),
                float(hi[a, k]),
                margin + w[k] * (lo[a, k] - v[a, k]),
                margin + w[k] * (hi[a, k] - v[a, k]),
            )
        )
        # the runner-up's score: higher value narrows the margin
        bars.append(
            TornadoBar(
                "score",
                cid,
                ids[b],
                float(lo[b, k]),
                float(hi[b, k]),
                margin - w[k] * (lo[b, k] - v[b, k]),
                margin - w[k] * (hi[b, k] - v[b, k]),
            )
        )
    diff = v[a] - v[b]
    for k, cid in enumerate(problem.criterion_ids):
        ends = []
        for f in (1.0 - weight_step, 1.0 + weight_step):
            w2 = np.array(w)
            w2[k] *= f
            w2 /= w2.sum()
            ends.append((float(w2[k]), float(diff @ w2)))
        bars.append(TornadoBar("weight", cid, None, ends[0][0], ends[1][0], ends[0][1], ends[1][1]))
    bars.sort(key=lambda x: -max(abs(x.margin_low - margin), abs(x.margin_high - margin)))
    return TornadoResult(problem, ids[a], ids[b], margin, tuple(bars))
