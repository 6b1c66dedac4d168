"""Scores: the options x criteria matrix for the chosen region, editable criterion by
criterion (the DCLG manual's advice: score every option on one criterion at a time),
with each cell's rationale, evidence, status and origin beside it.

Edits are kept per region in session state (``state.set_score_edits``) and applied to
the engine through ``Problem.with_scores``, which refuses a score outside the
criterion's scale; a refused entry is reported in words and the table goes back to
the last valid scores.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from appraisal.errors import InputError
from appraisal.i18n import localised
from appraisal.inputs import REASON_MAX
from appraisal.model import Criterion
from appraisal.ui import engine, state, value_function_editor, widgets
from appraisal.ui.state import tr

PAGE = {"key": "scores", "title_key": "page.scores.title", "icon": ":material/grid_on:", "order": 30}

#: Glossary entries linked under the intro (first met on this page).
TERMS = ("value_function", "macbeth")

K_CRIT = "scores_criterion"  # canonical: the criterion being edited
W_CRIT = "w_scores_criterion"
K_VER = "scores_editor_version"  # bumped to reset the editor to the stored scores
MARK_OVERRIDE = "◆"
MARK_EDIT = "✎"


def editor_key(region: str, criterion: str) -> str:
    """Widget key of the score editor (tests seed its edit state through it)."""
    return f"w_scores_editor_{region}_{criterion}_{st.session_state.get(K_VER, 0)}"


def _bump() -> None:
    st.session_state[K_VER] = st.session_state.get(K_VER, 0) + 1


def _origin_label(origin: str, edited: bool) -> str:
    if edited:
        return tr("ui.origin.user")
    return tr("ui.origin.baseline") if origin == "baseline" else tr("ui.origin.region")


def matrix_table(region: str) -> pd.DataFrame:
    """Criteria (rows) x options (columns) as text with override/edit marks."""
    base = state.dataset().problem(region)
    edits = state.score_edits(region)
    lg = state.lang()
    data = {}
    for i, o in enumerate(base.options):
        col = []
        for j, c in enumerate(base.criteria):
            cell = base.cells[i][j]
            if (o.id, c.id) in edits:
                col.append(f"{edits[(o.id, c.id)]:g} {MARK_EDIT}")
            elif cell.origin != "baseline":
                col.append(f"{cell.score:g} {MARK_OVERRIDE}")
            else:
                col.append(f"{cell.score:g}")
        data[localised(o, "name", lg)] = col
    df = pd.DataFrame(data)
    df.insert(0, tr("ui.col.criterion"), [localised(c, "name", lg) for c in base.criteria])
    df.insert(1, tr("ui.col.scale"), [_scale_text(c) for c in base.criteria])
    return df


def _scale_text(c: Criterion) -> str:
    key = "ui.scale.cost" if c.direction == "cost" else "ui.scale.benefit"
    return tr(key, lo=f"{c.scale_min:g}", hi=f"{c.scale_max:g}", unit=localised(c, "unit", state.lang()))


def _on_crit() -> None:
    st.session_state[K_CRIT] = st.session_state.get(W_CRIT)


def _reset_criterion(region: str, criterion: str) -> None:
    edits = state.score_edits(region)
    state.set_score_edits(region, {k: v for k, v in edits.items() if k[1] != criterion})
    _bump()


def _reset_region(region: str) -> None:
    state.set_score_edits(region, {})
    _bump()


def reason_key(region: str, criterion: str) -> str:
    """Widget key of the 'why this change' box of one criterion's editor."""
    return f"w_scores_reason_{region}_{criterion}"


def apply_editor_changes(region: str, crit: Criterion, before: pd.DataFrame, after: pd.DataFrame) -> None:
    """Validate changed scores; keep the valid ones, refuse the rest with a message.

    The text in the 'why' box becomes the reason of every cell changed now (kept with
    the score in the appraisal's inputs, the saved scenario and the report)."""
    base = state.dataset().problem(region)
    edits = state.score_edits(region)
    reason = str(st.session_state.get(reason_key(region, crit.id), "") or "").strip()
    new = dict(edits)
    reasons: dict[tuple[str, str], str] = {}
    refused: list[str] = []
    changed = False
    for opt, old, val in zip(before["id"], before["score"], after["score"]):
        try:
            v = float(val)
        except (TypeError, ValueError):
            v = float("nan")
        if v == float(old):
            continue
        changed = True
        try:
            base.with_scores({(opt, crit.id): v})
        except ValueError:
            refused.append(
                tr(
                    "page.scores.refused_one",
                    option=widgets.option_name(opt),
                    value="" if pd.isna(val) else f"{val}",
                    lo=f"{crit.scale_min:g}",
                    hi=f"{crit.scale_max:g}",
                    unit=crit.unit,
                )
            )
            continue
        default = float(base.scores[base.option_ids.index(opt), base.criterion_ids.index(crit.id)])
        if abs(v - default) < 1e-12:
            new.pop((opt, crit.id), None)
        else:
            new[(opt, crit.id)] = v
            reasons[(opt, crit.id)] = reason
    if not changed:
        return
    try:
        state.set_score_edits(region, new, reasons)
    except InputError as exc:
        state.notify("error", tr("page.scores.refused", items=state.md(exc.localised(state.lang()))))
    if refused:
        state.notify("error", tr("page.scores.refused", items="; ".join(refused)))
    _bump()
    st.rerun()


def _level_name(crit: Criterion, score: float, lg: str) -> str:
    """The described level a score reaches ('between' two levels for a half step)."""
    levels = crit.value_function.levels
    if not levels:
        return ""
    k = int(score)
    if abs(score - k) < 1e-9 and 0 <= k < len(levels):
        return localised(levels[k], "name", lg)
    if 0 <= k < len(levels) - 1:
        return tr(
            "page.scores.between_levels",
            a=localised(levels[k], "name", lg),
            b=localised(levels[k + 1], "name", lg),
        )
    return ""


def _levels_table(crit: Criterion, lg: str) -> pd.DataFrame:
    vf = crit.value_function
    return pd.DataFrame(
        {
            tr("ui.col.level"): list(range(len(vf.levels))),
            tr("ui.col.level_name"): [localised(lv, "name", lg) for lv in vf.levels],
            tr("ui.col.level_description"): [localised(lv, "description", lg) for lv in vf.levels],
            tr("ui.col.level_value"): [round(float(vf(k)), 1) for k in range(len(vf.levels))],
        }
    )


def _criterion_block(region: str, crit: Criterion) -> None:
    lg = state.lang()
    base = state.dataset().problem(region)
    edits = state.score_edits(region)
    j = base.criterion_ids.index(crit.id)
    # the run's criterion: its value function may have been re-elicited on this page
    crit = engine.region(region).problem.criteria[j]
    vf = crit.value_function
    st.markdown(f"**{localised(crit, 'description', lg)}**")
    if vf.constructed:
        st.caption(tr("page.scores.levels_intro"))
        widgets.dataframe(_levels_table(crit, lg), hide_index=True, width="stretch")
    else:
        a, b = st.columns(2)
        for box, key, anchor in (
            (a, "page.scores.anchor_low", vf.low),
            (b, "page.scores.anchor_high", vf.high),
        ):
            box.markdown(
                tr(key, score=f"{anchor.score:g}", meaning=state.md(localised(anchor, "meaning", lg)))
            )
    st.caption(
        _scale_text(crit)
        + " · "
        + tr("page.scores.value_fn", points=", ".join(f"{x:g}→{v:.0f}" for x, v in zip(vf.xs, vf.vs)))
    )
    value_function_editor.render(region, crit)
    before = pd.DataFrame(
        {
            "id": list(base.option_ids),
            "option": [localised(o, "name", lg) for o in base.options],
            "score": [
                float(edits.get((o, crit.id), base.scores[i, j])) for i, o in enumerate(base.option_ids)
            ],
            "level": [
                _level_name(crit, float(edits.get((o, crit.id), base.scores[i, j])), lg)
                for i, o in enumerate(base.option_ids)
            ],
            "default": [float(base.scores[i, j]) for i in range(len(base.options))],
            "range": [f"{base.low[i, j]:g}–{base.high[i, j]:g}" for i in range(len(base.options))],
            "origin": [
                _origin_label(base.cells[i][j].origin, (o, crit.id) in edits)
                for i, o in enumerate(base.option_ids)
            ],
            "status": [widgets.status_label(base.cells[i][j].status) for i in range(len(base.options))],
            "rationale": [base.cells[i][j].rationale for i in range(len(base.options))],
            "evidence": [base.cells[i][j].evidence for i in range(len(base.options))],
        }
    )
    fit = widgets.fit_width
    score_label = tr("page.scores.col_score", lo=f"{crit.scale_min:g}", hi=f"{crit.scale_max:g}")
    # the editor and the reasons one above the other: side by side, the editor's columns
    # (wider in Welsh) no longer fitted and were cut off
    left, right = st.container(), st.container()
    with left:
        st.caption(tr("page.scores.how_to_edit"))
        st.text_input(
            tr("page.scores.reason"),
            key=reason_key(region, crit.id),
            max_chars=REASON_MAX,
            help=tr("page.scores.reason_help"),
        )
        after = widgets.data_editor(
            before,
            key=editor_key(region, crit.id),
            hide_index=True,
            width="stretch",
            disabled=[
                "id",
                "option",
                "level",
                "default",
                "range",
                "origin",
                "status",
                "rationale",
                "evidence",
            ],
            column_order=["option", "score", "level", "default", "origin"],
            column_config={
                "option": st.column_config.TextColumn(
                    tr("ui.col.option"), width=fit(tr("ui.col.option"), before["option"])
                ),
                "score": st.column_config.NumberColumn(
                    score_label,
                    help=tr("page.scores.col_score_help", unit=crit.unit),
                    width=fit(score_label, help=True),
                ),
                "level": st.column_config.TextColumn(
                    tr("ui.col.level_name"), width=fit(tr("ui.col.level_name"), before["level"])
                ),
                "default": st.column_config.NumberColumn(
                    tr("ui.col.default"),
                    help=tr("page.scores.col_default_help"),
                    width=fit(tr("ui.col.default"), help=True),
                ),
                "origin": st.column_config.TextColumn(
                    tr("ui.col.origin"), width=fit(tr("ui.col.origin"), before["origin"])
                ),
            },
        )
        apply_editor_changes(region, crit, before, after)
        # buttons as wide as their labels, on one row when they fit (Welsh labels are
        # longer: fixed half-width buttons cut them off)
        row = st.container(horizontal=True)
        row.button(
            tr("page.scores.reset_criterion"),
            on_click=_reset_criterion,
            args=(region, crit.id),
            icon=":material/undo:",
            disabled=not any(k[1] == crit.id for k in edits),
            width="content",
        )
        row.button(
            tr("page.scores.reset_region", region=widgets.region_name(region)),
            on_click=_reset_region,
            args=(region,),
            icon=":material/restart_alt:",
            disabled=not edits,
            width="content",
        )

    with right:
        st.markdown(f"**{tr('page.scores.reasons_title')}**")
        reasons = state.score_reasons(region)
        for i, o in enumerate(base.options):
            cell = base.cells[i][j]
            shown = edits.get((o.id, crit.id), cell.score)
            st.markdown(
                tr(
                    "page.scores.reason_line",
                    option=localised(o, "name", lg),
                    score=f"{shown:g}",
                    rationale=cell.rationale,
                )
            )
            if (o.id, crit.id) in edits:
                why = reasons.get((o.id, crit.id)) or tr("page.scores.no_reason")
                st.caption(tr("page.scores.edit_reason_line", reason=state.md(why)))
            st.caption(
                tr(
                    "page.scores.evidence_line",
                    evidence=cell.evidence,
                    status=widgets.status_label(cell.status),
                    low=f"{base.low[i, j]:g}",
                    high=f"{base.high[i, j]:g}",
                )
            )


def _undo() -> None:
    state.undo_scores()
    _bump()  # the editors show the stored scores again


def _redo() -> None:
    state.redo_scores()
    _bump()


def _undo_row() -> None:
    """Undo and redo of score changes (edits and resets, every region's), as on the
    Criteria and weights page for weights."""
    widgets.undo_redo(
        "scores",
        _undo,
        _redo,
        can_undo=state.can_undo_scores(),
        can_redo=state.can_redo_scores(),
        help_keys=("ui.undo.scores_help", "ui.redo.scores_help"),
    )


def render() -> None:
    widgets.intro("scores", terms=TERMS)
    for level, text in state.pop_notices():
        getattr(st, level if level in ("info", "warning", "error", "success") else "info")(text)
    rid = state.region_id()
    ds = state.dataset()
    lg = state.lang()
    edits = state.score_edits(rid)
    st.markdown(tr("page.scores.region_line", region=widgets.region_name(rid), n=len(edits)))
    _undo_row()
    if st.session_state.get(K_CRIT) not in ds.criterion_ids:
        st.session_state[K_CRIT] = ds.criterion_ids[0]
    if W_CRIT not in st.session_state:
        st.session_state[W_CRIT] = st.session_state[K_CRIT]
    tab_edit, tab_matrix = st.tabs([tr("page.scores.tab_edit"), tr("page.scores.tab_matrix")])
    # editing first: it is what a workshop comes here to do; the matrix is one click away
    with tab_edit:
        cid = st.selectbox(
            tr("page.scores.pick_criterion"),
            ds.criterion_ids,
            key=W_CRIT,
            on_change=_on_crit,
            format_func=widgets.fixed_labels(
                ds.criterion_ids,
                lambda c: (
                    f"{widgets.group_name(ds.criteria[ds.criterion_ids.index(c)].group)} › "
                    f"{localised(ds.criteria[ds.criterion_ids.index(c)], 'name', lg)}"
                ),
            ),
        )
        crit = ds.criteria[ds.criterion_ids.index(cid)]
        _criterion_block(rid, crit)
    with tab_matrix:
        st.caption(tr("page.scores.matrix_help", override=MARK_OVERRIDE, edit=MARK_EDIT))
        widgets.dataframe(
            matrix_table(rid), hide_index=True, width="stretch", height=38 * (len(ds.criteria) + 1) + 4
        )
        res = engine.region(rid)
        st.caption(
            tr(
                "page.scores.effect",
                option=widgets.presenter().winners(res.winners),
                total=widgets.fmt_num(res.total),
            )
        )
