"""The scores page's value-function editor: how a criterion's levels are valued.

Three elicitation methods (:mod:`appraisal.mcda.value_scales`): MACBETH qualitative
judgements of the difference in value between levels (Bana e Costa & Vansnick), with the
consistency check and the repairs M-MACBETH would suggest; a direct rating of each level;
and bisection on a natural scale (DCLG 2009, *Multi-criteria analysis: a manual*, 5.5 and
6.2). What is applied becomes a :class:`~appraisal.inputs.ValueFunctionEdit` in the run's
inputs, so it travels to the report, the CLI and a saved scenario like any other choice.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.errors import InputError
from appraisal.i18n import localised
from appraisal.inputs import ValueFunctionEdit
from appraisal.mcda import value_scales as VS
from appraisal.model import Criterion
from appraisal.ui import state, widgets
from appraisal.ui.state import tr

PREFIX = "w_vf_"


def _key(crit: Criterion, part: str) -> str:
    return f"{PREFIX}{crit.id}_{part}"


def _pairs(n: int) -> list[tuple[int, int]]:
    """The judgements asked: each step up (1 over 0, 2 over 1, ...) and best over worst."""
    return [(k + 1, k) for k in range(n - 1)] + ([(n - 1, 0)] if n > 2 else [])


def _current_judgements(crit: Criterion) -> dict[tuple[int, int], str]:
    vf = crit.value_function
    out: dict[tuple[int, int], str] = {}
    for j in vf.inputs.get("judgements", []) if vf.method == "macbeth" else []:
        try:
            out[(int(j[0]), int(j[1]))] = str(j[2])
        except (TypeError, ValueError, IndexError):
            continue
    return out


def _apply(crit: Criterion, spec: dict) -> None:
    reason = str(st.session_state.get(_key(crit, "reason"), "") or "").strip()
    try:
        edit = ValueFunctionEdit(crit.id, spec, reason)
        state.set_inputs(state.inputs().with_value_function(edit))
    except InputError as exc:
        state.notify("error", tr("page.scores.vf.refused", message=state.md(exc.localised(state.lang()))))
        return
    state.notify("success", tr("page.scores.vf.applied", criterion=widgets.criterion_name(crit.id)))


def _reset(crit: Criterion) -> None:
    state.set_inputs(state.inputs().with_value_function(None, crit.id))
    for k in [k for k in st.session_state if str(k).startswith(_key(crit, ""))]:
        del st.session_state[k]


def _macbeth(crit: Criterion, data_crit: Criterion) -> None:
    lg = state.lang()
    levels = data_crit.value_function.levels
    n = len(levels)
    have = _current_judgements(crit) or _current_judgements(data_crit)
    cats = list(VS.CATEGORIES[1:])
    judgements = []
    cols = st.columns(2)
    for k, (a, b) in enumerate(_pairs(n)):
        key = _key(crit, f"mc_{a}_{b}")
        if key not in st.session_state:
            st.session_state[key] = have.get((a, b), "moderate")
        with cols[k % 2]:
            cat = st.selectbox(
                tr(
                    "page.scores.vf.pair",
                    better=localised(levels[a], "name", lg),
                    worse=localised(levels[b], "name", lg),
                ),
                cats,
                key=key,
                format_func=lambda c: VS.category_label(c, lg),
            )
        judgements.append([a, b, cat])
    check = VS.macbeth_check(n, judgements)
    if not check.consistent:
        st.error(
            tr(
                "page.scores.vf.inconsistent",
                which=", ".join(state.md(j.describe(lg)) for j in check.problems),
            )
        )
        for s in check.suggestions[:3]:
            st.caption(tr("page.scores.vf.suggestion", suggestion=state.md(s.describe(lg))))
        return
    scale = VS.macbeth(n, judgements)
    _preview(data_crit, scale)
    st.button(
        tr("page.scores.vf.apply"),
        key=_key(crit, "apply_mc"),
        on_click=_apply,
        args=(crit, {"method": "macbeth", "n_levels": n, "judgements": judgements}),
        icon=":material/check:",
    )


def _direct(crit: Criterion, data_crit: Criterion) -> None:
    lg = state.lang()
    vf = crit.value_function
    if vf.constructed:
        points = list(range(len(vf.levels)))
        names = [localised(lv, "name", lg) for lv in vf.levels]
    else:
        points = [float(x) for x in vf.xs]
        names = [f"{x:g} {localised(crit, 'unit', lg)}" for x in points]
    ratings = []
    for k, (x, name) in enumerate(zip(points, names)):
        key = _key(crit, f"direct_{k}")
        if key not in st.session_state:
            st.session_state[key] = float(round(float(vf(x)), 1))
        ratings.append(
            st.number_input(
                tr("page.scores.vf.rate", level=name), min_value=0.0, max_value=100.0, step=1.0, key=key
            )
        )
    spec = {"method": "direct", "points": points, "ratings": ratings}
    try:
        scale = VS.from_spec({"direction": crit.direction, **spec})
    except VS.ValueScaleError as exc:
        st.error(state.md(exc.localised(lg)))
        return
    _preview(data_crit, scale)
    st.button(
        tr("page.scores.vf.apply"),
        key=_key(crit, "apply_direct"),
        on_click=_apply,
        args=(crit, spec),
        icon=":material/check:",
    )


def _bisection(crit: Criterion, data_crit: Criterion) -> None:
    lg = state.lang()
    worst, best = (
        (crit.scale_min, crit.scale_max) if crit.direction == "benefit" else (crit.scale_max, crit.scale_min)
    )
    have = (
        crit.value_function.inputs.get("midpoints", {}) if crit.value_function.method == "bisection" else {}
    )
    mids = {}
    for share in ("0.25", "0.5", "0.75"):
        key = _key(crit, f"bis_{share}")
        if key not in st.session_state:
            st.session_state[key] = float(have.get(share, worst + (best - worst) * float(share)))
        mids[share] = st.number_input(
            tr("page.scores.vf.midpoint", pct=f"{float(share):.0%}", unit=localised(crit, "unit", lg)),
            min_value=float(min(worst, best)),
            max_value=float(max(worst, best)),
            key=key,
        )
    spec = {"method": "bisection", "worst": worst, "best": best, "midpoints": mids}
    try:
        scale = VS.from_spec(spec)
    except VS.ValueScaleError as exc:
        st.error(state.md(exc.localised(lg)))
        return
    _preview(data_crit, scale)
    st.button(
        tr("page.scores.vf.apply"),
        key=_key(crit, "apply_bis"),
        on_click=_apply,
        args=(crit, spec),
        icon=":material/check:",
    )


def _preview(crit: Criterion, scale: VS.ValueScale) -> None:
    lg = state.lang()
    vf = crit.value_function
    if vf.constructed:
        rows = [localised(lv, "name", lg) for lv in vf.levels]
        xs = list(range(len(rows)))
    else:
        xs = list(scale.points)
        rows = [f"{x:g}" for x in xs]
    table = {
        tr("ui.col.level"): rows,
        tr("page.scores.vf.col_now"): [round(float(vf(x)), 1) for x in xs],
        tr("page.scores.vf.col_new"): [round(float(scale(x)), 1) for x in xs],
    }
    if scale.intervals:
        table[tr("page.scores.vf.col_interval")] = [f"{lo:.0f}–{hi:.0f}" for lo, hi in scale.intervals]
    widgets.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")


def render(region: str, crit: Criterion) -> None:
    """The editor for ``crit`` (the run's criterion, with any edit applied)."""
    data_crit = next(c for c in state.dataset().criteria if c.id == crit.id)
    edit = state.inputs().value_function_for(crit.id)
    with st.expander(tr("page.scores.vf.title"), icon=":material/tune:", expanded=edit is not None):
        st.caption(
            tr("page.scores.vf.intro", method=tr(f"page.scores.vf.method.{crit.value_function.method}"))
            + " "
            + state.md(crit.value_function.rationale)
        )
        if edit is not None:
            st.info(
                tr("page.scores.vf.edited", reason=state.md(edit.reason or tr("none"))),
                icon=":material/edit:",
            )
            st.button(
                tr("page.scores.vf.reset"),
                key=_key(crit, "reset"),
                on_click=_reset,
                args=(crit,),
                icon=":material/undo:",
            )
        methods = ("macbeth", "direct") if crit.value_function.constructed else ("bisection", "direct")
        method = st.segmented_control(
            tr("page.scores.vf.method_label"),
            methods,
            key=_key(crit, "method"),
            default=crit.value_function.method if crit.value_function.method in methods else methods[0],
            format_func=lambda m: tr(f"page.scores.vf.method.{m}"),
        )
        st.text_input(tr("page.scores.vf.reason"), key=_key(crit, "reason"), max_chars=2000)
        {"macbeth": _macbeth, "direct": _direct, "bisection": _bisection}.get(method or methods[0])(
            crit, data_crit
        )


__all__ = ["render"]
