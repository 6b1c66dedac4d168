"""The CLI's output files: written whole or not at all, and shareable (a report written
0600, as ``mkstemp`` makes its files, could not be opened by the colleague it was for)."""

from __future__ import annotations

import os
import stat

import pytest

from appraisal import files
from appraisal.files import write_atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(p) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_a_new_file_gets_the_mode_open_would_give_it(tmp_path, umask_022) -> None:
    out = tmp_path / "reports" / "pair-appraisal.pdf"
    write_atomic(out, b"%PDF-1.7 ...")
    assert out.read_bytes() == b"%PDF-1.7 ..."
    assert _mode(out) == 0o644
    assert [p.name for p in out.parent.iterdir()] == ["pair-appraisal.pdf"]  # no temporary left


def test_a_replaced_file_keeps_its_mode(tmp_path, umask_022) -> None:
    out = tmp_path / "scenario.json"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, b"new")
    assert out.read_text() == "new" and _mode(out) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    out = tmp_path / "report.docx"
    out.write_bytes(b"the board's copy")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(out, b"half a report")
    assert out.read_bytes() == b"the board's copy"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
