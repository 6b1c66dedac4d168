"""The Scenarios page's comparison charts (issue 15, "no chart when comparing scenarios"):
two scenarios saved through the page, picked in the Compare tab, give a chart of each
option's total and rank per scenario for each region and a chart of the weights per
scenario, each with its text alternative and data table, in English and Welsh; the empty
and one-scenario states say what to do."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from appraisal.data import load_dataset
from appraisal.i18n import t
from appraisal.inputs import WeightInputs
from appraisal.store.db import close_all
from appraisal.ui import state

SCENARIOS = """
from appraisal.ui.pages import scenarios
scenarios.render()
"""
HEAVY = "First criterion heavy"


@pytest.fixture()
def db_env(tmp_path, monkeypatch):
    monkeypatch.setenv("PAIR_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    yield
    close_all()


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _page(lang: str) -> AppTest:
    at = AppTest.from_string(SCENARIOS, default_timeout=60)
    at.session_state[state.K_LANG] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _save(at: AppTest, name: str) -> None:
    at.text_input(key="scn_save_name").input(name)
    at.button(key="scn_save_btn").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]


def _charts(at: AppTest) -> list:
    return at.get("plotly_chart")


def _infos(at: AppTest) -> list[str]:
    return [e.value for e in at.info]


def _two_saved(ds, lang: str) -> AppTest:
    at = _page(lang)
    at.text_input(key="scn_author").input("Ann")
    assert t("page.scenarios.cmp.none_saved", lang) in _infos(at)
    _save(at, "Defaults")
    assert t("page.scenarios.cmp.one_saved", lang, name="Defaults") in _infos(at)
    pts = {c: 1.0 for c in ds.criterion_ids}
    pts[ds.criterion_ids[0]] = 20.0
    at.session_state[state.K_INPUTS] = at.session_state[state.K_INPUTS].with_changes(
        weights=WeightInputs("points", pts)
    )
    _save(at, HEAVY)
    assert t("page.scenarios.cmp.pick_two", lang) in _infos(at)
    assert not _charts(at)
    at.multiselect(key="scn_compare_pick").set_value(["Defaults"]).run()
    assert t("page.scenarios.cmp.pick_one_more", lang, name="Defaults") in _infos(at)
    assert not _charts(at)
    return at


def _spec(chart) -> dict:
    return json.loads(chart.proto.spec)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_two_saved_scenarios_give_the_comparison_charts(db_env, ds, lang):
    at = _two_saved(ds, lang)
    at.multiselect(key="scn_compare_pick").set_value(["Defaults", HEAVY]).run()
    assert not at.exception, at.exception
    region = at.session_state["scn_compare_regions"][0]  # the current region, by default
    charts = _charts(at)
    assert len(charts) == 2  # the weights, and the totals in the one region chosen
    weights, totals = (_spec(c) for c in charts)
    # the weights by criterion group: a bar per group and scenario, a legend entry per scenario
    legend = [
        tr["name"] for tr in weights["data"] if tr.get("showlegend") is not False and tr["type"] == "bar"
    ]
    assert [n.replace("<br>", " ") for n in legend] == ["Defaults", HEAVY]
    assert (
        t("chart.scenario_compare.weights_title_group", lang).split()[0] in weights["layout"]["title"]["text"]
    )
    # the totals: every option's bars are named with the scenario and the rank
    names = " ".join(a["text"].replace("<br>", " ") for a in totals["layout"]["annotations"])
    assert t("chart.scenario_compare.row", lang, scenario=HEAVY, rank=1) in names
    # alt text on the graphic and as a visible caption, in the session's language
    alts = [c.proto.alt for c in charts]
    assert alts[0].startswith(t("chart.scenario_compare.weights_alt_group", lang, n=2, heaviest="")[:20])
    assert alts[1].startswith(t("chart.scenario_compare.totals_alt", lang, region="", n=2, firsts="")[:10])
    captions = [c.value for c in at.caption]
    assert all(a in captions for a in alts)
    # each chart has its table behind 'Show as table'
    show = t("ui.show_table", lang)
    assert sum(1 for e in at.expander if e.label == show) >= 2
    frames = [d.value for d in at.dataframe]
    heads = [
        t("chart.scenario_compare.col_rank", lang, name=HEAVY),
        t("chart.scenario_compare.col_total", lang, name=HEAVY),
    ]
    chart_table = next(f for f in frames if all(h in f.columns for h in heads))
    assert len(chart_table) == len(ds.options_for(region))
    # the tables that were there stay
    assert any(t("page.scenarios.diff_col", lang, name=HEAVY) in f.columns for f in frames)


def test_weights_by_criterion_and_a_region_with_a_short_shortlist(db_env, ds):
    """By criterion the weights are a heatmap; a region without 'build on what exists'
    (8 options, not 9) draws its chart and its ranks table (it once failed)."""
    short = next(r for r in ds.region_ids if len(ds.options_for(r)) < len(ds.options))
    at = _two_saved(ds, "en")
    at.multiselect(key="scn_compare_pick").set_value(["Defaults", HEAVY]).run()
    at.multiselect(key="scn_compare_regions").set_value([short, "gwent"]).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    charts = _charts(at)
    assert len(charts) == 3  # weights + a totals chart per region
    at.segmented_control(key="scn_compare_weights_by").set_value("criterion").run()
    assert not at.exception, at.exception
    weights = _spec(_charts(at)[0])
    assert weights["data"][0]["type"] == "heatmap"
    assert len(weights["data"][0]["y"]) == len(ds.criteria)
    assert _charts(at)[0].proto.alt.startswith("Table-like chart")
    short_totals = _spec(_charts(at)[1])
    rows = [a for a in short_totals["layout"]["annotations"] if "rank" in a["text"].lower()]
    assert len(rows) == 2 * len(ds.options_for(short))
    change = t("page.scenarios.rank_change_col", "en", name=HEAVY)
    sizes = sorted(len(d.value) for d in at.dataframe if change in d.value.columns)
    assert sizes == sorted([len(ds.options_for(short)), len(ds.options_for("gwent"))])
    # no region chosen: say what to do
    at.multiselect(key="scn_compare_regions").set_value([]).run()
    assert t("page.scenarios.cmp.pick_region", "en") in _infos(at)
    assert not _charts(at)


def test_scenario_names_are_escaped_in_the_alt_text(db_env, ds):
    at = _page("en")
    at.text_input(key="scn_author").input("Ann")
    _save(at, "Plain")
    pts = {c: 1.0 for c in ds.criterion_ids}
    pts[ds.criterion_ids[-1]] = 20.0
    at.session_state[state.K_INPUTS] = at.session_state[state.K_INPUTS].with_changes(
        weights=WeightInputs("points", pts)
    )
    _save(at, "**Bold** [link](http://x)")
    at.multiselect(key="scn_compare_pick").set_value(["Plain", "**Bold** [link](http://x)"]).run()
    assert not at.exception, at.exception
    alt = _charts(at)[0].proto.alt
    assert r"\*\*Bold\*\* \[link\]\(http" in alt
