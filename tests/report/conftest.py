"""Shared fixtures: one all-regions report rendered once in every format, and a copy of
the data folder whose option names are hostile (a spreadsheet formula and a script tag)."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from appraisal.data import BUNDLED_DATA_DIR, Dataset, load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.report import FORMATS, Report, build_report, render
from appraisal.run import run

REPORT_DATE = date(2026, 11, 22)
SAMPLES = 600  # small but enough for every table; the app and CLI default to 10,000
SEED = 11


def report_of(dataset: Dataset, regions=None, *, inputs: AppraisalInputs | None = None, **kw) -> Report:
    """The report of one appraisal run (``inputs`` default: ``SAMPLES`` draws, ``SEED``)."""
    inputs = inputs if inputs is not None else AppraisalInputs(draws=SAMPLES, seed=SEED)
    return build_report(run(dataset, inputs), regions=regions, report_date=REPORT_DATE, **kw)


FORMULA_NAME = '=HYPERLINK("http://x","y")'
SCRIPT_NAME = "<script>alert(1)</script>"


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def full_report(dataset: Dataset) -> Report:
    return report_of(dataset, "all", workers=2)


@pytest.fixture(scope="session")
def rendered(full_report: Report) -> dict[str, bytes]:
    return {fmt: render(full_report, fmt) for fmt in FORMATS}


@pytest.fixture(scope="session")
def pdf_text(rendered: dict[str, bytes]) -> str:
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace collapsed, so text wrapped across lines still matches."""
    return " ".join(text.split())


def copy_data(dest: Path, *, assumptions: bool = True) -> Path:
    """A copy of the bundled data folders (criteria/, regions/ and optionally assumptions/)."""
    for sub in ("criteria", "regions") + (("assumptions",) if assumptions else ()):
        shutil.copytree(BUNDLED_DATA_DIR / sub, dest / sub)
    return dest


@pytest.fixture(scope="session")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Data folder where two options are named like an attack (YAML-quoted)."""
    root = copy_data(tmp_path_factory.mktemp("hostile"))
    path = root / "criteria" / "options.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("    name: Local authority early help\n", '    name: \'=HYPERLINK("http://x","y")\'\n'),
        ("    name: Expanded early-years CAMHS\n", "    name: '<script>alert(1)</script>'\n"),
    ):
        assert old in text, f"options.yaml no longer holds {old.strip()!r}; update the test"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def hostile_report(hostile_dir: Path) -> Report:
    ds = load_dataset(hostile_dir)
    assert FORMULA_NAME in [o.name for o in ds.options]
    return report_of(ds, ["gwent"], inputs=AppraisalInputs(draws=300, seed=SEED))
