"""Side-by-side comparison of two or more scenarios on the same data.

For each scenario: normalised weights; per region, the ranking under its weights and
score overrides (``appraisal.mcda.evaluate`` on ``Dataset.problem(region).with_scores``);
and NPSV per option (``appraisal.economics.appraise`` with the scenario's economic
assumptions; both benefit modes). Differences are taken against the first scenario
(the reference). If the economics engine cannot run (e.g. data it does not cover), the
MCDA comparison is still returned and ``npv.reason`` says why NPV is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from appraisal.mcda import evaluate
from appraisal.store.errors import StoreError
from appraisal.store.scenario import Scenario

MAX_COMPARED = 8


@dataclass(frozen=True)
class NPVComparison:
    """Net present social value (NPSV: NPV over business as usual, GBP, Green Book
    discounting) per scenario x option, per region and benefit mode, or why it is missing.

    ``values[region][mode]`` has shape (n_scenarios, n_options); modes are the economics
    engine's (``bottom_up``, ``heckman``).
    """

    status: str  # "done" or "unavailable"
    reason: str
    values: dict[str, dict[str, np.ndarray]]

    @property
    def modes(self) -> tuple[str, ...]:
        first = next(iter(self.values.values()), {})
        return tuple(first)


@dataclass(frozen=True)
class Comparison:
    names: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    option_ids: tuple[str, ...]
    regions: tuple[str, ...]
    weights: np.ndarray  # (n_scenarios, n_criteria), rows sum to one
    totals: dict[str, np.ndarray]  # region -> (n_scenarios, n_options)
    ranks: dict[str, np.ndarray]  # region -> (n_scenarios, n_options), 1 = best
    npv: NPVComparison

    @property
    def weight_diff(self) -> np.ndarray:
        """Each scenario's weights minus the reference (first) scenario's."""
        return self.weights - self.weights[0]

    def rank_change(self, region: str) -> np.ndarray:
        """Rank minus the reference rank (negative = moved up)."""
        r = self.ranks[region]
        return r - r[0]

    def weight_rows(self) -> list[dict[str, Any]]:
        rows = []
        for j, c in enumerate(self.criterion_ids):
            row: dict[str, Any] = {"criterion": c}
            for i, n in enumerate(self.names):
                row[n] = float(self.weights[i, j])
                if i:
                    row[f"{n} - {self.names[0]}"] = float(self.weight_diff[i, j])
            rows.append(row)
        return rows

    def rank_rows(self, region: str) -> list[dict[str, Any]]:
        rows = []
        ranks, change = self.ranks[region], self.rank_change(region)
        for k, o in enumerate(self.option_ids):
            row: dict[str, Any] = {"option": o}
            for i, n in enumerate(self.names):
                row[n] = int(ranks[i, k])
                if i:
                    row[f"{n} - {self.names[0]}"] = int(change[i, k])
            rows.append(row)
        return rows

    def npv_rows(self, region: str, mode: str) -> list[dict[str, Any]]:
        """NPSV per option for each scenario and its difference from the reference."""
        if self.npv.status != "done" or region not in self.npv.values:
            return []
        v = self.npv.values[region][mode]
        rows = []
        for k, o in enumerate(self.option_ids):
            row: dict[str, Any] = {"option": o}
            for i, n in enumerate(self.names):
                row[n] = float(v[i, k])
                if i:
                    row[f"{n} - {self.names[0]}"] = float(v[i, k] - v[0, k])
            rows.append(row)
        return rows


def known_assumption_ids() -> set[str] | None:
    """Ids of the economic parameters (to check a scenario's overrides), or None if unavailable."""
    try:
        from appraisal.economics import load_assumptions

        return set(load_assumptions().params)
    except Exception:  # noqa: BLE001 - without the register, ids are checked when NPV is computed
        return None


def _npv(
    scenarios: Sequence[Scenario], dataset: Any, regions: tuple[str, ...], option_ids: tuple[str, ...]
) -> NPVComparison:
    """NPSV per option from ``appraisal.economics.appraise`` under each scenario's assumptions."""
    try:
        from appraisal.economics import appraise, load_assumptions
    except ImportError as exc:  # pragma: no cover - the engine ships with the package
        return NPVComparison("unavailable", f"economics engine not available ({exc})", {})
    try:
        base = load_assumptions()
        assumptions = [base.with_overrides(dict(s.economic_assumptions)) for s in scenarios]
        out: dict[str, dict[str, np.ndarray]] = {}
        for r in regions:
            results = [appraise(dataset, a, r) for a in assumptions]
            per_mode: dict[str, np.ndarray] = {}
            for mode in results[0].modes:
                grid = np.full((len(scenarios), len(option_ids)), np.nan)
                for i, res in enumerate(results):
                    for k, o in enumerate(option_ids):
                        grid[i, k] = float(res.modes[mode].npsv[res.index(o)])
                per_mode[mode] = grid
            out[r] = per_mode
        return NPVComparison("done", "", out)
    except Exception as exc:  # noqa: BLE001 - keep the MCDA comparison; say why NPV is missing
        return NPVComparison("unavailable", str(exc) or type(exc).__name__, {})


def compare(
    scenarios: Sequence[Scenario],
    dataset: Any,
    *,
    regions: Sequence[str] | None = None,
    economics: bool = True,
) -> Comparison:
    """Compare 2..MAX_COMPARED scenarios on ``dataset`` (the first is the reference).

    ``regions`` default: every region any scenario names, else every region of the data.
    """
    if not 2 <= len(scenarios) <= MAX_COMPARED:
        raise StoreError("store.err.compare_count", limit=MAX_COMPARED)
    names = tuple(s.name for s in scenarios)
    if len(set(names)) != len(names):
        raise StoreError(
            "store.err.duplicate", field="names", value=next(n for n in names if names.count(n) > 1)
        )
    cids = dataset.criterion_ids
    if regions is None:
        named = [r for s in scenarios for r in s.regions]
        regions = tuple(dict.fromkeys(named)) or dataset.region_ids
    regions = tuple(regions)
    for r in regions:
        dataset.region(r)  # raises UnknownIdError naming the region
    w = np.array([s.weights.normalised(cids) for s in scenarios])
    totals: dict[str, np.ndarray] = {}
    ranks: dict[str, np.ndarray] = {}
    for r in regions:
        base = dataset.problem(r)
        t_rows, r_rows = [], []
        for i, s in enumerate(scenarios):
            edits = s.scores(r)
            problem = base.with_scores(edits) if edits else base
            res = evaluate(problem, w[i])
            t_rows.append(np.array(res.totals))
            r_rows.append(np.array(res.ranks))
        totals[r] = np.array(t_rows)
        ranks[r] = np.array(r_rows)
    npv = (
        _npv(scenarios, dataset, regions, dataset.option_ids)
        if economics
        else NPVComparison("unavailable", "not requested", {})
    )
    return Comparison(names, cids, dataset.option_ids, regions, w, totals, ranks, npv)
