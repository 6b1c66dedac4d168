"""The CLI as a consultant uses it: real subprocesses, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal.data import BUNDLED_DATA_DIR

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "appraisal", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_rank_all_json_gives_every_region_with_every_option_ranked():
    res = run("rank", "--region", "all", "--format", "json")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert len(doc["regions"]) == 7
    from appraisal.data import load_dataset

    ds = load_dataset()
    for region in doc["regions"]:
        ranking = region["ranking"]
        assert sorted(r["option"] for r in ranking) == sorted(o.id for o in ds.options_for(region["region"]))
        assert ranking[0]["rank"] == 1
        totals = [r["total"] for r in ranking]
        assert totals == sorted(totals, reverse=True)
        for r in ranking:
            assert sum(r["contributions"].values()) == pytest.approx(r["total"])


def test_rank_table_and_csv():
    res = run("rank", "--region", "gwent")
    assert res.returncode == 0 and "Gwent" in res.stdout and "Rank" in res.stdout
    res = run("rank", "--region", "powys", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    # Powys has no established team, so no "build on what exists": eight options
    assert len(rows) == 8 and rows[0]["rank"] == "1" and rows[0]["region"] == "powys"


def test_rank_with_weights_file_changes_the_answer(tmp_path):
    """Putting all weight on links with parental mental health care makes expanded
    perinatal mental health (the only option at the top level there) win in Gwent."""
    from appraisal.data import load_dataset

    ids = load_dataset().criterion_ids
    wf = tmp_path / "w.csv"
    wf.write_text(
        "criterion,weight\n" + "".join(f"{c},{100 if c == 'parental_mental_health' else 0}\n" for c in ids)
    )
    res = run("rank", "--region", "gwent", "--weights", str(wf), "--format", "json")
    assert res.returncode == 0, res.stderr
    top = json.loads(res.stdout)["regions"][0]["ranking"][0]["option"]
    assert top == "perinatal_mh"


@pytest.mark.parametrize(
    "args, message",
    [
        (("rank", "--region", "atlantis"), "unknown region 'atlantis'"),
        (("rank", "--region", "gwent", "--weights", "missing.yaml"), "missing.yaml: file not found"),
        (("rank", "--region", "gwent", "--format", "xml"), "invalid choice"),
        (("rank",), "required"),
    ],
)
def test_errors_are_one_line_no_traceback(args, message):
    res = run(*args)
    assert res.returncode == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_bad_weights_file_names_file_and_field(tmp_path):
    from appraisal.data import load_dataset

    ids = load_dataset().criterion_ids
    body = "".join(f"  {c}: {-1 if c == 'routine_contact' else 5}\n" for c in ids)
    wf = tmp_path / "w.yaml"
    wf.write_text("method: points\nweights:\n" + body)
    res = run("rank", "--region", "gwent", "--weights", str(wf))
    assert res.returncode == 2
    assert "w.yaml" in res.stderr and "routine_contact" in res.stderr
    assert "Traceback" not in res.stderr


def test_validate_bundled_ok():
    res = run("validate")
    assert res.returncode == 0, res.stderr
    assert "OK" in res.stdout and "7 regions" in res.stdout


def test_validate_prints_every_problem_and_exits_nonzero(tmp_path):
    for sub in ("criteria", "regions", "assumptions"):
        shutil.copytree(BUNDLED_DATA_DIR / sub, tmp_path / sub)
    scores = tmp_path / "criteria" / "scores.csv"
    text = scores.read_text(encoding="utf-8")
    assert "\nbau,routine_contact,0,0,1," in text
    text = text.replace("\nbau,routine_contact,0,0,1,", "\nbau,routine_contact,15,0,1,", 1)
    text = text.replace("\ncamhs,welsh_language,", "\ncamhs,welsh_languag,", 1)
    scores.write_text(text, encoding="utf-8")
    res = run("validate", "--data-dir", str(tmp_path))
    assert res.returncode == 1
    assert "field 'score'" in res.stderr
    assert "unknown criterion 'welsh_languag'" in res.stderr
    assert "Traceback" not in res.stderr


def test_cli_speaks_welsh_with_lang_cy():
    res = run("rank", "--region", "powys", "--format", "json", "--lang", "cy")
    assert res.returncode == 0, res.stderr
    top = json.loads(res.stdout)["regions"][0]["ranking"][0]
    assert top["name"] == "Nyrsio iechyd y cyhoedd / y blynyddoedd cynnar"
    res = run("--lang", "cy", "rank", "--region", "atlantis")
    assert res.returncode == 2
    assert res.stderr.startswith("gwall: rhanbarth anhysbys 'atlantis'")
    res = run("validate", "--lang", "cy")
    assert res.returncode == 0 and res.stdout.startswith("Iawn:")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_command_has_working_help(lang):
    """Catalogue texts hold '%' signs; help must still print, in both languages."""
    for cmd in ("validate", "rank", "sensitivity", "economics", "scenario", "report"):
        res = run("--lang", lang, cmd, "--help")
        assert res.returncode == 0, (cmd, res.stderr)
        assert "Traceback" not in res.stderr and "usage:" in res.stdout
