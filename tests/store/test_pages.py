"""The Scenarios and Workshop pages under streamlit.testing (AppTest), on a throw-away database."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.data import load_dataset
from appraisal.inputs import WeightInputs
from appraisal.store import Repository
from appraisal.store.db import close_all, open_database
from appraisal.ui import state

SECRET = "page-test-secret-123"
SCENARIOS = """
from appraisal.ui.pages import scenarios
scenarios.render()
"""
WORKSHOP = """
from appraisal.ui.pages import workshop
workshop.render()
"""


@pytest.fixture()
def db_env(db_url, monkeypatch):
    url = db_url
    monkeypatch.setenv("PAIR_DATABASE_URL", url)
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    yield url
    close_all()


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _app(script: str) -> AppTest:
    at = AppTest.from_string(script, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def state_inputs(at):
    return at.session_state[state.K_INPUTS]


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_pages_declare_the_convention():
    from appraisal.ui.pages import scenarios, workshop

    assert scenarios.PAGE == {
        "key": "scenarios",
        "title_key": "page.scenarios.title",
        "icon": ":material/save:",
        "order": 70,
    }
    assert workshop.PAGE["key"] == "workshop" and callable(workshop.render) and callable(scenarios.render)


def test_scenarios_page_save_load_duplicate_archive(db_env, ds):
    at = _app(SCENARIOS)
    assert at.title[0].value == "Scenarios and audit trail"
    at.text_input(key="scn_save_name").input("Board view")
    at.button(key="scn_save_btn").click().run()
    assert any("Your name" in t for t in _texts(at.error))  # who saves must be known
    at.text_input(key="scn_author").input("Ann Evans")
    at.button(key="scn_save_btn").click().run()
    assert any("Saved 'Board view' as version 1" in t for t in _texts(at.success)), _texts(at.error)
    at.button(key="scn_save_btn").click().run()
    assert any("Nothing has changed" in t for t in _texts(at.info))

    # a score edit needs a comment
    region = ds.region_ids[0]
    option, criterion = ds.option_ids[2], ds.criterion_ids[0]
    at.session_state[state.K_INPUTS] = state_inputs(at).with_region_edits(region, {(option, criterion): 1.0})
    at.run()
    at.button(key="scn_save_btn").click().run()
    assert any("please give a comment" in t for t in _texts(at.error))
    at.text_area(key="scn_save_comment").input("local team disbanded")
    at.button(key="scn_save_btn").click().run()
    assert any("version 2" in t for t in _texts(at.success))
    repo = Repository(open_database(db_env))
    saved = repo.load("Board view")
    assert saved.inputs.reasons_for(region)[(option, criterion)] == "local team disbanded"
    assert saved.reason == "local team disbanded"
    # the app knows which scenario is active (the sidebar says so) and that nothing is unsaved
    loaded = at.session_state[state.K_LOADED]
    assert (loaded["name"], loaded["version"], loaded["reason"]) == ("Board view", 2, "local team disbanded")
    assert loaded["key"] == state_inputs(at).with_changes(regions=()).compute_key()

    # loading version 1 takes the score edit away again and sets the weights
    at.selectbox(key="scn_pick").set_value("Board view")
    at.selectbox(key="scn_pick_version").set_value(1)
    at.button(key="scn_load_btn").click().run()
    assert any("Loaded 'Board view' (version 1)" in t for t in _texts(at.success))
    assert state_inputs(at).edits_for(region) == {}
    assert at.session_state[state.K_LOADED]["version"] == 1

    at.text_input(key="scn_dup_name").input("Board view copy")
    at.button(key="scn_dup_btn").click().run()
    assert any("Copied" in t for t in _texts(at.success))
    at.selectbox(key="scn_pick").set_value("Board view copy").run()
    at.button(key="scn_archive_btn").click().run()
    assert [s.name for s in repo.list()] == ["Board view"]
    assert repo.load("Board view copy").archived

    # the audit trail shows every step and offers both exports
    actions = [e.action for e in repo.audit()]
    assert actions == ["create", "save", "duplicate", "archive"]
    at.run()
    assert at.get("download_button")  # export JSON + audit CSV + audit JSON


def test_saving_the_defaults_records_no_change(db_env, ds):
    """A first save counts only what differs from the data's defaults: the default
    weights written out in the session are not changes (it once said '24 changes')."""
    from appraisal.i18n import t

    at = _app(SCENARIOS)
    at.text_input(key="scn_author").input("Ann")
    at.text_input(key="scn_save_name").input("Defaults")
    at.button(key="scn_save_btn").click().run()
    assert t("page.scenarios.saved_defaults", name="Defaults", version=1) in _texts(at.success), _texts(
        at.error
    )
    repo = Repository(open_database(db_env))
    first = repo.audit()[-1]
    assert not [c.field for c in first.changes if c.field.startswith("weights.")]
    # one weight moved: that point and the method are the changes
    pts = dict(state_inputs(at).weights.points)
    moved = ds.criterion_ids[0]
    pts[moved] += 5.0
    at.session_state[state.K_INPUTS] = state_inputs(at).with_changes(weights=WeightInputs("points", pts))
    at.text_input(key="scn_save_name").input("One weight moved")
    at.button(key="scn_save_btn").click().run()
    assert t("page.scenarios.saved_first", name="One weight moved", version=1, n=2) in _texts(at.success)
    fields = [c.field for c in repo.audit()[-1].changes if c.field.startswith("weights.")]
    assert fields == ["weights.method", f"weights.points.{moved}"]


def test_scenarios_page_compare(db_env, ds):
    at = _app(SCENARIOS)
    at.text_input(key="scn_author").input("Ann")
    at.text_input(key="scn_save_name").input("Defaults")
    at.button(key="scn_save_btn").click().run()
    pts = {c: 1.0 for c in ds.criterion_ids}
    pts[ds.criterion_ids[0]] = 20.0
    at.session_state[state.K_INPUTS] = state_inputs(at).with_changes(weights=WeightInputs("points", pts))
    at.text_input(key="scn_save_name").input("First criterion heavy")
    at.button(key="scn_save_btn").click().run()
    at.multiselect(key="scn_compare_pick").set_value(["Defaults", "First criterion heavy"]).run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    weights = next(f for f in frames if "First criterion heavy: difference" in f.columns)
    assert weights["First criterion heavy: difference"].iloc[0] > 0
    ranks = [f for f in frames if "First criterion heavy: change" in f.columns]
    assert len(ranks) == 1  # one region chosen (the current one)
    # NPV: either a table per region or a message saying why it is not available
    # both scenarios keep the data's economic assumptions: NPSV shown, differences zero
    assert any("Net present social value" in m.value for m in at.markdown), _texts(at.info)
    npv = [f for f in frames if "Option" in f.columns and "First criterion heavy: difference" in f.columns]
    # money is text written as format_money writes it ('-£1,234', never '£-1,234')
    assert len(npv) == 1 and (npv[0]["First criterion heavy: difference"] == "£0").all()
    at.segmented_control(key="scn_compare_npv_mode").set_value("heckman").run()
    assert not at.exception


def test_workshop_page_facilitator_and_participant(db_env, ds):
    fac = _app(WORKSHOP)
    fac.radio(key="ws_role").set_value("facilitator").run()
    fac.text_input(key="ws_fac_secret").input("not-the-secret")
    fac.button(key="ws_fac_unlock").click().run()
    assert any("not correct" in t for t in _texts(fac.error))
    fac.text_input(key="ws_fac_secret").input(SECRET)
    fac.button(key="ws_fac_unlock").click().run()
    fac.text_input(key="ws_new_title").input("Test workshop")
    fac.text_input(key="ws_new_facilitator").input("Fay")
    fac.button(key="ws_open_btn").click().run()
    code = fac.session_state["ws_fac_code"]
    assert any(f"Join code: {code}" in m.value for m in fac.markdown)

    people = []
    for name, value in (("Alys", 10), ("Bryn", 0)):
        p = _app(WORKSHOP)
        p.text_input(key="ws_join_code").input(code.lower())
        p.text_input(key="ws_join_name").input(name)
        p.text_input(key="ws_join_role").input("Nurse")
        p.text_input(key="ws_join_org").input("HB")
        p.button(key="ws_join_btn").click().run()
        p.slider(key=f"ws_p_pts_{ds.criterion_ids[0]}").set_value(value)
        p.button(key="ws_p_submit").click().run()
        assert any("received" in t for t in _texts(p.success)), _texts(p.error)
        people.append(p)

    fac.run()
    table = fac.table[0].value
    n = len(ds.criterion_ids)
    first = (10 / (10 + 5 * (n - 1)) + 0.0) / 2
    assert table.iloc[0]["Mean"] == f"{100 * first:.1f}"
    assert table.iloc[0]["Geometric mean"] == "0.0"
    # two people, reveal off: a participant sees no group weights at all (the mean, min
    # and max of two would give the other's weights away), and the page says why
    people[0].run()
    assert len(people[0].table) == 0 and not people[0].dataframe
    assert any("at least 3 people" in t for t in _texts(people[0].info)), _texts(people[0].info)
    fac.toggle(key="ws_reveal").set_value(True).run()
    people[0].run()
    assert any("Bryn" in d.value.to_string() for d in people[0].dataframe)

    fac.button(key="ws_smaa_btn").click().run()
    assert "Chance of ranking first (%)" in fac.table[-1].value.columns
    fac.text_input(key="ws_save_name").input("Workshop mean")
    fac.button(key="ws_save_btn").click().run()
    saved = Repository(open_database(db_env)).load("Workshop mean")
    assert saved.inputs.weights.method == "workshop" and saved.inputs.weights.inputs["participants"] == 2
