"""National view: a Wales-wide budget a year allocated across the seven regions and their
hosting models (``appraisal.portfolio``): the choices (budget, what to maximise, the
workforce that can be recruited, each region's minimum coverage, mixed hosts), the
allocation with what one more GBP 1m buys, the efficiency frontier with EQUITY's order of
preference and the budgets at which a region's choice changes, how robust the allocation
is over the SMAA weight draws and the economic Monte Carlo draws, and every default with
its unit, source and status.

Everything is read from one ``NationalResult`` (``appraisal.portfolio.national`` of the
session's appraisal run): nothing here solves anything. The national choices are part of
the session's ``AppraisalInputs`` (``national``), so they survive page changes and travel
to the report, the CLI (``--scenario``) and a saved scenario unchanged.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.charts import portfolio as cp
from appraisal.charts.plotly_render import to_plotly
from appraisal.errors import InputError
from appraisal.portfolio import OBJECTIVES, PortfolioChoices, national
from appraisal.portfolio.choices import defaults
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import tr

PAGE = {
    "key": "national",
    "title_key": "page.national.title",
    "icon": ":material/account_balance:",
    "order": 65,
}

W = "w_national_"  # widget keys: W + field
MILLION = 1e6


# ----------------------------------------------------------------------------- choices


def current() -> PortfolioChoices:
    """The session's national choices: the run's own (``AppraisalInputs.national``), so the
    report, the CLI and a saved scenario use what this page shows."""
    return state.inputs().national_choices


def _store(field: str, value: object) -> None:
    """Keep one choice in the session's inputs; a value the national view cannot use is
    named, not kept (the other choices stay as they were)."""
    cur = state.inputs()
    try:
        state.set_inputs(cur.with_changes(national={**cur.national, field: value}))
    except InputError as exc:
        state.notify("error", tr("page.national.refused", message=state.md(exc.localised(state.lang()))))


def _on(field: str, convert=lambda v: v) -> None:
    _store(field, convert(st.session_state.get(W + field)))


def _seed(field: str, value: object) -> None:
    if W + field not in st.session_state:
        st.session_state[W + field] = value


def _provenance(key: str) -> None:
    q = defaults()[key]
    st.caption(
        tr(
            "page.national.default_caption",
            value=_default_text(key, q.value),
            unit=tr(f"national.unit.{key}"),
            source=q.source,
            status=widgets.status_label(q.status),
        )
    )


def _default_text(key: str, value: float | None) -> str:
    if value is None:
        return tr("ui.not_available")
    if key == "budget_per_year":
        return widgets.fmt_money(value)
    if key == "min_coverage":
        return widgets.fmt_pct(value)
    return widgets.fmt_int(value)


def _choices_block(ch: PortfolioChoices) -> None:
    st.header(tr("page.national.choices_title"))
    left, right = st.columns(2, gap="large")
    with left:
        _seed("budget", round(ch.budget / MILLION, 2))
        st.number_input(
            tr("page.national.budget"),
            min_value=0.0,
            max_value=float(defaults()["budget_per_year"].high or 0.0) / MILLION,
            step=0.5,
            format="%.2f",
            key=W + "budget",
            on_change=_on,
            args=("budget", lambda v: float(v) * MILLION),
            help=tr("page.national.budget_help"),
        )
        _provenance("budget_per_year")
        _seed("objective", ch.objective)
        st.radio(
            tr("page.national.objective"),
            OBJECTIVES,
            key=W + "objective",
            format_func=widgets.fixed_labels(OBJECTIVES, lambda o: tr(f"national.objective.{o}")),
            captions=[tr(f"national.objective.{o}_help") for o in OBJECTIVES],
            on_change=_on,
            args=("objective",),
        )
    with right:
        _seed("limit", ch.workforce is not None)
        limit = st.toggle(
            tr("page.national.limit"),
            key=W + "limit",
            on_change=lambda: _store(
                "workforce",
                float(st.session_state.get(W + "workforce", defaults()["workforce_per_year"].value))
                if st.session_state.get(W + "limit")
                else None,
            ),
            help=tr("page.national.limit_help"),
        )
        _seed(
            "workforce",
            float(ch.workforce if ch.workforce is not None else defaults()["workforce_per_year"].value),
        )
        st.number_input(
            tr("page.national.workforce"),
            min_value=0.0,
            max_value=float(defaults()["workforce_per_year"].high or 0.0),
            step=5.0,
            format="%.0f",
            key=W + "workforce",
            disabled=not limit,
            on_change=_on,
            args=("workforce", float),
            help=tr("page.national.workforce_help"),
        )
        _provenance("workforce_per_year")
        _seed("min_coverage", int(round(100 * ch.min_coverage)))
        st.slider(
            tr("page.national.min_coverage"),
            min_value=0,
            max_value=int(round(100 * (defaults()["min_coverage"].high or 0.0))),
            step=5,
            format="%d%%",
            key=W + "min_coverage",
            on_change=_on,
            args=("min_coverage", lambda v: float(v) / 100.0),
            help=tr("page.national.min_coverage_help"),
        )
        _provenance("min_coverage")
        _seed("mixed", ch.mixed)
        st.toggle(
            tr("page.national.mixed"),
            key=W + "mixed",
            on_change=_on,
            args=("mixed", bool),
            help=tr("page.national.mixed_help"),
        )
    st.warning(tr("page.national.illustrative"), icon=":material/info:")


# ----------------------------------------------------------------------------- sections


def _static(rows: list[dict]) -> None:
    """A short table that wraps its headers and cells to the page's width (the first
    column names the rows), so nothing is cut in either language."""
    df = pd.DataFrame(rows)
    st.table(df.set_index(df.columns[0]) if len(df.columns) else df)


def _show(rows: list[dict]) -> None:
    """A table whose columns are as wide as their header and longest value (Welsh
    headers are longer: fixed widths cut them); wider than the page, it scrolls."""
    df = pd.DataFrame(rows)
    config = {
        c: st.column_config.Column(width=widgets.fit_width(c, df[c].astype(str), maximum=420))
        for c in df.columns
    }
    widgets.dataframe(df, hide_index=True, width="stretch", placeholder="–", column_config=config)


def _benefit(nat, value: float | None) -> str:
    if value is None:
        return tr("ui.not_available")
    if nat.objective == "npsv":
        return widgets.fmt_money(value)
    return widgets.fmt_num(value, 0 if nat.objective == "reach" else 1)


def _summary(nat) -> None:
    ch = nat.choices
    st.header(tr("page.national.allocation_title"))
    if not nat.feasible:
        key, params = nat.reason or ("solver", {})
        text = dict(params)
        if "regions" in text:
            text["regions"] = ", ".join(widgets.presenter().region(r) for r in text["regions"])
        if "floor_cost" in text:
            text["floor_cost"] = widgets.fmt_money(text["floor_cost"])
        st.error(tr(f"national.infeasible.{key}", **text))
        return
    st.markdown(
        tr(
            "page.national.summary",
            budget=widgets.fmt_money(ch.budget),
            objective=tr(f"national.objective.{nat.objective}"),
            benefit=_benefit(nat, nat.total_benefit),
            unit=tr(f"national.unit.{nat.objective}"),
            teams=nat.total_teams,
            reached=widgets.fmt_int(nat.total_reached),
            cost=widgets.fmt_money(nat.total_cost),
        )
    )
    row = st.container(horizontal=True)
    for key, value in (
        ("benefit", _benefit(nat, nat.total_benefit)),
        ("teams", widgets.fmt_int(nat.total_teams)),
        ("reached", widgets.fmt_int(nat.total_reached)),
        ("cost", widgets.fmt_money(nat.total_cost)),
        ("setup", widgets.fmt_money(nat.total_setup)),
        ("wte", widgets.fmt_num(nat.total_wte, 1)),
    ):
        row.metric(tr(f"page.national.metric.{key}"), value, border=True, width="content")
    st.caption(
        tr(
            "page.national.solver_ok" if nat.agrees else "page.national.solver_differs",
            status=nat.milp.status,
        )
    )
    pr = widgets.presenter()
    # two narrow tables rather than one wide one: on a phone each fits (or nearly)
    _static(
        [
            {
                tr("national.col.region"): pr.region(a.region),
                tr("national.col.choice"): cp.pick_text(pr, a.picks),
                tr("national.col.reached"): round(a.reached),
                tr("national.col.coverage_change"): f"{widgets.fmt_pct(a.coverage_before)} → "
                f"{widgets.fmt_pct(a.coverage_after)}",
            }
            for a in nat.allocation
        ]
    )
    st.caption(tr("page.national.money_table"))
    _static(
        [
            {
                tr("national.col.region"): pr.region(a.region),
                tr("national.col.cost"): widgets.fmt_money(a.cost),
                tr("national.col.setup"): widgets.fmt_money(a.setup),
                tr("national.col.benefit", unit=tr(f"national.unit.{nat.objective}")): _benefit(
                    nat, a.benefit
                ),
            }
            for a in nat.allocation
        ]
    )
    spec = cp.coverage(nat, pr)
    widgets.chart(
        to_plotly(spec, state.lang()),
        pd.DataFrame(spec.table.display_rows(state.lang()), columns=spec.table.headers),
        key="national_coverage",
        alt=tr("page.national.coverage_alt"),
    )


def _marginal(nat) -> None:
    if not nat.feasible:
        return
    st.header(tr("page.national.marginal_title"))
    m = nat.marginal
    unit = tr(f"national.unit.{nat.objective}")
    st.markdown(
        tr(
            "page.national.marginal_exact",
            more=_benefit(nat, m.per_million),
            less=_benefit(nat, m.loss_per_million),
            unit=unit,
        )
    )
    if m.lp is not None:
        st.markdown(
            tr(
                "page.national.marginal_lp",
                per_m=_benefit(nat, m.lp.per_million),
                per_wte=_benefit(nat, m.lp.per_wte),
                unit=unit,
            )
        )
    if m.floors_cost is not None:
        st.markdown(tr("page.national.floors_cost", cost=_benefit(nat, m.floors_cost), unit=unit))
    st.caption(tr("page.national.marginal_method"))


def _frontier(nat) -> None:
    fr = nat.frontier
    pr = widgets.presenter()
    lg = state.lang()
    st.header(tr("page.national.frontier_title"))
    st.markdown(
        tr(
            "page.national.frontier_intro",
            floor=widgets.fmt_money(fr.floor_cost) if fr.floor_cost is not None else tr("ui.not_available"),
            full=widgets.fmt_money(fr.full_budget),
        )
    )
    spec = cp.frontier(nat, pr)
    widgets.chart(
        to_plotly(spec, lg),
        pd.DataFrame(spec.table.display_rows(lg), columns=spec.table.headers),
        key="national_frontier",
        alt=tr("page.national.frontier_alt"),
    )
    st.subheader(tr("page.national.order_title"))
    st.caption(tr("page.national.order_help"))
    unit = tr(f"national.unit.{nat.objective}")
    order = [
        {
            tr("national.col.rank"): str(i.rank),
            tr("national.col.region"): pr.region(i.region),
            tr("national.col.from"): cp.pick_text(pr, i.before),
            tr("national.col.to"): cp.pick_text(pr, i.after),
            tr("national.col.extra_cost"): widgets.fmt_money(i.cost),
            tr("national.col.extra_benefit", unit=unit): _benefit(nat, i.benefit),
            tr("national.col.per_million"): _benefit(nat, i.ratio),
            tr("national.col.total_cost"): widgets.fmt_money(i.total_cost),
        }
        for i in fr.order
    ]
    _static(order)
    st.subheader(tr("page.national.switches_title"))
    st.caption(tr("page.national.switches_help"))

    def rows(items) -> list[dict]:
        return [
            {
                tr("national.col.region"): pr.region(s.region),
                tr("national.col.budget"): widgets.fmt_money(s.budget),
                tr("national.col.from"): cp.pick_text(pr, s.before),
                tr("national.col.to"): cp.pick_text(pr, s.after),
            }
            for s in sorted(items, key=lambda s: (s.region, s.budget))
        ]

    _show(rows(fr.level_switches))
    with st.expander(tr("page.national.switches_expander", n=len(fr.switches))):
        _show(rows(fr.switches))


def _robustness(nat) -> None:
    rb = nat.robustness
    pr = widgets.presenter()
    lg = state.lang()
    st.header(tr("page.national.robust_title"))
    st.markdown(
        tr(
            "page.national.robust_intro",
            draws=widgets.fmt_int(rb.draws),
            seed=rb.seed,
            model=tr(f"national.weight_model.{rb.weight_model}"),
            same=widgets.fmt_pct(rb.same_as_base()) if nat.feasible else tr("ui.not_available"),
            feasible=widgets.fmt_pct(float(rb.feasible.mean())),
        )
    )
    for spec, key, alt in (
        (cp.robustness_hosts(nat, pr), "national_hosts", "page.national.hosts_alt"),
        (cp.robustness_teams(nat, pr), "national_teams", "page.national.teams_alt"),
    ):
        widgets.chart(
            to_plotly(spec, lg),
            pd.DataFrame(spec.table.display_rows(lg), columns=spec.table.headers),
            key=key,
            alt=tr(alt),
        )
    if nat.feasible:
        same = [
            {
                tr("national.col.region"): pr.region(rid),
                tr("national.col.choice"): cp.pick_text(pr, rb.base[r]),
                tr("national.col.same_share"): widgets.fmt_pct(rb.same_as_base(r)),
                tr("national.col.most_often"): cp.pick_text(pr, rb.pick_share(r)[0][0])
                if rb.pick_share(r)
                else "–",
            }
            for r, rid in enumerate(rb.regions)
        ]
        _static(same)


def _defaults(nat) -> None:
    st.header(tr("page.national.defaults_title"))
    st.caption(tr("page.national.defaults_help"))
    rows = []
    for p in nat.provenance:
        value = _default_text(p.key, p.value) if p.key in defaults() else _figure(p.key, p.value)
        if p.low is not None and p.key not in defaults():
            value = tr(
                "page.national.range", value=value, low=_figure(p.key, p.low), high=_figure(p.key, p.high)
            )
        rows.append(
            {
                tr("national.col.parameter"): tr(f"national.param.{p.key}"),
                tr("national.col.value"): value,
                tr("national.col.unit"): tr(f"national.unit.{p.key}"),
                tr("national.col.status"): widgets.status_label(p.status)
                + (" · " + tr("page.national.changed") if p.changed else ""),
                tr("national.col.source"): p.source,
            }
        )
    st.table(pd.DataFrame(rows).set_index(tr("national.col.parameter")))
    pr = widgets.presenter()
    with st.expander(tr("page.national.costs_expander")):
        _show(
            [
                {
                    tr("national.col.region"): pr.region(r["region"]),
                    tr("national.col.host"): pr.option(r["option"]),
                    tr("national.col.cost"): widgets.fmt_money(r["cost_per_year"]),
                    tr("national.col.setup"): widgets.fmt_money(r["setup_once"]),
                    tr("national.col.max_teams"): r["max_teams"],
                    tr("national.col.yield"): widgets.fmt_pct(r["yield"]),
                    tr("national.col.mcda_value"): widgets.fmt_num(r["value"]),
                }
                for r in nat.cost_rows
            ]
        )


def _figure(key: str, value: float | None) -> str:
    if value is None:
        return tr("ui.not_available")
    if key == "cost_per_team":
        return widgets.fmt_money(value)
    return widgets.fmt_num(value, 1)


def render() -> None:
    widgets.intro("national")
    ch = current()
    _choices_block(ch)
    ch = current()
    results = engine.results()
    with st.spinner(tr("page.national.solving")):
        nat = national(results, ch)
    _summary(nat)
    _marginal(nat)
    _frontier(nat)
    with st.spinner(tr("page.national.drawing")):
        _robustness(nat)
    _defaults(nat)
