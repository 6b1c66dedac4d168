"""The README's ranking per region is generated from the data, not written by hand (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from appraisal.cli._rank_markdown import current_block
from appraisal.data import load_dataset
from appraisal.run import default_inputs, run

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> str:
    res = subprocess.run(
        [sys.executable, "-m", "appraisal", "rank", "--region", "all", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_the_readme_block_is_the_commands_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current_block(readme) == _cli("--format", "markdown"), "run 'make readme'"


def test_rank_json_lists_the_full_shortlist_with_a_rationale_for_every_score():
    doc = json.loads(_cli("--format", "json"))
    ds = load_dataset()
    assert len(doc["regions"]) == 7
    for region in doc["regions"]:
        ids = [r["option"] for r in region["ranking"]]
        assert len(ids) >= 8 and {"regional_partnership", "third_sector"} <= set(ids)
        has_team = ds.region(region["region"]).provision.host != "none"
        assert ("build_on_existing" in ids) == has_team
        for r in region["ranking"]:
            assert len(r["scores"]) == len(ds.criteria)
            assert all(s["rationale"] and s["evidence"] and s["status"] for s in r["scores"])
            assert all(s["level"] for s in r["scores"] if s["unit"].startswith("level"))
        d = region["drivers"]
        assert d["winner"] == region["ranking"][0]["option"]
        assert sum(x["points"] for x in d["lead_for"]) <= d["margin"] + 1e-9 or d["lead_against"]


def test_drivers_add_up_to_the_margin_and_reverting_decisive_overrides_changes_the_winner():
    """By construction of the additive model: the parts of the lead over all criteria sum to
    the margin; reverting a decisive override alone hands the lead to another option."""
    ds = load_dataset()
    res = run(ds, default_inputs(ds, draws=200))
    for reg in res:
        d, m = reg.drivers, reg.mcda
        win, run_ = m.order[0], m.order[1]
        assert float((m.weighted[win] - m.weighted[run_]).sum()) == __import__("pytest").approx(d.margin)
        for x in d.decisive:
            edited = reg.problem.with_scores({(x.option, x.criterion): x.baseline_score}, origin="baseline")
            from appraisal.mcda import evaluate

            again = evaluate(edited, m.weights)
            assert edited.option_ids[again.order[0]] == x.winner_if_reverted != d.winner
    gwent = res.region("gwent").drivers
    assert gwent.decisive and gwent.winner == "build_on_existing"
    assert gwent.winner_without_overrides == "phn_early_years"
