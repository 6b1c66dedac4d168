"""Economics: what each hosting option costs against what it may return, how uncertain
that is, what would have to change for it to pay, and value for money (the MCDA value
against the extra cost).

Everything comes from ``appraisal.economics`` results (cached in ``ui.engine``) and is
drawn with ``appraisal.charts.economics``; the value-for-money chart pairs those costs
with the MCDA totals. Assumption overrides entered here are validated by
``Assumptions.with_overrides`` and kept in session state.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.charts import economics as ce
from appraisal.charts.mcda import value_for_money_chart
from appraisal.economics.labels import mode_label, param_label
from appraisal.errors import DataError, InputError
from appraisal.i18n import localised, t
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import tr

PAGE = {"key": "economics", "title_key": "page.economics.title", "icon": ":material/payments:", "order": 60}

DISCOUNTS = ("stpr", "health")
PRESETS = ("abc_care", "perry", "flat")
MODES = ("bottom_up", "heckman")
W_PREFIX = "w_econ_"
K_OPTION = "econ_option"
K_AVER = "econ_assumptions_editor_version"


def _money() -> st.column_config.NumberColumn:
    """A money column in pounds ('£1,234,567'), the same text as format_money gives."""
    return st.column_config.NumberColumn(format=widgets.money_column_format())


def _table(tbl) -> pd.DataFrame:
    headers, rows = tbl
    return pd.DataFrame(rows, columns=headers)


def _set_choice(name: str, value: object) -> None:
    """Keep a choice in the session's inputs; a value the economics refuses is named."""
    try:
        state.set_econ_choice(name, value)
    except InputError as exc:
        state.notify("error", tr("page.economics.refused", items=state.md(exc.localised(state.lang()))))


def _choice_widget(name: str, options: tuple, current, label_fn) -> object:
    key = W_PREFIX + name
    if key not in st.session_state:
        st.session_state[key] = current
    return st.segmented_control(
        tr(f"page.economics.choice.{name}"),
        options,
        key=key,
        format_func=widgets.fixed_labels(options, label_fn),
        on_change=lambda: _set_choice(name, st.session_state.get(key)),
        required=True,
        help=tr(f"page.economics.choice.{name}_help"),
    )


def _choices(a, econ) -> None:
    """Draw the choice widgets, seeded from the session's inputs (``econ``: EconomicInputs)."""
    cov_param = a.param("target_coverage")
    key = W_PREFIX + "coverage"
    if key not in st.session_state:
        cov = econ.coverage if econ.coverage is not None else cov_param.value
        st.session_state[key] = int(round(100 * cov))
    c1, c2 = st.columns([2, 3], gap="large")
    with c1:
        st.slider(
            tr("page.economics.choice.coverage"),
            min_value=5,
            max_value=100,
            step=5,
            format="%d%%",
            key=key,
            on_change=lambda: _set_choice("coverage", st.session_state[key] / 100),
            help=tr("page.economics.choice.coverage_help"),
        )
        widgets.provenance(source=cov_param.source, status=cov_param.status)
    with c2:
        _choice_widget("mode", MODES, econ.benefit_view, lambda m: mode_label(m, state.lang(), short=True))
        _choice_widget(
            "discount",
            DISCOUNTS,
            econ.discount or a.settings.default_discount,
            lambda d: tr(f"page.economics.discount.{d}"),
        )
        _choice_widget(
            "heckman",
            PRESETS,
            econ.heckman or a.settings.default_heckman,
            lambda h: tr(f"page.economics.preset.{h}"),
        )


def npv_table(res, mode: str) -> pd.DataFrame:
    lg = state.lang()
    out = []
    for r in res.rows():
        out.append(
            {
                t("econ.col.option", lg): widgets.option_name(r["option"]),
                t("econ.col.new_teams", lg): round(r["new_teams"], 1),
                tr("page.economics.col.inc_cost"): round(r["inc_pv_costs"] / 1e6, 2),
                tr("page.economics.col.inc_benefit"): round(r[f"inc_pv_benefits_{mode}"] / 1e6, 2),
                tr("page.economics.col.npsv"): round(r[f"npsv_{mode}"] / 1e6, 2),
                tr("page.economics.col.bcr"): None
                if r[f"bcr_{mode}"] is None
                else round(r[f"bcr_{mode}"], 2),
                tr("page.economics.col.breakeven"): r[f"breakeven_year_{mode}"],
                t("econ.col.cost_per_family", lg): None
                if r["cost_per_family"] is None
                else round(r["cost_per_family"]),
            }
        )
    return pd.DataFrame(out)


def mc_table(mc, mode: str) -> pd.DataFrame:
    lg = state.lang()
    out = []
    for r in mc.rows():
        if r["mode"] != mode or r["role"] == "bau":
            continue
        out.append(
            {
                t("econ.col.option", lg): widgets.option_name(r["option"]),
                tr("page.economics.col.p_bcr"): None
                if r["prob_bcr_gt_1"] is None
                else round(100 * r["prob_bcr_gt_1"]),
                tr("page.economics.col.npsv_p05"): round(r["npsv_p05"] / 1e6, 2),
                tr("page.economics.col.npsv_p50"): round(r["npsv_p50"] / 1e6, 2),
                tr("page.economics.col.npsv_p95"): round(r["npsv_p95"] / 1e6, 2),
            }
        )
    return pd.DataFrame(out)


def label(param_id: str) -> str:
    """Readable name of an economic input in the session's language (roles, options and
    regions named from the data, never their ids)."""
    ds = state.dataset()
    return param_label(
        param_id,
        state.lang(),
        options=ds.options,
        regions=ds.regions,
        roles=engine.assumptions_base().roles,
    )


def switching_table(sw, mode: str) -> pd.DataFrame:
    lg = state.lang()
    out = []
    for r in sw.rows():
        if r["mode"] != mode:
            continue
        out.append(
            {
                t("econ.col.option", lg): widgets.option_name(r["option"]),
                t("econ.col.assumption", lg): label(r["param_id"]),
                t("econ.col.current", lg): r["current"],
                t("econ.col.switching", lg): None if r["switching"] is None else round(r["switching"], 3),
                t("econ.col.unit", lg): r["unit"],
                t("econ.col.in_range", lg): tr("ui.yes") if r["within_range"] else tr("ui.no"),
            }
        )
    return pd.DataFrame(out)


def assumptions_frame(a) -> pd.DataFrame:
    rows = a.rows()
    return pd.DataFrame(
        {
            "id": [r["id"] for r in rows],
            "input": [label(r["id"]) for r in rows],
            "value": [r["value"] for r in rows],
            "low": [r["low"] for r in rows],
            "high": [r["high"] for r in rows],
            "unit": [r["unit"] for r in rows],
            "status": [widgets.status_label(r["status"]) for r in rows],
            "source": [r["source"] for r in rows],
        }
    )


def apply_assumption_edits(before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Keep valid changed values as overrides; refuse the rest with a message naming them."""
    base = engine.assumptions_base()
    current = state.econ_overrides()
    new = dict(current)
    refused = []
    changed = False
    for pid, old, val in zip(before["id"], before["value"], after["value"]):
        if pd.isna(val) and pd.isna(old):
            continue
        if not pd.isna(val) and not pd.isna(old) and float(val) == float(old):
            continue
        changed = True
        try:
            v = float(val)
            state.inputs().with_economics(overrides={**new, pid: v})
            base.with_overrides({**new, pid: v})
        except (TypeError, ValueError, DataError, InputError) as exc:
            msg = exc.localised(state.lang()) if isinstance(exc, InputError) else str(exc)
            refused.append(f"{label(pid)}: {msg}")
            continue
        default = base.param(pid).value
        if default is not None and abs(v - float(default)) < 1e-12:
            new.pop(pid, None)
        else:
            new[pid] = v
    if not changed:
        return
    state.set_econ_overrides(new)
    if refused:
        state.notify("error", tr("page.economics.refused", items=state.md("; ".join(refused))))
    st.session_state[K_AVER] = st.session_state.get(K_AVER, 0) + 1
    st.rerun()


def _reset_overrides() -> None:
    state.set_econ_overrides({})
    st.session_state[K_AVER] = st.session_state.get(K_AVER, 0) + 1


def _assumptions_block(a) -> None:
    before = assumptions_frame(a)
    n = len(state.econ_overrides())
    with st.expander(tr("page.economics.assumptions_title", n=n), icon=":material/tune:"):
        st.caption(tr("page.economics.assumptions_help"))
        after = st.data_editor(
            before,
            key=f"w_econ_assumptions_{st.session_state.get(K_AVER, 0)}",
            hide_index=True,
            width="stretch",
            height=420,
            disabled=["id", "input", "low", "high", "unit", "status", "source"],
            column_order=["input", "value", "low", "high", "unit", "status", "source"],
            column_config={
                "input": st.column_config.TextColumn(
                    t("econ.col.parameter", state.lang()),
                    width=widgets.fit_width(
                        t("econ.col.parameter", state.lang()), before["input"], maximum=420
                    ),
                ),
                "value": st.column_config.NumberColumn(tr("ui.col.value"), width=110),
                "low": st.column_config.NumberColumn(t("econ.col.low", state.lang()), width=80),
                "high": st.column_config.NumberColumn(t("econ.col.high", state.lang()), width=80),
                "unit": st.column_config.TextColumn(t("econ.col.unit", state.lang()), width=200),
                "status": st.column_config.TextColumn(tr("ui.col.status"), width=110),
                "source": st.column_config.TextColumn(tr("ui.col.source"), width=500),
            },
        )
        apply_assumption_edits(before, after)
        st.button(
            tr("page.economics.reset_assumptions"),
            on_click=_reset_overrides,
            disabled=not n,
            icon=":material/restart_alt:",
        )


def render() -> None:
    widgets.intro("economics")
    for level, text in state.pop_notices():
        getattr(st, level if level in ("info", "warning", "error", "success") else "info")(text)
    rid = state.region_id()
    lg = state.lang()
    results = engine.results()
    if results.assumptions is None:
        st.warning(tr("page.economics.unavailable", folder="assumptions/"))
        return
    a = results.assumptions
    _choices(a, state.inputs().economics)
    reg = results.region(rid)
    mode = reg.benefit_view
    res = reg.economics
    nd = res.need
    st.header(tr("page.economics.need_title", region=widgets.region_name(rid)))
    # boxes as wide as their labels, wrapping to a second row when needed: in four equal
    # columns the (longer) Welsh labels were cut off
    row = st.container(horizontal=True)
    for key, value in (
        ("in_need", widgets.fmt_int(nd.babies_in_need)),
        ("served", widgets.fmt_int(nd.currently_served)),
        ("target", widgets.fmt_int(nd.target_families)),
        ("new_teams", widgets.fmt_num(nd.new_teams_required)),
    ):
        help_text = (
            tr("page.economics.metric.new_teams_help", whole=nd.new_teams_whole)
            if key == "new_teams"
            else None
        )
        row.metric(tr(f"page.economics.metric.{key}"), value, border=True, width="content", help=help_text)
    st.caption(tr("page.economics.need_note"))

    st.header(tr("page.economics.npv_title", mode=mode_label(mode, lg, short=True)))
    st.dataframe(
        npv_table(res, mode),
        hide_index=True,
        width="stretch",
        placeholder="–",
        column_config={
            tr("page.economics.col.breakeven"): st.column_config.NumberColumn(format="%d"),
            t("econ.col.cost_per_family", lg): _money(),
        },
    )
    st.caption(tr("page.economics.npv_note"))

    ids = list(res.option_ids)
    econ_rows = {r["option"]: r for r in res.rows()}
    hosting = [o for o in ids if econ_rows[o]["role"] not in ("bau",)]
    if st.session_state.get(K_OPTION) not in hosting:
        st.session_state[K_OPTION] = next((o for o in hosting if o == reg.winner), hosting[0])
    if W_PREFIX + "option" not in st.session_state:
        st.session_state[W_PREFIX + "option"] = st.session_state[K_OPTION]
    opt = st.selectbox(
        tr("page.economics.pick_option"),
        hosting,
        help=tr("page.economics.pick_option_help"),
        key=W_PREFIX + "option",
        format_func=widgets.fixed_labels(hosting, widgets.option_name),
        on_change=lambda: st.session_state.__setitem__(K_OPTION, st.session_state[W_PREFIX + "option"]),
    )

    st.header(tr("page.economics.cum_title", option=widgets.option_name(opt)))
    widgets.chart(
        ce.cumulative_chart(res, mode, lg, options=(opt,)),
        _table(ce.cumulative_table(res, mode, lg, options=(opt,))),
        key="econ_cum",
        alt=tr("page.economics.cum_alt"),
        column_config={
            t(k, lg): _money() for k in ("econ.col.cum_costs", "econ.col.cum_returns", "econ.col.cum_net")
        },
    )

    st.header(tr("page.economics.vfm_title"))
    st.markdown(tr("page.economics.vfm_how"))
    rows = reg.value_for_money
    names = [widgets.option_name(v.option) for v in rows]
    costs = [v.inc_pv_cost / 1e6 for v in rows]
    values = [v.total for v in rows]
    kinds = [v.kind for v in rows]
    vfm = pd.DataFrame(
        {
            t("econ.col.option", lg): names,
            tr("page.economics.col.inc_cost"): [round(x, 2) for x in costs],
            tr("ui.col.total"): [round(v, 1) for v in values],
            tr("page.economics.col.value_per_m"): [
                None if v.per_million is None else round(v.per_million, 1) for v in rows
            ],
        }
    )
    widgets.chart(
        value_for_money_chart(names, costs, values, kinds, lg),
        vfm,
        key="econ_vfm",
        alt=tr("page.economics.vfm_alt"),
    )

    st.header(tr("page.economics.uncertainty_title"))
    with st.spinner(tr("page.economics.working")):
        mc = reg.monte_carlo
        sw = reg.econ_switching
        tor = reg.econ_tornado
    tabs = st.tabs(
        [tr("page.economics.tab.fan"), tr("page.economics.tab.tornado"), tr("page.economics.tab.switching")]
    )
    with tabs[0]:
        st.markdown(tr("page.economics.fan_how", n=widgets.fmt_int(mc.draws)))
        widgets.chart(
            ce.fan_chart(mc, opt, mode, lg),
            _table(ce.fan_table(mc, opt, mode, lg)),
            key="econ_fan",
            alt=tr("page.economics.fan_alt"),
        )
        st.dataframe(mc_table(mc, mode), hide_index=True, width="stretch", placeholder="–")
    with tabs[1]:
        st.markdown(tr("page.economics.tornado_how"))
        widgets.chart(
            ce.tornado_chart(tor, opt, lg),
            _table(ce.tornado_table(tor, opt, lg)),
            key="econ_tornado",
            alt=tr("page.economics.tornado_alt"),
            column_config={t(k, lg): _money() for k in ("econ.col.npsv_low", "econ.col.npsv_high")},
        )
    with tabs[2]:
        st.markdown(tr("page.economics.switching_how"))
        st.dataframe(switching_table(sw, mode), hide_index=True, width="stretch", placeholder="–")

    with st.expander(tr("page.economics.heckman_title"), icon=":material/trending_down:"):
        st.markdown(tr("page.economics.heckman_how"))
        curve = results.heckman
        widgets.chart(
            ce.heckman_chart(curve, lg),
            _table(ce.heckman_table(curve, lg)),
            key="econ_heckman",
            alt=tr("page.economics.heckman_alt"),
        )
    _assumptions_block(a)
    st.caption(
        tr(
            "page.economics.versions",
            data=res.data_version,
            assumptions=res.assumptions_version,
            region=localised(state.dataset().region(rid), "name", lg),
        )
    )
