"""Scenario comparison (weights, ranks, NPV) and the audit diff and exports."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs
from appraisal.mcda import evaluate
from appraisal.run import run
from appraisal.store import Scenario, StoreError
from appraisal.store.audit import (
    Change,
    audit_to_csv,
    audit_to_json,
    diff_scenarios,
    input_changes,
    scores_changed,
)
from appraisal.store.compare import compare

from .conftest import make_scenario


def _pair():
    a = make_scenario("Reach first", weights=WeightInputs("points", {"reach": 8, "quality": 1, "delay": 1}))
    b = make_scenario(
        "Quality first",
        weights=WeightInputs("points", {"reach": 1, "quality": 8, "delay": 1}),
        score_edits=(ScoreEdit("south", "beta", "quality", 0.0, "team left"),),
    )
    return a, b


def test_compare_weights_and_ranks(mini_ds):
    a, b = _pair()
    c = compare([a, b], mini_ds, economics=False)
    assert c.names == ("Reach first", "Quality first") and c.regions == ("north", "south")
    assert c.weights[0] == pytest.approx([0.8, 0.1, 0.1])
    assert c.weight_diff[1] == pytest.approx([-0.7, 0.7, 0.0])
    # north: a's override (alpha reach 7) applies; ranks computed like the MCDA engine does
    p_a = mini_ds.problem("north").with_scores({("alpha", "reach"): 7.0})
    assert c.ranks["north"][0].tolist() == evaluate(p_a, np.array([0.8, 0.1, 0.1])).ranks.tolist()
    rows = {r["option"]: r for r in c.rank_rows("north")}
    assert rows["alpha"]["Reach first"] == 1 and rows["beta"]["Quality first"] == 1
    assert rows["alpha"]["Quality first - Reach first"] == 1
    # south: b has beta's quality score knocked to zero, so beta is no longer first for b
    p_b = mini_ds.problem("south").with_scores({("beta", "quality"): 0.0})
    assert c.totals["south"][1] == pytest.approx(evaluate(p_b, np.array([0.1, 0.8, 0.1])).totals)
    assert {r["criterion"]: r["Quality first - Reach first"] for r in c.weight_rows()}[
        "quality"
    ] == pytest.approx(0.7)
    assert c.npv.status == "unavailable" and c.npv_rows("north", "outcome_chain") == []


def test_compare_reads_run_results(mini_ds):
    """Totals and ranks are those of run() on each scenario's inputs for the chosen regions."""
    a, b = _pair()
    b = b.with_changes(
        inputs=b.inputs.with_changes(score_edits=(ScoreEdit("north", "beta", "reach", 10.0, "x"),))
    )
    c = compare([a, b], mini_ds, regions=["north", "south"], economics=False)
    for i, s in enumerate((a, b)):
        res = run(mini_ds, s.inputs.with_changes(regions=("north", "south")))
        assert c.weights[i] == pytest.approx(res.weights.values)
        for r in ("north", "south"):
            assert c.totals[r][i] == pytest.approx(res.region(r).mcda.totals)
            assert c.ranks[r][i].tolist() == list(res.region(r).mcda.ranks)
    assert c.npv.reason == "the economic comparison was not asked for."
    # the mini data has no assumptions/: NPV is missing and says why
    assert "assumptions/" in compare([a, b], mini_ds).npv.reason
    # a scenario the data cannot use is refused as run() refuses it
    bad = b.with_changes(
        name="Bad", inputs=b.inputs.with_changes(score_edits=(ScoreEdit("north", "beta", "delay", 99),))
    )
    with pytest.raises(StoreError, match="score_edits.north.beta.delay.score"):
        compare([a, bad], mini_ds)


def test_compare_needs_two_distinct_scenarios(mini_ds):
    a, _ = _pair()
    with pytest.raises(StoreError, match="between 2 and"):
        compare([a], mini_ds)
    with pytest.raises(StoreError, match="more than once"):
        compare([a, a], mini_ds)


def test_npv_unavailable_says_why(mini_ds):
    """The mini data has options the economic assumptions do not cover: ranks still compare."""
    a, b = _pair()
    c = compare([a, b], mini_ds, regions=["north"])
    assert c.regions == ("north",) and c.ranks["north"].shape == (2, 3)
    assert c.npv.status == "unavailable" and c.npv.reason


def test_npv_comparison_matches_the_economics_engine():
    """Two scenarios on the bundled data differing only in one economic assumption."""
    from appraisal.data import load_dataset
    from appraisal.economics import appraise, load_assumptions

    ds = load_dataset()
    base = load_assumptions()
    pid = "effect_attachment_d"
    changed = base.param(pid).value * 1.5
    w = WeightInputs("points", {c: 1.0 for c in ds.criterion_ids})
    a = make_scenario(
        "As data", weights=w, regions=(ds.region_ids[0],), score_edits=(), economics=EconomicInputs()
    )
    b = a.with_changes(name="Bigger effect", inputs=a.inputs.with_economics(overrides={pid: changed}))
    c = compare([a, b], ds)
    assert c.npv.status == "done", c.npv.reason
    r = ds.region_ids[0]
    assert set(c.npv.modes) == {"outcome_chain", "per_child_supported"}
    ref = appraise(ds, base, r)
    alt = appraise(ds, base.with_overrides({pid: changed}), r)
    for mode in c.npv.modes:
        grid = c.npv.values[r][mode]
        assert grid[0] == pytest.approx([ref.modes[mode].npsv[ref.index(o)] for o in ds.option_ids])
        assert grid[1] == pytest.approx([alt.modes[mode].npsv[alt.index(o)] for o in ds.option_ids])
    rows = {x["option"]: x for x in c.npv_rows(r, "outcome_chain")}
    top = ds.option_ids[2]
    assert rows[top]["Bigger effect - As data"] == pytest.approx(
        rows[top]["Bigger effect"] - rows[top]["As data"]
    )
    assert rows[top]["Bigger effect - As data"] > 0  # a bigger effect raises the outcome-chain benefits
    # the MCDA side is unchanged by an economic assumption
    assert (c.ranks[r][0] == c.ranks[r][1]).all()
    # ... and the NPSV is read from run(): an economic choice (not only an override) counts
    d = a.with_changes(name="Half coverage", inputs=a.inputs.with_economics(coverage=0.5))
    c2 = compare([a, d], ds)
    res = run(ds, d.inputs).region(r).economics
    assert c2.npv.values[r]["outcome_chain"][1] == pytest.approx(
        [res.modes["outcome_chain"].npsv[res.index(o)] for o in ds.option_ids]
    )


def test_diff_and_score_detection():
    a = make_scenario()
    b = a.with_changes(
        notes="new",
        inputs=a.inputs.with_changes(
            score_edits=(ScoreEdit("north", "alpha", "reach", 9.0, "why"),),
            economics=EconomicInputs(overrides={"discount_rate": 0.03}),
        ),
    )
    changes = {c.field: (c.old, c.new) for c in diff_scenarios(a, b)}
    assert changes["notes"][1] == "new"
    assert changes["score_edits.north.alpha.reach.score"] == (7.0, 9.0)
    assert changes["score_edits.north.alpha.reach.reason"] == ("new team started", "why")
    assert changes["economics.overrides.discount_rate"] == (0.035, 0.03)
    assert changes["economics.overrides.staff.salary_band7"] == (48000.0, None)
    assert scores_changed(diff_scenarios(a, b))
    assert not scores_changed(diff_scenarios(a, a.with_changes(notes="x")))
    removed = a.with_changes(inputs=a.inputs.with_changes(score_edits=()))
    assert scores_changed(diff_scenarios(a, removed))
    # a new reason for the same score is a change, but not a score change
    why = a.with_changes(
        inputs=a.inputs.with_changes(
            score_edits=(ScoreEdit("north", "alpha", "reach", 7.0, "better reason"),)
        )
    )
    assert [c.field for c in diff_scenarios(a, why)] == ["score_edits.north.alpha.reach.reason"]
    assert not scores_changed(diff_scenarios(a, why))
    # old audit rows (format 1 paths) still count as score changes
    assert scores_changed((Change("score_overrides.north.alpha.reach.score", 1, 2),))


def test_diff_covers_every_input_with_readable_names():
    a = make_scenario()
    i = a.inputs
    b = a.with_changes(
        inputs=i.with_changes(
            weights=WeightInputs(
                "points", {"reach": 100.0, "quality": 60.0, "delay": 30.0}, {"from": "link"}
            ),
            economics=EconomicInputs(
                coverage=0.5,
                horizon=20,
                service_years=10,
                discount="stpr",
                heckman="low",
                benefit_view="per_child_supported",
                overrides={"discount_rate": 0.035, "effect_attachment_d": 0.3},
            ),
            regions=("south",),
            draws=500,
            seed=1,
            smaa_model="ranking",
            smaa_spread=0.1,
            score_uncertainty="pert",
            lang="cy",
        ),
        name="Renamed",
        data_version="v2",
        archived=True,
        reason="not a change",
        author="not a change",
    )
    changes = {c.field: (c.old, c.new) for c in diff_scenarios(a, b)}
    assert changes == {
        "name": ("Board view", "Renamed"),
        "data_version": ("abc123", "v2"),
        "archived": (False, True),
        "weights.method": ("swing", "points"),
        "weights.inputs": ({"swings": {"reach": 100.0}}, {"from": "link"}),
        "weights.points.delay": (20.0, 30.0),
        "economics.coverage": (None, 0.5),
        "economics.horizon": (None, 20),
        "economics.service_years": (None, 10),
        "economics.discount": (None, "stpr"),
        "economics.heckman": (None, "low"),
        "economics.benefit_view": ("outcome_chain", "per_child_supported"),
        "economics.overrides.staff.salary_band7": (48000.0, None),
        "economics.overrides.effect_attachment_d": (None, 0.3),
        "regions": (["north", "south"], ["south"]),
        "draws": (10_000, 500),
        "seed": (20260101, 1),
        "smaa.model": ("stated", "ranking"),
        "smaa.spread": (0.2, 0.1),
        "smaa.score_uncertainty": ("triangular", "pert"),
    }
    assert not any(k.startswith("inputs.") or "[" in k for k in changes)  # paths, not indices
    assert diff_scenarios(a, a) == ()


def test_first_save_of_defaults_reports_no_default_fields():
    s = Scenario.from_inputs(
        "Defaults", AppraisalInputs(weights=WeightInputs("points", {"reach": 1.0, "quality": 0.0}))
    )
    fields = [c.field for c in diff_scenarios(None, s)]
    assert fields == ["name", "weights.method", "weights.points.reach", "weights.points.quality"]
    # a zero is a value: a first save reports it
    assert ("weights.points.quality", None, 0.0) in [(c.field, c.old, c.new) for c in diff_scenarios(None, s)]
    moved = s.with_changes(inputs=s.inputs.with_changes(draws=20_000))
    assert [c.field for c in diff_scenarios(None, moved)][-1] == "draws"


def test_first_save_is_measured_against_the_given_defaults():
    defaults = AppraisalInputs(
        weights=WeightInputs("swing", {"reach": 3.0, "quality": 2.0}, {"source": "data"})
    )
    same = Scenario.from_inputs("Defaults", defaults)
    assert [c.field for c in diff_scenarios(None, same, defaults)] == ["name"]
    assert input_changes(diff_scenarios(None, same, defaults)) == ()
    one = Scenario.from_inputs(
        "One", defaults.with_changes(weights=WeightInputs("swing", {"reach": 3.0, "quality": 5.0}, {"x": 1}))
    )
    assert [c.field for c in input_changes(diff_scenarios(None, one, defaults))] == [
        "weights.inputs",
        "weights.points.quality",
    ]
    # without defaults every written-out weight is reported, as before
    assert "weights.points.reach" in [c.field for c in diff_scenarios(None, same)]


def test_audit_exports_neutralise_formulas(repo):
    s = make_scenario(notes='=HYPERLINK("http://evil")')
    repo.save(s, actor="Ann", comment="+cmd|' /C calc'!A0")
    entries = repo.audit()
    text = audit_to_csv(entries)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "at", "actor"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(cell == '\'=HYPERLINK("http://evil")' for row in rows for cell in row)
    doc = json.loads(audit_to_json(entries))
    assert doc["entries"][0]["comment"] == "'+cmd|' /C calc'!A0"
    assert doc["entries"][0]["actor"] == "Ann"


def test_compare_keeps_each_regions_own_shortlist():
    """Real data: Powys has no team to build on, so its shortlist has one option fewer
    than Gwent's. Ranks and NPSV rows follow each region's own options, and the NPSV
    comparison is not lost when such a region is chosen (it was: 'unknown option')."""
    from appraisal.data import load_dataset

    ds = load_dataset()
    pts = {c: 1.0 for c in ds.criterion_ids}
    heavy = {**pts, "specialist_capacity": 9.0}
    a = Scenario.from_inputs("Flat", AppraisalInputs(weights=WeightInputs("points", pts), draws=200))
    b = Scenario.from_inputs(
        "Access heavy", AppraisalInputs(weights=WeightInputs("points", heavy), draws=200)
    )
    c = compare([a, b], ds, regions=["gwent", "powys"])
    runs = [run(ds, s.inputs.with_changes(regions=("gwent", "powys"))) for s in (a, b)]
    for r in ("gwent", "powys"):
        ids = runs[0].region(r).mcda.problem.option_ids
        assert c.options_in(r) == tuple(ids)
        assert [row["option"] for row in c.rank_rows(r)] == list(ids)
    assert "build_on_existing" in c.options_in("gwent")
    assert "build_on_existing" not in c.options_in("powys")
    assert c.npv.status == "done", c.npv.reason
    mode = next(iter(c.npv.values["powys"]))
    rows = c.npv_rows("powys", mode)
    econ = runs[1].region("powys").economics
    assert [row["option"] for row in rows] == list(c.options_in("powys"))
    for row in rows:
        assert row["Access heavy"] == pytest.approx(float(econ.modes[mode].npsv[econ.index(row["option"])]))
