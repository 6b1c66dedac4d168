"""DOCX renderer (python-docx): an editable Word document with real headings, tables
with repeating header rows, and figures with alt text and captions.

Structure Word and screen readers use: the title in the Title style, every section
heading in Heading 1 or Heading 2 (bookmarked, so the contents link to it); after the
title block a contents list that is a real Word field (``TOC \\o "1-2" \\h \\z \\u``)
whose cached entries, in the TOC 1 and TOC 2 styles, are the headings, each a link to
its heading, so the list shows before any update; ``updateFields`` in the settings
makes Word update the fields (the contents gain their page numbers) on opening. The
"Contents" line above it is in the TOC Heading style (outline level 9, so not an
entry itself). Table and figure captions number themselves with ``SEQ Table`` and
``SEQ Figure`` fields (the number cached), so Word's Insert Table of Figures finds them;
the field identifiers are "Table" and "Figure" in both languages, the visible label
is the catalogue's ("Tabl 3" in Welsh). Each table carries its caption as its title
(``tblCaption``), each picture its alt text (``descr``) and caption (``title``).

A4 fit: the page is A4 (210 x 297 mm) with 2 cm margins; every table's columns sum to
at most the 17 cm text width (a table whose longest words would not fit at 8 pt is set
smaller, down to 6.5 pt, before its columns are squeezed), and a figure taller than
the page is scaled down to leave room for its caption.

python-docx holds the package (the default template's styles, the footer, the core
properties, the image parts); the body is written as WordprocessingML text and parsed
once (python-docx's paragraph-by-paragraph API looks every style up by name and scans
the whole document for each picture's id, which took seconds on the all-regions
report). The package is then zipped in one pass with every member stamped with the
report date; PNG media, compressed already, are stored as they are. So the same report
gives the same bytes, and the figures are the same PNG bytes the PDF embeds.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from appraisal.i18n import t
from appraisal.report.html import cell_text
from appraisal.report.layout import fit_widths, pieces
from appraisal.report.structure import Figure, Paragraph, Report, Table

BODY_PT = 10
TABLE_PT = 8
_WARN = RGBColor(0x9C, 0x27, 0x00)
_GREY = RGBColor(0x59, 0x59, 0x59)
_TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less 2 cm margins each side
_TEXT_HEIGHT_CM = 25.7  # A4 (29.7 cm) less 2 cm margins top and bottom
_FIGURE_WIDTH = Cm(_TEXT_WIDTH_CM * 0.95)
_FIGURE_MAX_HEIGHT = Cm(_TEXT_HEIGHT_CM - 2.5)  # room for the caption below
#: Table font sizes tried in turn until every column's longest word fits.
_TABLE_SIZES = (TABLE_PT, 7.5, 7.0, 6.5)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_WIDTH_DXA = round(_TEXT_WIDTH_CM / 2.54 * 1440)
#: Members stored without compression (already compressed images).
_STORED = (".png", ".jpeg", ".jpg", ".gif")


_CELL_PAD_DXA = 108  # Word's default left/right cell margin (0.075 inch)


@functools.lru_cache(maxsize=65536)
def _measure_dxa(text: str, bold: bool) -> float:
    """Approximate width of ``text`` at TABLE_PT in twentieths of a point (Calibri's
    average advance is about 0.5 em; bold about 0.55 em; capitals wider)."""
    em = TABLE_PT * 20
    return sum((0.62 if c.isupper() else 0.5) * (1.1 if bold else 1.0) for c in text) * em


_PAD_DXA = 2 * _CELL_PAD_DXA + 20  # a cell's left and right margins and a little air


@functools.lru_cache(maxsize=65536)
def _widest_piece(text: str, bold: bool) -> float:
    """The width of ``text``'s widest unbreakable piece at ``TABLE_PT`` (cells repeat:
    numbers, option and region names)."""
    return max((_measure_dxa(p, bold) for p in pieces(text)), default=0.0)


def _table_size(headers: tuple[str, ...], rows: list[list[str]]) -> float:
    """The table's font size: ``TABLE_PT`` unless the columns' longest words (each
    column's widest piece, as ``fit_widths`` measures them, capped at 30% of the text
    width) would not fit side by side; then the largest of ``_TABLE_SIZES`` at which they
    do (the smallest when none does), so a wide table is set smaller rather than having
    its words broken mid-word."""
    widest = [_widest_piece(h, True) for h in headers]
    for row in rows:
        for k, text in enumerate(row):
            w = _widest_piece(text, False)
            if w > widest[k]:
                widest[k] = w
    cap = 0.3 * _TEXT_WIDTH_DXA
    for size in _TABLE_SIZES:
        scale = size / TABLE_PT
        if sum(min(w * scale, cap) + _PAD_DXA for w in widest) < _TEXT_WIDTH_DXA:
            return size
    return _TABLE_SIZES[-1]


def _fit_dxa(widths: list[float], total: int) -> list[int]:
    """Whole-twip column widths summing to at most ``total``: scaled down when they sum
    beyond it, then rounded so the rounding never adds up past it (largest remainders
    get the spare twips)."""
    s = sum(widths)
    if s > total:
        widths = [w * total / s for w in widths]
    floor = [int(w) for w in widths]
    spare = min(round(sum(widths)), total) - sum(floor)
    order = sorted(range(len(widths)), key=lambda k: (floor[k] - widths[k], k))
    for k in order[: max(spare, 0)]:
        floor[k] += 1
    return floor


def _text_xml(text: str) -> str:
    """Run content for ``text``: line breaks become ``<w:br/>``, tabs ``<w:tab/>`` (as
    python-docx's ``Run.text`` writes them); characters XML cannot hold are dropped."""
    out = []
    for k, line in enumerate(_XML_BAD.sub("", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if k:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{xml_escape(piece)}</w:t>')
    return "".join(out)


def _rpr(
    *, bold: bool = False, italic: bool = False, colour: RGBColor | None = None, size: float | None = None
) -> str:
    """Run properties in schema order (b, i, color, sz)."""
    parts = ["<w:b/>" if bold else "", "<w:i/>" if italic else ""]
    if colour is not None:
        parts.append(f'<w:color w:val="{colour}"/>')
    if size is not None:
        parts.append(f'<w:sz w:val="{round(size * 2)}"/>')
    inner = "".join(parts)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _run_xml(text: str, bold: bool, size: float = TABLE_PT) -> str:
    return f"<w:r>{_rpr(bold=bold, size=size)}{_text_xml(text)}</w:r>"


def _para_xml(text: str, *, style: str | None = None, keep_next: bool = False, **run: object) -> str:
    """One paragraph holding one run (an empty paragraph for no text and no style)."""
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "")
    body = f"<w:r>{_rpr(**run)}{_text_xml(text)}</w:r>" if text else ""  # type: ignore[arg-type]
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{body}</w:p>"


def _table_xml(
    headers: tuple[str, ...] | None,
    rows: list[list[str]],
    formats: tuple[str, ...],
    widths: tuple[float, ...] | None,
    *,
    header: bool,
    bold_first_col: bool = False,
    title: str = "",
) -> str:
    """WordprocessingML for a whole table, built as text (python-docx's cell-by-cell API
    took seconds on the all-regions report). ``title``: the table's caption, kept as its
    alt-text title (``tblCaption``) for screen readers."""
    cols = tuple(headers) if headers is not None else tuple("" for _ in formats)
    size = _table_size(cols, rows)
    scale = size / TABLE_PT

    def smaller(text: str, bold: bool) -> float:
        return _measure_dxa(text, bold) * scale

    measure = _measure_dxa if size == TABLE_PT else smaller
    dxa = _fit_dxa(fit_widths(cols, rows, widths, _TEXT_WIDTH_DXA, measure, pad=_PAD_DXA), _TEXT_WIDTH_DXA)
    right = [f != "text" for f in formats]
    caption = f"<w:tblCaption w:val={quoteattr(_XML_BAD.sub('', title))}/>" if title else ""
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(dxa)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="0" w:noVBand="1"/>{caption}</w:tblPr><w:tblGrid>'
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
                f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/>{jc}</w:pPr>{_run_xml(text, bold, size)}</w:p></w:tc>'
            )
        tr.append("</w:tr>")
        return "".join(tr)

    if header and headers is not None:
        out.append(row_xml(list(headers), True))
    out += [row_xml(r, False) for r in rows]
    out.append("</w:tbl>")
    return "".join(out)


def _picture_xml(shape_id: int, rid: str, filename: str, cx: int, cy: int, descr: str, title: str) -> str:
    """An inline picture, centred and kept with its caption: python-docx's
    ``CT_Inline.new_pic_inline`` with the alt text (``descr``) and title on ``docPr``."""
    return (
        '<w:p><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        f'<wp:docPr id="{shape_id}" name="Picture {shape_id}" descr={quoteattr(_XML_BAD.sub("", descr))} '
        f"title={quoteattr(_XML_BAD.sub('', title))}/>"
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name={quoteattr(filename)}/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
        "</w:drawing></w:r></w:p>"
    )


_TOC_FIELD = ' TOC \\o "1-2" \\h \\z \\u '
_FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _field_begin(instr: str, rpr: str = "") -> str:
    """The runs opening a complex field up to its result: begin, instruction, separate."""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve">{xml_escape(instr)}</w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
    )


def _field(instr: str, result: str, rpr: str = "") -> str:
    """A whole complex field with ``result`` cached (what shows before Word updates it)."""
    return (
        f"{_field_begin(instr, rpr)}<w:r>{rpr}{_text_xml(result)}</w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def _toc_bookmark(k: int) -> str:
    """The bookmark of the k-th heading: hidden (leading underscore), as Word names the
    ones its TOC field makes."""
    return f"_Toc{k:08d}"


def _add_toc_styles(styles) -> dict[str, str]:  # noqa: ANN001 - python-docx Styles
    """Style ids of the TOC 1 and TOC 2 paragraph styles, added to ``styles`` as Word
    defines them (built-in names "toc 1" and "toc 2", based on Normal, the second
    indented) when the template lacks them (python-docx's default template has only
    their latent entries), with a dotted right tab at the text width for page numbers."""
    found = {}
    for level in (1, 2):
        sid = f"TOC{level}"
        existing = styles.element.get_by_id(sid)
        if existing is None:
            indent = f'<w:ind w:left="{220 * (level - 1)}"/>' if level > 1 else ""
            styles.element.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{sid}">'
                    f'<w:name w:val="toc {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
                    '<w:uiPriority w:val="39"/><w:unhideWhenUsed/><w:pPr><w:tabs>'
                    f'<w:tab w:val="right" w:leader="dot" w:pos="{_TEXT_WIDTH_DXA}"/></w:tabs>'
                    f'<w:spacing w:after="60"/>{indent}</w:pPr></w:style>'
                )
            )
        found[f"TOC {level}"] = sid
    return found


def _update_fields_on_open(settings) -> None:  # noqa: ANN001 - python-docx CT_Settings
    """``<w:updateFields w:val="true"/>`` in the settings, in its schema place (before
    ``w:compat`` and what follows it), so Word updates the contents' page numbers and
    the caption numbers when the document opens."""
    el = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    for tag in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids"):
        after = settings.find(qn(tag))
        if after is not None:
            after.addprevious(el)
            return
    settings.append(el)


class _Builder:
    def __init__(self, report: Report):
        self.report = report
        self.doc = Document()
        self.n_tables = 0
        self.n_figures = 0
        self.body: list[str] = []
        self._setup()
        styles = self.doc.styles
        self.style = {
            name: styles[name].style_id
            for name in ("Title", "Heading 1", "Heading 2", "Caption", "TOC Heading")
        }
        self.style.update(_add_toc_styles(styles))
        self._bookmarks = 0  # headings bookmarked so far (the contents link to them)
        self._first_section = True
        self._next_id = self.doc.part.next_id  # ids of pictures, unique in the document
        self._images: dict[bytes, tuple[str, Any]] = {}  # PNG bytes -> (rId, docx Image)

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
        _update_fields_on_open(doc.settings.element)

    def w(self, xml: str) -> None:
        self.body.append(xml)

    def heading(self, text: str, level: int) -> None:
        if level == 0:
            self.w(_para_xml(text, style=self.style["Title"]))
            return
        if level not in (1, 2):  # not in the contents (the report has none)
            self.w(_para_xml(text, style=self.style.get(f"Heading {level}", self.style["Heading 2"])))
            return
        self._bookmarks += 1
        mark = self._bookmarks
        brk = "<w:pageBreakBefore/>" if self._first_section else ""  # the contents end the first page(s)
        self._first_section = False
        self.w(
            f'<w:p><w:pPr><w:pStyle w:val="{self.style[f"Heading {level}"]}"/>{brk}</w:pPr>'
            f'<w:bookmarkStart w:id="{mark}" w:name="{_toc_bookmark(mark)}"/>'
            f'<w:r>{_text_xml(text)}</w:r><w:bookmarkEnd w:id="{mark}"/></w:p>'
        )

    def contents(self, headings: list[tuple[int, str]]) -> None:
        """The "Contents" line and a TOC field over ``headings`` (level, text; in the
        order :meth:`heading` bookmarks them), its result cached as one TOC 1 / TOC 2
        paragraph a heading, each a link to its heading's bookmark. The cache has no
        page numbers (only Word's layout knows them): Word writes the entries again,
        with numbers and dotted leaders, when it updates the field as the document opens;
        a program that shows the cache (LibreOffice) shows the linked headings."""
        if not headings:
            return
        lang = self.report.lang
        self.w(_para_xml(t("report.contents", lang), style=self.style["TOC Heading"]))
        paras = []
        for k, (level, text) in enumerate(headings, start=1):
            mark = _toc_bookmark(k)
            begin = _field_begin(_TOC_FIELD) if k == 1 else ""
            paras.append(
                f'<w:p><w:pPr><w:pStyle w:val="{self.style[f"TOC {min(level, 2)}"]}"/></w:pPr>{begin}'
                f'<w:hyperlink w:anchor="{mark}" w:history="1"><w:r>{_text_xml(text)}</w:r></w:hyperlink></w:p>'
            )
        self.w("".join(paras))
        self.w(f"<w:p>{_FIELD_END}</w:p>")
        self.paragraph(Paragraph(t("report.document.toc_hint", lang), "note"))

    def caption(self, text: str, seq: str) -> None:
        """A caption numbered by a ``SEQ`` field (``seq``: "Table" or "Figure"; the
        current table or figure number cached) inside the catalogue's label ("Table {n}",
        "Tabl {n}"), so the visible text stays "Table 3: ..."."""
        rpr = _rpr(bold=True)
        n = self.n_tables if seq == "Table" else self.n_figures
        template = t(f"report.{seq.lower()}_label", self.report.lang, n="{n}")
        before, _, after = template.partition("{n}") if "{n}" in template else (f"{template} ", "", "")
        runs = [
            f"<w:r>{rpr}{_text_xml(before)}</w:r>" if before else "",
            _field(f" SEQ {seq} \\* ARABIC ", str(n), rpr),
            f"<w:r>{rpr}{_text_xml(f'{after}: {text}')}</w:r>",
        ]
        self.w(
            f'<w:p><w:pPr><w:pStyle w:val="{self.style["Caption"]}"/><w:keepNext/></w:pPr>{"".join(runs)}</w:p>'
        )

    def paragraph(self, para: Paragraph) -> None:
        if para.kind == "warning":
            self.w(_para_xml(para.text, bold=True, colour=_WARN))
        elif para.kind == "note":
            self.w(_para_xml(para.text, italic=True, size=BODY_PT - 1, colour=_GREY))
        else:
            self.w(_para_xml(para.text))

    def table(self, table: Table, caption: str | None = None) -> None:
        self.n_tables += 1
        lang = self.report.lang
        label = t("report.table_label", lang, n=self.n_tables)
        text = caption or table.caption
        self.caption(text, "Table")
        cells = [[cell_text(v, f, lang) for v, f in zip(row, table.formats)] for row in table.rows]
        self.w(
            _table_xml(
                table.headers, cells, table.formats, table.widths, header=True, title=f"{label}: {text}"
            )
        )
        if table.note:
            self.paragraph(Paragraph(table.note, "note"))
        else:
            self.w("<w:p/>")

    def figure(self, fig: Figure) -> None:
        self.n_figures += 1
        lang = self.report.lang
        if fig.png:
            rid, image = self._image(fig.png)
            cx, cy = image.scaled_dimensions(_FIGURE_WIDTH, None)
            if cy > _FIGURE_MAX_HEIGHT:  # taller than the page: fit the height, keep the aspect
                cx, cy = cx * _FIGURE_MAX_HEIGHT / cy, _FIGURE_MAX_HEIGHT
            title = f"{t('report.figure_label', lang, n=self.n_figures)}: {fig.caption}"
            self.w(_picture_xml(self._next_id, rid, image.filename, int(cx), int(cy), fig.alt, title))
            self._next_id += 1
        self.caption(fig.caption, "Figure")
        if not fig.png:
            self.paragraph(Paragraph(fig.alt, "note"))

    def _image(self, png: bytes) -> tuple[str, Any]:
        """The relationship id and image of ``png``: one image part per distinct PNG, as
        ``StoryPart.get_or_add_image`` gives, without hashing every image part already
        in the package again for each new one (python-docx looks its match up by SHA-1)."""
        found = self._images.get(png)
        if found is None:
            image = DocxImage.from_blob(png)
            part = self.doc.part.package.image_parts._add_image_part(image)
            found = self._images[png] = (self.doc.part.relate_to(part, RT.IMAGE), part.image)
        return found

    def body_xml(self) -> bytes:
        """The body written so far, as UTF-8: every text escaped (``_text_xml``,
        ``quoteattr``) and stripped of characters XML cannot hold (``_XML_BAD``)."""
        return "".join(self.body).encode("utf-8")

    def finish(self) -> None:
        """Parse the body once and put it before the section properties."""
        root = parse_xml(f"<w:body {nsdecls('w', 'wp', 'a', 'pic', 'r')}>{''.join(self.body)}</w:body>")
        sect_pr = self.doc.element.body.sectPr
        for el in list(root):
            sect_pr.addprevious(el)
        self.body = []


def build_document(report: Report):
    """The python-docx Document for ``report`` (not yet saved)."""
    b = _build(report)
    b.finish()
    return b.doc


def _build(report: Report) -> _Builder:
    """Everything of the document but the body's parsing: the builder holds the body
    as WordprocessingML text (``_Builder.body``) and the package without it."""
    b = _Builder(report)
    doc = b.doc
    b.heading(report.title, 0)
    b.w(_para_xml(report.subtitle, size=12))
    facts = [[f.label, f.value] for f in report.key_facts]
    b.w(_table_xml(None, facts, ("text", "text"), (1.0, 3.0), header=False, bold_first_col=True))
    b.w("<w:p/>")
    if report.variant == "summary":  # two pages: no contents, the summary follows the facts
        b._first_section = False
    else:
        b.contents([(s.level, s.heading) for s in report.sections if s.level in (1, 2)])
    for s in report.sections:
        b.heading(s.heading, s.level)
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
    return b


class _ZipWriter:
    """python-docx's physical package writer interface (``write(pack_uri, blob)``) over
    one zip file whose members all carry the same timestamp; compressed once, PNGs kept."""

    def __init__(
        self,
        fh: io.BytesIO,
        stamp: tuple[int, int, int, int, int, int],
        splice: tuple[str, bytes] | None = None,
    ):
        self.zip = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.stamp = stamp
        self.splice = splice  # (member, body XML) written into that member's <w:body>

    def write(self, pack_uri, blob: bytes) -> None:  # noqa: ANN001 - docx.opc.packuri.PackURI
        name = pack_uri.membername
        if self.splice is not None and name == self.splice[0]:
            blob = _with_body(blob, self.splice[1])
        zi = zipfile.ZipInfo(name, date_time=self.stamp)
        zi.compress_type = zipfile.ZIP_STORED if name.lower().endswith(_STORED) else zipfile.ZIP_DEFLATED
        zi.external_attr = 0o600 << 16
        zi.create_system = 0
        self.zip.writestr(zi, blob)

    def close(self) -> None:
        self.zip.close()


_BODY = b"<w:body>"
#: Namespaces the body's pictures use that the default template's root does not declare.
_PICTURE_NS = {
    b"a": b"http://schemas.openxmlformats.org/drawingml/2006/main",
    b"pic": b"http://schemas.openxmlformats.org/drawingml/2006/picture",
}


def _with_body(document_xml: bytes, body: bytes) -> bytes:
    """The serialised main document part with ``body`` (WordprocessingML, UTF-8) at the
    start of its ``<w:body>``, before the section properties; the root declares the
    picture namespaces the body uses. Text splicing: parsing the whole body into
    python-docx's element classes took most of the DOCX time."""
    start = document_xml.index(b"<w:document")
    root_end = document_xml.index(b">", start)
    decls = b"".join(
        b' xmlns:%s="%s"' % (prefix, uri)
        for prefix, uri in _PICTURE_NS.items()
        if b"xmlns:%s=" % prefix not in document_xml[start:root_end]
    )
    at = document_xml.index(_BODY, root_end) + len(_BODY)
    tag = start + len(b"<w:document")
    return document_xml[:tag] + decls + document_xml[tag:at] + body + document_xml[at:]


def package_bytes(doc, when, body: bytes | None = None) -> bytes:  # noqa: ANN001 - a python-docx Document, a date
    """The document's package as zip bytes, as ``Document.save`` writes it (same members,
    same order: python-docx's ``PackageWriter``), every member stamped ``when`` (00:00);
    ``body``, when given, is written at the start of the main document's body."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    buf = io.BytesIO()
    splice = None if body is None else (doc.part.partname.membername, body)
    writer = _ZipWriter(buf, (max(when.year, 1980), when.month, when.day, 0, 0, 0), splice)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buf.getvalue()


def render_docx(report: Report) -> bytes:
    """The report as DOCX bytes (same report -> same bytes)."""
    b = _build(report)
    return package_bytes(b.doc, report.report_date, b.body_xml())
