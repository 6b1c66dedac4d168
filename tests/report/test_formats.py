"""Every format read back: the sections, the preferred option per region and the
switching-value tables are all there (python-docx, pypdf, openpyxl, the HTML text)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from appraisal.data import load_dataset as _load
from appraisal.report import Report
from tests.report.conftest import flat

N_CRITERIA = len(_load().criteria)  # 19 since issue 13


def _level1(report: Report) -> list[str]:
    return [s.heading for s in report.sections if s.level == 1]


def _region_names(report: Report) -> list[str]:
    return [p.region_name for p in report.preferred]


def test_report_model_has_every_part(full_report: Report) -> None:
    keys = [s.key for s in full_report.sections if s.level == 1]
    assert keys == [
        "summary",
        "choices",
        "problem",
        "criteria",
        "scores",
        "weights",
        "results",
        "robustness",
        "economics",
        "national",
        "assumptions",
        "audit",
        "dissent",
        "method",
    ]
    assert full_report.unavailable == ()  # every engine is installed
    assert len(full_report.preferred) == 7
    for rid in full_report.region_ids:
        sw = next(t for t in full_report.tables() if t.key == f"switching_{rid}")
        assert len(sw.rows) == 19  # one row per criterion
        assert any(t.key == f"econ_switching_{rid}" for t in full_report.tables())
    for fig in full_report.figures():
        assert fig.png.startswith(b"\x89PNG") and fig.alt and fig.caption and fig.table.rows


def test_preferred_option_matches_the_ranking(full_report: Report, dataset) -> None:
    from appraisal.mcda import evaluate

    for p in full_report.preferred:
        res = evaluate(dataset.problem(p.region))
        assert p.options == res.top
        assert p.total == pytest.approx(float(res.totals[res.order[0]]))


# --------------------------------------------------------------------------- DOCX


def test_docx_headings_tables_and_figures(full_report: Report, rendered: dict[str, bytes]) -> None:
    doc = Document(io.BytesIO(rendered["docx"]))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert h1 == _level1(full_report)
    assert h2 == [s.heading for s in full_report.sections if s.level == 2]
    # executive summary table: region -> preferred option
    head = [c.text for c in doc.tables[1].rows[0].cells]
    summary = full_report.section("summary").tables[0]
    assert tuple(head) == summary.headers
    got = {r.cells[0].text: r.cells[1].text for r in doc.tables[1].rows[1:]}
    assert got == {p.region_name: " = ".join(p.option_names) for p in full_report.preferred}
    # a switching-value table per region, with its header row repeated on each page
    sw_headers = next(t for t in full_report.tables() if t.key.startswith("switching_")).headers
    sw_tables = [t for t in doc.tables if tuple(c.text for c in t.rows[0].cells) == sw_headers]
    assert len(sw_tables) == 7
    assert all(len(t.rows) == 1 + N_CRITERIA for t in sw_tables)  # header + one row a criterion
    assert b"w:tblHeader" in zipfile.ZipFile(io.BytesIO(rendered["docx"])).read("word/document.xml")
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    for name in _region_names(full_report):
        assert any(c.endswith(f"Switching values for criterion weights in {name}") for c in captions)
    # figures carry alt text
    xml = zipfile.ZipFile(io.BytesIO(rendered["docx"])).read("word/document.xml").decode()
    assert xml.count('descr="') == len(full_report.figures())
    assert len(doc.inline_shapes) == len(full_report.figures())


# --------------------------------------------------------------------------- PDF


def test_pdf_is_searchable_with_sections_and_outline(
    full_report: Report, rendered: dict[str, bytes], pdf_text: str
) -> None:
    reader = PdfReader(io.BytesIO(rendered["pdf"]))
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline == _level1(full_report)
    text = flat(pdf_text)
    for heading in _level1(full_report):
        assert heading in text
    for p in full_report.preferred:
        assert f"{p.region_name}: the preferred option is {p.option_names[0]}" in text
        assert f"Switching values for criterion weights in {p.region_name}" in text
    assert "Switches if lowered to" in text and "Switches if raised to" in text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages[:4]
        for f in (page["/Resources"].get("/Font") or {}).values()
        if "/BaseFont" in f.get_object()
        for f in [f.get_object()]
    }
    assert any("DejaVu" in f for f in fonts)


# --------------------------------------------------------------------------- XLSX


def test_xlsx_one_sheet_per_part_and_numbers_stay_numbers(
    full_report: Report, rendered: dict[str, bytes]
) -> None:
    wb = load_workbook(io.BytesIO(rendered["xlsx"]))
    assert [ws.title for ws in wb.worksheets] == [title for _, title in full_report.parts]
    assert len(wb.chartsheets) == len(full_report.region_ids)  # a ranking chart a region
    summary = wb.worksheets[0]
    rows = {(r[0], r[1]) for r in summary.iter_rows(values_only=True)}
    for p in full_report.preferred:
        assert (p.region_name, p.option_names[0]) in rows
    sens = wb["Sensitivity"]
    values = [r for r in sens.iter_rows(values_only=True)]
    for name in _region_names(full_report):
        i = values.index(
            next(r for r in values if r[0] == f"Switching values for criterion weights in {name}")
        )
        assert values[i + 1][:2] == ("Criterion", "Current weight")
        weights = [r[1] for r in values[i + 2 : i + 2 + N_CRITERIA]]
        assert all(isinstance(w, float) for w in weights)
        assert sum(weights) == pytest.approx(1.0)
    all_text = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for heading in _level1(full_report):
        assert heading in all_text
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)


# --------------------------------------------------------------------------- HTML


def test_html_self_contained_with_interactive_charts(full_report: Report, rendered: dict[str, bytes]) -> None:
    html = rendered["html"].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>")
    for s in full_report.sections:
        assert f'<section id="{s.key}">' in html
    for rid in full_report.region_ids:
        assert f'<table id="switching_{rid}">' in html
        assert f'<table id="econ_switching_{rid}">' in html
    for p in full_report.preferred:
        assert f"<td>{p.region_name}</td><td>{p.option_names[0]}</td>" in html
    assert html.count("Plotly.newPlot(") == len(full_report.figures())
    # plotly.js inlined once; nothing fetched from a CDN
    assert html.count("<script") == 1 + len(full_report.figures())
    assert not re.search(r"<script[^>]*\bsrc=", html)  # no external script
    own = re.sub(r"<script type=\"text/javascript\">.*?</script>", "", html, count=1, flags=re.S)
    assert "http" not in own.split("<main>")[0].split("</style>")[1]  # head and header fetch nothing
