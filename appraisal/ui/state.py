"""Session state shared by every page: language, region, weights, score edits.

The single place that knows the ``st.session_state`` keys. Pages call these helpers
and never touch the keys directly, so what a user enters survives page changes and
reruns (nothing they enter is lost). The engine is reached through cached loaders.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from appraisal.data import Dataset, load_dataset
from appraisal.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from appraisal.mcda.weights import WeightSet, normalise

K_LANG = "lang"
K_REGION = "region"
K_WEIGHT_POINTS = "weight_points"  # {criterion_id: points}
K_WEIGHT_METHOD = "weight_method"  # how the current points were set
K_WEIGHT_INPUTS = "weight_inputs"  # the raw inputs of that method (for audit/report)
K_SCORE_EDITS = "score_edits"  # {region_id: {(option, criterion): score}}
K_ECON = "econ_overrides"  # {parameter_id: value}


@st.cache_resource(show_spinner=False)
def dataset() -> Dataset:
    """The bundled data folder, loaded once per server process."""
    return load_dataset()


def lang() -> str:
    val = st.session_state.get(K_LANG, DEFAULT_LANGUAGE)
    return val if val in LANGUAGES else DEFAULT_LANGUAGE


def set_lang(value: str) -> None:
    st.session_state[K_LANG] = value if value in LANGUAGES else DEFAULT_LANGUAGE


def tr(key: str, **kwargs: Any) -> str:
    """Translate ``key`` into the session's language."""
    return t(key, lang(), **kwargs)


def region_id() -> str:
    ds = dataset()
    val = st.session_state.get(K_REGION)
    if val not in ds.region_ids:
        val = ds.region_ids[0]
        st.session_state[K_REGION] = val
    return val


def set_region(value: str) -> None:
    if value in dataset().region_ids:
        st.session_state[K_REGION] = value


def weight_points() -> dict[str, float]:
    """Current weight points per criterion (defaults from the data on first use)."""
    ds = dataset()
    pts = st.session_state.get(K_WEIGHT_POINTS)
    if not isinstance(pts, dict) or set(pts) != set(ds.criterion_ids):
        pts = {c.id: float(c.weight.value or 0.0) for c in ds.criteria}
        st.session_state[K_WEIGHT_POINTS] = pts
        st.session_state[K_WEIGHT_METHOD] = "points"
        st.session_state[K_WEIGHT_INPUTS] = {"source": "data defaults"}
    return dict(pts)


def set_weights(points: dict[str, float], method: str, inputs: dict | None = None) -> None:
    """Replace the current weights (validated: raises WeightError, state unchanged)."""
    ds = dataset()
    normalise(points, ds.criterion_ids)
    st.session_state[K_WEIGHT_POINTS] = {c: float(points[c]) for c in ds.criterion_ids}
    st.session_state[K_WEIGHT_METHOD] = method
    st.session_state[K_WEIGHT_INPUTS] = dict(inputs or {})


def weight_set() -> WeightSet:
    """The current weights as a normalised WeightSet in criterion order."""
    ds = dataset()
    pts = weight_points()
    return WeightSet(
        ds.criterion_ids,
        normalise(pts, ds.criterion_ids),
        st.session_state.get(K_WEIGHT_METHOD, "points"),
        dict(st.session_state.get(K_WEIGHT_INPUTS, {})),
    )


def score_edits(region: str) -> dict[tuple[str, str], float]:
    edits = st.session_state.setdefault(K_SCORE_EDITS, {})
    return dict(edits.get(region, {}))


def set_score_edits(region: str, edits: dict[tuple[str, str], float]) -> None:
    all_edits = dict(st.session_state.get(K_SCORE_EDITS, {}))
    all_edits[region] = dict(edits)
    st.session_state[K_SCORE_EDITS] = all_edits


def econ_overrides() -> dict[str, float]:
    return dict(st.session_state.get(K_ECON, {}))


def set_econ_overrides(values: dict[str, float]) -> None:
    st.session_state[K_ECON] = dict(values)
