"""Workshop: everyone in the room gives their own weights at once; the facilitator sees
them arrive, the group's aggregate and spread, and can test the ranking with SMAA. The
decision-conference checks (gut versus model, scoring rounds) are in
:mod:`appraisal.ui.conference`."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from appraisal.charts import workshop as spread_chart
from appraisal.errors import WeightError
from appraisal.i18n import localised
from appraisal.store import workshop as W
from appraisal.store.conference import Conference, session_mixture
from appraisal.store.errors import StoreError
from appraisal.ui import conference as conf
from appraisal.ui import qr, state, widgets
from appraisal.ui.pages.scenarios import author, error_text, md, message, repository, show_message
from appraisal.ui.pages.weights import _crit_help, _criteria_by_group, _swing_text
from appraisal.ui.state import tr

PAGE = {"key": "workshop", "title_key": "page.workshop.title", "icon": ":material/groups:", "order": 80}

REFRESH = timedelta(seconds=3)
K_FAC_SECRET = "ws_fac_secret_value"  # the facilitator's secret once checked (server side only)
K_FAC_CODE = "ws_fac_code"
K_TOKEN = "ws_participant_token"
K_NONCE = "ws_nonce"
K_SMAA = "ws_smaa_rows"
K_CLIENT = "ws_client"  # this browser session's key for the facilitator-secret lockout
K_USE_PENDING = "ws_use_pending"  # the group weights the facilitator was asked to confirm
SMAA_SAMPLES = 5_000
#: The participant form's scales are the Weights page's: points 0-POINTS_MAX in steps of
#: POINTS_STEP (equal weights: POINTS_DEFAULT each, as the Weights page's "Equal" button
#: gives), swings 0-100 in steps of 1 (equal: every swing 100).
POINTS_MAX = state.POINTS_MAX
POINTS_STEP = state.POINTS_STEP
POINTS_DEFAULT = state.POINTS_TOP / 2
SWING_MAX = 100.0
SWING_STEP = 1.0


def _ws() -> W.Workshop:
    return W.Workshop(repository().db)


def _cf() -> Conference:
    return Conference(_ws())


def _auth() -> dict:
    """The facilitator's secret, as the Workshop's facilitator methods take it."""
    return {"secret": _secret(), "configured_secret": configured_secret(), "client": _client()}


def _client() -> str:
    """This browser session's key for the secret guard (wrong guesses lock it out)."""
    if K_CLIENT not in st.session_state:
        st.session_state[K_CLIENT] = "ui:" + secrets.token_hex(8)
    return str(st.session_state[K_CLIENT])


def configured_secret() -> str | None:
    """The facilitator secret from Streamlit secrets (else the environment is used)."""
    try:
        for k in ("facilitator_secret", W.ENV_SECRET):
            if k in st.secrets:
                return str(st.secrets[k])
    except Exception:  # noqa: BLE001 - no secrets file is normal
        return None
    return None


def join_link(code: str) -> str | None:
    """This page's address with ``?code=`` so participants can open it directly."""
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - not available outside a browser session
        return None
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode({"code": code}), ""))


def _criteria() -> tuple[str, ...]:
    return state.dataset().criterion_ids


def _region_of(info: W.SessionInfo) -> str:
    ids = state.dataset().region_ids
    return info.region if info.region in ids else state.region_id()


def _pct(v: float | None) -> str:
    return tr("ui.not_available") if v is None else f"{100 * v:.1f}"


def aggregate_table(agg: W.Aggregate) -> pd.DataFrame:
    """Aggregate weights (%) and spread per criterion, as shown to facilitator and participants.

    A small group's aggregate (``agg.withheld``) has the mean only: the other columns are
    left out, not shown empty."""
    rows = []
    for r in agg.rows():
        row = {
            tr("ui.col.criterion"): widgets.criterion_name(r["criterion"]),
            tr("page.workshop.col.mean"): _pct(r["arithmetic"]),
        }
        if not agg.withheld:
            row |= {
                tr("page.workshop.col.geomean"): _pct(r["geometric"]),
                tr("page.workshop.col.median"): _pct(r["median"]),
                tr("page.workshop.col.min"): _pct(r["min"]),
                tr("page.workshop.col.max"): _pct(r["max"]),
                tr("page.workshop.col.sd"): _pct(r["sd"]),
                tr("page.workshop.col.iqr"): _pct(r["iqr"]),
            }
        rows.append(row)
    return pd.DataFrame(rows)


def _submissions_table(subs, region: str, *, with_top: bool = True) -> pd.DataFrame:
    tops = dict(W.participant_winners(subs, state.dataset(), state.inputs(), region)) if with_top else {}
    rows = []
    for s in subs:
        top = tops.get(s.participant)
        row = {
            tr("page.workshop.col.name"): s.participant.name,
            tr("page.workshop.col.role"): s.participant.role,
            tr("page.workshop.col.org"): s.participant.organisation,
            tr("page.workshop.col.method"): tr(f"page.workshop.method.{s.method}"),
            tr("page.workshop.col.time"): s.submitted_at.strftime("%H:%M:%S"),
        }
        if with_top:
            row[tr("page.workshop.col.top")] = ", ".join(widgets.option_name(o) for o in top or ())
        for c in _criteria():
            row[widgets.criterion_name(c)] = f"{100 * s.weights.get(c, 0.0):.1f}"
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- facilitator


def _unlock() -> None:
    given = str(st.session_state.get("ws_fac_secret", ""))
    try:
        _ws().check_secret(given, configured_secret(), client=_client())
    except StoreError as exc:
        st.session_state["ws_fac_secret"] = ""
        message("ws_fac", "error", error_text(exc))
        return
    st.session_state[K_FAC_SECRET] = given
    st.session_state["ws_fac_secret"] = ""


def _secret() -> str | None:
    return st.session_state.get(K_FAC_SECRET)


def _open() -> None:
    try:
        info = _ws().open_session(
            secret=_secret(),
            configured_secret=configured_secret(),
            title=str(st.session_state.get("ws_new_title", "")),
            facilitator=str(st.session_state.get("ws_new_facilitator", "")),
            region=str(st.session_state.get("ws_new_region", state.region_id())),
            client=_client(),
        )
    except StoreError as exc:
        message("ws_fac", "error", error_text(exc))
        return
    st.session_state[K_FAC_CODE] = info.code
    st.session_state.pop(K_SMAA, None)


def _resume() -> None:
    code = st.session_state.get("ws_resume")
    if code:
        st.session_state[K_FAC_CODE] = code
        st.session_state.pop(K_SMAA, None)


def _set_reveal() -> None:
    try:
        _ws().set_reveal(
            st.session_state[K_FAC_CODE],
            bool(st.session_state.get("ws_reveal")),
            secret=_secret(),
            configured_secret=configured_secret(),
            client=_client(),
        )
    except StoreError as exc:
        message("ws_fac", "error", error_text(exc))


def _close(reopen: bool) -> None:
    try:
        _ws().close(
            st.session_state[K_FAC_CODE],
            secret=_secret(),
            configured_secret=configured_secret(),
            reopen=reopen,
            client=_client(),
        )
    except StoreError as exc:
        message("ws_fac", "error", error_text(exc))


def _run_group_acceptability() -> None:
    code = st.session_state[K_FAC_CODE]
    ws = _ws()
    try:
        view = ws.facilitator_view(
            code, _criteria(), secret=_secret(), configured_secret=configured_secret(), client=_client()
        )
        region = _region_of(view.session)
        # the session's score edits, seed and spread, with the participants' weight sets
        # and the scoring rounds' spread in the cells they scored
        cells = _cf().facilitator_view(code, state.dataset(), state.inputs(), **_auth()).cells
        inputs = state.inputs().with_changes(draws=SMAA_SAMPLES)
        res = session_mixture(state.dataset(), inputs, region, view.submissions, cells)
    except StoreError as exc:
        message("ws_smaa", "error", error_text(exc))
        return
    st.session_state[K_SMAA] = {
        "n": len(view.submissions),
        "cells": len(cells),
        "region": region,
        "rows": [
            {"option": o, "first": float(res.rank_acceptability[i, 0])} for i, o in enumerate(res.option_ids)
        ],
    }


def _ask_use() -> None:
    """First step of "use the group's mean": keep the aggregate as it is now, to confirm."""
    code = st.session_state[K_FAC_CODE]
    st.session_state.pop(K_USE_PENDING, None)
    try:
        view = _ws().facilitator_view(
            code, _criteria(), secret=_secret(), configured_secret=configured_secret(), client=_client()
        )
        if view.aggregate is None:
            raise StoreError("store.err.no_submissions")
    except StoreError as exc:
        message("ws_use", "error", error_text(exc))
        return
    w = view.aggregate.weight_inputs(code)
    st.session_state[K_USE_PENDING] = {
        "code": code,
        "n": view.aggregate.n,
        "points": dict(w.points),
        "inputs": dict(w.inputs),
    }


def _cancel_use() -> None:
    st.session_state.pop(K_USE_PENDING, None)
    message("ws_use", "info", tr("page.workshop.use.cancelled"))


def _use_weights() -> None:
    """Second step: apply the confirmed aggregate (exactly what the question named) as the
    session's weights, through ``state.set_weights`` (so the Weights page can undo it)."""
    pending = st.session_state.pop(K_USE_PENDING, None)
    if not pending or pending.get("code") != st.session_state.get(K_FAC_CODE):
        return
    before = state.inputs().weights
    try:
        state.set_weights(
            state.points_from_weights(dict(pending["points"])),
            "points",
            {"from": "workshop", **dict(pending["inputs"])},
        )
    except (WeightError, StoreError) as exc:
        message("ws_use", "error", error_text(exc))
        return
    if state.inputs().weights == before:
        message("ws_use", "info", tr("page.workshop.use.unchanged"))
        return
    text = tr("page.workshop.use.done", n=pending["n"], code=pending["code"])
    if state.can_undo():
        text += " " + tr(
            "page.workshop.use.done_undo", undo=tr("ui.undo.button"), page=tr("page.weights.title")
        )
    message("ws_use", "success", text)


def _use_controls(code: str) -> None:
    """ "Use the group's mean weights": a button, then a question naming what will be
    applied, with confirm and cancel."""
    pending = st.session_state.get(K_USE_PENDING)
    if pending and pending.get("code") == code:
        st.warning(
            tr("page.workshop.use.confirm", n=pending["n"], code=pending["code"]), icon=":material/help:"
        )
        row = st.container(horizontal=True)
        row.button(
            tr("page.workshop.use.confirm_button"),
            key="ws_use_confirm",
            on_click=_use_weights,
            type="primary",
            icon=":material/check:",
        )
        row.button(tr("page.workshop.use.cancel_button"), key="ws_use_cancel", on_click=_cancel_use)
    else:
        st.button(tr("page.workshop.use_button"), key="ws_use_btn", on_click=_ask_use)


def _save_scenario() -> None:
    code = st.session_state[K_FAC_CODE]
    name = str(st.session_state.get("ws_save_name", "")).strip()
    try:
        view = _ws().facilitator_view(
            code, _criteria(), secret=_secret(), configured_secret=configured_secret(), client=_client()
        )
        if view.aggregate is None:
            raise StoreError("store.err.no_submissions")
        from appraisal.store.scenario import Scenario

        agg = view.aggregate
        who = author() or view.session.facilitator
        repo = repository()
        kept = repo.load(name).dissent if name and repo.exists(name) else ()
        inputs = state.inputs().with_changes(
            weights=agg.weight_inputs(code), regions=(_region_of(view.session),)
        )
        s = Scenario.from_inputs(
            name,
            inputs,
            author=who,
            notes=tr("page.workshop.scenario_notes", title=view.session.title, code=code, n=agg.n),
            reason=tr("page.workshop.scenario_comment", code=code),
            data_version=state.dataset().version,
            dissent=kept,
        )
        repo.save(s, actor=who, comment=tr("page.workshop.scenario_comment", code=code), action="workshop")
    except StoreError as exc:
        message("ws_use", "error", error_text(exc))
        return
    message("ws_use", "success", tr("page.workshop.scenario_saved", name=md(name)))


def spread_shown(agg: W.Aggregate | None) -> bool:
    """The group-spread chart is drawn only from ``MIN_GROUP_SPREAD`` submissions, the
    size from which participants may see the lowest and highest weights too (this screen
    may be on the projector), and only from an aggregate that holds its spread."""
    return agg is not None and not agg.withheld and agg.spread is not None and agg.n >= W.MIN_GROUP_SPREAD


def _spread(agg: W.Aggregate) -> None:
    """Where the room disagrees: each criterion's lowest-to-highest weight and the mean."""
    st.subheader(tr("page.workshop.spread.title"))
    if not spread_shown(agg):
        st.info(tr("page.workshop.spread.withheld", n=W.MIN_GROUP_SPREAD, k=agg.n), icon=":material/group:")
        return
    pr = widgets.presenter()
    groups = {c.id: c.group for c in state.dataset().criteria}
    spec = spread_chart.group_spread(agg, pr, groups)
    st.caption(tr("page.workshop.spread.help"))
    widgets.chart(
        spread_chart.spread_figure(spec, pr, state.lang()),
        pd.DataFrame(spec.table.display_rows(state.lang()), columns=spec.table.headers)
        if spec.table is not None
        else None,
        key="ws_spread_chart",
        alt=spread_chart.alt_text(spec, pr, agg.n),
    )


@st.fragment(run_every=REFRESH)
def _facilitator_live() -> None:
    code = st.session_state.get(K_FAC_CODE)
    if not code:
        return
    try:
        view = _ws().facilitator_view(
            code, _criteria(), secret=_secret(), configured_secret=configured_secret(), client=_client()
        )
    except StoreError as exc:
        st.error(error_text(exc))
        return
    region = _region_of(view.session)
    st.markdown(
        tr(
            "page.workshop.live_status",
            joined=len(view.participants),
            submitted=len(view.submissions),
            region=widgets.region_name(region),
        )
    )
    waiting = [p.name for p in view.participants if p.id not in {s.participant.id for s in view.submissions}]
    if waiting:
        st.caption(tr("page.workshop.waiting", names=md(", ".join(waiting))))
    if view.aggregate is None:
        st.info(tr("page.workshop.no_submissions"))
        return
    st.header(tr("page.workshop.aggregate_title"))
    st.caption(tr("page.workshop.aggregate_help"))
    st.table(aggregate_table(view.aggregate), hide_index=True)
    _spread(view.aggregate)
    st.header(tr("page.workshop.submissions_title"))
    st.caption(tr("page.workshop.submissions_help", region=widgets.region_name(region)))
    widgets.dataframe(_submissions_table(view.submissions, region), hide_index=True, width="stretch")


def _facilitator() -> None:
    if not _secret():
        st.markdown(tr("page.workshop.fac_unlock_help"))
        locked = _ws().guard.locked_out(_client())
        st.text_input(
            tr("page.workshop.fac_secret"),
            type="password",
            key="ws_fac_secret",
            max_chars=200,
            disabled=locked is not None,
        )
        st.button(
            tr("page.workshop.fac_unlock"),
            key="ws_fac_unlock",
            on_click=_unlock,
            icon=":material/lock_open:",
            disabled=locked is not None,
        )
        show_message("ws_fac")
        if locked is not None:
            st.warning(tr("page.workshop.fac_locked_help"))
        return
    ds = state.dataset()
    with st.expander(
        tr("page.workshop.open_title"), expanded=not st.session_state.get(K_FAC_CODE), icon=":material/add:"
    ):
        st.text_input(tr("page.workshop.session_title"), key="ws_new_title", max_chars=W.TITLE_MAX)
        if "ws_new_facilitator" not in st.session_state:
            st.session_state["ws_new_facilitator"] = author()
        st.text_input(tr("page.workshop.facilitator_name"), key="ws_new_facilitator", max_chars=W.PERSON_MAX)
        if "ws_new_region" not in st.session_state:
            st.session_state["ws_new_region"] = state.region_id()
        st.selectbox(
            tr("page.workshop.region"),
            ds.region_ids,
            key="ws_new_region",
            format_func=widgets.fixed_labels(ds.region_ids, widgets.region_name),
        )
        st.button(tr("page.workshop.open_button"), key="ws_open_btn", on_click=_open, type="primary")
        sessions = [
            s
            for s in _ws().sessions(secret=_secret(), configured_secret=configured_secret(), client=_client())
        ]
        if sessions:
            st.selectbox(
                tr("page.workshop.resume"),
                [s.code for s in sessions],
                key="ws_resume",
                format_func=lambda c: next(f"{s.code} · {s.title}" for s in sessions if s.code == c),
            )
            st.button(tr("page.workshop.resume_button"), key="ws_resume_btn", on_click=_resume)
    show_message("ws_fac")
    code = st.session_state.get(K_FAC_CODE)
    if not code:
        return
    try:
        info = _ws().session(code)
    except StoreError as exc:
        st.error(error_text(exc))
        return
    st.markdown(tr("page.workshop.join_code_is", code=info.code, title=md(info.title)))
    st.caption(tr("page.workshop.join_code_help"))
    link = join_link(info.code)
    if link:
        link_col, qr_col = st.columns([3, 1])
        link_col.caption(tr("page.workshop.join_link"))
        link_col.code(link, language=None)
        qr.show_join_qr(qr_col, link, info.code)
    st.session_state["ws_reveal"] = info.reveal_individual
    c1, c2 = st.columns(2)
    c1.toggle(
        tr("page.workshop.reveal"),
        key="ws_reveal",
        on_change=_set_reveal,
        help=tr("page.workshop.reveal_help"),
    )
    if info.is_open:
        c2.button(tr("page.workshop.close_button"), key="ws_close_btn", on_click=_close, args=(False,))
    else:
        c2.warning(tr("page.workshop.closed"))
        c2.button(tr("page.workshop.reopen_button"), key="ws_close_btn", on_click=_close, args=(True,))
    _facilitator_live()
    cf = _cf()
    conf.facilitator_checks(cf, info.code, _auth(), "gut")
    conf.round_controls(cf, info.code, _auth())
    conf.facilitator_checks(cf, info.code, _auth(), "cells")
    st.header(tr("page.workshop.smaa_title"))
    st.caption(tr("page.workshop.smaa_help", n=SMAA_SAMPLES))
    st.button(
        tr("page.workshop.smaa_button"),
        key="ws_smaa_btn",
        on_click=_run_group_acceptability,
        icon=":material/casino:",
    )
    show_message("ws_smaa")
    res = st.session_state.get(K_SMAA)
    if res:
        st.caption(tr("page.workshop.smaa_result", n=res["n"], region=widgets.region_name(res["region"])))
        if res.get("cells"):
            st.caption(tr("dc.f.smaa_cells", n=res["cells"]))
        st.table(
            pd.DataFrame(
                {
                    tr("ui.col.option"): [widgets.option_name(r["option"]) for r in res["rows"]],
                    tr("page.workshop.col.first"): [f"{100 * r['first']:.1f}" for r in res["rows"]],
                }
            ),
            hide_index=True,
        )
    st.header(tr("page.workshop.use_title"))
    c1, c2 = st.columns(2)
    with c1:
        _use_controls(code)
    c2.text_input(tr("page.workshop.save_name"), key="ws_save_name", max_chars=120)
    c2.button(tr("page.workshop.save_button"), key="ws_save_btn", on_click=_save_scenario)
    show_message("ws_use")


# ----------------------------------------------------------------------------- participant


def _join() -> None:
    try:
        _, token = _ws().join(
            str(st.session_state.get("ws_join_code", "")),
            name=str(st.session_state.get("ws_join_name", "")),
            role=str(st.session_state.get("ws_join_role", "")),
            organisation=str(st.session_state.get("ws_join_org", "")),
        )
    except StoreError as exc:
        message("ws_join", "error", error_text(exc))
        return
    st.session_state[K_TOKEN] = token
    st.session_state[K_NONCE] = W.new_nonce()


def _leave() -> None:
    st.session_state.pop(K_TOKEN, None)


def _inputs(method: str) -> dict:
    ids = _criteria()
    if method == "swing":
        return {c: float(st.session_state.get(f"ws_p_swing_{c}", SWING_MAX)) for c in ids}
    if method == "rank":
        return {c: int(st.session_state.get(f"ws_p_rank_{c}", 1)) for c in ids}
    return {c: float(st.session_state.get(f"ws_p_pts_{c}", POINTS_DEFAULT)) for c in ids}


def _submit() -> None:
    method = str(st.session_state.get("ws_p_method", "points"))
    try:
        _ws().submit(
            st.session_state.get(K_TOKEN, ""),
            method,
            _inputs(method),
            _criteria(),
            nonce=st.session_state.get(K_NONCE) or W.new_nonce(),
        )
    except StoreError as exc:
        message("ws_submit", "error", error_text(exc))
        return
    st.session_state[K_NONCE] = W.new_nonce()
    message("ws_submit", "success", tr("page.workshop.submitted"))


@st.fragment(run_every=REFRESH)
def _participant_live() -> None:
    token = st.session_state.get(K_TOKEN)
    if not token:
        return
    try:
        view = _ws().participant_view(token, _criteria())
        if conf.round_changed(_cf(), token):  # a scoring round opened or closed: redraw the form
            st.rerun()
    except StoreError as exc:
        st.error(error_text(exc))
        return
    if not view.session.is_open:
        st.warning(tr("store.err.session_closed"))
    st.markdown(tr("page.workshop.p_status", submitted=view.n_submitted, joined=view.n_participants))
    if view.withheld == "all":
        st.info(tr("page.workshop.withheld_all", n=W.MIN_GROUP_MEAN))
    if view.aggregate is None:
        return
    st.header(tr("page.workshop.aggregate_title"))
    if view.withheld == "spread":
        st.caption(tr("page.workshop.withheld_spread", n=W.MIN_GROUP_SPREAD))
    # a grid, not st.table: on a phone its eight columns scroll inside it and the grid
    # takes the keyboard, where a static table's scroll box cannot be reached (axe:
    # scrollable-region-focusable). Not pinned: a pinned criterion column as wide as its
    # names would fill a phone's width and hide every number.
    widgets.dataframe(aggregate_table(view.aggregate), hide_index=True, width="stretch", key="ws_p_aggregate")
    if view.others is not None:
        st.header(tr("page.workshop.others_title"))
        widgets.dataframe(
            _submissions_table(view.others, _region_of(view.session), with_top=False), hide_index=True
        )


def _weight_inputs() -> None:
    """The participant's weights, as on the Weights page: the same scales and steps, the
    criteria under their group headings in the dataset's order, each with the same help."""
    ids = _criteria()
    st.header(tr("page.workshop.form.title"))
    method = st.radio(
        tr("page.workshop.method"),
        W.PARTICIPANT_METHODS,
        key="ws_p_method",
        format_func=widgets.fixed_labels(W.PARTICIPANT_METHODS, lambda m: tr(f"page.workshop.method.{m}")),
        horizontal=True,
    )
    max_text = widgets.fmt_num(POINTS_MAX, 0)  # the points help says the scale and the page it matches
    st.caption(tr(f"page.workshop.method_help.{method}", max=max_text, page=tr("page.weights.title")))
    vals = _inputs(method)
    total = sum(vals.values()) if method == "points" else 0.0
    if method == "swing" and max(vals.values(), default=0.0) != SWING_MAX:
        st.warning(tr("page.workshop.form.swing_need_100", top=f"{max(vals.values(), default=0.0):g}"))
    lg = state.lang()
    for gid, members in _criteria_by_group():
        heading = widgets.group_name(gid)
        if method == "points":
            share = sum(vals[c.id] for c in members) / total if total > 0 else None
            heading = f"{heading} · {widgets.fmt_pct(share)}"
        st.subheader(state.md(heading))
        for k, c in enumerate(members):
            if k % 2 == 0:  # a row of two per pair: read (and stacked on a phone) in data order
                cols = st.columns(2, gap="medium")
            col = cols[k % 2]
            name = localised(c, "name", lg)
            if method == "points":
                col.slider(
                    name,
                    min_value=0.0,
                    max_value=POINTS_MAX,
                    value=POINTS_DEFAULT,
                    step=POINTS_STEP,
                    format="%.1f",
                    key=f"ws_p_pts_{c.id}",
                    help=_crit_help(c),
                )
                share = vals[c.id] / total if total > 0 else None
                col.caption(tr("page.workshop.form.points_caption", pct=widgets.fmt_pct(share, 1)))
            elif method == "swing":
                col.slider(
                    name,
                    min_value=0.0,
                    max_value=SWING_MAX,
                    value=SWING_MAX,
                    step=SWING_STEP,
                    format="%.0f",
                    key=f"ws_p_swing_{c.id}",
                    help=tr("page.weights.swing.slider_help_swing", swing=state.md(_swing_text(c, lg))),
                )
                col.caption(state.md(_swing_text(c, lg)))
            else:
                col.selectbox(
                    name,
                    list(range(1, len(ids) + 1)),
                    index=ids.index(c.id),
                    key=f"ws_p_rank_{c.id}",
                    help=_crit_help(c),
                )


def _participant() -> None:
    token = st.session_state.get(K_TOKEN)
    me = None
    if token:
        try:
            me = _ws().participant(token)
        except StoreError:
            st.session_state.pop(K_TOKEN, None)
    if me is None:
        st.markdown(tr("page.workshop.join_help"))
        if "ws_join_code" not in st.session_state:
            qp = st.query_params.get("code")
            st.session_state["ws_join_code"] = str(qp)[: W.CODE_LEN + 4] if qp else ""
        st.text_input(tr("page.workshop.join_code"), key="ws_join_code", max_chars=W.CODE_LEN + 4)
        st.text_input(tr("page.workshop.your_name"), key="ws_join_name", max_chars=W.PERSON_MAX)
        st.text_input(tr("page.workshop.your_role"), key="ws_join_role", max_chars=W.PERSON_MAX)
        st.text_input(tr("page.workshop.your_org"), key="ws_join_org", max_chars=W.ORG_MAX)
        st.button(tr("page.workshop.join_button"), key="ws_join_btn", on_click=_join, type="primary")
        show_message("ws_join")
        return
    info = _ws().session(me.code)
    st.markdown(tr("page.workshop.joined_as", name=md(me.name), title=md(info.title), code=me.code))
    _weight_inputs()
    st.button(tr("page.workshop.submit_button"), key="ws_p_submit", on_click=_submit, type="primary")
    show_message("ws_submit")
    region = _region_of(info)
    conf.gut_form(_cf(), token, region)
    conf.round_form(_cf(), token, region)
    _participant_live()
    st.button(tr("page.workshop.leave_button"), key="ws_leave_btn", on_click=_leave)


# ----------------------------------------------------------------------------- page


def render() -> None:
    widgets.intro("workshop")
    try:
        repository()
    except StoreError as exc:
        st.error(error_text(exc))
        return
    if "ws_role" not in st.session_state:
        st.session_state["ws_role"] = "participant"
    st.radio(
        tr("page.workshop.role"),
        ("participant", "facilitator"),
        key="ws_role",
        format_func=widgets.fixed_labels(
            ("participant", "facilitator"), lambda r: tr(f"page.workshop.role.{r}")
        ),
        horizontal=True,
    )
    if st.session_state.get("ws_role") == "facilitator":
        _facilitator()
    else:
        _participant()
