"""Results: the ranking for the chosen region, what each criterion contributes to each
option's total, and every option in every region side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.charts.mcda import contributions_bar, options_regions_heatmap, ranking_bar
from appraisal.i18n import localised
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import tr

PAGE = {"key": "results", "title_key": "page.results.title", "icon": ":material/leaderboard:", "order": 40}

K_BY = "results_contrib_by"
W_BY = "w_results_contrib_by"


def ranking_rows(res) -> pd.DataFrame:
    """Rank, option, type, total and the gap to the option above."""
    lg = state.lang()
    p = res.problem
    rows = []
    prev = None
    for i in res.order:
        total = float(res.totals[i])
        row = {
            tr("ui.col.rank"): int(res.ranks[i]),
            tr("ui.col.option"): localised(p.options[i], "name", lg),
            tr("ui.col.kind"): tr(f"ui.kind.{p.options[i].kind}"),
            tr("ui.col.total"): round(total, 1),
            tr("ui.col.gap_above"): None if prev is None else round(prev - total, 1),
        }
        rows.append(row)
        prev = total
    return pd.DataFrame(rows)


def contributions_table(res) -> pd.DataFrame:
    lg = state.lang()
    p = res.problem
    data = {tr("ui.col.criterion"): [localised(c, "name", lg) for c in p.criteria]}
    data[tr("ui.col.group")] = [widgets.group_name(c.group) for c in p.criteria]
    data[tr("ui.col.weight_pct")] = [round(100 * float(w), 1) for w in res.weights.values]
    for i in res.order:
        data[localised(p.options[i], "name", lg)] = [round(float(v), 2) for v in res.weighted[i]]
    return pd.DataFrame(data)


def regions_table(results) -> pd.DataFrame:
    lg = state.lang()
    options = list({o.id: o for r in results for o in r.problem.options}.values())  # every shortlist
    data = {tr("ui.col.option"): [localised(o, "name", lg) for o in options]}
    for r in results:
        name = localised(r.problem.region, "name", lg)
        here = r.problem.option_ids
        data[name] = [
            f"{int(r.ranks[here.index(o.id)])} ({float(r.totals[here.index(o.id)]):.1f})"
            if o.id in here
            else tr("chart.cell.not_shortlisted")
            for o in options
        ]
    return pd.DataFrame(data)


def _on_by() -> None:
    st.session_state[K_BY] = st.session_state.get(W_BY)


def render() -> None:
    widgets.intro("results")
    rid = state.region_id()
    lg = state.lang()
    reg = engine.region(rid)
    res = reg.mcda
    edits = state.score_edits(rid)
    st.markdown(widgets.results_summary(reg, rid))
    notes = [
        tr("ui.weights.sidebar_default") if state.weights_are_default() else tr("page.results.custom_weights")
    ]
    if edits:
        notes.append(tr("page.results.edited_scores", n=len(edits)))
    st.caption(" ".join(notes))

    st.header(tr("page.results.ranking_title"))
    # chart above its table: side by side, the table's columns (wider in Welsh) were cut
    left, right = st.container(), st.container()
    with left:
        widgets.chart(ranking_bar(res, lg), None, key="results_ranking", alt=tr("page.results.ranking_alt"))
    with right:
        num = st.column_config.NumberColumn
        rows = ranking_rows(res)
        fit = widgets.fit_width
        widgets.dataframe(
            rows,
            hide_index=True,
            width="stretch",
            placeholder="–",
            column_config={
                tr("ui.col.rank"): num(width=fit(tr("ui.col.rank"), minimum=50)),
                tr("ui.col.option"): st.column_config.TextColumn(
                    width=fit(tr("ui.col.option"), rows[tr("ui.col.option")])
                ),
                tr("ui.col.kind"): st.column_config.TextColumn(
                    width=fit(tr("ui.col.kind"), rows[tr("ui.col.kind")])
                ),
                tr("ui.col.total"): num(
                    tr("ui.col.total_short"), format="%.1f", width=fit(tr("ui.col.total_short"))
                ),
                tr("ui.col.gap_above"): num(format="%.1f", width=fit(tr("ui.col.gap_above"))),
            },
        )
        st.caption(tr("page.results.table_note"))

    st.header(tr("page.results.contrib_title"))
    if W_BY not in st.session_state:
        st.session_state[W_BY] = st.session_state.get(K_BY, "group")
    by = st.segmented_control(
        tr("page.results.contrib_by"),
        ["group", "criterion"],
        key=W_BY,
        format_func=widgets.fixed_labels(["group", "criterion"], lambda v: tr(f"page.results.by_{v}")),
        on_change=_on_by,
        required=True,
    )
    widgets.chart(
        contributions_bar(res, lg, by=by or "group"),
        contributions_table(res),
        key="results_contrib",
        alt=tr("page.results.contrib_alt"),
    )

    st.header(tr("page.results.regions_title"))
    st.caption(tr("page.results.regions_help"))
    results = [r.mcda for r in engine.results()]
    widgets.chart(
        options_regions_heatmap(results, lg),
        regions_table(results),
        key="results_regions",
        alt=tr("page.results.regions_alt"),
    )
