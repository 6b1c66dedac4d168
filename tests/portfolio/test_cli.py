"""``python -m appraisal portfolio``: table and JSON, the objective named, one-line errors
with exit 2 on bad input, Welsh, and the lazy command registry lists it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from appraisal.cli import main
from appraisal.i18n import t
from tests.ui.conftest import ROOT

FAST = ["--draws", "30"]


def test_table_names_the_objective_and_every_region(capsys):
    assert main(["portfolio", "--budget", "5e6", "--objective", "value", *FAST]) == 0
    out = capsys.readouterr().out
    assert t("national.objective.value", "en") in out
    for name in ("Gwent", "Powys", "North Wales", "Cardiff and Vale"):
        assert name in out
    assert "HiGHS" in out and "EQUITY" in out and "£1m" in out


@pytest.mark.parametrize("objective", ["value", "npsv", "reach"])
def test_json_carries_the_allocation_frontier_and_robustness(capsys, objective):
    assert main(["portfolio", "--budget", "6e6", "--objective", objective, "--format", "json", *FAST]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["objective"] == objective and doc["choices"]["budget"] == 6e6
    assert doc["solver"]["status"] == "optimal" and doc["solver"]["agrees"]
    assert len(doc["allocation"]) == 7
    assert doc["totals"]["cost_per_year"] <= 6e6 + 1e-6
    assert doc["marginal"]["method"] == "frontier"
    fr = doc["frontier"]
    assert len(fr["levels"]) == 50 and fr["order_of_preference"] and fr["steps"]
    assert doc["robustness"]["draws"] == 30 and len(doc["robustness"]["regions"]) == 7
    assert {p["parameter"] for p in doc["provenance"]} >= {
        "budget_per_year",
        "workforce_per_year",
        "min_coverage",
    }


def test_json_is_byte_identical_for_the_same_seed(capsys):
    args = ["portfolio", "--format", "json", "--seed", "3", *FAST]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first


def test_workforce_none_and_mixed(capsys):
    assert main(["portfolio", "--workforce", "none", "--mixed", "--format", "json", "--draws", "10"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["choices"]["workforce"] is None and doc["choices"]["max_hosts"] == 2


def test_budget_below_the_floors_says_so(capsys):
    assert main(["portfolio", "--budget", "1e6", *FAST]) == 0
    out = capsys.readouterr().out
    assert "too small" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--budget", "abc"],
        ["--budget", "-1"],
        ["--budget", "1e12"],
        ["--objective", "votes"],
        ["--min-coverage", "0.9"],
        ["--workforce", "lots"],
        ["--draws", "2.5"],
        ["--draws", "0"],
        ["--levels", "1"],
        ["--seed", "-3"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args):
    with pytest.raises(SystemExit) as exc:
        code = main(["portfolio", *args])
        raise SystemExit(code)
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_welsh_output_and_help():
    out = subprocess.run(
        [sys.executable, "-m", "appraisal", "--lang", "cy", "portfolio", *FAST],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert t("national.objective.value", "cy") in out and "Gwent" in out
    helped = subprocess.run(
        [sys.executable, "-m", "appraisal", "--help"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "portfolio" in helped
