"""Hostile text in the data stays text: a formula never runs in XLSX, a script tag never
runs in HTML, and both still read as typed in DOCX and PDF."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from appraisal.report import Report, render
from appraisal.report.html import _json
from tests.report.conftest import FORMULA_NAME, SCRIPT_NAME, flat


def test_xlsx_formula_option_name_is_stored_as_text(hostile_report: Report) -> None:
    data = render(hostile_report, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    hits = [
        c
        for ws in wb
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert hits, "the option name should appear in the workbook"
    assert all(c.data_type == "s" for c in hits)
    whole = [c for c in hits if c.value.lstrip("'") == FORMULA_NAME]
    assert whole, "the option name should appear on its own in a cell"
    assert all(c.value == "'" + FORMULA_NAME for c in whole)  # neutralised: never evaluated
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    # numbers stay numbers
    numbers = [
        c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "n" and c.value is not None
    ]
    assert len(numbers) > 200


def test_html_script_option_name_is_escaped(hostile_report: Report) -> None:
    html = render(hostile_report, "html").decode("utf-8")
    assert SCRIPT_NAME not in html
    assert "<script>alert" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # inside chart JSON the escaped label cannot close the <script> element either
    assert "</script" not in _json({"name": SCRIPT_NAME})
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
    assert all("alert(1)</" not in s for s in scripts)


def test_docx_and_pdf_show_hostile_names_literally(hostile_report: Report) -> None:
    doc = Document(io.BytesIO(render(hostile_report, "docx")))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert FORMULA_NAME in cells and SCRIPT_NAME in cells
    reader = PdfReader(io.BytesIO(render(hostile_report, "pdf")))
    text = flat("\n".join(p.extract_text() for p in reader.pages[:12]))
    assert "HYPERLINK" in text and "alert(1)" in text
