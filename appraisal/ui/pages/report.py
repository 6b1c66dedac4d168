"""Report: download the appraisal report (Word, PDF, Excel, web page) of the session's
current appraisal run: the results every page shows, with the loaded scenario's name,
version, author and reason, and every choice behind them listed in the report."""

from __future__ import annotations

import streamlit as st

from appraisal.i18n import localised
from appraisal.report import ScenarioInfo
from appraisal.report.build import VARIANTS
from appraisal.ui import business_case_editor, engine, state, widgets
from appraisal.ui.report_downloads import render_downloads
from appraisal.ui.state import tr

PAGE = {"key": "report", "title_key": "page.report.title", "icon": ":material/description:", "order": 80}

#: Glossary entries linked under the intro (first met on this page).
TERMS = ("five_case", "green_book")

K_SCOPE = "report_scope"
W_SCOPE = "w_report_scope"
W_VARIANT = "w_report_variant"


def _on_scope() -> None:
    st.session_state[K_SCOPE] = st.session_state.get(W_SCOPE, "region")


def scenario_info() -> ScenarioInfo | None:
    """The loaded scenario as the report records it (None: the data's defaults)."""
    info = state.loaded()
    if not info:
        return None
    from appraisal.store.dissent import Dissent

    return ScenarioInfo(
        name=info["name"],
        author=info.get("author", ""),
        reason=info.get("reason", ""),
        notes=info.get("notes", ""),
        version=info.get("version"),
        saved_at=info.get("saved", ""),
        unsaved_changes=state.unsaved(),
        dissent=tuple(Dissent.from_dict(d) for d in info.get("dissent") or ()),
    )


def _audit_of(name: str):
    def fetch():
        from appraisal.store.db import open_database
        from appraisal.store.errors import StoreError
        from appraisal.store.repository import Repository

        try:
            return Repository(open_database()).audit(subject=name)
        except StoreError:
            return None

    return fetch


def render() -> None:
    widgets.intro("report", terms=TERMS)
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
    inputs = state.inputs()
    edits = sum(1 for e in inputs.score_edits if e.region in region_ids)
    sc = scenario_info()
    notes = [
        state.sidebar_summary().split("\n\n")[0],
        tr("report.ui.weights_default") if state.weights_are_default() else tr("report.ui.weights_own"),
        tr("report.ui.edits", n=edits),
        tr("report.ui.econ_choices", n=len(state.econ_choices())),
        tr("report.ui.econ", n=len(inputs.economics.overrides)),
        tr("report.ui.seed", n=widgets.fmt_int(inputs.draws), seed=inputs.seed),
    ]
    st.markdown("\n".join(f"- {n}" for n in notes))
    variant = st.segmented_control(
        tr("report.ui.variant"),
        VARIANTS,
        key=W_VARIANT,
        default="technical",  # as the CLI's default: the same choices give the same files
        format_func=widgets.fixed_labels(VARIANTS, lambda v: tr(f"report.case.variant.{v}")),
        help=tr("report.ui.variant_help"),
    )
    render_downloads(
        engine.results(),
        region_ids,
        scenario=sc,
        audit=_audit_of(sc.name) if sc is not None and sc.version else None,
        variant=variant or "technical",
    )
    business_case_editor.render()
    st.caption(tr("report.ui.cli_hint"))
