"""The report's national chapter: registered after the economics, the objective named,
the allocation, frontier, order of preference, switches and robustness laid out with a
table behind every figure, the defaults with unit, source and status, in both languages."""

from __future__ import annotations

import pytest

from appraisal.i18n import t
from appraisal.portfolio import PortfolioChoices, national
from appraisal.report import build_report, render
from appraisal.report.context import ReportContext
from appraisal.report.sections import national as chapter
from appraisal.report.structure import Figure, Paragraph, Table
from appraisal.run import default_inputs, run


@pytest.fixture(scope="module")
def welsh(ds):
    return run(ds, default_inputs(ds, draws=500, lang="cy"))


def _chapter(res, lang):
    return chapter.sections(ReportContext(results=res, lang=lang))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_chapter_lays_out_every_part(results, welsh, lang):
    res = results if lang == "en" else welsh
    (sec,) = _chapter(res, lang)
    assert sec.key == "national" and sec.available and sec.heading == t("report.national.heading", lang)
    tables = {b.key for b in sec.blocks if isinstance(b, Table)}
    figures = [b for b in sec.blocks if isinstance(b, Figure)]
    assert {"national_allocation", "national_order", "national_switches", "national_defaults"} <= tables
    assert {f.key for f in figures} == {
        "national_coverage",
        "national_frontier",
        "national_hosts",
        "national_teams",
    }
    assert all(f.table.rows for f in figures)  # every figure has its table
    text = " ".join(b.text for b in sec.blocks if isinstance(b, Paragraph))
    assert t("national.objective.value", lang) in text  # the report says which objective
    assert "HiGHS" in text
    warn = [b for b in sec.blocks if isinstance(b, Paragraph) and b.kind == "warning"]
    assert any(b.text == t("report.national.illustrative", lang) for b in warn)
    defaults = next(b for b in sec.blocks if isinstance(b, Table) and b.key == "national_defaults")
    assert len(defaults.headers) == 5 and all(r[2] and r[4] for r in defaults.rows)  # unit, source


def test_chapter_reads_the_same_result_as_the_page_and_cli(results):
    nat = national(results, PortfolioChoices())
    (sec,) = _chapter(results, "en")
    alloc = next(b for b in sec.blocks if isinstance(b, Table) and b.key == "national_allocation")
    assert [r[2] for r in alloc.rows] == [a.teams for a in nat.allocation]


def test_chapter_is_only_in_reports_of_every_region(results):
    assert _chapter(results.subset(["gwent", "powys"]), "en") == []


def test_report_carries_the_chapter_after_the_economics(results):
    rep = build_report(results, static_figures=False)
    keys = [s.key for s in rep.sections]
    assert "national" in keys
    assert keys.index("national") > keys.index("economics")
    html = render(rep, "html").decode("utf-8")
    assert t("report.national.heading", "en") in html
