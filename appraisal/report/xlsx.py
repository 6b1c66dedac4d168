"""XLSX renderer (openpyxl): one sheet per part of the report.

Numbers stay numbers (with a number format per column); every text cell goes through
``appraisal.safety.neutralise_cell`` and is stored with data type string, so text such
as ``=HYPERLINK(...)`` can never run as a formula. Figures appear as their data tables.
Workbook properties and zip timestamps are fixed from the report date, so the same
report gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from copy import copy
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from appraisal.i18n import t
from appraisal.i18n.formatting import XLSX_FORMATS
from appraisal.report._zip import normalise_zip
from appraisal.report.structure import Figure, Paragraph, Report, Section, Table
from appraisal.safety import neutralise_cell

MAX_WIDTH = 60
_TITLE = Font(bold=True, size=14)
_H1 = Font(bold=True, size=12)
_H2 = Font(bold=True, size=11)
_CAPTION = Font(bold=True, italic=True)
_HEADER = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_WARN = Font(bold=True, color="9C2700")
_NOTE = Font(italic=True, color="595959")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet_title(text: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    bad = "[]:*?/\\"
    clean = "".join("-" if c in bad else c for c in text).strip("'")
    return clean[:31] or "Sheet"


class _Writer:
    def __init__(self, ws: Worksheet, styles: dict):
        self.ws = ws
        self.row = 1
        self.widths: dict[int, float] = {}
        self.styles = styles  # shared by the workbook's sheets

    def _style(self, cell, font: Font | None, fill, wrap: bool, number_format: str | None) -> None:  # noqa: ANN001
        """Give ``cell`` this font, fill, alignment and number format. The first cell of
        each combination is styled through openpyxl's descriptors (each looks its
        value up in the workbook's style lists by hash); the others copy that cell's
        style indices, which is what the descriptors would set."""
        key = (id(font), id(fill), wrap, number_format)
        found = self.styles.get(key)
        if found is not None:
            cell._style = copy(found)
            return
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = _WRAP
        if number_format is not None:
            cell.number_format = number_format
        self.styles[key] = copy(cell._style)

    def text(
        self,
        col: int,
        value: object,
        font: Font | None = None,
        wrap: bool = False,
        fill=None,  # noqa: ANN001
    ) -> None:
        cell = self.ws.cell(row=self.row, column=col)
        if value is None:
            if fill is not None:
                cell.fill = fill
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.value = value
        else:
            cell.value = neutralise_cell(str(value))
            cell.data_type = "s"
        if font is not None or wrap or fill is not None:
            self._style(cell, font, fill, wrap, None)

    def line(self, value: str, font: Font | None = None) -> None:
        self.text(1, value, font)
        self.row += 1

    def table(self, table: Table, caption: str | None = None) -> None:
        self.line(caption if caption is not None else table.caption, _CAPTION)
        for k, h in enumerate(table.headers, start=1):
            self.text(k, h, _HEADER, wrap=True, fill=_HEADER_FILL)
            self._measure(k, h, header=True)
        self.row += 1
        for r in table.rows:
            for k, (v, f) in enumerate(zip(r, table.formats), start=1):
                if v is None:
                    continue
                cell = self.ws.cell(row=self.row, column=k)
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    cell.value = v
                    if f in XLSX_FORMATS:
                        self._style(cell, None, None, False, XLSX_FORMATS[f])
                    self._measure(k, f"{v:,.2f}" if isinstance(v, float) else str(v))
                else:
                    cell.value = neutralise_cell(str(v))
                    cell.data_type = "s"
                    if len(str(v)) > 40:
                        self._style(cell, None, None, True, None)
                    self._measure(k, str(v))
            self.row += 1
        if table.note:
            self.line(table.note, _NOTE)
        self.row += 1

    def _measure(self, col: int, text: str, header: bool = False) -> None:
        n = min(len(text), 30 if header else MAX_WIDTH) + 2
        if n > self.widths.get(col, 0):
            self.widths[col] = n

    def finish(self) -> None:
        for col, w in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(max(w, 10), MAX_WIDTH)


def _section(w: _Writer, s: Section, report: Report) -> None:
    w.line(s.heading, _H1 if s.level == 1 else _H2)
    for b in s.blocks:
        if isinstance(b, Paragraph):
            w.line(b.text, _WARN if b.kind == "warning" else _NOTE if b.kind == "note" else None)
        elif isinstance(b, Table):
            w.table(b)
        elif isinstance(b, Figure):
            w.table(b.table, f"{t('report.figure_data', report.lang)}: {b.caption}")
    w.row += 1


def build_workbook(report: Report) -> Workbook:
    """The openpyxl Workbook for ``report`` (not yet saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    writers: dict[str, _Writer] = {}
    styles: dict = {}
    for key, title in report.parts:
        writers[key] = _Writer(wb.create_sheet(_sheet_title(title)), styles)
    first = writers[report.parts[0][0]]
    first.line(report.title, _TITLE)
    first.line(report.subtitle)
    first.row += 1
    for f in report.key_facts:
        first.text(1, f.label, _HEADER)
        first.text(2, f.value)
        first._measure(1, f.label)
        first.row += 1
    first.row += 1
    for s in report.sections:
        _section(writers.get(s.part, first), s, report)
    for w in writers.values():
        w.finish()
    stamp = datetime(report.report_date.year, report.report_date.month, report.report_date.day)
    props = wb.properties
    props.creator = "PAIR options appraisal"
    props.lastModifiedBy = "PAIR options appraisal"
    props.title = report.title
    props.subject = report.subtitle
    props.identifier = report.data_version
    props.language = report.lang
    props.created = stamp
    props.modified = stamp
    return wb


def render_xlsx(report: Report) -> bytes:
    """The report as XLSX bytes (same report -> same bytes)."""
    wb = build_workbook(report)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # not save_workbook: that stamps 'modified' with now()
    return normalise_zip(buf.getvalue(), report.report_date)
