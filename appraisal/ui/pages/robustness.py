"""Robustness: how sure the ranking is, and what it would take to change it.

Reads one cached ``appraisal.sensitivity.robustness`` result for the region, weights and
score edits in use (SMAA-2, sweeps, switching values, distance to change, tornado and
method comparison) and draws it with ``appraisal.charts.robustness``. Nothing is
recomputed here: tables come from the results' ``rows()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from appraisal.charts.robustness import (
    central_weights_chart,
    methods_chart,
    rank_acceptability_chart,
    sweep_chart,
    tornado_chart,
)
from appraisal.i18n import t
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import tr

PAGE = {"key": "robustness", "title_key": "page.robustness.title", "icon": ":material/shield:", "order": 50}

MODELS = ("stated", "uniform", "ranking")
#: Glossary entries linked under the intro (first met on this page).
TERMS = ("smaa", "central_weights", "confidence_factor", "switching_value", "topsis", "promethee")
W_MODEL = "w_robustness_model"
K_SWEEP, W_SWEEP = "robustness_sweep_criterion", "w_robustness_sweep_criterion"


def _keep(canonical: str, widget: str) -> None:
    st.session_state[canonical] = st.session_state.get(widget)


def _on_model() -> None:
    value = st.session_state.get(W_MODEL)
    if value in MODELS:
        state.set_smaa_model(value)


def _pct(v: float | None) -> str:
    return tr("page.robustness.never") if v is None else widgets.fmt_pct(v, 1)


def switching_table(res) -> pd.DataFrame:
    rows = []
    for r in res.switching.rows():
        rows.append(
            {
                tr("ui.col.criterion"): widgets.criterion_name(r["criterion"]),
                tr("page.robustness.col.now"): widgets.fmt_pct(r["current_weight"], 1),
                tr("page.robustness.col.down"): _pct(r["lower_switch"]),
                tr("page.robustness.col.down_to"): widgets.option_name(r["lower_to"])
                if r["lower_to"]
                else "",
                tr("page.robustness.col.up"): _pct(r["upper_switch"]),
                tr("page.robustness.col.up_to"): widgets.option_name(r["upper_to"]) if r["upper_to"] else "",
            }
        )
    return pd.DataFrame(rows)


def smaa_table(res) -> pd.DataFrame:
    n = len(res.smaa.option_ids)
    rows = []
    for r in res.smaa.rows():
        row = {tr("ui.col.option"): widgets.option_name(r["option"])}
        for k in range(1, n + 1):
            row[tr("page.robustness.col.rank_n", n=k)] = round(100 * r[f"rank_{k}"], 1)
        row[tr("page.robustness.col.confidence")] = (
            None if r["confidence"] is None else round(100 * r["confidence"], 1)
        )
        rows.append(row)
    return pd.DataFrame(rows).sort_values(tr("page.robustness.col.rank_n", n=1), ascending=False)


def central_table(res) -> pd.DataFrame:
    """Central weight vectors (percent) of the options that ever come first."""
    sm = res.smaa
    rows = []
    for i, oid in enumerate(sm.option_ids):
        cw = np.asarray(sm.central_weights[i], dtype=float)
        if not np.all(np.isfinite(cw)):
            continue
        row = {tr("ui.col.option"): widgets.option_name(oid)}
        for j, cid in enumerate(sm.criterion_ids):
            row[widgets.criterion_name(cid)] = round(100 * float(cw[j]), 1)
        rows.append(row)
    return pd.DataFrame(rows)


def tornado_table(res) -> pd.DataFrame:
    rows = []
    for r in res.tornado.rows():
        if r["kind"] == "score":
            label = t(
                "sens.tornado.score",
                state.lang(),
                option=widgets.option_name(r["option"]),
                criterion=widgets.criterion_name(r["criterion"]),
            )
        else:
            label = t(
                "sens.tornado.weight", state.lang(), criterion=widgets.criterion_name(r["criterion"]), pct=25
            )
        rows.append(
            {
                tr("page.robustness.col.input"): label,
                tr("page.robustness.col.margin_low"): round(r["margin_low"], 1),
                tr("page.robustness.col.margin_high"): round(r["margin_high"], 1),
                tr("page.robustness.col.flips"): tr("ui.yes") if r["flips"] else tr("ui.no"),
            }
        )
    return pd.DataFrame(rows)


def methods_table(res) -> pd.DataFrame:
    m = res.methods
    rows = []
    for r in m.rows():
        row = {tr("ui.col.option"): widgets.option_name(r["option"])}
        for meth in m.methods:
            row[t(f"sens.method.{meth}", state.lang())] = r[f"rank_{meth}"]
        rows.append(row)
    return pd.DataFrame(rows).sort_values(t("sens.method.additive", state.lang()))


def _summary(res) -> None:
    s = res.summary_row()
    top = widgets.option_name(s["top"])
    c1, c2, c3 = st.columns(3)
    c1.metric(
        tr("page.robustness.metric.sure"),
        widgets.fmt_pct(s["first_rank_acceptability"]),
        help=tr("page.robustness.metric.sure_help", option=top),
        border=True,
    )
    moved = s.get("weight_moved")
    c2.metric(
        tr("page.robustness.metric.distance"),
        tr("ui.not_available") if moved is None else widgets.fmt_pct(moved, 1),
        help=tr("page.robustness.metric.distance_help"),
        border=True,
    )
    c3.metric(
        tr("page.robustness.metric.methods"),
        tr("ui.yes") if s["methods_agree"] else tr("ui.no"),
        help=tr("page.robustness.metric.methods_help"),
        border=True,
    )
    lines = [
        tr(
            "page.robustness.summary_sure",
            option=top,
            pct=widgets.fmt_pct(s["first_rank_acceptability"]),
            n=widgets.fmt_int(res.smaa.samples),
        )
    ]
    if moved is not None and s.get("rival"):
        lines.append(
            tr(
                "page.robustness.summary_distance",
                rival=widgets.option_name(s["rival"]),
                pct=widgets.fmt_pct(moved, 1),
            )
        )
    lines.append(
        tr(
            "page.robustness.summary_methods_yes"
            if s["methods_agree"]
            else "page.robustness.summary_methods_no"
        )
    )
    st.markdown(" ".join(lines))


def render() -> None:
    widgets.intro("robustness", terms=TERMS)
    rid = state.region_id()
    ds = state.dataset()
    inputs = state.inputs()
    if W_MODEL not in st.session_state:
        st.session_state[W_MODEL] = inputs.smaa_model
    model = st.segmented_control(
        tr("page.robustness.model_label"),
        MODELS,
        key=W_MODEL,
        format_func=widgets.fixed_labels(MODELS, lambda m: tr(f"page.robustness.model.{m}")),
        on_change=_on_model,
        required=True,
    )
    model = model if model in MODELS else MODELS[0]
    st.caption(tr(f"page.robustness.model_help.{model}", spread=f"{100 * inputs.smaa_spread:.0f}"))
    with st.spinner(tr("page.robustness.working")):
        res = engine.region(rid).robustness
    st.header(tr("page.robustness.summary_title", region=widgets.region_name(rid)))
    _summary(res)
    lg = state.lang()
    tabs = st.tabs(
        [
            tr("page.robustness.tab.smaa"),
            tr("page.robustness.tab.switching"),
            tr("page.robustness.tab.tornado"),
            tr("page.robustness.tab.methods"),
        ]
    )
    with tabs[0]:
        st.markdown(tr("page.robustness.smaa_how"))
        widgets.chart(
            rank_acceptability_chart(res.smaa, lg),
            smaa_table(res),
            key="rob_smaa",
            alt=tr("page.robustness.smaa_alt"),
        )
        # a section, not an expander: its chart has its own 'Show as table' expander
        # (Streamlit does not allow an expander inside another)
        st.markdown(f"### {tr('page.robustness.central_title')}")
        st.caption(tr("page.robustness.central_help"))
        widgets.chart(
            central_weights_chart(res.smaa, lg),
            central_table(res),
            key="rob_central",
            alt=tr("a11y.robustness.central_alt"),
        )
    with tabs[1]:
        st.markdown(tr("page.robustness.switching_how"))
        widgets.dataframe(switching_table(res), hide_index=True, width="stretch", placeholder="–")
        st.markdown(f"### {tr('page.robustness.sweep_title')}")
        if st.session_state.get(K_SWEEP) not in ds.criterion_ids:
            st.session_state[K_SWEEP] = ds.criterion_ids[0]
        if W_SWEEP not in st.session_state:
            st.session_state[W_SWEEP] = st.session_state[K_SWEEP]
        cid = st.selectbox(
            tr("page.robustness.sweep_pick"),
            ds.criterion_ids,
            key=W_SWEEP,
            format_func=widgets.fixed_labels(ds.criterion_ids, widgets.criterion_name),
            on_change=_keep,
            args=(K_SWEEP, W_SWEEP),
        )
        sweep_rows = [r for r in res.sweep.rows() if r["criterion"] == cid]
        sweep_df = pd.DataFrame(sweep_rows)
        if not sweep_df.empty:
            sweep_df = sweep_df.pivot_table(index="weight", columns="option", values="total").reset_index()
            sweep_df["weight"] = (100 * sweep_df["weight"]).round(0)
            sweep_df = sweep_df.rename(
                columns={
                    "weight": tr("ui.col.weight_pct"),
                    **{o: widgets.option_name(o) for o in ds.option_ids},
                }
            ).iloc[::10]
        widgets.chart(
            sweep_chart(res.sweep, cid, res.switching, lg),
            sweep_df,
            key="rob_sweep",
            alt=tr("page.robustness.sweep_alt"),
        )
    with tabs[2]:
        st.markdown(tr("page.robustness.tornado_how"))
        widgets.chart(
            tornado_chart(res.tornado, lg),
            tornado_table(res),
            key="rob_tornado",
            alt=tr("page.robustness.tornado_alt"),
        )
    with tabs[3]:
        st.markdown(tr("page.robustness.methods_how"))
        widgets.chart(
            methods_chart(res.methods, lg),
            methods_table(res),
            key="rob_methods",
            alt=tr("page.robustness.methods_alt"),
            expanded=True,
        )
