"""Scenarios: save the current work under a name, load, duplicate, archive, record
dissent, compare, import/export JSON, and read or export the audit trail of every saved
change."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from appraisal.charts import scenario_compare
from appraisal.charts.plotly_render import to_plotly
from appraisal.i18n import has
from appraisal.run import default_inputs
from appraisal.store.audit import AUDIT_COLUMNS, audit_to_csv, audit_to_json, input_changes
from appraisal.store.compare import MAX_COMPARED, compare
from appraisal.store.db import open_database
from appraisal.store.dissent import ABOUT_MAX, WHO_MAX, Dissent
from appraisal.store.dissent import REASON_MAX as DISSENT_REASON_MAX
from appraisal.store.dissent import check_against as check_dissent
from appraisal.store.errors import StoreError
from appraisal.store.repository import Repository
from appraisal.store.scenario import (
    AUTHOR_MAX,
    COMMENT_MAX,
    NAME_MAX,
    NOTES_MAX,
    Scenario,
    check_against,
    reasons_since,
)
from appraisal.ui import engine, state, widgets
from appraisal.ui.state import md, tr

PAGE = {"key": "scenarios", "title_key": "page.scenarios.title", "icon": ":material/save:", "order": 70}

K_MSG = "scn_message"  # {area: (level, text)} shown once, next to the control that caused it
W_AUTHOR = "scn_author"
K_AUTHOR = "scn_author_value"  # canonical: survives page changes
MAX_UPLOAD_MB = 1


# ----------------------------------------------------------------------------- shared helpers


def repository() -> Repository:
    """The scenario store (database from PAIR_DATABASE_URL / PAIR_DB_PATH; migrated on open)."""
    return Repository(open_database())


def message(area: str, level: str, text: str) -> None:
    msgs = dict(st.session_state.get(K_MSG) or {})
    msgs[area] = (level, text)
    st.session_state[K_MSG] = msgs


def show_message(area: str) -> None:
    msgs = dict(st.session_state.get(K_MSG) or {})
    item = msgs.pop(area, None)
    st.session_state[K_MSG] = msgs
    if item:
        level, text = item
        getattr(st, level if level in ("success", "info", "warning", "error") else "info")(text)


def error_text(exc: Exception) -> str:
    """A store error in the session's language, safe to show in an alert."""
    return md(exc.localised(state.lang()) if isinstance(exc, StoreError) else str(exc))


def author() -> str:
    val = st.session_state.get(W_AUTHOR)
    if val is None:
        val = st.session_state.get(K_AUTHOR, "")
    return str(val).strip()


def _on_author() -> None:
    st.session_state[K_AUTHOR] = st.session_state.get(W_AUTHOR, "")


def _fmt_time(ts: Any) -> str:
    """Date in the session's language ('2 Mawrth 2026 14:05')."""
    return widgets.fmt_date(ts, with_time=True) if ts is not None else ""


# ----------------------------------------------------------------------------- save


def _current_scenario(name: str, notes: str, regions: list[str], comment: str, previous) -> Scenario:
    """The session's inputs as a scenario: what the report and every page run on."""
    ds = state.dataset()
    inputs = state.inputs().with_changes(regions=tuple(regions))
    return Scenario.from_inputs(
        name,
        reasons_since(inputs, previous, comment),
        author=author(),
        notes=notes,
        reason=comment.strip(),
        data_version=ds.version,
        dissent=previous.dissent if previous is not None else (),  # dissent stays recorded
    )


def _do_save() -> None:
    repo = repository()
    name = str(st.session_state.get("scn_save_name", "")).strip()
    comment = str(st.session_state.get("scn_save_comment", ""))
    try:
        if not author():
            raise StoreError("store.err.required", field=tr("page.scenarios.author"))
        previous = repo.load(name) if name and repo.exists(name) else None
        scenario = _current_scenario(
            name,
            str(st.session_state.get("scn_save_notes", "")),
            list(st.session_state.get("scn_save_regions") or []),
            comment,
            previous,
        )
        # a first save is measured against the data's defaults: unchanged defaults are no change
        res = repo.save(scenario, actor=author(), comment=comment, defaults=default_inputs(state.dataset()))
    except StoreError as exc:
        message("save", "error", error_text(exc))
        return
    saved = repo.load(res.name)
    # the session carries on from what was saved (reasons filled in from the comment)
    state.set_inputs(saved.inputs.with_changes(regions=(), lang=state.lang()))
    state.set_loaded(_loaded_info(repo, saved, res.version))
    if res.changed:
        message("save", "success", saved_text(res))
        st.session_state["scn_save_comment"] = ""
    else:
        message("save", "info", tr("page.scenarios.unchanged", name=md(res.name), version=res.version))


def saved_text(res) -> str:
    """What a save did: a first version says how many inputs differ from the data's
    defaults (none, when the defaults were kept); a later one, what changed since."""
    if res.version > 1:
        return tr("page.scenarios.saved", name=md(res.name), version=res.version, n=len(res.changes))
    n = len(input_changes(res.changes))
    if not n:
        return tr("page.scenarios.saved_defaults", name=md(res.name), version=res.version)
    return tr("page.scenarios.saved_first", name=md(res.name), version=res.version, n=n)


def _save_section() -> None:
    ds = state.dataset()
    st.markdown(tr("page.scenarios.save_help"))
    edited = [r for r in ds.region_ids if state.score_edits(r)]
    if "scn_save_regions" not in st.session_state:
        st.session_state["scn_save_regions"] = list(dict.fromkeys([state.region_id(), *edited]))
    c1, c2 = st.columns([2, 3])
    c1.text_input(tr("page.scenarios.name"), key="scn_save_name", max_chars=NAME_MAX)
    c2.multiselect(
        tr("page.scenarios.regions"),
        ds.region_ids,
        key="scn_save_regions",
        format_func=widgets.fixed_labels(ds.region_ids, widgets.region_name),
        help=tr("page.scenarios.regions_help"),
        placeholder=tr("a11y.placeholder.choose"),  # Streamlit's own is English only
    )
    st.text_area(tr("page.scenarios.notes"), key="scn_save_notes", max_chars=NOTES_MAX, height=90)
    st.text_area(
        tr("page.scenarios.comment"),
        key="scn_save_comment",
        max_chars=COMMENT_MAX,
        height=70,
        help=tr("page.scenarios.comment_help"),
    )
    n_edits = len(state.inputs().score_edits)
    st.caption(
        tr(
            "page.scenarios.save_summary",
            method=tr(f"ui.method.{state.weight_method()}"),
            edits=n_edits,
            regions=len(edited),
            econ=len(state.econ_overrides()),
        )
    )
    st.button(
        tr("page.scenarios.save_button"),
        key="scn_save_btn",
        on_click=_do_save,
        type="primary",
        icon=":material/save:",
    )
    show_message("save")


# ----------------------------------------------------------------------------- saved scenarios


def _loaded_info(repo: Repository, s: Scenario, version: int) -> dict:
    """What the app keeps of a loaded scenario: name, version, author, reason, when saved
    and the compute key of its inputs (to tell unsaved changes)."""
    saved = next((v for v in repo.versions(s.name) if v.version == version), None)
    return {
        "name": s.name,
        "version": version,
        "author": saved.author if saved is not None else s.author,
        "reason": s.reason,
        "notes": s.notes,
        "saved": widgets.fmt_date(saved.created_at, with_time=True) if saved is not None else "",
        "key": s.inputs.with_changes(regions=()).compute_key(),
        "dissent": [d.to_dict() for d in s.dissent],
    }


def _apply(name: str, version: int | None) -> None:
    repo = repository()
    ds = state.dataset()
    try:
        s = repo.load(name, version)
        version = version or repo.latest_version(name)
        check_against(s, ds, engine.assumptions_base())
    except StoreError as exc:
        message("saved", "error", error_text(exc))
        return
    inputs = s.inputs.with_changes(regions=(), lang=state.lang())
    if inputs.weights is not None and not has(f"ui.method.{inputs.weights.method}"):
        # e.g. 'workshop': keep where the weights came from, shown as points
        w = inputs.weights
        inputs = inputs.with_changes(
            weights=type(w)("points", dict(w.points), {"from": w.method, **dict(w.inputs)})
        )
    state.set_inputs(inputs)
    state.reseed_widgets()
    if s.inputs.regions:
        state.set_region(s.inputs.regions[0])
    state.set_loaded(_loaded_info(repo, s, version))
    st.session_state["scn_save_name"] = s.name
    st.session_state["scn_save_notes"] = s.notes
    st.session_state["scn_save_regions"] = list(s.inputs.regions)
    note = (
        ""
        if s.data_version in ("", ds.version)
        else tr("page.scenarios.data_changed", version=md(s.data_version))
    )
    message("saved", "success", tr("page.scenarios.loaded", name=md(s.name), version=version) + note)


def _do_load() -> None:
    name = st.session_state.get("scn_pick")
    if name:
        _apply(name, st.session_state.get("scn_pick_version"))


def _do_duplicate() -> None:
    name = st.session_state.get("scn_pick")
    new = str(st.session_state.get("scn_dup_name", "")).strip()
    try:
        if not author():
            raise StoreError("store.err.required", field=tr("page.scenarios.author"))
        res = repository().duplicate(name, new, actor=author())
    except StoreError as exc:
        message("saved", "error", error_text(exc))
        return
    st.session_state["scn_dup_name"] = ""
    message("saved", "success", tr("page.scenarios.duplicated", name=md(name), new=md(res.name)))


def _do_archive(archived: bool) -> None:
    name = st.session_state.get("scn_pick")
    try:
        if not author():
            raise StoreError("store.err.required", field=tr("page.scenarios.author"))
        repository().archive(
            name,
            actor=author(),
            comment=str(st.session_state.get("scn_archive_comment", "")),
            archived=archived,
        )
    except StoreError as exc:
        message("saved", "error", error_text(exc))
        return
    key = "page.scenarios.archived_done" if archived else "page.scenarios.restored_done"
    message("saved", "success", tr(key, name=md(name)))


def _saved_section(repo: Repository) -> None:
    st.checkbox(tr("page.scenarios.show_archived"), key="scn_show_archived")
    items = repo.list(include_archived=bool(st.session_state.get("scn_show_archived")))
    show_message("saved")
    if not items:
        st.info(tr("page.scenarios.none_saved"))
        return
    widgets.dataframe(
        pd.DataFrame(
            {
                tr("page.scenarios.col.name"): [s.name for s in items],
                tr("page.scenarios.col.version"): [s.latest_version for s in items],
                tr("page.scenarios.col.saved"): [_fmt_time(s.updated_at) for s in items],
                tr("page.scenarios.col.by"): [s.updated_by for s in items],
                tr("page.scenarios.col.regions"): [
                    ", ".join(widgets.region_name(r) for r in s.regions if r in state.dataset().region_ids)
                    for s in items
                ],
                tr("page.scenarios.col.archived"): [
                    tr("page.scenarios.yes") if s.archived else "" for s in items
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="scn_table",
    )
    names = [s.name for s in items]
    if st.session_state.get("scn_pick") not in names:
        st.session_state["scn_pick"] = names[0]
    c1, c2 = st.columns([3, 1])
    name = c1.selectbox(tr("page.scenarios.pick"), names, key="scn_pick")
    versions = repo.versions(name)
    vnums = [v.version for v in reversed(versions)]
    if st.session_state.get("scn_pick_version") not in vnums:
        st.session_state["scn_pick_version"] = vnums[0]
    c2.selectbox(tr("page.scenarios.version"), vnums, key="scn_pick_version")
    b1, b2 = st.columns(2)
    b1.button(
        tr("page.scenarios.load_button"), key="scn_load_btn", on_click=_do_load, icon=":material/upload:"
    )
    version = st.session_state.get("scn_pick_version")
    b2.download_button(
        tr("page.scenarios.export_button"),
        data=repo.export_json(name, version),
        file_name=f"scenario-{_slug(name)}-v{version}.json",
        mime="application/json",
        key="scn_export_btn",
        icon=":material/download:",
        on_click="ignore",
    )
    with st.expander(tr("page.scenarios.duplicate_title"), icon=":material/content_copy:"):
        st.text_input(tr("page.scenarios.new_name"), key="scn_dup_name", max_chars=NAME_MAX)
        st.button(tr("page.scenarios.duplicate_button"), key="scn_dup_btn", on_click=_do_duplicate)
    archived = next(s.archived for s in items if s.name == name)
    with st.expander(
        tr("page.scenarios.restore_title") if archived else tr("page.scenarios.archive_title"),
        icon=":material/inventory_2:",
    ):
        st.caption(tr("page.scenarios.archive_help"))
        st.text_input(tr("page.scenarios.why"), key="scn_archive_comment", max_chars=COMMENT_MAX)
        st.button(
            tr("page.scenarios.restore_button") if archived else tr("page.scenarios.archive_button"),
            key="scn_archive_btn",
            on_click=_do_archive,
            args=(not archived,),
        )
    _dissent_section(repo, name)
    with st.expander(tr("page.scenarios.history_title"), icon=":material/history:"):
        widgets.dataframe(
            pd.DataFrame(
                {
                    tr("page.scenarios.col.version"): [v.version for v in versions],
                    tr("page.scenarios.col.saved"): [_fmt_time(v.created_at) for v in versions],
                    tr("page.scenarios.col.by"): [v.author for v in versions],
                    tr("page.scenarios.col.comment"): [v.comment for v in versions],
                }
            ),
            hide_index=True,
            width="stretch",
        )


# ----------------------------------------------------------------------------- dissent


def _do_dissent() -> None:
    """Record one dissent in the picked scenario: a new version, with the change audited."""
    name = st.session_state.get("scn_pick")
    repo = repository()
    ds = state.dataset()
    try:
        if not author():
            raise StoreError("store.err.required", field=tr("page.scenarios.author"))
        entry = Dissent(
            who=str(st.session_state.get("scn_dissent_who", "")),
            reason=str(st.session_state.get("scn_dissent_reason", "")),
            option=str(st.session_state.get("scn_dissent_option") or ""),
            about=str(st.session_state.get("scn_dissent_about", "")),
            region=str(st.session_state.get("scn_dissent_region") or ""),
        )
        check_dissent((entry,), ds)
        current = repo.load(name)
        res = repo.save(
            current.with_dissent(entry), actor=author(), comment=tr("dc.dissent.comment", who=entry.who)
        )
    except StoreError as exc:
        message("dissent", "error", error_text(exc))
        return
    info = state.loaded()
    if info and info.get("name") == res.name:  # the work in hand: the report shows it at once
        state.set_loaded(_loaded_info(repo, repo.load(res.name), res.version))
    for k in ("scn_dissent_about", "scn_dissent_reason"):
        st.session_state[k] = ""
    message("dissent", "success", tr("dc.dissent.recorded", name=md(res.name), version=res.version))


def _dissent_section(repo: Repository, name: str) -> None:
    """The dissent recorded in the picked scenario, and a form to record another."""
    ds = state.dataset()
    recorded = repo.load(name).dissent
    with st.expander(tr("dc.dissent.title", n=len(recorded)), icon=":material/record_voice_over:"):
        st.caption(tr("dc.dissent.help"))
        if recorded:
            widgets.dataframe(
                pd.DataFrame(
                    {
                        tr("dc.dissent.col.who"): [d.who for d in recorded],
                        tr("dc.dissent.col.region"): [
                            widgets.region_name(d.region) if d.region in ds.region_ids else d.region
                            for d in recorded
                        ],
                        tr("dc.dissent.col.prefers"): [
                            widgets.option_name(d.option) if d.option in ds.option_ids else d.option
                            for d in recorded
                        ],
                        tr("dc.dissent.col.about"): [d.about for d in recorded],
                        tr("dc.dissent.col.reason"): [d.reason for d in recorded],
                    }
                ),
                hide_index=True,
                width="stretch",
                key="scn_dissent_table",
            )
        if "scn_dissent_who" not in st.session_state:
            st.session_state["scn_dissent_who"] = author()
        if "scn_dissent_region" not in st.session_state:
            st.session_state["scn_dissent_region"] = state.region_id()
        st.text_input(tr("dc.dissent.who"), key="scn_dissent_who", max_chars=WHO_MAX)
        regions = ["", *ds.region_ids]
        st.selectbox(
            tr("dc.dissent.region"),
            regions,
            key="scn_dissent_region",
            format_func=widgets.fixed_labels(
                regions, lambda r: widgets.region_name(r) if r else tr("dc.none")
            ),
        )
        options = ["", *ds.option_ids]
        st.selectbox(
            tr("dc.dissent.option"),
            options,
            key="scn_dissent_option",
            format_func=widgets.fixed_labels(
                options, lambda o: widgets.option_name(o) if o else tr("dc.none")
            ),
        )
        st.text_input(tr("dc.dissent.about"), key="scn_dissent_about", max_chars=ABOUT_MAX)
        st.text_area(
            tr("dc.dissent.reason"), key="scn_dissent_reason", max_chars=DISSENT_REASON_MAX, height=90
        )
        st.button(tr("dc.dissent.button"), key="scn_dissent_btn", on_click=_do_dissent)
        show_message("dissent")


def _slug(name: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in name)
    return "-".join(p for p in out.split("-") if p)[:60] or "scenario"


# ----------------------------------------------------------------------------- compare


def _compare_section(repo: Repository) -> None:
    ds = state.dataset()
    names = [s.name for s in repo.list(include_archived=True)]
    st.markdown(tr("page.scenarios.compare_help", n=MAX_COMPARED))
    if not names:
        st.info(tr("page.scenarios.cmp.none_saved"))
        return
    if len(names) < 2:
        st.info(tr("page.scenarios.cmp.one_saved", name=md(names[0])))
        return
    st.multiselect(
        tr("page.scenarios.compare_pick"),
        names,
        key="scn_compare_pick",
        max_selections=MAX_COMPARED,
        placeholder=tr("a11y.placeholder.choose"),
    )
    if "scn_compare_regions" not in st.session_state:
        st.session_state["scn_compare_regions"] = [state.region_id()]
    st.multiselect(
        tr("page.scenarios.compare_regions"),
        ds.region_ids,
        key="scn_compare_regions",
        format_func=widgets.fixed_labels(ds.region_ids, widgets.region_name),
        placeholder=tr("a11y.placeholder.choose"),
    )
    picked = list(st.session_state.get("scn_compare_pick") or [])
    regions = list(st.session_state.get("scn_compare_regions") or [])
    if len(picked) < 2:
        if picked:
            st.info(tr("page.scenarios.cmp.pick_one_more", name=md(picked[0])))
        else:
            st.info(tr("page.scenarios.cmp.pick_two"))
        return
    if not regions:
        st.info(tr("page.scenarios.cmp.pick_region"))
        return
    try:
        scenarios = [repo.load(n) for n in picked]
        for s in scenarios:
            check_against(s, ds, engine.assumptions_base())
        c = compare(scenarios, ds, regions=regions, lang=state.lang())
    except StoreError as exc:
        st.error(error_text(exc))
        return
    pr = widgets.presenter()
    lg = state.lang()
    ref = c.names[0]
    if c.npv.status == "done":
        st.segmented_control(
            tr("page.scenarios.npv_mode"),
            c.npv.modes,
            key="scn_compare_npv_mode",
            default=c.npv.modes[0],
            format_func=widgets.fixed_labels(c.npv.modes, lambda m: tr(f"page.scenarios.npv_mode.{m}")),
            help=tr("page.scenarios.npv_mode_help"),
        )
    st.header(tr("page.scenarios.compare_weights"))
    by_options = list(scenario_compare.BY)
    st.segmented_control(
        tr("page.scenarios.cmp.weights_by"),
        by_options,
        key="scn_compare_weights_by",
        default=by_options[0],
        format_func=widgets.fixed_labels(by_options, lambda b: tr(f"page.scenarios.cmp.weights_by.{b}")),
    )
    by = st.session_state.get("scn_compare_weights_by") or by_options[0]
    _spec_chart(
        scenario_compare.weights(c, pr, by=by), scenario_compare.weights_alt(c, pr, by=by, escape=md), lg
    )
    st.caption(tr("page.scenarios.cmp.table_caption") + " " + tr("page.scenarios.compare_ref", name=md(ref)))
    wt = pd.DataFrame({tr("ui.col.criterion"): [widgets.criterion_name(x) for x in c.criterion_ids]})
    for i, n in enumerate(c.names):
        wt[n] = (100 * c.weights[i]).round(1)
        if i:
            wt[tr("page.scenarios.diff_col", name=n)] = (100 * c.weight_diff[i]).round(1)
    widgets.dataframe(wt, hide_index=True, width="stretch", key="scn_compare_weights")
    for r in c.regions:
        st.header(tr("page.scenarios.compare_ranks", region=widgets.region_name(r)))
        _spec_chart(scenario_compare.totals(c, r, pr), scenario_compare.totals_alt(c, r, pr, escape=md), lg)
        st.caption(tr("page.scenarios.cmp.ranks_caption"))
        # the region's own shortlist: its totals and ranks have one column per option on it
        ids = scenario_compare.option_ids(c, r, pr)
        rt = pd.DataFrame({tr("ui.col.option"): [widgets.option_name(o) for o in ids]})
        ranks, change = c.ranks[r], c.rank_change(r)
        for i, n in enumerate(c.names):
            rt[n] = ranks[i]
            if i:
                rt[tr("page.scenarios.rank_change_col", name=n)] = [_arrow(int(x)) for x in change[i]]
        widgets.dataframe(rt, hide_index=True, width="stretch", key=f"scn_compare_ranks_{r}")
        if c.npv.status == "done":
            mode = st.session_state.get("scn_compare_npv_mode") or c.npv.modes[0]
            v = c.npv.values[r][mode]
            nt = pd.DataFrame({tr("ui.col.option"): [widgets.option_name(o) for o in ids]})
            for i, n in enumerate(c.names):
                nt[n] = v[i].round(0)
                if i:
                    nt[tr("page.scenarios.diff_col", name=n)] = (v[i] - v[0]).round(0)
            st.markdown(tr("page.scenarios.compare_npv", region=widgets.region_name(r)))
            money = list(nt.columns[1:])
            widgets.dataframe(
                widgets.money_cells(nt, money),  # '-£1,234', not '£-1,234'
                hide_index=True,
                width="stretch",
                key=f"scn_compare_npv_{r}",
                column_config={col: widgets.money_column() for col in money},
            )
    if c.npv.status != "done":
        st.info(tr("page.scenarios.npv_unavailable", reason=c.npv.reason))


def _spec_chart(spec, alt: str, lg: str) -> None:
    """A comparison chart through ``widgets.chart``: its table and text alternative."""
    widgets.chart(
        to_plotly(spec, lg),
        pd.DataFrame(spec.table.display_rows(lg), columns=list(spec.table.headers)),
        key=f"scn_chart_{spec.key}",
        alt=alt,
    )


def _arrow(change: int) -> str:
    if change < 0:
        return tr("page.scenarios.rank_up", n=-change)
    if change > 0:
        return tr("page.scenarios.rank_down", n=change)
    return tr("page.scenarios.rank_same")


# ----------------------------------------------------------------------------- import


def _do_import() -> None:
    up = st.session_state.get("scn_import_file")
    if up is None:
        message("import", "warning", tr("page.scenarios.import_choose"))
        return
    try:
        if not author():
            raise StoreError("store.err.required", field=tr("page.scenarios.author"))
        res = repository().import_json(
            up.getvalue(),
            actor=author(),
            rename=str(st.session_state.get("scn_import_name", "")).strip() or None,
            dataset=state.dataset(),
        )
    except StoreError as exc:
        message("import", "error", tr("page.scenarios.import_refused", reason=error_text(exc)))
        return
    message("import", "success", tr("page.scenarios.imported", name=md(res.name)))


def _import_section() -> None:
    st.markdown(tr("page.scenarios.import_help"))
    st.file_uploader(
        tr("page.scenarios.import_file"), type=["json"], key="scn_import_file", max_upload_size=MAX_UPLOAD_MB
    )
    st.text_input(tr("page.scenarios.import_name"), key="scn_import_name", max_chars=NAME_MAX)
    st.button(
        tr("page.scenarios.import_button"),
        key="scn_import_btn",
        on_click=_do_import,
        icon=":material/upload_file:",
    )
    show_message("import")


# ----------------------------------------------------------------------------- audit


def _audit_section(repo: Repository) -> None:
    st.markdown(tr("page.scenarios.audit_help"))
    entries = repo.audit()
    subjects = list(dict.fromkeys(e.subject for e in entries))
    st.selectbox(
        tr("page.scenarios.audit_filter"),
        ["", *subjects],
        key="scn_audit_filter",
        format_func=widgets.fixed_labels(["", *subjects], lambda s: s or tr("page.scenarios.audit_all")),
    )
    chosen = st.session_state.get("scn_audit_filter") or ""
    shown = [e for e in entries if not chosen or e.subject == chosen]
    if not shown:
        st.info(tr("page.scenarios.audit_empty"))
        return
    rows = []
    for e in reversed(shown):
        fields = ", ".join(c.field for c in e.changes[:6]) + (" …" if len(e.changes) > 6 else "")
        rows.append(
            {
                tr("page.scenarios.col.when"): _fmt_time(e.at),
                tr("page.scenarios.col.by"): e.actor,
                tr("page.scenarios.col.action"): tr(f"page.scenarios.action.{e.action}"),
                tr("page.scenarios.col.subject"): e.subject,
                tr("page.scenarios.col.version"): e.version,
                tr("page.scenarios.col.comment"): e.comment,
                tr("page.scenarios.col.changes"): fields,
            }
        )
    widgets.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="scn_audit_table")
    headers = tuple(tr(f"page.scenarios.audit_col.{c}") for c in AUDIT_COLUMNS)
    c1, c2 = st.columns(2)
    c1.download_button(
        tr("page.scenarios.audit_csv"),
        data=audit_to_csv(shown, headers),
        file_name="audit-trail.csv",
        mime="text/csv",
        key="scn_audit_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    c2.download_button(
        tr("page.scenarios.audit_json"),
        data=audit_to_json(shown),
        file_name="audit-trail.json",
        mime="application/json",
        key="scn_audit_json",
        on_click="ignore",
        icon=":material/download:",
    )


# ----------------------------------------------------------------------------- page


def render() -> None:
    widgets.intro("scenarios")
    try:
        repo = repository()
    except StoreError as exc:
        st.error(error_text(exc))
        return
    st.caption(tr("page.scenarios.where", db=md(repo.db.display_url)))
    if W_AUTHOR not in st.session_state:
        st.session_state[W_AUTHOR] = author()
    st.text_input(
        tr("page.scenarios.author"),
        key=W_AUTHOR,
        on_change=_on_author,
        max_chars=AUTHOR_MAX,
        help=tr("page.scenarios.author_help"),
    )
    _on_author()
    tabs = st.tabs(
        [
            tr("page.scenarios.tab.save"),
            tr("page.scenarios.tab.saved"),
            tr("page.scenarios.tab.compare"),
            tr("page.scenarios.tab.import"),
            tr("page.scenarios.tab.audit"),
        ]
    )
    with tabs[0]:
        _save_section()
    with tabs[1]:
        _saved_section(repo)
    with tabs[2]:
        _compare_section(repo)
    with tabs[3]:
        _import_section()
    with tabs[4]:
        _audit_section(repo)
