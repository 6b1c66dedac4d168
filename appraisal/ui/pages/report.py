"""Report: download the appraisal report (Word, PDF, Excel, web page) built from the
session's current work: weights, score changes and economic assumptions."""

from __future__ import annotations

import streamlit as st

from appraisal.i18n import localised
from appraisal.ui import state, widgets
from appraisal.ui.report_downloads import render_downloads
from appraisal.ui.state import tr

PAGE = {"key": "report", "title_key": "page.report.title", "icon": ":material/description:", "order": 80}

K_SCOPE = "report_scope"
W_SCOPE = "w_report_scope"


def _on_scope() -> None:
    st.session_state[K_SCOPE] = st.session_state.get(W_SCOPE, "region")


def render() -> None:
    widgets.intro("report")
    ds = state.dataset()
    rid = state.region_id()
    lg = state.lang()
    region_name = localised(ds.region(rid), "name", lg)
    if W_SCOPE not in st.session_state:
        st.session_state[W_SCOPE] = st.session_state.get(K_SCOPE, "region")
    scope = st.segmented_control(
        tr("report.ui.scope"),
        ["region", "all"],
        key=W_SCOPE,
        format_func=widgets.fixed_labels(
            ["region", "all"],
            lambda v: (
                tr("report.ui.scope_region", region=region_name)
                if v == "region"
                else tr("report.ui.scope_all")
            ),
        ),
        on_change=_on_scope,
        required=True,
    )
    region_ids = ds.region_ids if scope == "all" else (rid,)
    edits = {r: state.score_edits(r) for r in region_ids}
    edits = {r: e for r, e in edits.items() if e}
    econ = state.econ_overrides()
    weights = state.weight_set()
    notes = [
        tr("report.ui.weights_default") if state.weights_are_default() else tr("report.ui.weights_own"),
        tr("report.ui.edits", n=sum(len(e) for e in edits.values())),
        tr("report.ui.econ", n=len(econ)),
    ]
    st.markdown("\n".join(f"- {n}" for n in notes))
    render_downloads(ds, weights, region_ids, lg, score_edits=edits, econ_overrides=econ)
    st.caption(tr("report.ui.cli_hint"))
