"""Criteria and weights: five ways to set the weights, with the ranking updating live.

Methods (appraisal.mcda.weights): points (sliders), swing weighting, rank-order
centroid from a ranking, AHP pairwise comparisons (groups, then criteria within each
group, with Saaty's consistency ratio), and group weights (hierarchical). Whatever the
method, the result is stored as points (state.set_weights), so every page, the link
and the report see the same weights. Each method keeps its own inputs while the user
switches between them. The editor is a fragment: moving a slider reruns only it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from appraisal.charts.mcda import rank_change_label, ranking_svg, weights_svg
from appraisal.errors import WeightError
from appraisal.i18n import localised
from appraisal.mcda import weights as W
from appraisal.model import Criterion
from appraisal.ui import engine, state, widgets
from appraisal.ui.html_table import HtmlColumn, html_table
from appraisal.ui.state import tr

PAGE = {"key": "weights", "title_key": "page.weights.title", "icon": ":material/balance:", "order": 20}

#: Swing weighting first: the default, as the MCA manual recommends (DCLG 2009, 6.2.10).
METHODS = ("swing", "points", "rank", "ahp", "hierarchical")
#: Glossary entries linked under the intro (first met on this page).
TERMS = ("swing_weighting", "rank_order_centroid", "ahp")
K_VIEW = "weights_method_view"  # canonical: which method panel is open
W_VIEW = "w_weights_method_view"
W_SWING = "w_swing_"
W_GROUP = "w_group_"
W_AHP = "w_ahp_"
K_RANK_VER = "weights_rank_editor_version"
#: Fragment keys: the editor (method panel + ranking) and the live ranking inside it. A
#: swing move reruns only RANKING; undo, redo and the other panels rerun EDITOR.
EDITOR = "weights_editor"
RANKING = "weights_ranking"
#: The inputs scroll inside a box of this height, so the ranking beside them stays in
#: view on a 1080p projector while any weight is moved.
PANEL_HEIGHT = 620
#: Saaty judgements as signed integers: k > 1 'first item k times as important', -k
#: 'second item k times as important', 1 equal. The slider runs from 'first 9x' on the
#: left to 'second 9x' on the right, matching the question 'first or second?'.
AHP_SCALE: tuple[int, ...] = (9, 8, 7, 6, 5, 4, 3, 2, 1, -2, -3, -4, -5, -6, -7, -8, -9)


# ----------------------------------------------------------------------------- helpers

# Each panel gets ``area``: the container above the scrolling inputs box, for what must
# stay in view (method notes, consistency warnings).


def _criteria_by_group() -> list[tuple[str, list[Criterion]]]:
    ds = state.dataset()
    return [(g.id, [c for c in ds.criteria if c.group == g.id]) for g in ds.groups]


def _current_weights() -> dict[str, float]:
    ids = state.dataset().criterion_ids
    return dict(zip(ids, W.normalise(state.weight_points(), ids)))


def _apply(weights: dict[str, float], method: str, inputs: dict) -> None:
    """Store weights from a method as points (raises WeightError, state unchanged)."""
    state.set_weights(state.points_from_weights(weights), method, inputs)


def _crit_help(c: Criterion) -> str:
    lg = state.lang()
    return tr(
        "page.weights.slider_help",
        description=localised(c, "description", lg),
        default=f"{c.weight.value:g}",
        status=widgets.status_label(c.weight.status),
        source=c.weight.source,
    )


def _restart_method(method: str, prefix: str) -> None:
    """Forget a method's inputs so they are rebuilt from the current weights."""
    allm = dict(st.session_state.get(state.K_METHOD_INPUTS) or {})
    allm.pop(method, None)
    st.session_state[state.K_METHOD_INPUTS] = allm
    for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[k]
    if method == "rank":
        st.session_state[K_RANK_VER] = st.session_state.get(K_RANK_VER, 0) + 1


def _method_note(method: str, prefix: str, area) -> None:
    """Say which method set the current weights, when it is not this one."""
    current = state.weight_method()
    if current == method:
        area.caption(tr("page.weights.method_active"))
        return
    area.info(tr("page.weights.method_other", method=tr(f"ui.method.{current}")), icon=":material/info:")
    if state.method_inputs(method) is not None:
        area.button(
            tr("page.weights.restart_method"),
            on_click=_restart_method,
            args=(method, prefix),
            icon=":material/sync:",
            key=f"restart_{method}",
        )


# ----------------------------------------------------------------------------- points


def _equal_points() -> None:
    ids = state.dataset().criterion_ids
    state.set_weights(dict.fromkeys(ids, state.POINTS_TOP / 2), "points", {"equal": True})


def _points_panel(area) -> None:
    state.seed_point_widgets()
    pts = state.weight_points()
    total = sum(pts.values()) or 1.0
    lg = state.lang()
    row = st.container(horizontal=True)  # wraps instead of cutting long (Welsh) labels
    row.button(
        tr("page.weights.reset"),
        on_click=state.reset_weights,
        icon=":material/restart_alt:",
        width="content",
        disabled=state.weights_are_default(),
    )
    row.button(
        tr("page.weights.equal"), on_click=_equal_points, icon=":material/drag_handle:", width="content"
    )
    for gid, members in _criteria_by_group():
        share = sum(pts[c.id] for c in members) / total
        st.markdown(f"## {widgets.group_name(gid)} · {widgets.fmt_pct(share)}")
        cols = st.columns(2, gap="medium")
        for k, c in enumerate(members):
            with cols[k % 2]:
                st.slider(
                    localised(c, "name", lg),
                    min_value=0.0,
                    max_value=state.POINTS_MAX,
                    step=state.POINTS_STEP,
                    format="%.1f",
                    key=state.W_POINTS + c.id,
                    on_change=state.on_point_widget,
                    args=(c.id,),
                    help=_crit_help(c),
                )
                st.caption(
                    tr(
                        "page.weights.slider_caption",
                        pct=widgets.fmt_pct(pts[c.id] / total, 1),
                        default=f"{c.weight.value:g}",
                        status=widgets.status_label(c.weight.status),
                    )
                )


# ----------------------------------------------------------------------------- swing


def _swing_inputs() -> dict[str, float]:
    ids = state.dataset().criterion_ids
    got = state.method_inputs("swing")
    if isinstance(got, dict) and set(got) == set(ids):
        return dict(got)
    w = _current_weights()
    top = max(w.values()) or 1.0
    return {c: float(round(100 * w[c] / top)) for c in ids}


def _on_swing() -> None:
    ids = state.dataset().criterion_ids
    vals = {c: float(st.session_state.get(W_SWING + c, 0.0)) for c in ids}
    shown = _swing_inputs()  # what the panel was drawn from
    state.set_method_inputs("swing", vals)
    try:
        W.swing(vals, ids)
    except WeightError:
        return  # the panel explains what to fix; the weights stay as they were
    # the swings themselves are the points (a ratio scale): rounding them to the points
    # slider's step would lose a move of a few swing points
    state.set_weights(dict(vals), "swing", {"swings": vals})
    if _needs_rescale(shown) == _needs_rescale(vals):
        # the sliders already show the move and nothing else in the panel changes:
        # redraw only the live ranking (a keyed fragment rerun), not 19 sliders
        st.rerun(RANKING)


def _needs_rescale(vals: dict[str, float]) -> bool:
    """True when no swing is 100 (the panel then asks to rescale)."""
    return (max(vals.values()) if vals else 0) != 100


def _swing_rescale() -> None:
    vals = _swing_inputs()
    top = max(vals.values())
    if top <= 0:
        return
    new = {c: float(round(100 * v / top)) for c, v in vals.items()}
    for c, v in new.items():
        st.session_state[W_SWING + c] = v
    _on_swing()


def _swing_text(c: Criterion, lg: str) -> str:
    """The criterion's swing from its worst to its best level, in words (plain text)."""
    return localised(c, "swing", lg) or tr(
        "page.weights.swing.from_to",
        worst=localised(c.value_function.low, "meaning", lg),
        best=localised(c.value_function.high, "meaning", lg),
    )


def _swing_panel(area) -> None:
    vals = _swing_inputs()
    lg = state.lang()
    for c, v in vals.items():
        if W_SWING + c not in st.session_state:
            st.session_state[W_SWING + c] = v
    _method_note("swing", W_SWING, area)
    st.markdown(tr("page.weights.swing.explain"))
    with st.expander(tr("page.weights.swing.anchors"), icon=":material/swap_vert:"):
        widgets.dataframe(
            pd.DataFrame(
                {
                    tr("ui.col.criterion"): [localised(c, "name", lg) for c in state.dataset().criteria],
                    tr("ui.col.swing"): [_swing_text(c, lg) for c in state.dataset().criteria],
                    tr("ui.col.default_swing"): [c.weight.value for c in state.dataset().criteria],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    top = max(vals.values()) if vals else 0
    if _needs_rescale(vals):
        area.warning(tr("page.weights.swing.need_100", top=f"{top:g}"))
        area.button(tr("page.weights.swing.rescale"), on_click=_swing_rescale, icon=":material/straighten:")
    for gid, members in _criteria_by_group():
        st.markdown(f"## {widgets.group_name(gid)}")
        cols = st.columns(2, gap="medium")
        for k, c in enumerate(members):
            with cols[k % 2]:
                st.slider(
                    localised(c, "name", lg),
                    min_value=0.0,
                    max_value=100.0,
                    step=1.0,
                    format="%.0f",
                    key=W_SWING + c.id,
                    on_change=_on_swing,
                    help=tr("page.weights.swing.slider_help_swing", swing=state.md(_swing_text(c, lg))),
                )
                st.caption(state.md(_swing_text(c, lg)))


# ----------------------------------------------------------------------------- ranking


def _rank_inputs() -> dict[str, int]:
    ids = state.dataset().criterion_ids
    got = state.method_inputs("rank")
    if isinstance(got, dict) and set(got) == set(ids):
        return {c: int(v) for c, v in got.items()}
    w = _current_weights()
    # competition ranking: 1 + number of criteria with a larger weight (ties share)
    return {c: 1 + sum(1 for d in ids if w[d] > w[c] + 1e-12) for c in ids}


def tiers_from_ranks(ranks: dict[str, int]) -> list[list[str]]:
    """Criteria grouped by rank number, most important first (equal numbers tie)."""
    return [[c for c, r in ranks.items() if r == k] for k in sorted(set(ranks.values()))]


def _apply_ranking(ranks: dict[str, int]) -> None:
    ids = state.dataset().criterion_ids
    tiers = tiers_from_ranks(ranks)
    ws = W.rank_order_centroid(tiers, ids)
    _apply(ws.as_dict(), "rank", {"ranking": tiers})


def _rank_panel(area) -> None:
    ds = state.dataset()
    lg = state.lang()
    ranks = _rank_inputs()
    n = len(ds.criteria)
    _method_note("rank", "w_rank_editor_", area)
    st.markdown(tr("page.weights.rank.explain", n=n))
    ver = st.session_state.get(K_RANK_VER, 0)
    df = pd.DataFrame(
        {
            "id": [c.id for c in ds.criteria],
            "group": [widgets.group_name(c.group) for c in ds.criteria],
            "criterion": [localised(c, "name", lg) for c in ds.criteria],
            "rank": [ranks[c.id] for c in ds.criteria],
        }
    )
    edited = widgets.data_editor(
        df,
        key=f"w_rank_editor_{ver}",
        hide_index=True,
        width="stretch",
        height=38 * (n + 1) + 4,
        disabled=["id", "group", "criterion"],
        column_order=["group", "criterion", "rank"],
        column_config={
            "group": st.column_config.TextColumn(tr("ui.col.group"), width="small"),
            "criterion": st.column_config.TextColumn(tr("ui.col.criterion"), width="large"),
            "rank": st.column_config.NumberColumn(
                tr("ui.col.rank_input"), help=tr("page.weights.rank.col_help", n=n), step=1, width="small"
            ),
        },
    )
    new: dict[str, int] = {}
    bad = []
    for cid, r in zip(edited["id"], edited["rank"]):
        try:
            v = float(r)
        except (TypeError, ValueError):
            v = float("nan")
        if not np.isfinite(v) or v < 1 or v > n or v != int(v):
            bad.append(cid)
            new[cid] = ranks[cid]
        else:
            new[cid] = int(v)
    if bad:
        st.error(
            tr("page.weights.rank.invalid", n=n, criteria=", ".join(widgets.criterion_name(c) for c in bad))
        )
    changed = new != ranks
    if changed:
        state.set_method_inputs("rank", new)
        try:
            _apply_ranking(new)
        except WeightError as exc:
            st.error(tr("ui.error.weights", message=str(exc)))
        else:
            st.rerun()  # the ranking beside this panel was drawn before the edit arrived
    elif state.weight_method() != "rank":
        st.button(
            tr("page.weights.rank.apply"),
            on_click=_apply_ranking,
            args=(new,),
            icon=":material/format_list_numbered:",
            type="primary",
        )
    with st.expander(tr("page.weights.rank.roc_table"), icon=":material/table:"):
        roc = W.roc_vector(n)
        widgets.dataframe(
            pd.DataFrame({tr("ui.col.position"): range(1, n + 1), tr("ui.col.weight_pct"): 100 * roc}),
            hide_index=True,
            column_config={tr("ui.col.weight_pct"): st.column_config.NumberColumn(format="%.1f%%")},
        )
        st.caption(tr("page.weights.rank.source"))


# ----------------------------------------------------------------------------- AHP


def _ahp_levels() -> list[tuple[str, list[str]]]:
    """('groups', group ids) then (group id, criterion ids) for groups with 2+ criteria."""
    ds = state.dataset()
    levels = [("groups", [g.id for g in ds.groups])]
    for gid, members in _criteria_by_group():
        if len(members) >= 2:
            levels.append((gid, [c.id for c in members]))
    return levels


def _pair_key(level: str, a: str, b: str) -> str:
    return f"{W_AHP}{level}__{a}__{b}"


def _snap(ratio: float) -> int:
    """Nearest signed Saaty judgement to a weight ratio."""
    if ratio >= 1:
        return int(min(9, max(1, round(ratio))))
    k = int(min(9, max(1, round(1 / ratio))))
    return 1 if k == 1 else -k


def _judgement_value(v: int) -> float:
    return float(v) if v >= 1 else 1.0 / abs(v)


def _ahp_inputs() -> dict[str, int]:
    """Every pair's judgement, keyed by widget key (initialised from current weights)."""
    got = state.method_inputs("ahp")
    got = dict(got) if isinstance(got, dict) else {}
    w = _current_weights()
    ds = state.dataset()
    gw = {g.id: sum(w[c.id] for c in ds.criteria if c.group == g.id) for g in ds.groups}
    out = {}
    for level, ids in _ahp_levels():
        ref = gw if level == "groups" else w
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                k = _pair_key(level, a, b)
                if k in got and got[k] in AHP_SCALE:
                    out[k] = int(got[k])
                else:
                    out[k] = _snap(ref[a] / ref[b]) if ref[b] > 0 else 9
    return out


def ahp_level_result(level: str, ids: Sequence[str], judgements: dict[str, int]) -> W.AHPResult:
    pairs = {
        (a, b): _judgement_value(judgements[_pair_key(level, a, b)])
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    }
    return W.ahp_priorities(W.pairwise_matrix(pairs, list(ids)))


def most_inconsistent_pair(res: W.AHPResult, ids: Sequence[str]) -> tuple[str, str]:
    """The judgement furthest from the ratio of the derived priorities."""
    m, w = res.matrix, res.weights
    best, pair = -1.0, (ids[0], ids[1])
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            dev = abs(np.log(m[i, j] * w[j] / w[i]))
            if dev > best:
                best, pair = dev, (ids[i], ids[j])
    return pair


def _ahp_global(judgements: dict[str, int]) -> tuple[dict[str, float], dict[str, W.AHPResult]]:
    ds = state.dataset()
    results = {level: ahp_level_result(level, ids, judgements) for level, ids in _ahp_levels()}
    gp = dict(zip([g.id for g in ds.groups], results["groups"].weights))
    out: dict[str, float] = {}
    for gid, members in _criteria_by_group():
        if gid in results:
            within = dict(zip([c.id for c in members], results[gid].weights))
        else:
            within = {c.id: 1.0 / len(members) for c in members}
        for c in members:
            out[c.id] = float(gp[gid] * within[c.id])
    return out, results


def _on_ahp() -> None:
    judg = _ahp_inputs()
    for k in judg:
        if k in st.session_state:
            judg[k] = int(st.session_state[k])
    state.set_method_inputs("ahp", judg)
    glob, results = _ahp_global(judg)
    _apply(
        glob,
        "ahp",
        {"judgements": judg, "cr": {lv: round(r.cr, 4) for lv, r in results.items()}},
    )


def _pair_label(v: int, a: str, b: str) -> str:
    if v == 1:
        return tr("page.weights.ahp.equal")
    return tr("page.weights.ahp.times", name=a if v > 1 else b, k=abs(v))


def ahp_started(judgements: dict[str, int]) -> bool:
    """Whether the user has made a comparison: AHP judgements of theirs exist (the
    sliders otherwise start from the current weights) and one differs from 'equal'.
    Until then the consistency check has nothing of theirs to judge."""
    mine = state.weight_method() == "ahp" or state.method_inputs("ahp") is not None
    return mine and any(v != 1 for v in judgements.values())


def _ahp_matrix_block(
    level: str, ids: list[str], judg: dict[str, int], res: W.AHPResult, started: bool = True
) -> None:
    names = {i: (widgets.group_name(i) if level == "groups" else widgets.criterion_name(i)) for i in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            k = _pair_key(level, a, b)
            if k not in st.session_state:
                st.session_state[k] = judg[k]
            st.select_slider(
                tr("page.weights.ahp.pair", a=names[a], b=names[b]),
                options=AHP_SCALE,
                key=k,
                format_func=widgets.fixed_labels(
                    AHP_SCALE, lambda v, a=names[a], b=names[b]: _pair_label(v, a, b)
                ),
                on_change=_on_ahp,
                help=tr("page.weights.ahp.pair_help", a=names[a], b=names[b]),
            )
    n = len(ids)
    if n >= 3:
        msg = tr("page.weights.ahp.cr", cr=f"{res.cr:.2f}", threshold=f"{W.CR_THRESHOLD:.2f}")
        if res.cr > W.CR_THRESHOLD:
            a, b = most_inconsistent_pair(res, ids)
            st.warning(
                msg + " " + tr("page.weights.ahp.inconsistent", a=names[a], b=names[b]),
                icon=":material/warning:",
            )
        elif not started:
            st.caption(msg)  # no judgement of the user's to call consistent yet
        else:
            st.success(msg + " " + tr("page.weights.ahp.consistent"), icon=":material/check_circle:")
    else:
        st.caption(tr("page.weights.ahp.cr_small"))
    st.caption(
        tr(
            "page.weights.ahp.priorities",
            list=", ".join(f"{names[i]} {widgets.fmt_pct(w)}" for i, w in zip(ids, res.weights)),
        )
    )


def _ahp_panel(area) -> None:
    judg = _ahp_inputs()
    for k in judg:
        if k in st.session_state:
            judg[k] = int(st.session_state[k])
    _method_note("ahp", W_AHP, area)
    st.markdown(tr("page.weights.ahp.explain"))
    try:
        _, results = _ahp_global(judg)
    except WeightError as exc:
        st.error(tr("ui.error.weights", message=str(exc)))
        return
    levels = _ahp_levels()
    n_pairs = sum(len(ids) * (len(ids) - 1) // 2 for _, ids in levels)
    st.caption(tr("page.weights.ahp.count", n=n_pairs))
    if state.weight_method() != "ahp":
        area.button(
            tr("page.weights.ahp.apply"), on_click=_on_ahp, icon=":material/done_all:", type="primary"
        )
    bad = [lv for lv, r in results.items() if r.cr > W.CR_THRESHOLD]
    started = ahp_started(judg)
    if bad:
        names = [
            tr("page.weights.ahp.step_groups_short") if lv == "groups" else widgets.group_name(lv)
            for lv in bad
        ]
        worst = max(results[lv].cr for lv in bad)
        area.warning(
            tr(
                "page.weights.ahp.any_inconsistent",
                n=len(bad),
                where=", ".join(names),
                cr=f"{worst:.2f}",
                threshold=f"{W.CR_THRESHOLD:.2f}",
            ),
            icon=":material/warning:",
        )
    elif not started:
        area.info(tr("page.weights.ahp.not_started"), icon=":material/info:")
    else:
        area.success(
            tr("page.weights.ahp.all_consistent", threshold=f"{W.CR_THRESHOLD:.2f}"),
            icon=":material/check_circle:",
        )
    st.markdown(f"## {tr('page.weights.ahp.step_groups')}")
    _ahp_matrix_block("groups", levels[0][1], judg, results["groups"], started)
    st.markdown(f"## {tr('page.weights.ahp.step_within')}")
    for level, ids in levels[1:]:
        flag = " ⚠" if results[level].cr > W.CR_THRESHOLD else ""
        with st.expander(tr("page.weights.ahp.within", group=widgets.group_name(level)) + flag):
            _ahp_matrix_block(level, ids, judg, results[level], started)
    with st.expander(tr("page.weights.ahp.scale_title"), icon=":material/info:"):
        st.markdown(tr("page.weights.ahp.scale"))


# ----------------------------------------------------------------------------- groups


def _group_inputs() -> dict[str, float]:
    ds = state.dataset()
    got = state.method_inputs("hierarchical")
    if isinstance(got, dict) and set(got) == {g.id for g in ds.groups}:
        return dict(got)
    w = _current_weights()
    return {g.id: float(round(100 * sum(w[c.id] for c in ds.criteria if c.group == g.id))) for g in ds.groups}


def _on_group() -> None:
    ds = state.dataset()
    vals = {g.id: float(st.session_state.get(W_GROUP + g.id, 0.0)) for g in ds.groups}
    state.set_method_inputs("hierarchical", vals)
    try:
        ws = W.hierarchical(vals, state.weight_points(), {c.id: c.group for c in ds.criteria})
    except WeightError as exc:
        state.notify("error", tr("ui.error.weights", message=str(exc)))
        return
    _apply(ws.as_dict(), "hierarchical", {"groups": vals})


def _group_panel(area) -> None:
    ds = state.dataset()
    vals = _group_inputs()
    for g, v in vals.items():
        if W_GROUP + g not in st.session_state:
            st.session_state[W_GROUP + g] = v
    _method_note("hierarchical", W_GROUP, area)
    st.markdown(tr("page.weights.groups.explain"))
    total = sum(vals.values()) or 1.0
    pts = state.weight_points()
    for gid, members in _criteria_by_group():
        st.slider(
            widgets.group_name(gid),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%.0f",
            key=W_GROUP + gid,
            on_change=_on_group,
            help=localised(next(g for g in ds.groups if g.id == gid), "description", state.lang()),
        )
        inner = sum(pts[c.id] for c in members) or 1.0
        st.caption(
            tr(
                "page.weights.groups.caption",
                pct=widgets.fmt_pct(vals[gid] / total),
                within=", ".join(
                    f"{widgets.criterion_name(c.id)} {widgets.fmt_pct(pts[c.id] / inner)}" for c in members
                ),
            )
        )


# ----------------------------------------------------------------------------- ranking panel


def ranking_rows(res, base, before: dict[str, int] | None = None) -> list[dict[str, object]]:
    """The live ranking's table equivalent, best first: rank, option, total, change from
    the default weights' rank, that rank, and (after a change) the rank before it."""
    lg = state.lang()
    rows = []
    for i in res.order:
        oid = res.problem.options[i].id
        rows.append(
            {
                "rank": int(res.ranks[i]),
                "option": localised(res.problem.options[i], "name", lg),
                "total": widgets.fmt_num(float(res.totals[i]), 1),
                "change": rank_change_label(int(base.ranks[i]), int(res.ranks[i])),
                "default_rank": int(base.ranks[i]),
                "rank_before": "–" if before is None or before.get(oid) is None else before[oid],
            }
        )
    return rows


def ranking_table(res, base, before: dict[str, int] | None = None) -> str:
    """:func:`ranking_rows` as an HTML table (the option names the rows)."""
    cols = [
        HtmlColumn("option", tr("ui.col.option"), min_rem=9),
        HtmlColumn("rank", tr("ui.col.rank"), numeric=True),
        HtmlColumn("total", tr("ui.col.total"), numeric=True),
        HtmlColumn("change", tr("ui.col.change")),
        HtmlColumn("default_rank", tr("ui.col.default_rank"), numeric=True),
    ]
    if before is not None:
        cols.append(HtmlColumn("rank_before", tr("ui.col.rank_before"), numeric=True))
    return html_table(ranking_rows(res, base, before), cols, label=tr("page.weights.ranking_alt"))


def ranks_before_last_change(rid: str) -> dict[str, int] | None:
    """Each option's rank under the weights in force before the last weight change (the
    run is cached, and only its MCDA part is read), or None before any change."""
    got = state.weights_before_last_change()
    if got is None:
        return None
    res = engine.results(state.inputs().with_changes(weights=got[0])).region(rid).mcda
    return {o.id: int(r) for o, r in zip(res.problem.options, res.ranks)}


def _ranking_panel() -> None:
    rid = state.region_id()
    reg = engine.region(rid)
    res = reg.mcda
    base = engine.results(state.inputs().with_changes(weights=None)).region(rid).mcda
    before = ranks_before_last_change(rid)
    moved = before is not None and any(
        before.get(o.id) != int(r) for o, r in zip(res.problem.options, res.ranks)
    )
    lg = state.lang()
    st.header(tr("page.weights.ranking_title", region=widgets.region_name(rid)))
    st.markdown(widgets.top_line(reg))
    # SMAA (~0.1 s) is drawn after the ranking is on its way: its line sits above the
    # chart on the page but is filled in last, so the ranking moves first
    sure = st.empty()
    if res.top != base.top:
        st.info(
            tr("page.weights.top_changed", option=widgets.option_name(base.top[0])),
            icon=":material/swap_vert:",
        )
    # drawn on the server (SVG): the browser paints it with the rerun's delta, where a
    # plotly chart is re-laid out first (most of the wait after a slider move)
    alt = tr("page.weights.ranking_alt")
    widgets.picture(
        ranking_svg(res, lg, alt=alt, before=before if moved else None),
        ranking_table(res, base, before),
        key="weights_ranking_chart",
        alt=alt,
    )
    if moved:
        st.caption(tr("page.weights.before_caption"))
    sure.markdown(widgets.sure_line(reg))
    st.markdown(f"### {tr('page.weights.group_weights_title')}")
    pts = state.weight_points()
    wrows = [
        {
            "criterion": localised(c, "name", lg),
            "group": widgets.group_name(c.group),
            "weight": widgets.fmt_num(100 * float(v), 1),
            "points": widgets.fmt_num(float(pts[c.id]), 0),
        }
        for c, v in zip(res.problem.criteria, res.weights.values)
    ]
    walt = tr("page.weights.group_weights_alt")
    widgets.picture(
        weights_svg(res, lg, by="group", alt=walt),
        html_table(
            wrows,
            [
                HtmlColumn("criterion", tr("ui.col.criterion"), min_rem=9),
                HtmlColumn("group", tr("ui.col.group"), min_rem=6),
                HtmlColumn("weight", tr("ui.col.weight_pct"), numeric=True),
                HtmlColumn("points", tr("ui.col.points"), numeric=True),
            ],
            label=walt,
        ),
        key="weights_group_chart",
        alt=walt,
    )
    method = state.weight_method()
    st.caption(tr("page.weights.method_now", method=tr(f"ui.method.{method}")))


# ----------------------------------------------------------------------------- page


def _on_view() -> None:
    v = st.session_state.get(W_VIEW)
    if v in METHODS:
        st.session_state[K_VIEW] = v


def _undo() -> None:
    state.undo_weights()
    st.rerun(EDITOR)  # the sliders must follow, not only the ranking


def _redo() -> None:
    state.redo_weights()
    st.rerun(EDITOR)


@st.fragment(key=RANKING)
def ranking() -> None:
    """Undo/redo and the live ranking: a swing move reruns only this (what a person waits
    for after moving a slider is this chart; nothing else on the page changes)."""
    state.sync_query_params()
    widgets.undo_redo("weights", _undo, _redo, can_undo=state.can_undo(), can_redo=state.can_redo())
    _ranking_panel()
    if state.sidebar_is_stale():
        st.rerun()  # the whole app, so the sidebar says where the weights now come from


@st.fragment(key=EDITOR)
def editor() -> None:
    """Method panel and live ranking; reruns on its own when a weight moves."""
    state.sync_query_params()
    for level, text in state.pop_notices():
        getattr(st, level if level in ("info", "warning", "error", "success") else "info")(text)
    if W_VIEW not in st.session_state:
        st.session_state[W_VIEW] = st.session_state.get(K_VIEW, "swing")
    # the method choice spans the page: in a column, longer (Welsh) labels were cut off
    view = st.segmented_control(
        tr("page.weights.method_label"),
        METHODS,
        key=W_VIEW,
        format_func=widgets.fixed_labels(METHODS, lambda m: tr(f"ui.method.{m}")),
        on_change=_on_view,
        required=True,
    )
    view = view if view in METHODS else "swing"
    st.caption(tr(f"page.weights.method_help.{view}"))
    left, right = st.columns([3, 2], gap="large")
    with right:  # written first, so the ranking reaches the browser before the sliders
        ranking()
    with left:
        area = st.container()
        panel = st.container(height=PANEL_HEIGHT, border=True)
        with panel:
            {
                "points": _points_panel,
                "swing": _swing_panel,
                "rank": _rank_panel,
                "ahp": _ahp_panel,
                "hierarchical": _group_panel,
            }[view](area)
        st.caption(tr("page.weights.scroll_hint"))


def _defaults_table() -> pd.DataFrame:
    ds = state.dataset()
    lg = state.lang()
    total = sum(float(c.weight.value or 0) for c in ds.criteria) or 1.0
    return pd.DataFrame(
        {
            tr("ui.col.criterion"): [localised(c, "name", lg) for c in ds.criteria],
            tr("ui.col.group"): [widgets.group_name(c.group) for c in ds.criteria],
            tr("ui.col.default_points"): [c.weight.value for c in ds.criteria],
            tr("ui.col.weight_pct"): [
                round(100 * float(c.weight.value or 0) / total, 1) for c in ds.criteria
            ],
            tr("ui.col.status"): [widgets.status_label(c.weight.status) for c in ds.criteria],
            tr("ui.col.source"): [c.weight.source for c in ds.criteria],
        }
    )


def render() -> None:
    widgets.intro("weights", terms=TERMS)
    ds = state.dataset()
    statuses = sorted({c.weight.status for c in ds.criteria})
    st.caption(
        tr("page.weights.defaults_status", status=", ".join(widgets.status_label(s) for s in statuses))
    )
    with st.expander(tr("page.weights.defaults_title"), icon=":material/menu_book:"):
        widgets.dataframe(_defaults_table(), hide_index=True, width="stretch")
    editor()
