"""The Workshop page's decision-conference checks (issue 13): the participant's gut
ranking and scoring-round form, and the facilitator's gut-versus-model view and scoring
round. Everything shown is read from :class:`appraisal.store.conference.ConferenceView`
(model ranks from the engine's ``rank_many``); user text is escaped (``md``) wherever it
reaches Markdown, and tables holding it are data frames (never Markdown)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pandas as pd
import streamlit as st

from appraisal.gut_check import FIRST, GAP, OWN, ranking_from_positions
from appraisal.i18n import localised
from appraisal.store.conference import Conference, ConferenceView
from appraisal.store.errors import StoreError
from appraisal.ui import state, widgets
from appraisal.ui.pages.scenarios import error_text, md, message, show_message
from appraisal.ui.state import tr

REFRESH = timedelta(seconds=3)
NOT_SCORED = -1
K_ROUND_CRITERIA = "ws_round_criteria"
K_ROUND_SHOWN = "ws_round_shown"  # the round number the participant's form was drawn for


def level_text(criterion_id: str, value: float) -> str:
    """A score in words: 'level: name' on a constructed scale (a median between two
    levels says so), the number and unit on a natural one."""
    c = next(c for c in state.dataset().criteria if c.id == criterion_id)
    levels = c.value_function.levels
    if not levels:
        return f"{value:g} {localised(c, 'unit', state.lang())}".strip()
    if float(value).is_integer():
        k = int(value)
        return tr("dc.level", n=k, name=localised(levels[k], "name", state.lang()))
    lo, hi = int(value), int(value) + 1
    return tr("dc.level_between", value=f"{value:g}", low=lo, high=hi)


def _level_label(criterion: Any, k: int) -> str:
    if k == NOT_SCORED:
        return tr("dc.p.not_scored")
    lv = criterion.value_function.levels[k]
    lg = state.lang()
    return tr(
        "dc.p.level_option", n=k, name=localised(lv, "name", lg), description=localised(lv, "description", lg)
    )


# ----------------------------------------------------------------------------- participant


def _record_gut(cf: Conference, token: str, option_ids: tuple[str, ...]) -> None:
    positions = {o: st.session_state.get(f"ws_gut_{o}", 0) for o in option_ids}
    try:
        ranking = ranking_from_positions(positions, option_ids, label=widgets.option_name)
        cf.record_gut(token, ranking, option_ids)
    except StoreError as exc:
        message("ws_gut", "error", error_text(exc))
        return
    message("ws_gut", "success", tr("dc.p.gut_recorded"))


def gut_form(cf: Conference, token: str, region: str) -> None:
    """Rank each of the region's options by gut feel (1 = best; ties refused)."""
    ids = tuple(o.id for o in state.dataset().options_for(region))
    st.header(tr("dc.p.gut_title"))
    st.caption(tr("dc.p.gut_help", n=len(ids)))
    choices = list(range(len(ids) + 1))
    fmt = widgets.fixed_labels(choices, lambda v: tr("dc.p.no_rank") if v == 0 else str(v))
    cols = st.columns(2)
    for k, o in enumerate(ids):
        cols[k % 2].selectbox(widgets.option_name(o), choices, key=f"ws_gut_{o}", format_func=fmt)
    st.button(tr("dc.p.gut_button"), key="ws_gut_submit", on_click=_record_gut, args=(cf, token, ids))
    show_message("ws_gut")
    mine = cf.my_gut(token)
    if mine is not None:
        listed = " · ".join(f"{k + 1}. {md(widgets.option_name(o))}" for k, o in enumerate(mine.ranking))
        st.caption(tr("dc.p.gut_yours", ranking=listed))


def _sheet(
    number: int, criteria: tuple[str, ...], option_ids: tuple[str, ...]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for o in option_ids:
        for c in criteria:
            v = st.session_state.get(f"ws_sc_{number}_{o}_{c}")
            if v is not None and v != NOT_SCORED:
                out.setdefault(o, {})[c] = float(v)
    return out


def _submit_scores(cf: Conference, token: str, number: int, criteria: tuple[str, ...], region: str) -> None:
    ds = state.dataset()
    problem = ds.problem(region)
    try:
        cf.submit_scores(token, number, _sheet(number, criteria, problem.option_ids), problem)
    except StoreError as exc:
        message("ws_scores", "error", error_text(exc))
        return
    message("ws_scores", "success", tr("dc.p.scores_recorded", n=number))


def round_changed(cf: Conference, token: str) -> bool:
    """True when the facilitator has opened or closed a round since the form was drawn
    (the participant's live view then redraws the page)."""
    rnd = cf.current_round(token)
    return (rnd.number if rnd is not None else 0) != st.session_state.get(K_ROUND_SHOWN, 0)


def round_form(cf: Conference, token: str, region: str) -> None:
    """The open scoring round: a described level (or a number on a natural scale) per
    option and criterion, in the participant's language."""
    rnd = cf.current_round(token)
    st.session_state[K_ROUND_SHOWN] = rnd.number if rnd is not None else 0
    if rnd is None:
        return
    ds = state.dataset()
    crit = {c.id: c for c in ds.criteria}
    ids = tuple(o.id for o in ds.options_for(region))
    st.header(tr("dc.p.round_title", n=rnd.number))
    st.caption(tr("dc.p.round_help"))
    for c in (crit[x] for x in rnd.criteria if x in crit):
        st.subheader(widgets.criterion_name(c.id))
        st.caption(localised(c, "description", state.lang()))
        levels = c.value_function.levels
        for o in ids:
            key = f"ws_sc_{rnd.number}_{o}_{c.id}"
            if levels:
                choices = [NOT_SCORED, *range(len(levels))]
                fmt = widgets.fixed_labels(choices, lambda k, c=c: _level_label(c, k))
                st.selectbox(widgets.option_name(o), choices, key=key, format_func=fmt)
            else:
                st.number_input(
                    tr(
                        "dc.p.natural_label",
                        option=widgets.option_name(o),
                        unit=localised(c, "unit", state.lang()),
                    ),
                    min_value=float(c.scale_min),
                    max_value=float(c.scale_max),
                    value=None,
                    step=1.0,
                    key=key,
                )
    st.button(
        tr("dc.p.scores_button"),
        key="ws_sc_submit",
        on_click=_submit_scores,
        args=(cf, token, rnd.number, rnd.criteria, region),
        type="primary",
    )
    show_message("ws_scores")


# ----------------------------------------------------------------------------- facilitator


def _open_round(cf: Conference, code: str, auth: Mapping[str, Any]) -> None:
    chosen = list(st.session_state.get(K_ROUND_CRITERIA) or [])
    try:
        r = cf.open_round(code, chosen, state.dataset().criterion_ids, **auth)
    except StoreError as exc:
        message("ws_round", "error", error_text(exc))
        return
    message("ws_round", "success", tr("dc.f.round_opened", n=r.number))


def _close_round(cf: Conference, code: str, auth: Mapping[str, Any]) -> None:
    try:
        r = cf.close_round(code, **auth)
    except StoreError as exc:
        message("ws_round", "error", error_text(exc))
        return
    if r is not None:
        message("ws_round", "success", tr("dc.f.round_closed", n=r.number))


def round_controls(cf: Conference, code: str, auth: Mapping[str, Any]) -> None:
    """Open a scoring round for chosen criteria, or close the open one."""
    ds = state.dataset()
    st.header(tr("dc.f.round_title"))
    st.caption(tr("dc.f.round_help"))
    rounds = cf.rounds(code)
    current = next((r for r in reversed(rounds) if r.is_open), None)
    if current is not None:
        names = ", ".join(widgets.criterion_name(c) for c in current.criteria)
        st.markdown(tr("dc.f.round_is_open", n=current.number, criteria=md(names)))
        st.button(tr("dc.f.close_round"), key="ws_round_close", on_click=_close_round, args=(cf, code, auth))
    st.multiselect(
        tr("dc.f.round_criteria"),
        ds.criterion_ids,
        key=K_ROUND_CRITERIA,
        format_func=widgets.fixed_labels(ds.criterion_ids, widgets.criterion_name),
        placeholder=tr("a11y.placeholder.choose"),
    )
    st.button(tr("dc.f.open_round"), key="ws_round_open", on_click=_open_round, args=(cf, code, auth))
    show_message("ws_round")


def _sentence(name: str, d: Any) -> str:
    who, option = md(name), md(widgets.option_name(d.option))
    whose = tr("dc.f.basis_own") if d.basis == OWN else tr("dc.f.basis_group")
    if d.kind == FIRST:
        return tr("dc.f.dis_first", who=who, option=option, rank=d.model_rank, whose=whose)
    return tr(
        "dc.f.dis_gap",
        who=who,
        option=option,
        gut=d.gut_rank,
        model=d.model_rank,
        places=d.places,
        whose=whose,
    )


def _gut_view(view: ConferenceView) -> None:
    g = view.gut
    st.header(tr("dc.f.gut_title"))
    st.caption(tr("dc.f.gut_help", gap=GAP))
    if not g.rows:
        st.info(tr("dc.f.gut_none"))
        return
    found = g.disagreements
    st.subheader(tr("dc.f.dis_title"))
    if found:
        st.markdown("\n".join(f"- {_sentence(name, d)}" for name, d in found))
    else:
        st.success(tr("dc.f.dis_none"))
    dash = tr("ui.not_available")
    for r in g.rows:
        order = sorted(range(len(g.option_ids)), key=lambda i: r.gut_ranks[i])
        frame = pd.DataFrame(
            {
                tr("ui.col.option"): [widgets.option_name(g.option_ids[i]) for i in order],
                tr("dc.f.col.gut"): [r.gut_ranks[i] for i in order],
                tr("dc.f.col.own"): [dash if r.model_ranks is None else r.model_ranks[i] for i in order],
                tr("dc.f.col.group"): [dash if g.group_ranks is None else g.group_ranks[i] for i in order],
            }
        )
        label = tr("dc.f.gut_person", name=md(r.name), n=len(r.disagreements))
        with st.expander(label, expanded=bool(r.disagreements)):
            widgets.dataframe(
                frame.astype(str), hide_index=True, width="stretch", key=f"ws_gut_table_{r.name}"
            )


def _cells_view(view: ConferenceView) -> None:
    if not view.rounds:
        return
    st.subheader(tr("dc.f.cells_title"))
    if not view.cells:
        st.info(tr("dc.f.cells_none"))
        return
    st.caption(tr("dc.f.cells_help"))
    frame = pd.DataFrame(
        {
            tr("ui.col.option"): [widgets.option_name(c.option) for c in view.cells],
            tr("ui.col.criterion"): [widgets.criterion_name(c.criterion) for c in view.cells],
            tr("dc.f.col.n"): [str(c.n) for c in view.cells],
            tr("dc.f.col.median"): [level_text(c.criterion, c.median) for c in view.cells],
            tr("dc.f.col.min"): [level_text(c.criterion, c.minimum) for c in view.cells],
            tr("dc.f.col.max"): [level_text(c.criterion, c.maximum) for c in view.cells],
            tr("dc.f.col.agreement"): [tr(f"dc.agreement.{c.agreement}") for c in view.cells],
        }
    )
    widgets.dataframe(frame, hide_index=True, width="stretch", key="ws_cells_table")
    if view.round_ranks is not None:
        ids = view.gut.option_ids
        ranks = view.round_ranks.ranks
        st.caption(tr("dc.f.ranks_help"))
        widgets.dataframe(
            pd.DataFrame(
                {
                    tr("ui.col.option"): [widgets.option_name(o) for o in ids],
                    tr("dc.f.col.rank_data"): [str(int(x)) for x in ranks[0]],
                    tr("dc.f.col.rank_round"): [str(int(x)) for x in ranks[1]],
                }
            ),
            hide_index=True,
            width="stretch",
            key="ws_round_ranks",
        )


@st.fragment(run_every=REFRESH)
def facilitator_checks(cf: Conference, code: str, auth: Mapping[str, Any], part: str) -> None:
    """Gut versus model (``part="gut"``) or the scoring rounds' results (``"cells"``),
    refreshed as people submit."""
    try:
        view = cf.facilitator_view(code, state.dataset(), state.inputs(), **auth)
    except StoreError as exc:
        st.error(error_text(exc))
        return
    (_gut_view if part == "gut" else _cells_view)(view)
