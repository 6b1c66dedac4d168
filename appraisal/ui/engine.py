"""Cached calls into the engine, keyed on hashable inputs.

Every argument is a plain hashable value (region id, tuple of weight points, tuple of
score edits), so moving one slider recomputes only what depends on it. Engine results
are frozen dataclasses over read-only arrays, so they are cached with
``st.cache_resource`` and shared as they are: ``st.cache_data`` would pickle and copy
each result on every read (about 1 ms per ranking, far more for SMAA draws), which is
slower than the computation it saves. ``clear()`` empties every cache (tests use it).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from appraisal.mcda import AdditiveResult, evaluate
from appraisal.mcda.weights import WeightSet, normalise
from appraisal.model import Problem
from appraisal.ui.state import dataset

Edits = tuple[tuple[str, str, float], ...]
Points = tuple[float, ...]


@st.cache_resource(show_spinner=False, max_entries=64)
def problem(region: str, edits: Edits = ()) -> Problem:
    """The region's problem with the user's score edits applied."""
    base = dataset().problem(region)
    if not edits:
        return base
    return base.with_scores({(o, c): v for o, c, v in edits}, origin="user")


def weightset(points: Points, method: str = "points") -> WeightSet:
    ids = dataset().criterion_ids
    return WeightSet(ids, normalise(list(points), ids), method)


@st.cache_resource(show_spinner=False, max_entries=256)
def result(region: str, points: Points, edits: Edits = ()) -> AdditiveResult:
    """Weighted additive result for one region."""
    return evaluate(problem(region, edits), weightset(points))


def results_all(points: Points, edits: dict[str, Edits]) -> list[AdditiveResult]:
    """One result per region, in data order (each one cached on its own)."""
    return [result(r, points, edits.get(r, ())) for r in dataset().region_ids]


def margin(res: AdditiveResult) -> float:
    """Points (0-100 scale) between the first and the second option."""
    t = np.sort(np.asarray(res.totals))[::-1]
    return float(t[0] - t[1]) if len(t) > 1 else float("nan")


#: SMAA model used for the live 'how sure are we' line: the user's weights, each
#: varied by +/- SMAA_SPREAD, with every score drawn within its plausible range.
SMAA_LIVE_MODEL = "stated"
SMAA_SPREAD = 0.2


@st.cache_resource(show_spinner=False, max_entries=128)
def smaa_live(region: str, points: Points, edits: Edits = ()):
    """SMAA-2 around the current weights, at the module's default sample count."""
    from appraisal.sensitivity import smaa

    return smaa(problem(region, edits), weightset(points), model=SMAA_LIVE_MODEL, spread=SMAA_SPREAD)


@st.cache_resource(show_spinner=False, max_entries=32)
def robustness(region: str, points: Points, edits: Edits = (), model: str = SMAA_LIVE_MODEL):
    """Every robustness analysis for one region (sweeps ... tornado), cached."""
    from appraisal.sensitivity import robustness as run

    opts = {"spread": SMAA_SPREAD} if model == "stated" else {}
    return run(problem(region, edits), weightset(points), model=model, **opts)


# ----------------------------------------------------------------------------- economics

Choices = tuple[tuple[str, object], ...]  # appraise() keyword choices, sorted
Overrides = tuple[tuple[str, float], ...]  # assumption id -> value, sorted


@st.cache_resource(show_spinner=False)
def assumptions_base():
    """The bundled assumptions folder, loaded once per server process."""
    from appraisal.economics import load_assumptions

    return load_assumptions()


@st.cache_resource(show_spinner=False, max_entries=16)
def assumptions(overrides: Overrides = ()):
    """Assumptions with the user's overrides (raises DataError naming a bad value)."""
    base = assumptions_base()
    return base.with_overrides(dict(overrides)) if overrides else base


@st.cache_resource(show_spinner=False, max_entries=64)
def econ(region: str, choices: Choices = (), overrides: Overrides = ()):
    from appraisal.economics import appraise

    return appraise(dataset(), assumptions(overrides), region, **dict(choices))


@st.cache_resource(show_spinner=False, max_entries=16)
def econ_mc(region: str, choices: Choices = (), overrides: Overrides = ()):
    """Monte Carlo at the module's default number of draws and seed."""
    from appraisal.economics import monte_carlo

    return monte_carlo(dataset(), assumptions(overrides), region, **dict(choices))


@st.cache_resource(show_spinner=False, max_entries=16)
def econ_switching(region: str, choices: Choices = (), overrides: Overrides = ()):
    from appraisal.economics import switching_values

    return switching_values(dataset(), assumptions(overrides), region, **dict(choices))


@st.cache_resource(show_spinner=False, max_entries=32)
def econ_tornado(region: str, choices: Choices = (), overrides: Overrides = (), mode: str = "bottom_up"):
    from appraisal.economics import tornado

    return tornado(dataset(), assumptions(overrides), region, mode=mode, **dict(choices))


@st.cache_resource(show_spinner=False, max_entries=8)
def heckman(overrides: Overrides = ()):
    from appraisal.economics import heckman_curve

    return heckman_curve(assumptions(overrides))


def clear() -> None:
    """Empty every engine cache (the dataset itself stays loaded)."""
    for fn in (
        problem,
        result,
        smaa_live,
        robustness,
        assumptions,
        econ,
        econ_mc,
        econ_switching,
        econ_tornado,
        heckman,
    ):
        fn.clear()
