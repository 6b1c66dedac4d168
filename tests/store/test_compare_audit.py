"""Scenario comparison (weights, ranks, NPV) and the audit diff and exports."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from appraisal.mcda import evaluate
from appraisal.store import ScenarioWeights, ScoreOverride, StoreError
from appraisal.store.audit import audit_to_csv, audit_to_json, diff_scenarios, scores_changed
from appraisal.store.compare import compare

from .conftest import make_scenario


def _pair():
    a = make_scenario(
        "Reach first", weights=ScenarioWeights("points", {"reach": 8, "quality": 1, "delay": 1})
    )
    b = make_scenario(
        "Quality first",
        weights=ScenarioWeights("points", {"reach": 1, "quality": 8, "delay": 1}),
        score_overrides={"south": {("beta", "quality"): ScoreOverride(0.0, "team left")}},
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
    assert c.npv.status == "unavailable" and c.npv_rows("north", "bottom_up") == []


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
    pid = "effect_size_d"
    changed = base.param(pid).value * 1.5
    w = ScenarioWeights("points", {c: 1.0 for c in ds.criterion_ids})
    a = make_scenario(
        "As data", weights=w, regions=(ds.region_ids[0],), score_overrides={}, economic_assumptions={}
    )
    b = a.with_changes(name="Bigger effect", economic_assumptions={pid: changed})
    c = compare([a, b], ds)
    assert c.npv.status == "done", c.npv.reason
    r = ds.region_ids[0]
    assert set(c.npv.modes) == {"bottom_up", "heckman"}
    ref = appraise(ds, base, r)
    alt = appraise(ds, base.with_overrides({pid: changed}), r)
    for mode in c.npv.modes:
        grid = c.npv.values[r][mode]
        assert grid[0] == pytest.approx([ref.modes[mode].npsv[ref.index(o)] for o in ds.option_ids])
        assert grid[1] == pytest.approx([alt.modes[mode].npsv[alt.index(o)] for o in ds.option_ids])
    rows = {x["option"]: x for x in c.npv_rows(r, "bottom_up")}
    top = ds.option_ids[2]
    assert rows[top]["Bigger effect - As data"] == pytest.approx(
        rows[top]["Bigger effect"] - rows[top]["As data"]
    )
    assert rows[top]["Bigger effect - As data"] > 0  # a bigger effect raises the bottom-up benefits
    # the MCDA side is unchanged by an economic assumption
    assert (c.ranks[r][0] == c.ranks[r][1]).all()


def test_diff_and_score_detection():
    a = make_scenario()
    b = a.with_changes(
        notes="new",
        score_overrides={"north": {("alpha", "reach"): ScoreOverride(9.0, "why")}},
        economic_assumptions={"discount_rate": 0.03},
    )
    changes = {c.field: (c.old, c.new) for c in diff_scenarios(a, b)}
    assert changes["notes"][1] == "new"
    assert changes["score_overrides.north.alpha.reach.score"] == (7.0, 9.0)
    assert changes["economic_assumptions.discount_rate"] == (0.035, 0.03)
    assert changes["economic_assumptions.staff.salary_band7"] == (48000.0, None)
    assert scores_changed(diff_scenarios(a, b))
    assert not scores_changed(diff_scenarios(a, a.with_changes(notes="x")))
    removed = a.with_changes(score_overrides={})
    assert scores_changed(diff_scenarios(a, removed))


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
