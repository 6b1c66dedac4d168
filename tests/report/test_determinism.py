"""The same inputs give the same report, byte for byte, in every format.

DOCX and XLSX are zip packages whose members python-docx/openpyxl stamp with the current
time; the renderers restamp them with the report date, so no format needs a looser
comparison (no extracted-text fallback is used)."""

from __future__ import annotations

from datetime import date

from appraisal.inputs import AppraisalInputs
from appraisal.report import FORMATS, build_report, render
from appraisal.report.figures import render_png
from appraisal.run import clear_cache, run
from tests.report.conftest import REPORT_DATE


def _build(dataset):
    render_png.cache_clear()  # draw the figures again rather than reuse cached PNGs
    clear_cache()  # and compute every result again rather than reuse memoised parts
    return build_report(
        run(dataset, AppraisalInputs(draws=300, seed=5)), regions=["powys"], report_date=REPORT_DATE
    )


def test_same_inputs_same_bytes(dataset) -> None:
    a, b = _build(dataset), _build(dataset)
    assert a == b
    for fmt in FORMATS:
        first, second = render(a, fmt), render(b, fmt)
        assert first == second, f"{fmt} differs between two builds"


def test_date_and_seed_are_inputs(dataset) -> None:
    kw = {"regions": ["powys"], "static_figures": False}
    five, six = (run(dataset, AppraisalInputs(draws=300, seed=s)) for s in (5, 6))
    base = build_report(five, report_date=REPORT_DATE, **kw)
    assert base.date_text == "22 November 2026"
    other_seed = build_report(six, report_date=REPORT_DATE, **kw)
    assert render(other_seed, "xlsx") != render(base, "xlsx")  # SMAA and Monte Carlo draws differ
    later = build_report(five, report_date=date(2027, 1, 5), **kw)
    assert later.date_text == "5 January 2027" and later.file_stem == "pair-appraisal_powys_2027-01-05"
