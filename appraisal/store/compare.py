"""Side-by-side comparison of two or more scenarios on the same data.

A consumer of :func:`appraisal.run.run`, nothing else: each scenario's inputs are run
on the data for the chosen regions, and the comparison reads the results. For each
scenario: the weights the run used (normalised); per region, the MCDA totals and ranks
under its weights and score edits (``results.region(r).mcda``); and NPSV per option in
each benefit mode (``results.region(r).economics.modes[mode].npsv``), under its economic
choices and overrides. Differences are taken against the first scenario (the
reference). If the economics cannot run (no ``assumptions/`` in the data folder, or data
it does not cover), the MCDA comparison is still returned and ``npv.reason`` says why NPV
is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from appraisal.errors import InputError
from appraisal.i18n import t
from appraisal.run import run
from appraisal.store.errors import StoreError
from appraisal.store.scenario import Scenario

MAX_COMPARED = 8


@dataclass(frozen=True)
class NPVComparison:
    """Net present social value (NPSV: NPV over business as usual, GBP, Green Book
    discounting) per scenario x option, per region and benefit mode, or why it is missing.

    ``values[region][mode]`` has shape (n_scenarios, n_options); modes are the economics
    engine's (``outcome_chain``, ``per_child_supported``).
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
    #: region -> the options on that region's shortlist, in the order of its ``totals``
    #: columns (a region may leave an option out, e.g. 'build on what exists' where
    #: there is nothing to build on); a region not named here has every option
    region_options: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def options_in(self, region: str) -> tuple[str, ...]:
        """The option ids of ``region``'s columns in ``totals``, ``ranks`` and the NPSV."""
        return self.region_options.get(region, self.option_ids)

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
        for k, o in enumerate(self.options_in(region)):
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
        for k, o in enumerate(self.options_in(region)):
            row: dict[str, Any] = {"option": o}
            for i, n in enumerate(self.names):
                row[n] = float(v[i, k])
                if i:
                    row[f"{n} - {self.names[0]}"] = float(v[i, k] - v[0, k])
            rows.append(row)
        return rows


def _npv(
    runs: list, regions: tuple[str, ...], options: dict[str, tuple[str, ...]], lang: str
) -> NPVComparison:
    """NPSV per option from each run's economic results, per region and benefit mode."""
    missing = next((x.economics_missing for x in runs if x.economics_missing), "")
    if missing:
        return NPVComparison("unavailable", t("store.compare.no_assumptions", lang, folder=missing), {})
    try:
        out: dict[str, dict[str, np.ndarray]] = {}
        for r in regions:
            results = [x.region(r).economics for x in runs]
            per_mode: dict[str, np.ndarray] = {}
            for mode in results[0].modes:
                grid = np.full((len(runs), len(options[r])), np.nan)
                for i, res in enumerate(results):
                    for k, o in enumerate(options[r]):
                        grid[i, k] = float(res.modes[mode].npsv[res.index(o)])
                per_mode[mode] = grid
            out[r] = per_mode
        return NPVComparison("done", "", out)
    except InputError as exc:
        return NPVComparison("unavailable", exc.localised(lang), {})
    except Exception as exc:  # noqa: BLE001 - keep the MCDA comparison; say why NPV is missing
        return NPVComparison("unavailable", str(exc) or type(exc).__name__, {})


def compare(
    scenarios: Sequence[Scenario],
    dataset: Any,
    *,
    regions: Sequence[str] | None = None,
    economics: bool = True,
    lang: str = "en",
) -> Comparison:
    """Compare 2..MAX_COMPARED scenarios on ``dataset`` (the first is the reference).

    ``regions`` default: every region any scenario names, else every region of the data.
    Raises StoreError (InputError) naming the field when a scenario's inputs cannot be
    used with the data (as ``run`` would); ``lang`` is the language of ``npv.reason``.
    """
    if not 2 <= len(scenarios) <= MAX_COMPARED:
        raise StoreError("store.err.compare_count", limit=MAX_COMPARED)
    names = tuple(s.name for s in scenarios)
    if len(set(names)) != len(names):
        raise StoreError(
            "store.err.duplicate", field="names", value=next(n for n in names if names.count(n) > 1)
        )
    if regions is None:
        named = [r for s in scenarios for r in s.inputs.regions]
        regions = tuple(dict.fromkeys(named)) or dataset.region_ids
    regions = tuple(regions)
    for r in regions:
        dataset.region(r)  # raises UnknownIdError naming the region
    runs = [run(dataset, s.inputs.with_changes(regions=regions)) for s in scenarios]
    w = np.array([np.asarray(x.weights.values, dtype=float) for x in runs])
    totals: dict[str, np.ndarray] = {}
    ranks: dict[str, np.ndarray] = {}
    options: dict[str, tuple[str, ...]] = {}
    for r in regions:
        results = [x.region(r).mcda for x in runs]
        totals[r] = np.array([np.array(m.totals) for m in results])
        ranks[r] = np.array([np.array(m.ranks) for m in results])
        options[r] = tuple(results[0].problem.option_ids)
    npv = (
        _npv(runs, regions, options, lang)
        if economics
        else NPVComparison("unavailable", t("store.compare.not_requested", lang), {})
    )
    return Comparison(
        names, dataset.criterion_ids, dataset.option_ids, regions, w, totals, ranks, npv, options
    )
