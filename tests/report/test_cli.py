"""``python -m appraisal report``: files written, scenario files and names, one-line errors."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from appraisal.cli import main
from appraisal.run import default_inputs
from appraisal.store.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]
BASE = ["report", "--date", "2026-11-22", "--samples", "200", "--seed", "3"]


def test_writes_requested_formats(tmp_path, capsys) -> None:
    rc = main([*BASE, "--region", "powys", "--format", "xlsx,html", "--out", str(tmp_path)])
    assert rc == 0
    out = capsys.readouterr().out.split()
    names = sorted(Path(p).name for p in out)
    assert names == ["pair-appraisal_powys_2026-11-22.html", "pair-appraisal_powys_2026-11-22.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # no temporary files left


def test_says_what_it_is_doing_on_stderr_in_the_chosen_language(tmp_path, capsys) -> None:
    """A seven-region report takes a while: each step is a line on stderr (stdout keeps
    only the files written, for scripts)."""
    from appraisal.i18n import t

    for lang in ("en", "cy"):
        rc = main([*BASE, "--region", "powys", "--format", "html", "--out", str(tmp_path), "--lang", lang])
        assert rc == 0
        got = capsys.readouterr()
        assert [Path(p).suffix for p in got.out.split()] == [".html"]
        lines = got.err.splitlines()
        assert lines[0] == t("report.cli.progress.build", lang, regions=1, draws="200")
        assert lines[1] == t("report.cli.progress.write", lang, formats="html")
        done = t("report.cli.progress.done", lang, seconds="@").split("@")
        assert len(lines) == 3 and lines[2].startswith(done[0]) and lines[2].endswith(done[1])


def test_scenario_file_and_saved_scenario(tmp_path, capsys, dataset) -> None:
    sc = Scenario.from_inputs("Powys board, March", default_inputs(dataset), author="Ann")
    assert dict(sc.inputs.weights.points) == {c.id: float(c.weight.value) for c in dataset.criteria}
    f = tmp_path / "scenario.json"
    f.write_text(sc.to_json(), encoding="utf-8")
    assert (
        main([*BASE, "--region", "powys", "--format", "xlsx", "--scenario", str(f), "--out", str(tmp_path)])
        == 0
    )
    path = Path(capsys.readouterr().out.strip())
    wb = load_workbook(path)
    facts = {r[0]: r[1] for r in wb[wb.sheetnames[0]].iter_rows(values_only=True) if r[0]}
    assert facts["Scenario"] == "Powys board, March" and facts["Author"] == "Ann"

    from appraisal.store.repository import Repository

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    Repository.open(url).save(sc, actor="Ann")
    args = [*BASE, "--region", "powys", "--format", "html", "--scenario", sc.name, "--db", url]
    assert main([*args, "--out", str(tmp_path / "named")]) == 0
    html = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert "Powys board, March" in html and '<table id="audit_saved">' in html


def test_errors_are_one_line(tmp_path, capsys) -> None:
    cases = [
        ["--region", "atlantis"],
        ["--region", "gwent", "--format", "docx,odt"],
        ["--region", "gwent", "--date", "22/11/2026"],
        ["--region", "gwent", "--scenario", str(tmp_path / "missing.json")],
        ["--region", "gwent", "--scenario", "no such scenario", "--db", f"sqlite:///{tmp_path / 'e.sqlite'}"],
    ]
    for extra in cases:
        rc = main([*BASE, *extra, "--out", str(tmp_path)])
        err = capsys.readouterr().err
        assert rc == 2, extra
        assert err.count("\n") == 1 and err.startswith("error: "), (extra, err)
    assert not list(tmp_path.glob("*.docx"))


def test_module_entry_point_all_regions(tmp_path) -> None:
    """The documented command, in a fresh interpreter: all seven regions, one combined workbook."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "appraisal",
            *BASE,
            "--region",
            "all",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    xlsx = tmp_path / "pair-appraisal_all-regions_2026-11-22.xlsx"
    assert proc.stdout.strip() == str(xlsx)
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))
    sens = [r[0] for r in wb["Sensitivity"].iter_rows(values_only=True) if r[0]]
    assert sum(1 for v in sens if str(v).startswith("Switching values for criterion weights in")) == 7


def test_workshop_aggregate_from_the_database(tmp_path, capsys, monkeypatch, dataset) -> None:
    from appraisal.store.db import open_database
    from appraisal.store.workshop import ENV_SECRET, Workshop

    monkeypatch.setenv(ENV_SECRET, "a-long-facilitator-secret")
    url = f"sqlite:///{tmp_path / 'ws.sqlite'}"
    ws = Workshop(open_database(url, cached=False))
    info = ws.open_session(
        secret="a-long-facilitator-secret", title="Gwent board", facilitator="Ann", region="gwent"
    )
    ids = dataset.criterion_ids
    for n, name in enumerate(("Ann", "Bob", "Cai")):
        _, token = ws.join(info.code, name=name, role="member", organisation="RPB")
        ws.submit(token, "points", {c: float((i + n) % 5 + 1) for i, c in enumerate(ids)}, ids)
    args = [*BASE, "--region", "gwent", "--format", "html", "--workshop", info.code, "--db", url]
    assert main([*args, "--out", str(tmp_path)]) == 0
    html = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert '<table id="workshop_weights">' in html and "3 participants" in html
