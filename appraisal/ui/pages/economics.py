"""Economics: the economic case for each hosting option, in the order a board member reads
it: need and capacity; the outcome chain step by step; costs, net present social value
(NPSV), benefit-cost ratio (BCR), internal rate of return (IRR) and break-even return in
the chosen benefit view beside the other view, with the Heckman-style what-if labelled as
an assumption; why the two views differ; costs against Heckman-style returns; the cost
per family reconciled with the Parent-Infant Foundation's; the uncertainty a board can act
on; value for money; the Green Book statements; and the assumptions editor.

Everything is read from one appraisal run (``ui.engine.results()``): nothing here calls an
engine function. Charts are the shared specifications of ``appraisal.charts.build`` drawn
with plotly, each with a text alternative and a table equivalent. Assumption overrides
entered here are validated by ``Assumptions.with_overrides`` and kept in session state.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from appraisal.charts import build
from appraisal.charts import economics as ce
from appraisal.charts.plotly_render import to_plotly
from appraisal.economics.labels import mode_label, param_label
from appraisal.errors import DataError, InputError
from appraisal.i18n import localised, t
from appraisal.inputs import BENEFIT_VIEWS
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import tr

PAGE = {"key": "economics", "title_key": "page.economics.title", "icon": ":material/payments:", "order": 60}

VIEWS = BENEFIT_VIEWS
#: Glossary entries linked under the intro (first met on this page).
TERMS = (
    "npsv",
    "bcr",
    "green_book",
    "bau",
    "do_minimum",
    "stpr",
    "optimism_bias",
    "outcome_chain",
    "heckman",
    "switching_value",
    "evpi",
    "ceac",
)
W_PREFIX = "w_econ_"
K_OPTION = "econ_option"
K_AVER = "econ_assumptions_editor_version"
#: Inputs drawn in the chart of which evidence is worth buying.
EVPPI_TOP = 10


def _money():
    """A money column in pounds ('£1,234,567', '-£1,234'): its cells are text written by
    ``widgets.money_cells`` (``_table(..., money=...)``), right-aligned."""
    return widgets.money_column()


def _table(tbl, money: Sequence[str] = ()) -> pd.DataFrame:
    """A chart's (headers, rows) as a table; the ``money`` columns as money text."""
    headers, rows = tbl
    return widgets.money_cells(pd.DataFrame(rows, columns=headers), money)


#: The cumulative chart's money columns.
CUM_COLS = ("econ.col.cum_costs", "econ.col.cum_returns", "econ.col.cum_net")


def _cols(lg: str, *keys: str) -> tuple[str, ...]:
    """Column headers of a chart's table, in the language."""
    return tuple(t(k, lg) for k in keys)


def _other(view: str) -> str:
    return next(v for v in VIEWS if v != view)


def _pct(x: float | None, digits: int = 1) -> str:
    """A share as text ('–' when undefined: no IRR, no incremental cost)."""
    return "–" if x is None or not np.isfinite(x) else widgets.fmt_pct(float(x), digits)


def _m(x: float | None) -> float | None:
    """GBP to GBP million, two decimals (None stays None)."""
    return None if x is None or not np.isfinite(x) else round(float(x) / 1e6, 2)


def _num(x: float | None) -> str:
    """A switching value, a current value or a range end as text in the language: whole
    above 100, else two decimals ('–' when there is none)."""
    if x is None or not np.isfinite(x):
        return "–"
    return widgets.fmt_int(x) if abs(x) >= 100 else widgets.fmt_num(x, 2)


def _r2(x: float | None) -> float | None:
    return None if x is None or not np.isfinite(x) else round(float(x), 2)


# ----------------------------------------------------------------------------- choices


def _set_choice(name: str, value: object) -> None:
    """Keep a choice in the session's inputs; a value the economics refuses is named."""
    try:
        state.set_econ_choice(name, value)
    except InputError as exc:
        state.notify("error", tr("page.economics.refused", items=state.md(exc.localised(state.lang()))))


def _choice_widget(name: str, options: tuple, current, label_fn) -> object:
    key = W_PREFIX + name
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = current if current in options else options[0]
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
    """The three choices a board makes here, seeded from the session's inputs
    (``econ``: EconomicInputs): coverage, the headline benefit view and the curve of the
    labelled what-if. There is no discount choice: the Green Book STPR discounts costs and
    fiscal benefits, and its health rate health effects, always."""
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
        _choice_widget("mode", VIEWS, econ.benefit_view, lambda v: tr(f"page.economics.view.{v}"))
        # four curves do not fit a row of buttons in a phone's width: a list
        presets = tuple(a.presets)
        hkey = W_PREFIX + "heckman"
        current = econ.heckman or a.settings.default_heckman
        if st.session_state.get(hkey) not in presets:
            st.session_state[hkey] = current if current in presets else presets[0]
        st.selectbox(
            tr("page.economics.choice.heckman"),
            presets,
            key=hkey,
            format_func=widgets.fixed_labels(presets, lambda p: t(f"econ.preset.{p}", state.lang())),
            on_change=lambda: _set_choice("heckman", st.session_state.get(hkey)),
            help=tr("page.economics.choice.heckman_help"),
        )


# ----------------------------------------------------------------------------- labels


def label(param_id: str) -> str:
    """Readable name of an economic input in the session's language (roles, options,
    regions and outcome domains named from the data, never by their ids)."""
    ds = state.dataset()
    a = engine.assumptions_base()
    return param_label(
        param_id,
        state.lang(),
        options=ds.options,
        regions=ds.regions,
        roles=a.roles,
        domains=a.domains,
    )


def _param(a, pid: str):
    return a.params.get(pid)


# ----------------------------------------------------------------------------- sections


def _need(reg, a, rid: str) -> None:
    nd = reg.economics.need
    st.header(tr("page.economics.need_title", region=widgets.region_name(rid)))
    # boxes as wide as their labels, wrapping to a second row when needed: in four equal
    # columns the (longer) Welsh labels were cut off
    row = st.container(horizontal=True)
    for key, value in (
        ("in_need", widgets.fmt_int(nd.babies_in_need)),
        ("served", widgets.fmt_int(nd.currently_served)),
        ("target", widgets.fmt_int(nd.target_families)),
        ("new_teams", widgets.fmt_num(nd.new_teams_required)),
        ("travel", widgets.fmt_pct(nd.travel_time_share)),
        ("per_team", widgets.fmt_int(nd.families_per_team)),
    ):
        help_text = {
            "new_teams": tr("page.economics.metric.new_teams_help", whole=nd.new_teams_whole),
            "travel": tr("page.economics.metric.travel_help"),
            "per_team": tr("page.economics.metric.per_team_help"),
        }.get(key)
        row.metric(tr(f"page.economics.metric.{key}"), value, border=True, width="content", help=help_text)
    p = _param(a, f"travel_time_share.{rid}")
    if p is not None:
        st.caption(
            tr("page.economics.travel_source", label=label(p.id), value=widgets.fmt_pct(p.value))
            + " · "
            + widgets.provenance_text(p.source, p.status)
        )
    st.caption(tr("page.economics.need_note"))


def _pick_option(reg, res) -> str:
    """The option the detailed sections show (every option but business as usual)."""
    ids = [o for o, r in zip(res.option_ids, res.roles) if r != "bau"]
    if st.session_state.get(K_OPTION) not in ids:
        st.session_state[K_OPTION] = next((o for o in ids if o == reg.winner), ids[0])
    if st.session_state.get(W_PREFIX + "option") not in ids:
        st.session_state[W_PREFIX + "option"] = st.session_state[K_OPTION]
    return st.selectbox(
        tr("page.economics.pick_option"),
        ids,
        help=tr("page.economics.pick_option_help"),
        key=W_PREFIX + "option",
        format_func=widgets.fixed_labels(ids, widgets.option_name),
        on_change=lambda: st.session_state.__setitem__(K_OPTION, st.session_state[W_PREFIX + "option"]),
    )


def chain_frame(res, a, option: str) -> pd.DataFrame:
    """The outcome chain of one option, step by step: the number (families a year, or a
    value), the parameter behind the step with the value used, its source and status."""
    lg = state.lang()
    out = []
    d = _param(a, "effect_attachment_d")
    for s in res.chain[option]:
        if s.per_year:
            number = tr("page.economics.chain.per_year", n=widgets.fmt_num(s.value, 1))
        else:
            number = widgets.fmt_money(s.value)
        p = _param(a, s.param) if s.param else None
        if s.step == "improved" and s.param == "effect_attachment_d" and d is not None:
            used = tr(
                "page.economics.chain.share_from_d",
                share=widgets.fmt_pct(s.factor, 1),
                d=widgets.fmt_num(d.value, 2),
            )
        elif s.factor is None:
            used = ""
        elif p is not None and "share" in p.unit:
            used = widgets.fmt_pct(s.factor)
        else:
            used = widgets.fmt_num(s.factor, 2)
        if s.param == "outcomes":
            name, source, status = (
                tr("page.economics.chain.outcomes"),
                tr("page.economics.chain.outcomes_source"),
                "",
            )
        elif p is not None:
            name, source, status = label(p.id), p.source, widgets.status_label(p.status)
        else:
            name, source, status = "", "", ""
        note = t(f"econ.step_note.{s.step}", lg)
        if s.step == "improved" and d is not None:
            note = t(
                "econ.step_note.improved", lg, share=widgets.fmt_pct(res.share_improved, 1), d=f"{d.value:g}"
            )
        out.append(
            {
                tr("page.economics.col.step"): t(f"econ.step.{s.step}", lg),
                tr("page.economics.col.number"): number,
                tr("page.economics.col.parameter"): name,
                tr("page.economics.col.used"): used,
                tr("page.economics.col.meaning"): note,
                tr("page.economics.col.source_status"): tr(
                    "page.economics.source_status", source=source, status=status
                )
                if status
                else source,
            }
        )
    return pd.DataFrame(out)


def domain_frame(res, a, option: str) -> pd.DataFrame:
    """The value of one improved child by outcome domain (who bears the cost, how it is
    valued and discounted, over which ages) and this option's present value in each."""
    lg = state.lang()
    i = res.index(option)
    out = []
    for k, d in enumerate(res.domains):
        p = a.param(d.param_id)
        yearly = (
            widgets.fmt_money(p.value)
            if d.measure == "cost"
            else tr("page.economics.domain.qalys", n=widgets.fmt_num(p.value, 3))
        )
        out.append(
            {
                tr("page.economics.col.domain"): localised(d, "name", lg),
                tr("page.economics.col.per_child"): round(float(res.value_per_child[k])),
                tr("page.economics.col.pv_option"): round(float(res.pv_by_domain[i, k])),
                tr("page.economics.col.payer"): t(f"econ.payer.{d.payer}", lg),
                tr("page.economics.col.ages"): tr(
                    "page.economics.domain.ages", start=d.from_age, end=d.to_age
                ),
                tr("page.economics.col.yearly"): yearly,
                tr("page.economics.col.kind"): t(f"econ.outcome_kind.{d.kind}", lg),
                tr("ui.col.status"): widgets.status_label(p.status),
                tr("ui.col.source"): p.source,
            }
        )
    return pd.DataFrame(out)


def payer_frame(res, option: str) -> pd.DataFrame:
    by = res.pv_by_payer(option)
    total = sum(by.values())
    return pd.DataFrame(
        [
            {
                tr("page.economics.col.payer"): t(f"econ.payer.{p}", state.lang()),
                tr("page.economics.col.pv_option"): round(v),
                tr("page.economics.col.share"): _pct(v / total if total else None, 0),
            }
            for p, v in sorted(by.items(), key=lambda kv: -kv[1])
        ]
    )


def _chain(res, a, option: str) -> None:
    st.header(tr("page.economics.chain_title", option=widgets.option_name(option)))
    st.markdown(tr("page.economics.chain_how"))
    st.table(chain_frame(res, a, option), hide_index=True)
    st.subheader(tr("page.economics.domain_title"))
    st.markdown(tr("page.economics.domain_how", value=widgets.fmt_money(float(np.sum(res.value_per_child)))))
    money = (tr("page.economics.col.per_child"), tr("page.economics.col.pv_option"))
    widgets.dataframe(
        widgets.money_cells(domain_frame(res, a, option), money),
        hide_index=True,
        width="stretch",
        column_config={c: _money() for c in money},
    )
    widgets.dataframe(
        widgets.money_cells(payer_frame(res, option), money),
        hide_index=True,
        width="stretch",
        column_config={money[1]: _money()},
    )
    st.caption(tr("page.economics.payer_note"))


def returns_frame(res, view: str) -> pd.DataFrame:
    """Every option but business as usual: costs, NPSV and BCR in ``view``, the other
    view's BCR, the chain's IRR and the break-even return, payback and cost per family."""
    other = _other(view)
    m, o = res.modes[view], res.modes[other]
    out = []
    for i, opt in enumerate(res.options):
        if res.roles[i] == "bau":
            continue
        out.append(
            {
                tr("page.economics.col.option"): widgets.option_name(opt.id),
                tr("page.economics.col.npsv"): _m(m.npsv[i]),
                tr("page.economics.col.bcr"): _r2(m.bcr_inc[i]),
                tr("page.economics.col.bcr_other", view=mode_label(other, state.lang(), short=True)): _r2(
                    o.bcr_inc[i]
                ),
                tr("page.economics.col.irr"): _pct(float(res.irr[i])),
                tr("page.economics.col.breakeven_return"): _pct(float(res.breakeven_return[i])),
                tr("page.economics.col.inc_cost"): _m(res.inc_pv_costs[i]),
                tr("page.economics.col.inc_benefit"): _m(m.inc_pv_benefits[i]),
                tr("page.economics.col.breakeven"): m.breakeven_year[i],
                tr("page.economics.col.cost_per_family"): None
                if not np.isfinite(res.cost_per_family[i])
                else round(float(res.cost_per_family[i])),
                tr("page.economics.col.new_teams"): round(float(res.new_teams[i]), 2),
            }
        )
    return pd.DataFrame(out)


def whatif_frame(res) -> pd.DataFrame:
    w = res.whatif
    return pd.DataFrame(
        [
            {
                tr("page.economics.col.option"): widgets.option_name(o.id),
                tr("page.economics.col.inc_cost"): _m(res.inc_pv_costs[i]),
                tr("page.economics.col.whatif_benefit"): _m(w.inc_pv_benefits[i]),
                tr("page.economics.col.whatif_bcr"): _r2(w.bcr_inc[i]),
            }
            for i, o in enumerate(res.options)
            if res.roles[i] != "bau"
        ]
    )


def _returns(res, view: str, option: str) -> None:
    lg = state.lang()
    st.header(tr("page.economics.npv_title", mode=mode_label(view, lg, short=True)))
    st.markdown(
        tr(
            "page.economics.npv_how",
            view=mode_label(view, lg, short=True),
            other=mode_label(_other(view), lg, short=True),
        )
    )
    widgets.dataframe(
        widgets.money_cells(returns_frame(res, view), (tr("page.economics.col.cost_per_family"),)),
        hide_index=True,
        width="stretch",
        placeholder="–",
        column_config={
            tr("page.economics.col.breakeven"): st.column_config.NumberColumn(format="%d"),
            tr("page.economics.col.cost_per_family"): _money(),
        },
    )
    st.caption(tr("page.economics.npv_note"))
    with st.container(border=True):
        st.subheader(tr("page.economics.whatif_title"))
        st.markdown(
            tr(
                "page.economics.whatif_how",
                curve=t(f"econ.preset.{res.heckman_preset}", lg),
                rate=widgets.fmt_pct(res.heckman_rate, 1),
                years=res.heckman_payoff_years,
            )
        )
        widgets.dataframe(whatif_frame(res), hide_index=True, width="stretch", placeholder="–")
    st.subheader(tr("page.economics.cum_title", option=widgets.option_name(option)))
    money = _cols(lg, *CUM_COLS)
    widgets.chart(
        ce.cumulative_chart(res, view, lg, options=(option,)),
        _table(ce.cumulative_table(res, view, lg, options=(option,)), money),
        key="econ_cum",
        alt=tr("page.economics.cum_alt"),
        column_config={c: _money() for c in money},
    )


def _why_views_differ(res, option: str) -> None:
    lg = state.lang()
    st.header(tr("page.economics.waterfall_title"))
    wf = res.waterfall[option]
    i = res.index(option)
    st.markdown(
        tr(
            "page.economics.waterfall_how",
            option=widgets.option_name(option),
            start=widgets.fmt_money(wf.start),
            end=widgets.fmt_money(wf.end),
            cost=widgets.fmt_money(float(res.inc_pv_costs[i])),
            share=widgets.fmt_pct(res.share_improved, 1),
        )
    )
    money = _cols(lg, "econ.col.change", "econ.col.running_total")
    widgets.chart(
        ce.waterfall_chart(res, option, lg),
        _table(ce.waterfall_table(res, option, lg), money),
        key="econ_waterfall",
        alt=tr("page.economics.waterfall_alt"),
        column_config={c: _money() for c in money},
    )


def _heckman(results, res) -> None:
    lg = state.lang()
    st.header(tr("page.economics.heckman_title"))
    st.markdown(tr("page.economics.heckman_how"))
    curve = results.heckman
    spec_note = build.heckman(curve, widgets.presenter(), res).note
    widgets.chart(
        ce.heckman_chart(curve, lg, res),
        _table(ce.heckman_table(curve, lg, res)),
        key="econ_heckman",
        alt=tr("page.economics.heckman_alt"),
    )
    if spec_note:
        st.info(spec_note)


def recon_frame(res, option: str) -> pd.DataFrame:
    rc = res.reconciliation[option]
    notes = {
        "direct_caseload": {"capacity": widgets.fmt_int(rc.capacity)},
        "cost_per_team": {
            "reference": widgets.fmt_money(rc.reference_cost_per_team),
            "cost": widgets.fmt_money(rc.cost_per_team),
        },
    }
    lg = state.lang()
    return pd.DataFrame(
        [
            {
                tr("page.economics.col.step"): t(f"econ.recon.{r['step']}", lg),
                tr("page.economics.col.per_family"): widgets.fmt_money(r["value"]),
                tr("page.economics.col.meaning"): t(
                    f"econ.recon_note.{r['step']}", lg, **notes.get(r["step"], {})
                ),
            }
            for r in rc.rows()
        ]
    )


def _reconciliation(res, a, option: str) -> None:
    ref = _param(a, "reference_cost_per_family")
    st.header(tr("page.economics.recon_title", reference=widgets.fmt_money(ref.value if ref else None)))
    if option not in res.reconciliation:
        st.info(tr("page.economics.recon_none", option=widgets.option_name(option)))
        return
    st.markdown(tr("page.economics.recon_how"))
    st.table(recon_frame(res, option), hide_index=True)
    if ref is not None:
        widgets.provenance(source=ref.source, status=ref.status)


def chance_frame(mc, view: str) -> pd.DataFrame:
    """Per option: the chance the BCR is above 1 and the NPSV above 0 in ``view`` (and the
    other view), with the NPSV's 5th, 50th and 95th percentiles."""
    other = _other(view)
    lg = state.lang()
    rows = {(r["option"], r["mode"]): r for r in mc.rows()}
    out = []
    for o, role in zip(mc.option_ids, mc.roles):
        if role == "bau":
            continue
        r, s = rows[(o, view)], rows[(o, other)]
        out.append(
            {
                tr("page.economics.col.option"): widgets.option_name(o),
                tr("page.economics.col.p_bcr"): _pct(r["prob_bcr_gt_1"], 0),
                tr("page.economics.col.p_npsv"): _pct(r["prob_npsv_gt_0"], 0),
                tr("page.economics.col.p_bcr_other", view=mode_label(other, lg, short=True)): _pct(
                    s["prob_bcr_gt_1"], 0
                ),
                tr("page.economics.col.with_cost"): _pct(r["share_with_cost"], 0),
                tr("page.economics.col.npsv_p05"): _m(r["npsv_p05"]),
                tr("page.economics.col.npsv_p50"): _m(r["npsv_p50"]),
                tr("page.economics.col.npsv_p95"): _m(r["npsv_p95"]),
            }
        )
    return pd.DataFrame(out)


def switching_frame(sw, options: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Switching values (the value of each key assumption at which NPSV = 0), for
    ``options`` (default every option), in both benefit views."""
    lg = state.lang()
    out = []
    for r in sw.table:
        if options is not None and r.option not in options:
            continue
        out.append(
            {
                tr("page.economics.col.option"): widgets.option_name(r.option),
                t("econ.col.assumption", lg): t(f"econ.assumption.{r.assumption}", lg),
                tr("page.economics.col.view"): mode_label(r.mode, lg, short=True),
                t("econ.col.current", lg): _num(r.current),
                t("econ.col.switching", lg): _num(r.switching),
                tr("page.economics.col.range"): tr(
                    "page.economics.range", low=_num(r.low), high=_num(r.high)
                ),
                t("econ.col.in_range", lg): "–"
                if r.within_range is None
                else (tr("ui.yes") if r.within_range else tr("ui.no")),
                t("econ.col.unit", lg): r.unit,
            }
        )
    return pd.DataFrame(out)


def _switching_summary(sw, option: str, view: str) -> str:
    """Plain words for the preferred option's switching values in the headline view."""
    lg = state.lang()
    inside = [r for r in sw.table if r.option == option and r.mode == view and r.within_range]
    if not inside:
        return tr("page.economics.switching_none", option=widgets.option_name(option))
    names = ", ".join(t(f"econ.assumption.{r.assumption}", lg) for r in inside)
    return tr("page.economics.switching_some", option=widgets.option_name(option), names=names)


def _uncertainty(reg, res, view: str, option: str) -> None:
    lg = state.lang()
    st.header(tr("page.economics.uncertainty_title"))
    with st.spinner(tr("page.economics.working")):
        mc = reg.monte_carlo
        sw = reg.econ_switching
        tor = reg.econ_tornado
    domains = engine.assumptions_base().domains
    st.markdown(
        tr("page.economics.chance_how", n=widgets.fmt_int(mc.draws), view=mode_label(view, lg, short=True))
    )
    widgets.dataframe(chance_frame(mc, view), hide_index=True, width="stretch", placeholder="–")
    st.caption(tr("page.economics.chance_note"))
    tabs = st.tabs(
        [tr("page.economics.tab.fan"), tr("page.economics.tab.tornado"), tr("page.economics.tab.switching")]
    )
    with tabs[0]:
        st.markdown(tr("page.economics.fan_how", n=widgets.fmt_int(mc.draws)))
        widgets.chart(
            ce.fan_chart(mc, option, view, lg),
            _table(ce.fan_table(mc, option, view, lg)),
            key="econ_fan",
            alt=tr("page.economics.fan_alt"),
        )
    with tabs[1]:
        st.markdown(tr("page.economics.tornado_how"))
        if tor.bars.get(option):
            money = _cols(lg, "econ.col.npsv_low", "econ.col.npsv_high")
            widgets.chart(
                ce.tornado_chart(tor, option, lg, domains=domains),
                _table(ce.tornado_table(tor, option, lg, domains=domains), money),
                key="econ_tornado",
                alt=tr("page.economics.tornado_alt"),
                column_config={c: _money() for c in money},
            )
        else:
            st.info(tr("page.economics.tornado_empty"))
    with tabs[2]:
        pref = reg.winner if any(r.option == reg.winner for r in sw.table) else option
        st.markdown(tr("page.economics.switching_how", option=widgets.option_name(pref)))
        st.markdown(_switching_summary(sw, pref, view))
        widgets.dataframe(switching_frame(sw, (pref,)), hide_index=True, width="stretch", placeholder="–")
        with st.expander(tr("page.economics.switching_all")):
            widgets.dataframe(switching_frame(sw), hide_index=True, width="stretch", placeholder="–")
    _value_of_information(mc, res, view)


def _value_of_information(mc, res, view: str) -> None:
    """Which evidence is worth buying before deciding (EVPI, EVPPI), and how the best
    option depends on what an improved child is worth (the acceptability curve)."""
    lg = state.lang()
    m = mc.modes[view]
    st.subheader(tr("page.economics.evppi_title"))
    st.markdown(tr("page.economics.evppi_how", evpi=widgets.fmt_money(m.evpi)))
    if m.evpi > 0:
        money = _cols(lg, "econ.col.evppi")
        widgets.chart(
            ce.evppi_chart(mc, view, lg, top=EVPPI_TOP),
            _table(ce.evppi_table(mc, view, lg), money),
            key="econ_evppi",
            alt=tr("page.economics.evppi_alt", evpi=widgets.fmt_money(m.evpi)),
            column_config={c: _money() for c in money},
        )
    else:
        st.info(tr("page.economics.evppi_none"))
    st.subheader(tr("page.economics.ceac_title"))
    st.markdown(tr("page.economics.ceac_how", value=widgets.fmt_money(float(np.sum(res.value_per_child)))))
    widgets.chart(
        ce.ceac_chart(mc, lg, res),
        _table(ce.ceac_table(mc, lg, res)),
        key="econ_ceac",
        alt=tr("page.economics.ceac_alt"),
    )


def _value_for_money(reg) -> None:
    lg = state.lang()
    st.header(tr("page.economics.vfm_title"))
    excluded = ", ".join(widgets.criterion_name(c) for c in reg.vfm_excluded)
    st.markdown(tr("page.economics.vfm_how", excluded=excluded or tr("page.economics.vfm_none")))
    spec = build.value_for_money(reg, widgets.presenter())
    rows = reg.value_for_money
    table = pd.DataFrame(
        {
            tr("page.economics.col.option"): [widgets.option_name(v.option) for v in rows],
            tr("page.economics.col.inc_cost"): [_m(v.inc_pv_cost) for v in rows],
            tr("page.economics.col.vfm_value"): [round(v.value, 1) for v in rows],
            tr("ui.col.total"): [round(v.total, 1) for v in rows],
            tr("page.economics.col.value_per_m"): [
                None if v.per_million is None else round(v.per_million, 1) for v in rows
            ],
            tr("page.economics.col.npsv"): [_m(v.npsv) for v in rows],
            tr("page.economics.col.bcr"): [_r2(v.bcr) for v in rows],
        }
    )
    widgets.chart(to_plotly(spec, lg), table, key="econ_vfm", alt=tr("page.economics.vfm_alt"))


def optimism_frame(res, a) -> pd.DataFrame:
    upper = _param(a, "optimism_bias_upper")
    out = []
    for i, o in enumerate(res.options):
        m = _param(a, f"optimism_mitigation.{o.id}")
        out.append(
            {
                tr("page.economics.col.option"): widgets.option_name(o.id),
                tr("page.economics.col.ob_upper"): _pct(upper.value if upper else None, 0),
                tr("page.economics.col.ob_mitigated"): _pct(m.value if m else None, 0),
                tr("page.economics.col.ob_applied"): _pct(float(res.optimism_bias[i]), 1),
                tr("ui.col.status"): widgets.status_label(m.status) if m else "",
                tr("page.economics.col.mitigation"): m.source if m else "",
            }
        )
    return pd.DataFrame(out)


def _band(a, schedule: str) -> tuple[float, float]:
    """(first rate, last rate) of a discount schedule."""
    bands = a.schedules.get(schedule, ())
    if not bands:
        return float("nan"), float("nan")
    return a.value(bands[0].param_id), a.value(bands[-1].param_id)


def _green_book(res, a) -> None:
    """What a Treasury or Welsh Government economist checks first, in plain words."""
    st.header(tr("page.economics.gb_title"))
    award, deflator = _param(a, "pay_award_2026_27"), _param(a, "gdp_deflator_2026_27")
    s0, s1 = _band(a, "stpr")
    h0, h1 = _band(a, "health")
    disp = _param(a, "displacement_share")
    items = [
        tr(
            "page.economics.gb.prices",
            award=widgets.fmt_pct(award.value, 1),
            deflator=widgets.fmt_pct(deflator.value, 1),
            real=widgets.fmt_pct(res.real_pay_uplift, 1),
        ),
        tr(
            "page.economics.gb.discount",
            stpr=widgets.fmt_pct(s0, 1),
            stpr_end=widgets.fmt_pct(s1, 1),
            health=widgets.fmt_pct(h0, 1),
            health_end=widgets.fmt_pct(h1, 1),
        ),
        tr("page.economics.gb.period", horizon=res.horizon, service=res.service_years),
        tr("page.economics.gb.optimism"),
        tr("page.economics.gb.deadweight", reason=state.md(a.settings.deadweight)),
        tr(
            "page.economics.gb.displacement",
            share=widgets.fmt_pct(disp.value if disp else 0.0),
            source=state.md(disp.source if disp else ""),
        ),
        tr("page.economics.gb.consultation", reason=state.md(a.settings.consultation)),
    ]
    st.markdown("\n".join(f"- {x}" for x in items))
    st.caption(
        widgets.provenance_text(award.source, award.status)
        + " · "
        + widgets.provenance_text(deflator.source, deflator.status)
    )
    st.subheader(tr("page.economics.ob_title"))
    st.table(optimism_frame(res, a), hide_index=True)


# ----------------------------------------------------------------------------- assumptions editor


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
        after = widgets.data_editor(
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


# ----------------------------------------------------------------------------- page


def render() -> None:
    widgets.intro("economics", terms=TERMS)
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
    view = reg.benefit_view
    res = reg.economics
    _need(reg, a, rid)
    option = _pick_option(reg, res)
    _chain(res, a, option)
    _returns(res, view, option)
    _why_views_differ(res, option)
    _heckman(results, res)
    _reconciliation(res, a, option)
    _uncertainty(reg, res, view, option)
    _value_for_money(reg)
    _green_book(res, a)
    _assumptions_block(a)
    st.caption(
        tr(
            "page.economics.versions",
            data=res.data_version,
            assumptions=res.assumptions_version,
            region=localised(state.dataset().region(rid), "name", lg),
        )
    )
