"""The Report page (AppTest) and the download builder behind its buttons."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from appraisal.inputs import AppraisalInputs, ScoreEdit
from appraisal.report import ScenarioInfo
from appraisal.run import run
from appraisal.ui.report_downloads import CACHE, ReportPlan, build_file, file_name


def _app(page: str | None = None) -> None:  # runs inside AppTest: imports are local
    from appraisal.ui.shell import main

    main(default_page=page)


@pytest.fixture(autouse=True)
def _clear() -> None:
    CACHE.clear()


def test_report_page_offers_four_downloads_without_building() -> None:
    at = AppTest.from_function(_app, kwargs={"page": "report"}, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Report"
    buttons = at.get("download_button")
    assert len(buttons) == 4
    assert not CACHE.items  # nothing was built while the page rendered
    at.segmented_control(key="w_report_scope").set_value("all").run()
    assert not at.exception
    assert len(at.get("download_button")) == 4


def test_download_builder_uses_session_inputs_and_caches(dataset) -> None:
    inputs = AppraisalInputs(
        draws=200, score_edits=(ScoreEdit("gwent", "bau", "equitable_coverage", 3.0, "why"),)
    )
    res = run(dataset, inputs)
    d = date(2026, 11, 22)
    assert file_name(res, ("gwent",), "xlsx", d) == "pair-appraisal_gwent_2026-11-22.xlsx"
    sc = ScenarioInfo("Gwent draft", author="Ann", reason="first pass", version=2)
    plan = ReportPlan(inputs, ("gwent",), sc, d)
    data = build_file(plan, "xlsx", res)
    assert build_file(plan, "xlsx", res) is data  # second click: from the cache
    wb = load_workbook(io.BytesIO(data))
    scores = [r for r in wb["Scores"].iter_rows(values_only=True) if r[0] == "Business as usual"]
    assert any(r[1] == "The same offer in every part of the region" and r[3] == 3.0 for r in scores)
