"""Between the app's current work (plain values) and a Scenario, in both directions.

Pure functions so the pages stay thin and the rules are tested without Streamlit:
- a score that is new or changed since the previous saved version takes the save's
  comment as its reason; an unchanged score keeps the reason it was saved with;
- a weight method's raw inputs are made JSON-safe (numpy numbers, tuples, odd keys);
  inputs that cannot be stored are replaced by a note rather than blocking the save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from appraisal.store.errors import StoreError
from appraisal.store.scenario import COMMENT_MAX, Scenario, ScenarioWeights, ScoreOverride, check_inputs


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: numpy to Python numbers, tuples to lists, keys to text."""
    if isinstance(value, Mapping):
        return {
            str(k) if not isinstance(k, tuple) else "|".join(map(str, k)): jsonable(v)
            for k, v in value.items()
        }
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def safe_inputs(inputs: Any) -> dict:
    """The method's inputs if they pass the scenario checks, else a note saying they were left out."""
    data = jsonable(inputs or {})
    if not isinstance(data, dict):
        data = {"value": data}
    try:
        check_inputs(data, "weights.inputs")
        return data
    except StoreError:
        return {"note": "inputs not stored (too large or not plain values)"}


def scenario_from_work(
    *,
    name: str,
    author: str,
    notes: str,
    regions: list[str] | tuple[str, ...],
    points: Mapping[str, float],
    method: str,
    inputs: Any,
    score_edits: Mapping[str, Mapping[tuple[str, str], float]],
    econ: Mapping[str, float],
    data_version: str,
    comment: str = "",
    previous: Scenario | None = None,
) -> Scenario:
    """Build a validated Scenario from the app's state (see the module docstring)."""
    reason = (comment or "").strip()[:COMMENT_MAX]
    overrides: dict[str, dict[tuple[str, str], ScoreOverride]] = {}
    for region, cells in score_edits.items():
        if not cells:
            continue
        old = previous.score_overrides.get(region, {}) if previous is not None else {}
        out = {}
        for key, score in cells.items():
            prior = old.get(tuple(key))
            keep = prior is not None and prior.score == float(score)
            out[tuple(key)] = ScoreOverride(float(score), prior.comment if keep else reason)
        overrides[region] = out
    weights = ScenarioWeights(
        method=str(method or "points"),
        values={c: float(v) for c, v in points.items()},
        inputs=safe_inputs(inputs),
    )
    return Scenario.create(
        name,
        weights,
        author=author,
        notes=notes,
        regions=tuple(regions),
        score_overrides=overrides,
        economic_assumptions={k: float(v) for k, v in econ.items()},
        data_version=data_version,
    )


@dataclass(frozen=True)
class Work:
    """What a page needs to put a scenario back into the app's state."""

    points: dict[str, float]
    method: str
    inputs: dict
    score_edits: dict[str, dict[tuple[str, str], float]]
    econ: dict[str, float]
    regions: tuple[str, ...]


def work_from_scenario(scenario: Scenario, region_ids: tuple[str, ...]) -> Work:
    """Plain values to apply; every region of the data gets its edits (none = cleared)."""
    from appraisal.store.scenario import thaw

    return Work(
        points=dict(scenario.weights.values),
        method=scenario.weights.method,
        inputs=thaw(scenario.weights.inputs),
        score_edits={r: scenario.scores(r) for r in region_ids},
        econ=dict(scenario.economic_assumptions),
        regions=scenario.regions,
    )
