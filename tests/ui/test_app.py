"""AppTest: every page loads; weights, AHP, scores and links behave as a user expects."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.data import load_dataset
from appraisal.i18n import t
from appraisal.ui import state
from appraisal.ui.pages import scores as scores_page
from appraisal.ui.pages import weights as weights_page
from appraisal.ui.shell import discover_pages
from tests.ui.conftest import APP, TIMEOUT, inputs, points_view, problems, switch_to
from tests.ui.html_tables import read_table

DS = load_dataset()
PAGE_KEYS = [p.key for p in discover_pages()]
TITLE_KEYS = {p.key: p.title_key for p in discover_pages()}
LANGS = ["en", "cy"]


def option_name(oid: str) -> str:
    return next(o.name for o in DS.options if o.id == oid)


def ranking_table(at: AppTest):
    """The weights page's ranking table (the chart's table equivalent, an HTML table)."""
    col = t("ui.col.change")
    for m in at.markdown:
        if 'class="pair-table"' in m.value:
            v = read_table(m.value)
            if col in v.columns:
                return v
    raise AssertionError("ranking table not found")


# ----------------------------------------------------------------------------- loading


def test_no_page_is_broken() -> None:
    broken = [(p.key, p.error) for p in discover_pages() if p.error]
    assert not broken, broken
    assert {"overview", "weights", "scores", "results"} <= set(PAGE_KEYS)


def test_app_file_runs() -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not problems(at)
    assert at.title[0].value == t("page.overview.title")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_page_loads(open_page, page: str, lang: str) -> None:
    at = open_page(page, {"lang": lang})
    assert not problems(at), problems(at)
    assert at.title, f"page {page} has no title"
    assert at.title[0].value == t(TITLE_KEYS[page], lang)
    # the sidebar always offers the language toggle and the region selector
    assert at.sidebar.segmented_control(key=state.W_LANG).value == lang
    assert at.sidebar.selectbox(key=state.W_REGION).value in DS.region_ids
    # every Welsh page says whether the Welsh is reviewed (the English pages do not)
    notices = {t("a11y.review.awaiting", "cy"), t("a11y.review.reviewed", "cy")}
    shown = {w.value for w in at.sidebar.warning} | {s.value for s in at.sidebar.success}
    assert bool(notices & shown) == (lang == "cy")


# ----------------------------------------------------------------------------- weights


def test_weight_change_changes_top_option(open_page) -> None:
    """Hand-picked case: in Gwent, building on G-PIMHS is first with the default swing
    weights; with all weight on links with parental mental health care (values:
    perinatal MH 100, every other option 50 or less), perinatal MH must come first."""
    at = open_page("weights", {"region": "gwent"})
    assert ranking_table(at).iloc[0][t("ui.col.option")] == option_name("build_on_existing")
    points_view(at)
    for c in DS.criterion_ids:
        at.slider(key=state.W_POINTS + c).set_value(20.0 if c == "parental_mental_health" else 0.0)
    at.run()
    assert not problems(at), problems(at)
    top = ranking_table(at).iloc[0]
    assert top[t("ui.col.option")] == option_name("perinatal_mh")
    assert top[t("ui.col.change")].startswith("▲")
    # the page says the top option changed, and the link carries the new weights
    assert any(option_name("build_on_existing") in i.value for i in at.info)
    assert "parental_mental_health:20" in at.query_params["w"]


def test_reset_weights_restores_default_ranking(open_page) -> None:
    at = open_page("weights", {"region": "gwent"})
    points_view(at)
    at.slider(key=state.W_POINTS + "clinical_leadership").set_value(20.0).run()
    next(b for b in at.button if b.label == t("page.weights.reset")).click().run()
    assert not problems(at)
    assert ranking_table(at).iloc[0][t("ui.col.option")] == option_name("build_on_existing")
    assert "w" not in at.query_params


def test_undo_and_redo_a_weight_change(open_page) -> None:
    """A meeting's undo: two slider moves (each its own step) undone one at a time, then
    redone; the sliders and the ranking follow, and a new move after an undo clears the redo."""
    at = open_page("weights", {"region": "gwent"})
    points_view(at)
    assert at.button(key="weights_undo").disabled and at.button(key="weights_redo").disabled
    first = at.session_state[state.K_INPUTS].weights
    before = ranking_table(at)
    key = state.W_POINTS + "parental_mental_health"
    at.slider(key=key).set_value(20.0).run()
    moved = at.session_state[state.K_INPUTS].weights
    at.slider(key=state.W_POINTS + "specialist_capacity").set_value(0.0).run()
    assert at.session_state[state.K_INPUTS].weights != moved
    at.button(key="weights_undo").click().run()
    assert not problems(at), problems(at)
    assert at.session_state[state.K_INPUTS].weights == moved
    assert any(i.value == t("ui.undo.done") for i in at.info)
    at.button(key="weights_undo").click().run()
    assert at.session_state[state.K_INPUTS].weights == first
    assert at.slider(key=key).value != 20.0
    assert ranking_table(at)[before.columns].equals(before)  # plus 'rank before last change'
    assert at.button(key="weights_undo").disabled
    at.button(key="weights_redo").click().run()
    assert at.session_state[state.K_INPUTS].weights == moved
    assert at.slider(key=key).value == 20.0
    at.slider(key=state.W_POINTS + "clinical_leadership").set_value(5.0).run()
    assert at.button(key="weights_redo").disabled  # a new change ends the redo chain
    assert not at.button(key="weights_undo").disabled


def test_swing_move_redraws_ranking_and_marks_rank_before(open_page) -> None:
    """A swing move reruns only the ranking fragment (a keyed rerun from the slider's
    callback); the ranking, undo and the link still follow, and an option whose rank moved
    says where it was. Hand-picked case: in Gwent building on G-PIMHS is first with the
    default swings; putting every swing but links with parental mental health care to 0
    (that one stays at 100) puts perinatal MH first, so G-PIMHS moves down from 1."""
    at = open_page("weights", {"region": "gwent"})
    assert at.button(key="weights_undo").disabled
    before = ranking_table(at)
    assert t("ui.col.rank_before") not in before.columns  # no change yet, no marker
    at.slider(key=weights_page.W_SWING + "parental_mental_health").set_value(100.0).run()
    for c in DS.criterion_ids:
        if c != "parental_mental_health":
            at.slider(key=weights_page.W_SWING + c).set_value(0.0)
    at.run()
    assert not problems(at), problems(at)
    # after a keyed rerun AppTest's tree holds only what that rerun drew (the browser
    # keeps the rest of the page): a plain run draws the whole page again
    at.run()
    table = ranking_table(at)
    assert table.iloc[0][t("ui.col.option")] == option_name("perinatal_mh")
    assert not at.button(key="weights_undo").disabled
    assert "parental_mental_health:" in at.query_params["w"]
    # one last single move, so "before the last change" is the all-but-one state
    at.slider(key=weights_page.W_SWING + "specialist_capacity").set_value(1.0).run()
    assert not problems(at), problems(at)
    assert len(at.slider) == 0  # only the ranking fragment ran: no slider was redrawn
    prev = {r[t("ui.col.option")]: r[t("ui.col.rank")] for _, r in table.iterrows()}
    now = ranking_table(at)
    got = {r[t("ui.col.option")]: r[t("ui.col.rank_before")] for _, r in now.iterrows()}
    assert got == prev
    # the first full-page change: compare with the defaults, where G-PIMHS was first
    at.button(key="weights_undo").click().run()
    at.button(key="weights_undo").click().run()
    assert not problems(at), problems(at)
    marks = " ".join(c.value for c in at.caption)
    moved = any(r[t("ui.col.rank_before")] != r[t("ui.col.rank")] for _, r in ranking_table(at).iterrows())
    assert (t("page.weights.before_caption") in marks) == moved


def test_inconsistent_ahp_shows_warning_not_traceback(open_page) -> None:
    at = open_page("weights", {"region": "gwent"})
    at.segmented_control(key=weights_page.W_VIEW).set_value("ahp").run()
    assert not problems(at), problems(at)
    g = [x.id for x in DS.groups]
    key = weights_page._pair_key
    # access 9x clinical, clinical 9x system, but system 9x access: a cycle
    at.select_slider(key=key("groups", g[0], g[1])).set_value(9)
    at.select_slider(key=key("groups", g[1], g[2])).set_value(9)
    at.select_slider(key=key("groups", g[0], g[2])).set_value(-9)
    at.run()
    assert not problems(at), problems(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "Consistency ratio" in warnings
    assert inputs(at).weights.method == "ahp"


def test_consistent_ahp_has_no_warning(open_page) -> None:
    at = open_page("weights")
    at.segmented_control(key=weights_page.W_VIEW).set_value("ahp").run()
    g = [x.id for x in DS.groups]
    for i, a in enumerate(g):
        for b in g[i + 1 :]:
            at.select_slider(key=weights_page._pair_key("groups", a, b)).set_value(1)
    at.run()
    assert not problems(at)
    assert not any("Consistency ratio" in w.value for w in at.warning)


def test_swing_needs_a_100(open_page) -> None:
    at = open_page("weights")
    at.segmented_control(key=weights_page.W_VIEW).set_value("swing").run()
    assert not problems(at)
    top = max(
        DS.criterion_ids,
        key=lambda c: at.slider(key=weights_page.W_SWING + c).value,
    )
    at.slider(key=weights_page.W_SWING + top).set_value(80.0).run()
    assert not problems(at)
    assert any("not 100" in w.value for w in at.warning)


def test_ranking_method_sets_rank_weights(open_page) -> None:
    at = open_page("weights")
    at.segmented_control(key=weights_page.W_VIEW).set_value("rank").run()
    assert not problems(at)
    # seed the rank editor: make the last criterion the most important
    idx = len(DS.criterion_ids) - 1
    at.session_state["w_rank_editor_0"] = {
        "edited_rows": {idx: {"rank": 1}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    assert inputs(at).weights.method == "rank"
    pts = dict(inputs(at).weights.points)
    assert pts[DS.criterion_ids[idx]] == max(pts.values())


# ----------------------------------------------------------------------------- scores


def _editor_key(region: str, crit: str, version: int = 0) -> str:
    return f"w_scores_editor_{region}_{crit}_{version}"


def test_invalid_score_is_refused_with_a_message(open_page) -> None:
    at = open_page("scores", {"region": "gwent"})
    crit = DS.criterion_ids[0]
    at.session_state[_editor_key("gwent", crit)] = {
        "edited_rows": {0: {"score": 15}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "outside the scale" in errors and "15" in errors
    assert not inputs(at).edits_for("gwent")


def test_valid_score_edit_is_kept_and_marked(open_page) -> None:
    at = open_page("scores", {"region": "gwent"})
    crit = DS.criterion_ids[0]
    at.session_state[_editor_key("gwent", crit)] = {
        "edited_rows": {0: {"score": 3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    assert inputs(at).edits_for("gwent") == {(DS.option_ids[0], crit): 3.0}
    matrix = scores_page.MARK_EDIT
    assert any(matrix in str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    # the edit survives a visit to another page and back
    switch_to(at, "results")
    switch_to(at, "scores")
    assert inputs(at).edits_for("gwent") == {(DS.option_ids[0], crit): 3.0}


def test_undo_and_redo_a_score_change(open_page) -> None:
    """Two score edits (each its own step, in two criteria) undone one at a time, then
    redone; the editors and the matrix follow, a reset is a step too, and a new edit after
    an undo ends the redo chain."""
    at = open_page("scores", {"region": "gwent"})
    assert at.button(key="scores_undo").disabled and at.button(key="scores_redo").disabled
    o0 = DS.option_ids[0]
    c0 = DS.criterion_ids[0]
    at.session_state[_editor_key("gwent", c0)] = {
        "edited_rows": {0: {"score": 3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    first = inputs(at).edits_for("gwent")
    assert first == {(o0, c0): 3.0}
    at.button(key="scores_undo").click().run()
    assert not problems(at), problems(at)
    assert inputs(at).edits_for("gwent") == {}
    assert any(i.value == t("ui.undo.scores_done") for i in at.info)
    assert at.button(key="scores_undo").disabled
    # the editor starts again from the stored scores (a new version), not the undone edit
    assert not any(
        scores_page.MARK_EDIT in str(v) for df in at.dataframe for v in df.value.to_numpy().ravel()
    )
    at.button(key="scores_redo").click().run()
    assert inputs(at).edits_for("gwent") == first
    # a reset of the region is one step; undo brings the edit back
    next(b for b in at.button if b.label == t("page.scores.reset_region", region="Gwent")).click().run()
    assert inputs(at).edits_for("gwent") == {}
    at.button(key="scores_undo").click().run()
    assert inputs(at).edits_for("gwent") == first
    assert set(inputs(at).reasons_for("gwent").values()) <= {""}  # no reason given, none invented
    at.button(key="scores_undo").click().run()
    assert not at.button(key="scores_redo").disabled
    # a new edit ends the redo chain
    at.session_state[_editor_key("gwent", c0, at.session_state[scores_page.K_VER])] = {
        "edited_rows": {0: {"score": 3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    assert inputs(at).edits_for("gwent") == first
    assert at.button(key="scores_redo").disabled


# ----------------------------------------------------------------------------- links


def test_link_round_trip(open_page) -> None:
    pts = {c: 5.0 for c in DS.criterion_ids}
    pts["equitable_coverage"] = 20.0
    link = state.encode_weights(pts, DS.criterion_ids)
    at = open_page("overview", {"region": "powys", "w": link})
    assert not at.exception
    assert at.sidebar.selectbox(key=state.W_REGION).value == "powys"
    assert dict(inputs(at).weights.points)["equitable_coverage"] == 20.0
    assert at.query_params["region"] == "powys"
    assert at.query_params["w"] == link
    assert any("link" in i.value for i in at.info)


def test_region_choice_is_written_and_kept_across_pages(open_page) -> None:
    at = open_page("overview")
    at.sidebar.selectbox(key=state.W_REGION).set_value("west_wales").run()
    assert at.query_params["region"] == "west_wales"
    switch_to(at, "results")
    assert not problems(at)
    assert at.sidebar.selectbox(key=state.W_REGION).value == "west_wales"
    assert any("West Wales" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "query, expect",
    [
        ({"region": "atlantis"}, "atlantis"),
        ({"w": "nonsense"}, "could not be used"),
        ({"w": "equitable_coverage:-3"}, "could not be used"),
        ({"w": "not_a_criterion:3"}, "could not be used"),
        ({"lang": "fr"}, "fr"),
    ],
)
def test_bad_link_gives_message_not_traceback(open_page, query: dict, expect: str) -> None:
    at = open_page("overview", query)
    assert not at.exception
    assert any(expect in w.value for w in at.warning), [w.value for w in at.warning]


def test_weights_codec() -> None:
    d = {c: 1.0 for c in DS.criterion_ids}
    text = state.encode_weights({**d, "equitable_coverage": 12.5}, DS.criterion_ids)
    got, err = state.decode_weights(text, d)
    assert err is None and got["equitable_coverage"] == 12.5
    assert state.decode_weights("equitable_coverage:1", d)[0]["routine_contact"] == 1.0
    for bad in ("", "x", "equitable_coverage:nan", "equitable_coverage:inf", "zzz:1"):
        assert state.decode_weights(bad, d)[0] is None
    assert state.decode_weights(",".join(f"{c}:0" for c in d), d)[1] == "ui.link.bad_weights_zero"


# ----------------------------------------------------------------------------- robustness, economics


def test_robustness_models_switch_without_error(open_page) -> None:
    from appraisal.ui.pages import robustness as rob

    at = open_page("robustness", {"region": "powys"})
    assert not problems(at), problems(at)
    for model in ("uniform", "ranking"):
        at.segmented_control(key=rob.W_MODEL).set_value(model).run()
        assert not problems(at), problems(at)
        assert at.metric[0].value.endswith("%")


def test_economics_refuses_bad_assumption_and_keeps_good_one(open_page) -> None:
    from appraisal.ui.pages import economics as econ

    at = open_page("economics", {"region": "gwent"})
    assert not problems(at), problems(at)
    ids = [r["id"] for r in econ.engine.assumptions_base().rows()]
    bad = ids.index("direct_work_share")  # a share: 2 is outside 0 to 1
    row = ids.index("effect_attachment_d")
    at.session_state["w_econ_assumptions_0"] = {
        "edited_rows": {bad: {"value": 2.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert any("Not changed" in e.value for e in at.error), [e.value for e in at.error]
    assert not inputs(at).economics.overrides
    at.session_state["w_econ_assumptions_1"] = {
        "edited_rows": {row: {"value": 0.4}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not problems(at), problems(at)
    assert dict(inputs(at).economics.overrides) == {"effect_attachment_d": 0.4}


def test_economics_choices_are_kept(open_page) -> None:
    from appraisal.ui.pages import economics as econ

    at = open_page("economics")
    at.slider(key=econ.W_PREFIX + "coverage").set_value(60).run()
    at.segmented_control(key=econ.W_PREFIX + "mode").set_value("per_child_supported").run()
    at.selectbox(key=econ.W_PREFIX + "heckman").set_value("perry").run()
    assert not problems(at), problems(at)
    e = inputs(at).economics
    assert (e.coverage, e.benefit_view, e.heckman) == (0.6, "per_child_supported", "perry")
    switch_to(at, "overview")
    switch_to(at, "economics")
    assert at.slider(key=econ.W_PREFIX + "coverage").value == 60
    assert at.segmented_control(key=econ.W_PREFIX + "mode").value == "per_child_supported"
    assert at.selectbox(key=econ.W_PREFIX + "heckman").value == "perry"


def _headers(at) -> list[str]:
    return [h.value for h in at.header]


def test_economics_page_reads_in_a_board_members_order(open_page) -> None:
    """Need, the chain, returns, why the views differ, Heckman-style returns, cost per
    family, uncertainty, value for money, the Green Book; and no discount control."""
    from appraisal.ui.pages import economics as econ

    at = open_page("economics", {"region": "gwent"})
    assert not problems(at), problems(at)
    keys = [
        "need_title",
        "chain_title",
        "npv_title",
        "waterfall_title",
        "heckman_title",
        "recon_title",
        "uncertainty_title",
        "vfm_title",
        "gb_title",
    ]
    heads = _headers(at)
    firsts = [t(f"page.economics.{k}").split("{")[0].strip() for k in keys]
    found = [next(i for i, h in enumerate(heads) if h.startswith(f)) for f in firsts]
    assert found == sorted(found), heads
    econ_controls = {w.key for w in at.main.segmented_control} | {w.key for w in at.main.selectbox}
    econ_controls = {k for k in econ_controls if k.startswith(econ.W_PREFIX)}
    assert econ_controls == {econ.W_PREFIX + k for k in ("mode", "heckman", "option")}  # no discount
    assert at.selectbox(key=econ.W_PREFIX + "heckman").value == "abc_care"
    subs = [s.value for s in at.subheader]
    assert t("page.economics.evppi_title") in subs and t("page.economics.ceac_title") in subs
    assert t("page.economics.whatif_title") in subs  # the what-if is labelled as an assumption
    text = " ".join(m.value for m in at.markdown)
    assert "EVPI" in text and "Rea & Burton" in text
    a = econ.engine.results().assumptions
    assert state.md(a.settings.consultation) in text and state.md(a.settings.deadweight) in text


def test_economics_tables_are_the_runs_figures(open_page) -> None:
    from appraisal.ui.pages import economics as econ

    at = open_page("economics", {"region": "gwent"})
    reg = econ.engine.results().region("gwent")
    res = reg.economics
    opt = at.selectbox(key=econ.W_PREFIX + "option").value
    assert opt == reg.winner
    # the outcome chain of the chosen option, step by step, each step with its parameter
    chain = next(tb.value for tb in at.table if t("page.economics.col.used") in tb.value.columns)
    assert list(chain[t("page.economics.col.step")]) == [t(f"econ.step.{s.step}") for s in res.chain[opt]]
    # costs and returns in the headline view, the other view's BCR, IRR and break-even return
    ret = next(df.value for df in at.dataframe if t("page.economics.col.irr") in df.value.columns)
    i = res.index(opt)
    row = ret[ret[t("page.economics.col.option")] == econ.widgets.option_name(opt)].iloc[0]
    assert row[t("page.economics.col.npsv")] == pytest.approx(res.outcome_chain.npsv[i] / 1e6, abs=0.01)
    other = t("page.economics.col.bcr_other", view=t("econ.mode.short.per_child_supported"))
    assert row[other] == pytest.approx(res.per_child_supported.bcr_inc[i], abs=0.01)
    # the chance the benefits outweigh the costs, per option
    chance = next(df.value for df in at.dataframe if t("page.economics.col.p_npsv") in df.value.columns)
    assert len(chance) == sum(r != "bau" for r in res.roles)
    # the cost per family reconciled with the Parent-Infant Foundation's
    recon = next(tb.value for tb in at.table if t("page.economics.col.per_family") in tb.value.columns)
    assert list(recon[t("page.economics.col.step")]) == [
        t(f"econ.recon.{r['step']}") for r in res.reconciliation[opt].rows()
    ]


def test_economics_view_switch_changes_the_headline(open_page) -> None:
    from appraisal.ui.pages import economics as econ

    at = open_page("economics", {"region": "powys"})
    at.segmented_control(key=econ.W_PREFIX + "mode").set_value("per_child_supported").run()
    assert not problems(at), problems(at)
    heads = _headers(at)
    assert t("page.economics.npv_title", mode=t("econ.mode.short.per_child_supported")) in heads
    res = econ.engine.results().region("powys").economics
    ret = next(df.value for df in at.dataframe if t("page.economics.col.irr") in df.value.columns)
    got = list(ret[t("page.economics.col.npsv")])
    want = [
        round(float(res.per_child_supported.npsv[i]) / 1e6, 2) for i, r in enumerate(res.roles) if r != "bau"
    ]
    assert got == pytest.approx(want)


def test_welsh_link_is_kept(open_page) -> None:
    at = open_page("overview", {"lang": "cy"})
    assert not problems(at)
    assert at.session_state[state.K_LANG] == "cy"
    assert at.query_params["lang"] == "cy"
