"""The app's one way into the engine: ``results()`` is ``run(dataset, inputs)`` for the
session's inputs, cached by their hash and shared by every page and every session.

``st.cache_resource`` keeps the results object as it is (no pickling: its parts are
frozen, read-only and memoised inside the engine, so the ranking, SMAA and the economics
are each computed once per input set and then shared: a second browser session on
the same inputs, or a page opened after another, reads what is already there).
Pages never call an engine function: they read ``results()`` and its regions.
"""

from __future__ import annotations

import streamlit as st

from appraisal.inputs import AppraisalInputs
from appraisal.results import AppraisalResults, RegionResults
from appraisal.run import base_assumptions, clear_cache
from appraisal.run import run as _run_engine
from appraisal.ui import state


@st.cache_resource(show_spinner=False, max_entries=64)
def _run(key: str, _inputs: AppraisalInputs) -> AppraisalResults:
    """``run()`` cached on the inputs' key (the object itself is not hashed)."""
    return _run_engine(state.dataset(), _inputs)


def results(inputs: AppraisalInputs | None = None) -> AppraisalResults:
    """The results of the session's inputs (or of ``inputs``)."""
    inputs = inputs if inputs is not None else state.inputs()
    return _run(inputs.key(), inputs)


def region(region_id: str | None = None) -> RegionResults:
    """One region's results (default: the region chosen in the sidebar)."""
    return results().region(region_id or state.region_id())


def assumptions_base():
    """The data folder's economic assumptions without the user's overrides (or None)."""
    return base_assumptions(state.dataset())[0]


def clear() -> None:
    """Empty the app's and the engine's caches (the dataset itself stays loaded)."""
    _run.clear()
    clear_cache()
