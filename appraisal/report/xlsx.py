"""XLSX renderer (openpyxl): one sheet per part of the report.

Numbers stay numbers (with a number format per column); every text cell goes through
``appraisal.safety.neutralise_cell`` and is stored with data type string, so text such
as ``=HYPERLINK(...)`` can never run as a formula. Figures appear as their data tables.
Every table with data rows is an Excel named table (header row and data rows; caption
and note sit outside it), named after its key (``T_<key>``) with unique column names.
After the data sheets, one chart sheet per region (at most ``MAX_CHARTS``) draws that
region's ranking table: a bar chart of each option's total value, reading the table's
cells. Workbook properties and zip timestamps are fixed from the report date, so the
same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from datetime import datetime

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableColumn, TableStyleInfo
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
#: Light header (bold, default text colour): the header cells keep their own light fill,
#: which a dark-header style (TableStyleLight9...) would pair with white text.
TABLE_STYLE = "TableStyleLight2"
MAX_CHARTS = 7  # chart sheets: one per region, the first seven regions of the report
_NAME_MAX = 255  # Excel's limit for a table name
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
#: names Excel reads as a cell reference: A1 style (up to XFD1048576) or R1C1 style
_CELL_REF = re.compile(r"(?:[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*(?:[Cc][0-9]*)?|[Cc][0-9]*)", re.ASCII)


def _sheet_title(text: str) -> str:
    """Excel sheet names: at most 31 characters, none of ``[]:*?/\\``."""
    bad = "[]:*?/\\"
    clean = "".join("-" if c in bad else c for c in text).strip("'")
    return clean[:31] or "Sheet"


def _unique_sheet_title(text: str, taken: set[str]) -> str:
    """``_sheet_title(text)``, with ' (2)', ' (3)'... inside the 31 characters when the
    workbook already has that name (sheet names are not case sensitive)."""
    base = _sheet_title(text)
    title, n = base, 2
    while title.casefold() in taken:
        tail = f" ({n})"
        title, n = base[: 31 - len(tail)] + tail, n + 1
    taken.add(title.casefold())
    return title


def table_name(key: str, taken: set[str]) -> str:
    """A valid, workbook-unique Excel table name for the table ``key``: ``T_<key>`` with
    anything but ASCII letters, digits and ``_`` replaced by ``_``, at most 255
    characters, never a cell reference, with ``_2``, ``_3``... on a clash. ``taken``
    holds the names used so far (case-folded: Excel names are not case sensitive)."""
    base = _NOT_NAME.sub("_", f"T_{key}")[: _NAME_MAX - 8]
    if not (base[0].isalpha() or base[0] == "_") or _CELL_REF.fullmatch(base):
        base = "_" + base
    name, n = base, 2
    while name.casefold() in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name.casefold())
    return name


def column_names(headers: tuple[object, ...], lang: str) -> list[str]:
    """The header cells of a named table: text (neutralised, as every text cell), a
    blank header becomes 'Column N', a repeated one 'Name (2)', 'Name (3)'... (Excel
    needs unique names, compared without case)."""
    out: list[str] = []
    seen: set[str] = set()
    for k, h in enumerate(headers, start=1):
        text = "" if h is None else str(h)
        base = str(neutralise_cell(text)) if text.strip() else t("report.xlsx.column", lang, n=k)
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


class _Placed:
    """Where ``_Writer.table`` put a table: its sheet, header row and last data row."""

    __slots__ = ("table", "ws", "header_row", "last_row")

    def __init__(self, table: Table, ws: Worksheet, header_row: int, last_row: int):
        self.table, self.ws, self.header_row, self.last_row = table, ws, header_row, last_row


class _Writer:
    def __init__(
        self,
        ws: Worksheet,
        styles: dict,
        lang: str = "en",
        names: set[str] | None = None,
        placed: dict[str, _Placed] | None = None,
    ):
        self.ws = ws
        self.row = 1
        self.widths: dict[int, float] = {}
        self.styles = styles  # shared by the workbook's sheets
        self.lang = lang
        self.names = names if names is not None else set()  # table names used in the workbook
        self.placed = placed if placed is not None else {}  # table key -> where it is

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
        header_row = self.row
        columns = column_names(table.headers, self.lang)
        for k, h in enumerate(columns, start=1):
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
        self._name(table, header_row, columns)
        if table.note:
            self.line(table.note, _NOTE)
        self.row += 1

    def _name(self, table: Table, header_row: int, columns: list[str]) -> None:
        """Make the header row and data rows just written an Excel named table (none
        for a table without data rows: Excel repairs a header-only table)."""
        n = len(table.headers)
        last_row = self.row - 1
        if n == 0 or last_row <= header_row:
            return
        ref = f"A{header_row}:{get_column_letter(n)}{last_row}"
        xl = XlTable(
            displayName=table_name(table.key, self.names),
            ref=ref,
            tableStyleInfo=TableStyleInfo(name=TABLE_STYLE, showRowStripes=True),
            autoFilter=AutoFilter(ref=ref),
            # the names written in the header cells (openpyxl would read them back)
            tableColumns=[TableColumn(id=k, name=name) for k, name in enumerate(columns, start=1)],
        )
        self.ws.add_table(xl)
        self.placed.setdefault(table.key, _Placed(table, self.ws, header_row, last_row))

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


def _ranking_charts(wb: Workbook, report: Report, placed: dict[str, _Placed]) -> None:
    """One chart sheet per region (the first ``MAX_CHARTS``) with a horizontal bar chart
    of each option's total value, read from the cells of the region's ranking table
    (``ranking_<region>``: option and total columns), rank 1 at the top. Regions without
    a ranking table in the workbook get no chart."""
    lang = report.lang
    names = {p.region: p.region_name for p in report.preferred}
    want = (t("report.col.option", lang), t("report.col.total", lang))
    taken = {title.casefold() for title in wb.sheetnames}
    made = 0
    for rid in report.region_ids:
        where = placed.get(f"ranking_{rid}")
        if where is None or not all(h in where.table.headers for h in want):
            continue
        if made == MAX_CHARTS:
            break
        region = names.get(rid, rid)
        opt_col, val_col = (where.table.headers.index(h) + 1 for h in want)
        chart = BarChart()
        chart.type = "bar"
        chart.grouping = "clustered"
        chart.title = t("report.xlsx.chart_title", lang, region=region)
        chart.x_axis.title = t("report.xlsx.chart_axis_option", lang)
        chart.y_axis.title = t("report.xlsx.chart_axis_value", lang)
        chart.x_axis.scaling.orientation = "maxMin"  # first row (rank 1) at the top
        chart.y_axis.crosses = "max"  # and the value axis still at the bottom
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.y_axis.numFmt = "0"
        chart.x_axis.axPos = "l"  # horizontal bars: categories down the left, values along the bottom
        chart.y_axis.axPos = "b"
        chart.x_axis.delete = False  # openpyxl hides both axes unless told
        chart.y_axis.delete = False
        chart.legend = None  # one series, named by the chart title
        ws, first, last = where.ws, where.header_row, where.last_row
        chart.add_data(Reference(ws, min_col=val_col, min_row=first, max_row=last), titles_from_data=True)
        # option names are text: a string reference (``set_categories`` writes a numeric one)
        cats = Reference(ws, min_col=opt_col, min_row=first + 1, max_row=last)
        chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(cats)))
        chart.dataLabels = DataLabelList(
            numFmt="0.0",
            showVal=True,
            showSerName=False,
            showCatName=False,
            showLegendKey=False,
            showPercent=False,
        )
        title = _unique_sheet_title(t("report.xlsx.chart_sheet", lang, region=region), taken)
        wb.create_chartsheet(title).add_chart(chart)
        made += 1


def build_workbook(report: Report) -> Workbook:
    """The openpyxl Workbook for ``report`` (not yet saved)."""
    wb = Workbook()
    wb.remove(wb.active)
    writers: dict[str, _Writer] = {}
    styles: dict = {}
    names: set[str] = set()
    placed: dict[str, _Placed] = {}
    for key, title in report.parts:
        writers[key] = _Writer(wb.create_sheet(_sheet_title(title)), styles, report.lang, names, placed)
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
    _ranking_charts(wb, report, placed)
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
