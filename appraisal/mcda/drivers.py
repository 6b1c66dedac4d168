"""What drives a region's result: the criteria behind the winner's lead and the region's
decisive score overrides.

In the additive model the winner's lead over the runner-up is the sum over criteria of
``w_j (v_win,j - v_run,j)`` (DCLG 2009, *Multi-criteria analysis: a manual*, 6.2.11), so
each criterion's share of the lead is exact, not an approximation. A region override
changes one cell; reverting it to the all-Wales baseline changes that option's total by
``w_j (v_base - v_region)`` alone, so its effect on the result is exact too: an override
is *decisive* when reverting it would change the winner.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.mcda.additive import AdditiveResult


@dataclass(frozen=True)
class Lead:
    """One criterion's part of the winner's lead over the runner-up (points of 0-100)."""

    criterion: str
    points: float


@dataclass(frozen=True)
class OverrideEffect:
    """A region override and what reverting it to the baseline would do."""

    option: str
    criterion: str
    baseline_score: float
    region_score: float
    change_in_total: float  # the option's total with the override minus without it
    winner_if_reverted: str
    decisive: bool  # reverting it alone changes the winner


@dataclass(frozen=True)
class Drivers:
    """The drivers of one region's ranking (see the module docstring)."""

    region: str
    winner: str
    runner_up: str | None
    margin: float
    lead_for: tuple[Lead, ...]  # criteria adding most to the lead, largest first
    lead_against: tuple[Lead, ...]  # criteria where the runner-up is ahead, largest first
    overrides: tuple[OverrideEffect, ...]  # every override, largest effect first
    winner_without_overrides: str  # the winner on the all-Wales baseline scores

    @property
    def decisive(self) -> tuple[OverrideEffect, ...]:
        return tuple(o for o in self.overrides if o.decisive)


def _winner(totals: np.ndarray, option_ids: tuple[str, ...]) -> str:
    return option_ids[int(np.argmax(totals))]  # first of tied options, as ``order`` is stable


def drivers(result: AdditiveResult, baseline: dict[tuple[str, str], float], top: int = 3) -> Drivers:
    """The drivers of ``result`` (a region's additive result); ``baseline`` maps (option,
    criterion) to the all-Wales baseline score the region's overrides replaced."""
    p = result.problem
    ids = p.option_ids
    w = np.asarray(result.weights.values, dtype=float)
    order = result.order
    win = ids[order[0]]
    run = ids[order[1]] if len(order) > 1 else None
    lead_for: tuple[Lead, ...] = ()
    lead_against: tuple[Lead, ...] = ()
    margin = 0.0
    if run is not None:
        diff = result.weighted[order[0]] - result.weighted[order[1]]
        margin = float(result.totals[order[0]] - result.totals[order[1]])
        pos = sorted((j for j in range(diff.size) if diff[j] > 1e-12), key=lambda j: -diff[j])
        neg = sorted((j for j in range(diff.size) if diff[j] < -1e-12), key=lambda j: diff[j])
        lead_for = tuple(Lead(p.criterion_ids[j], float(diff[j])) for j in pos[:top])
        lead_against = tuple(Lead(p.criterion_ids[j], float(diff[j])) for j in neg[:top])
    effects = []
    base_totals = np.array(result.totals, dtype=float)
    for i, row in enumerate(p.cells):
        for j, cell in enumerate(row):
            if cell.origin != p.region.id or (cell.option, cell.criterion) not in baseline:
                continue
            b = baseline[(cell.option, cell.criterion)]
            v_base = float(p.criteria[j].value_function(b))
            delta = float(w[j] * (p.values[i, j] - v_base))
            base_totals[i] -= delta
            t = np.array(result.totals, dtype=float)
            t[i] -= delta
            new = _winner(t, ids)
            effects.append(
                OverrideEffect(cell.option, cell.criterion, b, float(cell.score), delta, new, new != win)
            )
    effects.sort(key=lambda e: (-abs(e.change_in_total), e.option, e.criterion))
    return Drivers(
        region=p.region.id,
        winner=win,
        runner_up=run,
        margin=margin,
        lead_for=lead_for,
        lead_against=lead_against,
        overrides=tuple(effects),
        winner_without_overrides=_winner(base_totals, ids),
    )


__all__ = ["Drivers", "Lead", "OverrideEffect", "drivers"]
