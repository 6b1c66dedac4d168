"""Robustness on the bundled data, the CLI, the charts and the benchmark script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from appraisal.charts import robustness as charts
from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.mcda import evaluate
from appraisal.run import run
from appraisal.sensitivity import across_regions, robustness

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def gwent(dataset):
    return robustness(dataset.problem("gwent"), samples=4_000, seed=2)


def test_bundle_is_consistent(gwent):
    p = gwent.problem
    base = evaluate(p)
    assert gwent.top == gwent.switching.top_option == gwent.distance.top == gwent.tornado.top
    assert gwent.top in base.top
    assert gwent.sweep.totals.shape == (len(p.criteria), 101, len(p.options))
    acc = gwent.smaa.rank_acceptability
    np.testing.assert_allclose(acc.sum(axis=0), 1.0)
    np.testing.assert_allclose(acc.sum(axis=1), 1.0)
    row = gwent.summary_row()
    assert row["region"] == "gwent" and row["top"] == gwent.top
    assert 0.0 <= row["first_rank_acceptability"] <= 1.0
    json.dumps(row)  # plain values only
    for rows in (
        gwent.switching.rows(),
        gwent.distance.rows(),
        gwent.smaa.rows(),
        gwent.smaa.central_weight_rows(),
        gwent.methods.rows(),
        gwent.methods.agreement_rows(),
        gwent.tornado.rows(),
    ):
        assert rows
        json.dumps(rows, allow_nan=False)


def test_across_regions_all_seven(dataset):
    res = across_regions(dataset, samples=1_000, seed=0, score_uncertainty="none")
    rows = res.rows()
    assert [r["region"] for r in rows] == list(dataset.region_ids)
    assert len(rows) == 7
    assert res.region("powys").problem.region.id == "powys"
    json.dumps(rows, allow_nan=False)


def test_region_specific_weights(dataset):
    ids = dataset.criterion_ids
    heavy = np.zeros(len(ids))
    heavy[0] = 1.0
    res = across_regions(dataset, {"gwent": heavy}, samples=200, regions=("gwent", "powys"))
    assert res.region("gwent").additive.weights.values[0] == pytest.approx(1.0)
    assert res.region("powys").additive.weights.values[0] < 1.0


def test_charts_build(gwent):
    cid = gwent.problem.criterion_ids[0]
    figs = [
        charts.sweep_chart(gwent.sweep, cid, gwent.switching),
        charts.rank_acceptability_chart(gwent.smaa),
        charts.central_weights_chart(gwent.smaa),
        charts.tornado_chart(gwent.tornado),
        charts.methods_chart(gwent.methods),
        charts.sweep_chart(gwent.sweep, cid, lang="cy"),
    ]
    for f in figs:
        assert isinstance(f, go.Figure)
        f.to_json()
    assert len(figs[1].data) == len(gwent.problem.options)  # one stacked trace per rank


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "appraisal", "sensitivity", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@pytest.mark.slow
def test_cli_json_all_regions():
    res = _run("--region", "all", "--samples", "2000", "--seed", "4", "--format", "json")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["samples"] == 2000 and doc["seed"] == 4
    assert len(doc["regions"]) == 7 and len(doc["across_regions"]) == 7
    first = doc["regions"][0]
    assert {"switching", "distance", "smaa", "methods", "tornado"} <= set(first)
    # the CLI reports exactly what one appraisal run gives for the same inputs (its default
    # weight model is the app's: the stated weights +/- 20%)
    api = run(load_dataset(), AppraisalInputs(draws=2000, seed=4))
    assert doc["model"] == "stated"
    assert [r.robustness.summary_row() for r in api] == doc["across_regions"]
    uni = across_regions(load_dataset(), samples=2000, seed=4, model="uniform")
    res = _run(
        "--region", "all", "--samples", "2000", "--seed", "4", "--model", "uniform", "--format", "json"
    )
    assert uni.rows() == json.loads(res.stdout)["across_regions"]


def test_cli_table_one_region_and_errors():
    res = _run("--region", "powys", "--samples", "1000")
    assert res.returncode == 0, res.stderr
    assert "Powys" in res.stdout and "SMAA-2" in res.stdout and "Switching values" in res.stdout
    bad = _run("--region", "atlantis")
    assert bad.returncode == 2 and "atlantis" in bad.stderr and "Traceback" not in bad.stderr
    bad = _run("--region", "gwent", "--samples", "0")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    bad = _run("--region", "gwent", "--model", "mixture")
    assert bad.returncode == 2 and "stakeholder" in bad.stderr


@pytest.mark.slow
def test_benchmark_script_runs_small():
    res = subprocess.run(
        [sys.executable, "benchmarks/bench_smaa.py", "--samples", "2000", "--repeats", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert "RATIO smaa_weights/baseline" in res.stdout
