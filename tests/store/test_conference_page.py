"""AppTest (streamlit.testing) of the decision-conference checks (issue 13): gut versus
model and the scoring round on the Workshop page, and recording dissent on the Scenarios
page, on a throw-away database."""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from appraisal.data import load_dataset
from appraisal.mcda import evaluate
from appraisal.store import Repository
from appraisal.store.db import close_all, open_database
from appraisal.ui import state

SECRET = "page-test-secret-123"
WORKSHOP = """
from appraisal.ui.pages import workshop
workshop.render()
"""
SCENARIOS = """
from appraisal.ui.pages import scenarios
scenarios.render()
"""
REGION = "gwent"


@pytest.fixture()
def db_env(db_url, monkeypatch):
    monkeypatch.setenv("PAIR_DATABASE_URL", db_url)
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    yield db_url
    close_all()


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _app(script: str, lang: str = "en") -> AppTest:
    at = AppTest.from_string(script, default_timeout=60)
    at.session_state[state.K_LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def _facilitator() -> tuple[AppTest, str]:
    fac = _app(WORKSHOP)
    fac.radio(key="ws_role").set_value("facilitator").run()
    fac.text_input(key="ws_fac_secret").input(SECRET)
    fac.button(key="ws_fac_unlock").click().run()
    fac.text_input(key="ws_new_title").input("Gwent conference")
    fac.text_input(key="ws_new_facilitator").input("Fay")
    fac.selectbox(key="ws_new_region").set_value(REGION)
    fac.button(key="ws_open_btn").click().run()
    return fac, fac.session_state["ws_fac_code"]


def _participant(code: str, name: str, lang: str = "en") -> AppTest:
    p = _app(WORKSHOP, lang)
    p.text_input(key="ws_join_code").input(code)
    p.text_input(key="ws_join_name").input(name)
    p.text_input(key="ws_join_role").input("Commissioner")
    p.text_input(key="ws_join_org").input("RPB")
    p.button(key="ws_join_btn").click().run()
    assert not p.exception, p.exception
    return p


def _frame(at: AppTest, column: str, n: int = 0):
    frames = [d.value for d in at.dataframe if column in d.value.columns]
    return frames[n]


def test_gut_versus_model_and_a_scoring_round(db_env, ds):
    fac, code = _facilitator()
    problem = ds.problem(REGION)
    ids = problem.option_ids
    crit0 = ds.criterion_ids[0]

    # Alys: more weight on the first criterion; a tie in her gut ranking is refused, then she
    # ranks the options in reverse data order (so her gut and the model disagree)
    alys = _participant(code, "Alys *Evans*")
    alys.slider(key=f"ws_p_pts_{crit0}").set_value(10)
    alys.button(key="ws_p_submit").click().run()
    for k, o in enumerate(ids):
        alys.selectbox(key=f"ws_gut_{o}").set_value(1 if k < 2 else k)
    alys.button(key="ws_gut_submit").click().run()
    assert any("both ranked 1" in t for t in _texts(alys.error)), _texts(alys.error)
    alys.selectbox(key=f"ws_gut_{ids[0]}").set_value(0)
    alys.button(key="ws_gut_submit").click().run()
    assert any("has none yet" in t for t in _texts(alys.error)), _texts(alys.error)
    gut = tuple(reversed(ids))
    for k, o in enumerate(gut):
        alys.selectbox(key=f"ws_gut_{o}").set_value(k + 1)
    alys.button(key="ws_gut_submit").click().run()
    assert any("gut ranking has been recorded" in t for t in _texts(alys.success)), _texts(alys.error)

    # Bryn (in Welsh) gives weights but no gut ranking
    bryn = _participant(code, "Bryn", lang="cy")
    bryn.button(key="ws_p_submit").click().run()
    assert not bryn.exception

    fac.run()
    assert "Gut versus model" in _texts(fac.header)
    table = _frame(fac, "Gut rank")
    assert list(table["Option"]) == [next(o.name for o in ds.options if o.id == x) for x in gut]
    assert list(table["Gut rank"]) == [str(k + 1) for k in range(len(ids))]
    n = len(ds.criterion_ids)
    w = np.full(n, 5.0)
    w[0] = 10.0
    own = evaluate(problem, w / w.sum()).ranks  # the engine's ranks with Alys's weights
    assert list(table["Model rank, own weights"]) == [str(int(own[ids.index(o)])) for o in gut]
    listed = " ".join(m.value for m in fac.markdown)
    assert "by gut feel" in listed and "Alys \\*Evans\\*" in listed  # escaped: never Markdown

    # a scoring round on two criteria
    fac.multiselect(key="ws_round_criteria").set_value(["acceptability", "time_to_service"])
    fac.button(key="ws_round_open").click().run()
    assert any("Scoring round 1 is open" in t for t in _texts(fac.success)), _texts(fac.error)

    acc = next(c for c in ds.criteria if c.id == "acceptability")
    for p, level, months in ((alys, 1, 12.0), (bryn, 3, 6.0)):
        p.run()
        box = p.selectbox(key="ws_sc_1_camhs_acceptability")
        lv = acc.value_function.levels[level]
        lang = "cy" if p is bryn else "en"
        name, desc = (lv.name_cy, lv.description_cy) if lang == "cy" else (lv.name, lv.description)
        assert any(name in o and desc in o for o in box.options), box.options  # in their language
        box.set_value(level)
        p.number_input(key="ws_sc_1_camhs_time_to_service").set_value(months)
        p.button(key="ws_sc_submit").click().run()
        assert p.success, _texts(p.error)

    fac.run()
    cells = _frame(fac, "Agreement")
    camhs = next(o.name for o in ds.options if o.id == "camhs")
    rows = {r["Criterion"]: r for _, r in cells.iterrows() if r["Option"] == camhs}
    acc_row = rows[next(c.name for c in ds.criteria if c.id == "acceptability")]
    assert acc_row["Scored by"] == "2" and acc_row["Agreement"] == "Differ: discuss"
    assert acc_row["Median"] == f"2: {acc.value_function.levels[2].name}"
    assert acc_row["Lowest"] == f"1: {acc.value_function.levels[1].name}"
    months_row = rows[next(c.name for c in ds.criteria if c.id == "time_to_service")]
    assert (months_row["Median"], months_row["Agreement"]) == ("9 months", "Close (within one level)")
    assert "Rank, rounds' medians" in _frame(fac, "Rank, rounds' medians").columns

    # the group's robustness test draws the scored cells from the round's spread
    fac.button(key="ws_smaa_btn").click().run()
    assert any("2 scored cell(s) were drawn" in c.value for c in fac.caption)
    fac.button(key="ws_round_close").click().run()
    assert any("Scoring round 1 is closed" in t for t in _texts(fac.success))


def test_dissent_is_recorded_on_the_scenarios_page(db_env, ds):
    at = _app(SCENARIOS)
    at.text_input(key="scn_author").input("Ann")
    at.text_input(key="scn_save_name").input("Board view")
    at.button(key="scn_save_btn").click().run()
    at.run()
    at.text_input(key="scn_dissent_who").input("Bryn Jones")
    at.selectbox(key="scn_dissent_region").set_value(REGION)
    at.button(key="scn_dissent_btn").click().run()
    assert any("dissent\\.reason" in t and "required" in t for t in _texts(at.error)), _texts(at.error)
    at.text_area(key="scn_dissent_reason").input("Not this host.")
    at.button(key="scn_dissent_btn").click().run()
    assert any("Say which option you prefer" in t for t in _texts(at.error)), _texts(at.error)
    at.selectbox(key="scn_dissent_option").set_value("local_authority")
    at.text_area(key="scn_dissent_reason").input("<script>alert(1)</script>")
    at.button(key="scn_dissent_btn").click().run()
    assert any("HTML" in t for t in _texts(at.error)), _texts(at.error)
    at.text_area(key="scn_dissent_reason").input("The council's early help offer is already there.")
    at.button(key="scn_dissent_btn").click().run()
    assert any("Dissent recorded in 'Board view' (version 2)" in t for t in _texts(at.success)), _texts(
        at.error
    )
    repo = Repository(open_database(db_env))
    (d,) = repo.load("Board view").dissent
    assert (d.who, d.option, d.region) == ("Bryn Jones", "local_authority", REGION)
    fields = [c.field for c in repo.audit("Board view")[-1].changes]
    assert "dissent.1.reason" in fields and "dissent.1.who" in fields
    # the table lists it; the loaded scenario (what the report reads) carries it
    assert "Bryn Jones" in _frame(at, "Reason").to_string()
    assert at.session_state[state.K_LOADED]["dissent"][0]["who"] == "Bryn Jones"
    # saving the work again keeps the dissent recorded
    at.text_area(key="scn_save_notes").input("more notes")
    at.button(key="scn_save_btn").click().run()
    assert repo.load("Board view").dissent == (d,)
