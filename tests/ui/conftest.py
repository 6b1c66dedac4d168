"""Shared set-up for the app tests: full error details, empty engine caches, and a
helper that opens the app on a chosen page through the real shell (AppTest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TIMEOUT = 60


def _app(page: str | None = None) -> None:  # runs inside AppTest: imports are local
    from appraisal.ui.shell import main

    main(default_page=page)


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    config.set_option("client.showErrorDetails", "full")
    st.cache_data.clear()
    from appraisal.ui import engine

    engine.clear()


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """``open_page("weights", query={"region": "gwent"})`` -> an AppTest after its first run.

    ``locale`` is what the simulated browser reports (``st.context.locale``)."""

    def go(page: str | None = None, query: dict | None = None, locale: str | None = None) -> AppTest:
        at = AppTest.from_function(_app, kwargs={"page": page}, default_timeout=TIMEOUT)
        if query:
            at.query_params.update(query)
        if locale:
            at.context["locale"] = locale
        return at.run()

    return go


def points_view(at: AppTest) -> AppTest:
    """Open the weights page's points panel (swing weighting is the default view)."""
    at.segmented_control(key="w_weights_method_view").set_value("points")
    return at.run()


def switch_to(at: AppTest, page_key: str) -> AppTest:
    """Move an AppTest session to another st.navigation page (callable pages have no
    file, so AppTest.switch_page cannot name them; st.Page hashes its url_path)."""
    at._page_hash = calc_hash(page_key)  # noqa: SLF001 - no public API for callable pages
    return at.run()


def problems(at: AppTest) -> list[str]:
    """Uncaught exceptions and error boxes on the page, as text."""
    return [e.value for e in at.exception] + [e.value for e in at.error]


def inputs(at: AppTest):
    """The session's AppraisalInputs (what every page and the report run on)."""
    from appraisal.ui import state

    return at.session_state[state.K_INPUTS]
