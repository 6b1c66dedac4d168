"""The economic case in every format: per region the outcome chain, the returns in both
benefit views with the labelled what-if, the Heckman-style figure, the waterfall, the cost
per family reconciled, Monte Carlo with P(BCR > 1) and P(NPSV > 0), EVPI and the top
EVPPI (table and figure) and the acceptability curve, read back from DOCX (python-docx),
PDF (pypdf text), XLSX (openpyxl) and HTML; and the Green Book statements."""

from __future__ import annotations

import io

import numpy as np
import pytest
from docx import Document
from openpyxl import load_workbook

from appraisal.i18n import t
from appraisal.i18n.formatting import format_cell
from appraisal.report import Paragraph, Report
from appraisal.run import run
from tests.report.conftest import SAMPLES, SEED, flat

FIGURES = ("fig_heckman", "fig_waterfall", "fig_evppi", "fig_ceac")
TABLES = (
    "econ_chain",
    "econ_reach",
    "econ_domains",
    "econ_payers",
    "econ_costs",
    "econ_returns",
    "econ_recon",
    "econ_mc",
    "econ_evppi",
    "econ_switching",
)


@pytest.fixture(scope="module")
def results(dataset):
    from appraisal.inputs import AppraisalInputs

    return run(dataset, AppraisalInputs(draws=SAMPLES, seed=SEED))


def _figure(report: Report, key: str):
    return next(f for f in report.figures() if f.key == key)


def _table(report: Report, key: str):
    return next(t_ for t_ in report.tables() if t_.key == key)


def _paragraphs(report: Report, section: str) -> list[str]:
    return [b.text for b in report.section(section).blocks if isinstance(b, Paragraph)]


def test_every_region_has_the_economic_case(full_report: Report) -> None:
    keys = {f.key for f in full_report.figures()}
    tables = {t_.key for t_ in full_report.tables()}
    for rid in full_report.region_ids:
        for k in FIGURES:
            assert f"{k}_{rid}" in keys, (k, rid)
        for k in TABLES:
            assert f"{k}_{rid}" in tables, (k, rid)
    assert {"econ_optimism", "heckman_benchmarks"} <= tables


def test_the_green_book_statements_come_from_the_run(full_report: Report, results) -> None:
    a = results.assumptions
    text = " ".join(_paragraphs(full_report, "economics"))
    assert "2025/26" in text and format_cell(a.value("pay_award_2026_27"), "pct1", "en") in text
    stpr = a.value(a.schedules["stpr"][0].param_id)
    health = a.value(a.schedules["health"][0].param_id)
    assert format_cell(stpr, "pct1", "en") in text and format_cell(health, "pct1", "en") in text
    assert a.settings.consultation in text and a.settings.deadweight in text  # reasons from settings
    assert t("econ.preset.abc_care") in text  # the what-if names its curve, as an assumption
    ob = _table(full_report, "econ_optimism")
    first = results.region(full_report.region_ids[0]).economics
    assert [r[3] for r in ob.rows] == pytest.approx(list(first.optimism_bias))


def test_returns_are_the_engines_in_both_views_with_the_what_if(full_report: Report, results) -> None:
    rid = full_report.region_ids[0]
    econ = results.region(rid).economics
    tbl = _table(full_report, f"econ_returns_{rid}")
    rows = {r[0]: r for r in tbl.rows}
    chain, cmh = econ.modes["outcome_chain"], econ.modes["per_child_supported"]
    for i, o in enumerate(econ.options):
        if econ.roles[i] == "bau":
            assert o.name not in rows
            continue
        r = rows[o.name]
        assert r[2] == pytest.approx(chain.npsv[i]) and r[4] == pytest.approx(cmh.npsv[i])
        assert r[3] == pytest.approx(chain.bcr_inc[i]) and r[5] == pytest.approx(cmh.bcr_inc[i])
        irr = float(econ.irr[i])
        assert (r[6] is None) == (not np.isfinite(irr)) and (r[6] is None or r[6] == pytest.approx(irr))
        assert r[7] == pytest.approx(econ.breakeven_return[i])
        assert r[9] == pytest.approx(econ.whatif.bcr_inc[i])
    assert "what-if" in tbl.note.lower() and "assumption" in tbl.note.lower()


def test_monte_carlo_gives_both_chances_and_evpi(full_report: Report, results) -> None:
    rid = full_report.region_ids[0]
    reg = results.region(rid)
    mc = reg.monte_carlo
    tbl = _table(full_report, f"econ_mc_{rid}")
    assert tbl.headers[-2:] == (t("report.col.prob_bcr"), t("report.col.prob_npsv"))
    by = {(r["name"], r["mode"]): r for r in mc.rows()}
    views = {t(f"econ.mode.short.{m}"): m for m in mc.modes}
    for row in tbl.rows:
        r = by[(row[0], views[row[1]])]
        assert row[6] == r["prob_bcr_gt_1"] and row[7] == r["prob_npsv_gt_0"]
    view = reg.benefit_view
    evpi = format_cell(mc.modes[view].evpi, "gbp0", "en")
    assert any(evpi in p for p in _paragraphs(full_report, f"economics_{rid}"))
    ev = _table(full_report, f"econ_evppi_{rid}")
    assert [r[1] for r in ev.rows] == pytest.approx([r["evppi"] for r in mc.evppi_rows(view, 10)])
    assert evpi in _figure(full_report, f"fig_evppi_{rid}").caption


def test_summary_uses_the_runs_view_and_the_other_views_bcr(full_report: Report, results) -> None:
    headers = full_report.section("summary").tables[0].headers
    chain, cmh = t("econ.mode.short.outcome_chain"), t("econ.mode.short.per_child_supported")
    assert headers[-3:] == (
        t("report.col.npsv_preferred", view=chain),
        t("report.col.bcr_view", view=chain),
        t("report.col.bcr_view", view=cmh),
    )
    assert not any("bottom" in h.lower() or "heckman" in h.lower() for h in headers)
    for p, row in zip(full_report.preferred, full_report.section("summary").tables[0].rows):
        reg = results.region(p.region)
        assert row[-3:-1] == pytest.approx(reg.npsv_bcr(p.options[0], "outcome_chain"))
        assert row[-1] == pytest.approx(reg.npsv_bcr(p.options[0], "per_child_supported")[1])


def _captions(full_report: Report, rid: str) -> list[str]:
    return [_figure(full_report, f"{k}_{rid}").caption for k in FIGURES]


def test_docx_holds_the_heckman_figure_waterfall_and_evpi(full_report: Report, rendered) -> None:
    doc = Document(io.BytesIO(rendered["docx"]))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    body = flat(" ".join(p.text for p in doc.paragraphs))
    for rid in full_report.region_ids:
        for cap in _captions(full_report, rid):
            assert any(c.endswith(cap) for c in captions), cap
    assert "EVPI" in body and "EVPPI" in " ".join(c.text for tb in doc.tables for c in tb.rows[0].cells)


def test_pdf_holds_the_heckman_figure_waterfall_and_evpi(full_report: Report, pdf_text: str) -> None:
    text = flat(pdf_text)
    for rid in full_report.region_ids:
        for cap in _captions(full_report, rid):
            assert flat(cap) in text, cap
    assert "(EVPI)" in text and t("report.col.share_evpi") in text


def test_xlsx_holds_the_figures_data_and_evppi_as_numbers(full_report: Report, rendered) -> None:
    wb = load_workbook(io.BytesIO(rendered["xlsx"]))
    ws = wb["Economics"]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    label = t("report.figure_data")
    for rid in full_report.region_ids:
        for cap in _captions(full_report, rid):
            assert f"{label}: {cap}" in cells, cap
    rows = list(ws.iter_rows(values_only=True))
    rid = full_report.region_ids[0]
    title = _table(full_report, f"econ_evppi_{rid}").caption
    i = next(k for k, r in enumerate(rows) if r[0] and str(r[0]).endswith(title))
    assert rows[i + 1][:3] == (t("report.col.parameter"), t("report.col.evppi"), t("report.col.share_evpi"))
    assert all(isinstance(r[1], float) for r in rows[i + 2 : i + 12])
    assert any(isinstance(c, str) and "(EVPI)" in c for c in cells)


def test_html_holds_the_heckman_figure_waterfall_and_evpi(full_report: Report, rendered) -> None:
    html = rendered["html"].decode("utf-8")
    for rid in full_report.region_ids:
        for k in FIGURES:
            assert f'id="chart-{k}_{rid}"' in html
        assert f'<table id="econ_evppi_{rid}">' in html
        for cap in _captions(full_report, rid):
            assert cap.replace("'", "&#x27;") in html or cap in html
    assert "(EVPI)" in html


def test_welsh_report_names_views_curves_and_domains_in_welsh(dataset, results) -> None:
    from appraisal.inputs import AppraisalInputs
    from tests.report.conftest import report_of

    r = report_of(dataset, ["gwent"], inputs=AppraisalInputs(draws=200, seed=SEED, lang="cy"))
    text = " ".join(_paragraphs(r, "economics") + _paragraphs(r, "economics_gwent"))
    assert t("econ.mode.short.outcome_chain", "cy") in text
    domains = _table(r, "econ_domains_gwent")
    assert {row[0] for row in domains.rows} == {d.name_cy for d in results.assumptions.domains}
    assert "Heckman" in _figure(r, "fig_heckman_gwent").caption
