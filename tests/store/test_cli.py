"""``python -m appraisal scenario list|export|import``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal.cli import main
from appraisal.data import load_dataset
from appraisal.errors import InputError
from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs
from appraisal.run import validate
from appraisal.store import Repository, Scenario
from appraisal.store.db import close_all

from .conftest import make_scenario, v1_doc

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def cli_db(db_url):
    yield db_url
    close_all()


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_export_import_round_trip(cli_db, capsys, tmp_path, mini_data_dir):
    repo = Repository.open(cli_db)
    repo.save(make_scenario("Board view"), actor="Ann", comment="first")
    repo.save(make_scenario("Old", archived=True), actor="Ann", comment="first")

    code, out, _ = _cli(capsys, "scenario", "list", "--db", cli_db)
    assert code == 0 and "Board view" in out and "Old" not in out
    code, out, _ = _cli(capsys, "scenario", "list", "--all", "--format", "json", "--db", cli_db)
    assert code == 0 and [x["name"] for x in json.loads(out)] == ["Board view", "Old"]

    target = tmp_path / "out" / "board.json"
    code, out, _ = _cli(capsys, "scenario", "export", "Board view", "--out", str(target), "--db", cli_db)
    assert code == 0 and target.exists()
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "Board view"

    args = ("scenario", "import", str(target), "--db", cli_db, "--data-dir", str(mini_data_dir))
    code, _, err = _cli(capsys, *args)
    assert code == 2 and "already exists" in err and len(err.strip().splitlines()) == 1
    code, out, _ = _cli(
        capsys, *args, "--name", "Board view (imported)", "--author", "Cai", "--comment", "from Ann"
    )
    assert code == 0 and "Board view (imported)" in out
    assert repo.load("Board view (imported)") == make_scenario("Board view (imported)", reason="from Ann")
    entry = repo.audit("Board view (imported)")[0]
    assert (entry.action, entry.actor, entry.comment) == ("import", "Cai", "from Ann")


def test_export_to_stdout_and_unknown_name(cli_db, capsys):
    Repository.open(cli_db).save(make_scenario(), actor="Ann", comment="first")
    code, out, _ = _cli(capsys, "scenario", "export", "Board view", "--out", "-", "--db", cli_db)
    assert code == 0 and json.loads(out)["format"] == "pair-appraisal/scenario"
    code, out, err = _cli(capsys, "scenario", "export", "Nope", "--out", "-", "--db", cli_db)
    assert code == 2 and out == "" and err.strip() == "error: There is no scenario called 'Nope'."


@pytest.mark.parametrize(
    "content,message",
    [
        (b"{not json", "not valid JSON"),
        (
            b'{"format": "pair-appraisal/scenario", "schema_version": 1, "name": "<script>", "weights": {}}',
            "HTML",
        ),
        (make_scenario(regions=("atlantis",)).to_json().encode(), "unknown region 'atlantis'"),
        (json.dumps(v1_doc(regions=["atlantis"])).encode(), "unknown region 'atlantis'"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_import_is_one_line_exit_2_and_changes_nothing(
    cli_db, capsys, tmp_path, mini_data_dir, content, message
):
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    code, _, err = _cli(
        capsys, "scenario", "import", str(f), "--db", cli_db, "--data-dir", str(mini_data_dir)
    )
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert Repository.open(cli_db).list(include_archived=True) == []


def test_missing_file_and_huge_file(cli_db, capsys, tmp_path, mini_data_dir):
    code, _, err = _cli(capsys, "scenario", "import", str(tmp_path / "none.json"), "--db", cli_db)
    assert code == 2 and "File not found" in err
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 1_000_001)
    code, _, err = _cli(
        capsys, "scenario", "import", str(big), "--db", cli_db, "--data-dir", str(mini_data_dir)
    )
    assert code == 2 and "too big" in err


def test_python_dash_m_entry_point(db_url):
    url = db_url
    res = subprocess.run(
        [sys.executable, "-m", "appraisal", "scenario", "list", "--db", url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0 and "No saved scenarios" in res.stdout


def test_usage_error_is_one_line_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["scenario", "export", "x"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--out" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- imports checked as a run


@pytest.fixture(scope="module")
def ds():
    """The bundled data: it has economic assumptions, so overrides are checked against their domains."""
    return load_dataset()


def _bundled(ds, **inputs) -> Scenario:
    args: dict = dict(weights=WeightInputs("points", {c: 1.0 for c in ds.criterion_ids}), regions=("powys",))
    args.update(inputs)
    return Scenario.from_inputs("Bundled", AppraisalInputs(**args), author="Ann")


def _import(capsys, cli_db, tmp_path, text: str, *extra: str) -> tuple[int, str, str]:
    f = tmp_path / "in.json"
    f.write_text(text, encoding="utf-8")
    return _cli(capsys, "scenario", "import", str(f), "--db", cli_db, "--author", "Cai", *extra)


def test_import_refuses_an_out_of_range_economic_override(cli_db, capsys, tmp_path, ds):
    s = _bundled(ds, economics=EconomicInputs(overrides={"effect_attachment_d": -3}))
    code, out, err = _import(capsys, cli_db, tmp_path, s.to_json())
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "field 'economics.overrides.effect_attachment_d'" in err and "allowed range" in err
    assert Repository.open(cli_db).list(include_archived=True) == []
    assert Repository.open(cli_db).audit() == []
    # the same override in a format-1 file is refused the same way
    v1 = v1_doc(
        regions=["powys"],
        weights={"method": "points", "values": {c: 1.0 for c in ds.criterion_ids}},
        score_overrides={},
        economic_assumptions={"effect_attachment_d": -3},
    )
    code, _, err = _import(capsys, cli_db, tmp_path, json.dumps(v1))
    assert code == 2 and "economics.overrides.effect_attachment_d" in err
    assert Repository.open(cli_db).list(include_archived=True) == []
    # and a good one is stored
    code, out, _ = _import(capsys, cli_db, tmp_path, _bundled(ds).to_json())
    assert code == 0 and "Bundled" in out


def _bad_files(ds) -> list[tuple[str, AppraisalInputs]]:
    w = WeightInputs("points", {c: 1.0 for c in ds.criterion_ids})
    crit = ds.criterion_ids[0]
    top = next(c for c in ds.criteria if c.id == crit).scale_max
    return [
        ("fine", AppraisalInputs(weights=w)),
        (
            "fine override",
            AppraisalInputs(weights=w, economics=EconomicInputs(overrides={"effect_attachment_d": 0.4})),
        ),
        (
            "override below range",
            AppraisalInputs(weights=w, economics=EconomicInputs(overrides={"effect_attachment_d": -3})),
        ),
        (
            "override above range",
            AppraisalInputs(weights=w, economics=EconomicInputs(overrides={"effect_attachment_d": 99})),
        ),
        (
            "unknown parameter",
            AppraisalInputs(weights=w, economics=EconomicInputs(overrides={"no_such_param": 1})),
        ),
        ("unknown heckman preset", AppraisalInputs(weights=w, economics=EconomicInputs(heckman="nope"))),
        (
            "score outside scale",
            AppraisalInputs(weights=w, score_edits=(ScoreEdit("powys", "bau", crit, top + 1),)),
        ),
        (
            "score inside scale",
            AppraisalInputs(weights=w, score_edits=(ScoreEdit("powys", "bau", crit, top),)),
        ),
        ("unknown region", AppraisalInputs(weights=w, regions=("atlantis",))),
        ("unknown option", AppraisalInputs(weights=w, score_edits=(ScoreEdit("powys", "zzz", crit, 1),))),
        ("missing criterion", AppraisalInputs(weights=WeightInputs("points", {crit: 1.0}))),
        (
            "unknown criterion",
            AppraisalInputs(weights=WeightInputs("points", {**dict(w.points), "zzz": 1.0})),
        ),
    ]


BAD_LABELS = [
    "fine",
    "fine override",
    "override below range",
    "override above range",
    "unknown parameter",
    "unknown heckman preset",
    "score outside scale",
    "score inside scale",
    "unknown region",
    "unknown option",
    "missing criterion",
    "unknown criterion",
]


@pytest.mark.parametrize("label", BAD_LABELS)
def test_import_refuses_exactly_what_validate_refuses(cli_db, capsys, tmp_path, ds, label):
    inputs = dict(_bad_files(ds))[label]
    try:
        validate(ds, inputs)
        refused: InputError | None = None
    except InputError as exc:
        refused = exc
    s = Scenario.from_inputs(f"File {label}", inputs, author="Ann")
    code, out, err = _import(capsys, cli_db, tmp_path, s.to_json())
    stored = [x.name for x in Repository.open(cli_db).list(include_archived=True)]
    if refused is None:
        assert code == 0 and stored == [s.name], err
    else:
        assert code == 2 and stored == []
        assert f"field '{refused.field}'" in err and len(err.strip().splitlines()) == 1
    # the repository refuses the same files when given the dataset
    repo = Repository.open(f"sqlite:///{tmp_path / 'direct.sqlite'}")
    if refused is None:
        assert repo.import_json(s.to_json(), actor="Ann", dataset=ds).changed
    else:
        with pytest.raises(InputError) as exc:
            repo.import_json(s.to_json(), actor="Ann", dataset=ds)
        assert exc.value.field == refused.field
        assert repo.list(include_archived=True) == []


def test_bad_files_cover_every_label(ds):
    assert [label for label, _ in _bad_files(ds)] == BAD_LABELS
