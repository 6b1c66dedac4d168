"""DOCX renderer (python-docx): an editable Word document with real headings, tables
with repeating header rows, and figures with alt text and captions.

Core properties (created, modified, last printed) are set from the report date and zip
timestamps are fixed, so the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from appraisal.i18n import t
from appraisal.i18n.formatting import format_cell
from appraisal.report._zip import normalise_zip
from appraisal.report.layout import fit_widths
from appraisal.report.structure import Figure, Paragraph, Report, Table

BODY_PT = 10
TABLE_PT = 8
_WARN = RGBColor(0x9C, 0x27, 0x00)
_GREY = RGBColor(0x59, 0x59, 0x59)
_TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less 2 cm margins each side


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_WIDTH_DXA = round(_TEXT_WIDTH_CM / 2.54 * 1440)


_CELL_PAD_DXA = 108  # Word's default left/right cell margin (0.075 inch)


def _measure_dxa(text: str, bold: bool) -> float:
    """Approximate width of ``text`` at TABLE_PT in twentieths of a point (Calibri's
    average advance is about 0.5 em; bold about 0.55 em; capitals wider)."""
    em = TABLE_PT * 20
    return sum((0.62 if c.isupper() else 0.5) * (1.1 if bold else 1.0) for c in text) * em


def _run_xml(text: str, bold: bool) -> str:
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{TABLE_PT * 2}"/></w:rPr>'
    parts = _XML_BAD.sub("", text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


def _table_xml(
    headers: tuple[str, ...] | None,
    rows: list[list[str]],
    formats: tuple[str, ...],
    widths: tuple[float, ...] | None,
    *,
    header: bool,
    bold_first_col: bool = False,
) -> str:
    """WordprocessingML for a whole table, built as text and parsed once (python-docx's
    cell-by-cell API took seconds on the all-regions report)."""
    cols = tuple(headers) if headers is not None else tuple("" for _ in formats)
    dxa = [
        round(w)
        for w in fit_widths(cols, rows, widths, _TEXT_WIDTH_DXA, _measure_dxa, pad=2 * _CELL_PAD_DXA + 20)
    ]
    right = [f != "text" for f in formats]
    out = [
        f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(dxa)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
    ]
    out += [f'<w:gridCol w:w="{d}"/>' for d in dxa]
    out.append("</w:tblGrid>")

    def row_xml(cells: list[str], is_header: bool) -> str:
        tr = ["<w:tr>"]
        if is_header:
            tr.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for k, text in enumerate(cells):
            shd = '<w:shd w:val="clear" w:color="auto" w:fill="DDE7F0"/>' if is_header else ""
            jc = '<w:jc w:val="right"/>' if right[k] else ""
            bold = is_header or (bold_first_col and k == 0)
            tr.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{dxa[k]}" w:type="dxa"/>{shd}</w:tcPr>'
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{jc}</w:pPr>{_run_xml(text, bold)}</w:p></w:tc>'
            )
        tr.append("</w:tr>")
        return "".join(tr)

    if header and headers is not None:
        out.append(row_xml(list(headers), True))
    out += [row_xml(r, False) for r in rows]
    out.append("</w:tbl>")
    return "".join(out)


def _append(doc, xml: str) -> None:
    """Insert a parsed block element at the end of the body (before the section properties)."""
    el = parse_xml(xml)
    body = doc.element.body
    body.sectPr.addprevious(el)


class _Builder:
    def __init__(self, report: Report):
        self.report = report
        self.doc = Document()
        self.n_tables = 0
        self.n_figures = 0
        self._setup()

    def _setup(self) -> None:
        doc = self.doc
        sec = doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(sec, side, Cm(2.0))
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        normal = doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(BODY_PT)
        rpr = normal.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "cy-GB" if self.report.lang == "cy" else "en-GB")
        rpr.append(lang)
        footer = sec.footer.paragraphs[0]
        footer.text = t(
            "report.generated", self.report.lang, date=self.report.date_text, version=self.report.data_version
        )
        footer.runs[0].font.size = Pt(8)
        footer.runs[0].font.color.rgb = _GREY

    def caption(self, label: str, text: str) -> None:
        try:
            p = self.doc.add_paragraph(style="Caption")
        except KeyError:  # pragma: no cover - the default template has it
            p = self.doc.add_paragraph()
        run = p.add_run(f"{label}: {text}")
        run.bold = True
        p.paragraph_format.keep_with_next = True

    def paragraph(self, para: Paragraph) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run(para.text)
        if para.kind == "warning":
            run.bold = True
            run.font.color.rgb = _WARN
        elif para.kind == "note":
            run.italic = True
            run.font.size = Pt(BODY_PT - 1)
            run.font.color.rgb = _GREY

    def table(self, table: Table, caption: str | None = None) -> None:
        self.n_tables += 1
        lang = self.report.lang
        self.caption(t("report.table_label", lang, n=self.n_tables), caption or table.caption)
        cells = [[format_cell(v, f, lang) for v, f in zip(row, table.formats)] for row in table.rows]
        _append(self.doc, _table_xml(table.headers, cells, table.formats, table.widths, header=True))
        if table.note:
            self.paragraph(Paragraph(table.note, "note"))
        else:
            self.doc.add_paragraph()

    def figure(self, fig: Figure) -> None:
        self.n_figures += 1
        lang = self.report.lang
        if fig.png:
            self.doc.add_picture(io.BytesIO(fig.png), width=Cm(_TEXT_WIDTH_CM * 0.95))
            pic_par = self.doc.paragraphs[-1]
            pic_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pic_par.paragraph_format.keep_with_next = True
            inline = pic_par.runs[-1]._r.xpath(".//wp:docPr")
            for doc_pr in inline:
                doc_pr.set("descr", fig.alt)
                doc_pr.set("title", fig.caption)
        self.caption(t("report.figure_label", lang, n=self.n_figures), fig.caption)
        if not fig.png:
            self.paragraph(Paragraph(fig.alt, "note"))


def build_document(report: Report):
    """The python-docx Document for ``report`` (not yet saved)."""
    b = _Builder(report)
    doc = b.doc
    doc.add_heading(report.title, level=0)
    sub = doc.add_paragraph(report.subtitle)
    sub.runs[0].font.size = Pt(12)
    facts = [[f.label, f.value] for f in report.key_facts]
    _append(doc, _table_xml(None, facts, ("text", "text"), (1.0, 3.0), header=False, bold_first_col=True))
    doc.add_paragraph()
    for s in report.sections:
        doc.add_heading(s.heading, level=s.level)
        for blk in s.blocks:
            if isinstance(blk, Paragraph):
                b.paragraph(blk)
            elif isinstance(blk, Table):
                b.table(blk)
            elif isinstance(blk, Figure):
                b.figure(blk)
    stamp = datetime(report.report_date.year, report.report_date.month, report.report_date.day, tzinfo=UTC)
    cp = doc.core_properties
    cp.title = report.title
    cp.subject = report.subtitle
    cp.author = report.author or "PAIR options appraisal"
    cp.last_modified_by = "PAIR options appraisal"
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    cp.language = "cy-GB" if report.lang == "cy" else "en-GB"
    cp.identifier = report.data_version
    cp.keywords = report.scenario_name
    return doc


def render_docx(report: Report) -> bytes:
    """The report as DOCX bytes (same report -> same bytes)."""
    buf = io.BytesIO()
    build_document(report).save(buf)
    return normalise_zip(buf.getvalue(), report.report_date)
