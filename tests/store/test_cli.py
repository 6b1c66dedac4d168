"""``python -m appraisal scenario list|export|import``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal.cli import main
from appraisal.store import Repository
from appraisal.store.db import close_all

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def cli_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    yield url
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
    assert repo.load("Board view (imported)") == make_scenario("Board view (imported)")
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
        (
            json.dumps({**make_scenario().to_dict(), "regions": ["atlantis"]}).encode(),
            "unknown region 'atlantis'",
        ),
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


def test_python_dash_m_entry_point(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite'}"
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
