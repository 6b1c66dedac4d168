"""The paged formats' structure (issue 14), in English and Welsh.

DOCX, read back with python-docx and from the package's XML: headings in Heading 1/2,
one real TOC field whose cached entries are the level-1 and level-2 headings in order
(each linking to its heading's bookmark), ``updateFields`` on, captions numbered by
``SEQ Table`` / ``SEQ Figure`` fields 1..n, A4 with every table and figure inside the
text area. PDF, read back with pypdf: language, title (information dictionary and
XMP), ``DisplayDocTitle``, the outline's hierarchy, no half-made structure tree (fpdf2
tags only images: see pdf.py) and every figure's description printed as text.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document
from docx.shared import Length
from lxml import etree
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from appraisal.i18n import t
from appraisal.inputs import AppraisalInputs
from appraisal.report import Report, render
from appraisal.report.structure import Table
from tests.report.conftest import SEED, report_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TOC_INSTR = 'TOC \\o "1-2" \\h \\z \\u'
PDF_LANG = {"en": "en-GB", "cy": "cy-GB"}


@pytest.fixture(scope="module", params=["en", "cy"])
def case(request, full_report: Report, rendered: dict[str, bytes], dataset) -> tuple[Report, bytes, bytes]:
    """(report, DOCX, PDF): the session's all-regions English report, and a one-region
    Welsh one."""
    if request.param == "en":
        return full_report, rendered["docx"], rendered["pdf"]
    rep = report_of(dataset, ["powys"], inputs=AppraisalInputs(draws=300, seed=SEED, lang="cy"))
    assert rep.lang == "cy"
    return rep, render(rep, "docx"), render(rep, "pdf")


def _headings(report: Report) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for s in report.sections if s.level in (1, 2)]


def _n_tables(report: Report) -> int:
    return sum(isinstance(b, Table) for s in report.sections for b in s.blocks)


def _body(docx: bytes):  # noqa: ANN202 - an lxml element
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")).find(f"{W}body")


def _style(p) -> str | None:  # noqa: ANN001 - an lxml w:p
    el = p.find(f"{W}pPr/{W}pStyle")
    return None if el is None else el.get(f"{W}val")


def _text(p) -> str:  # noqa: ANN001
    return "".join(p.itertext(f"{W}t"))


def _instr(p) -> list[str]:  # noqa: ANN001
    return ["".join(el.itertext()).strip() for el in p.iter(f"{W}instrText")]


def _fld(p) -> list[str]:  # noqa: ANN001
    return [el.get(f"{W}fldCharType") for el in p.iter(f"{W}fldChar")]


# --------------------------------------------------------------------------- DOCX


def test_docx_headings_use_heading_styles(case) -> None:
    report, docx, _ = case
    doc = Document(io.BytesIO(docx))
    got = [
        (int(p.style.name[-1]), p.text) for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")
    ]
    assert got == _headings(report)
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [report.title]


def test_docx_has_one_toc_field_with_the_headings_cached(case) -> None:
    report, docx, _ = case
    body = _body(docx)
    paras = list(body.iter(f"{W}p"))
    instrs = [i for p in paras for i in _instr(p) if i.startswith("TOC")]
    assert instrs == [TOC_INSTR]
    start = next(k for k, p in enumerate(paras) if TOC_INSTR in _instr(p))
    end = next(k for k in range(start, len(paras)) if "end" in _fld(paras[k]) and not _instr(paras[k]))
    entries = paras[start:end]
    assert [_fld(p)[:2] for p in entries[:1]] == [["begin", "separate"]]
    assert [_style(p) for p in entries] == [f"TOC{lvl}" for lvl, _ in _headings(report)]
    assert [(int(_style(p)[-1]), _text(p)) for p in entries] == _headings(report)
    # each entry links to the bookmark around its heading
    anchors = [p.find(f"{W}hyperlink").get(f"{W}anchor") for p in entries]
    marks = {}
    for p in paras:
        if _style(p) in ("Heading1", "Heading2"):
            (bm,) = p.findall(f"{W}bookmarkStart")
            marks[bm.get(f"{W}name")] = _text(p)
    assert [marks[a] for a in anchors] == [h for _, h in _headings(report)]
    # the contents come after the title block and before the first section
    first_heading = next(k for k, p in enumerate(paras) if _style(p) == "Heading1")
    title = next(k for k, p in enumerate(paras) if _style(p) == "Title")
    assert title < start < end < first_heading
    assert paras[first_heading].find(f"{W}pPr/{W}pageBreakBefore") is not None


def test_docx_contents_line_is_not_a_heading(case) -> None:
    report, docx, _ = case
    doc = Document(io.BytesIO(docx))
    (line,) = [p for p in doc.paragraphs if p.text == t("report.contents", report.lang)]
    assert line.style.name == "TOC Heading"
    outline = line.style.element.find(f"{W}pPr/{W}outlineLvl")
    assert outline is not None and outline.get(f"{W}val") == "9"  # body text: not a TOC entry
    for level in (1, 2):
        style = doc.styles.element.get_by_id(f"TOC{level}")
        assert style is not None and style.name_val == f"toc {level}"  # Word's built-in name


def test_docx_updates_fields_on_open(case) -> None:
    _, docx, _ = case
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/settings.xml"))
    (el,) = settings.findall(f"{W}updateFields")
    assert el.get(f"{W}val") == "true"
    names = [c.tag for c in settings]  # in its schema place, before w:compat
    assert names.index(f"{W}updateFields") < names.index(f"{W}compat")


@pytest.mark.parametrize("seq", ["Table", "Figure"])
def test_docx_captions_are_numbered_by_seq_fields(case, seq: str) -> None:
    report, docx, _ = case
    label = f"report.{seq.lower()}_label"
    numbered = []
    for p in _body(docx).iter(f"{W}p"):
        if _style(p) != "Caption":
            continue
        instrs = _instr(p)
        assert len(instrs) == 1 and instrs[0] in ("SEQ Table \\* ARABIC", "SEQ Figure \\* ARABIC")
        if instrs[0] != f"SEQ {seq} \\* ARABIC":
            continue
        # the cached number is the run between the field's separate and end
        runs = list(p.iter(f"{W}r"))
        kinds = [
            (r.find(f"{W}fldChar").get(f"{W}fldCharType") if r.find(f"{W}fldChar") is not None else "")
            for r in runs
        ]
        cached = "".join(runs[kinds.index("separate") + 1].itertext(f"{W}t"))
        n = len(numbered) + 1
        assert cached == str(n)
        assert _text(p).startswith(f"{t(label, report.lang, n=n)}: ")
        numbered.append(n)
    expected = _n_tables(report) if seq == "Table" else len(report.figures())
    assert numbered == list(range(1, expected + 1)) and expected > 0


def test_docx_fits_a4(case) -> None:
    report, docx, _ = case
    doc = Document(io.BytesIO(docx))
    (sec,) = doc.sections
    assert sec.page_width.mm == pytest.approx(210, abs=0.5)
    assert sec.page_height.mm == pytest.approx(297, abs=0.5)
    text_w = Length(sec.page_width - sec.left_margin - sec.right_margin).twips
    text_h = sec.page_height - sec.top_margin - sec.bottom_margin
    assert text_w == pytest.approx(17 / 2.54 * 1440, abs=2)
    body = _body(docx)
    tables = body.findall(f".//{W}tbl")
    assert len(tables) == 1 + _n_tables(report)  # the key facts and every report table
    for tbl in tables:
        cols = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
        assert sum(cols) <= text_w
        assert int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) <= text_w
    captioned = [tbl.find(f"{W}tblPr/{W}tblCaption") for tbl in tables[1:]]
    assert all(c is not None and c.get(f"{W}val") for c in captioned)
    for shape in doc.inline_shapes:
        assert shape.width <= sec.page_width - sec.left_margin - sec.right_margin
        assert shape.height < text_h


def test_docx_wide_tables_are_set_smaller_not_broken(rendered) -> None:
    """A table whose longest words would not fit side by side at 8 pt is set smaller
    (down to 6.5 pt) rather than squeezed until words break; others stay at 8 pt."""
    from appraisal.report.docx import _TEXT_WIDTH_DXA, _table_xml

    def size_and_width(cols: int, word: str) -> tuple[str, int]:
        headers = tuple(f"{word}{k}" for k in range(cols))
        xml = _table_xml(headers, [list(headers)], ("text",) * cols, None, header=True)
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
        return re.search(r'<w:sz w:val="(\d+)"/>', xml).group(1), sum(widths)

    assert size_and_width(4, "Robustness") == ("16", _TEXT_WIDTH_DXA)
    assert size_and_width(8, "Robustness") == ("15", _TEXT_WIDTH_DXA)  # too wide at 8 pt, fits at 7.5
    assert size_and_width(30, "Robustness")[0] == "13"  # the smallest when nothing fits
    xml = zipfile.ZipFile(io.BytesIO(rendered["docx"])).read("word/document.xml").decode()
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml)
    sizes = [re.search(r'<w:sz w:val="(\d+)"/>', tbl).group(1) for tbl in tables]
    assert set(sizes) <= {"16", "15", "14", "13"} and sizes.count("16") > len(sizes) / 2


# --------------------------------------------------------------------------- PDF


def test_pdf_language_title_and_viewer_preferences(case) -> None:
    report, _, pdf = case
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == PDF_LANG[report.lang]
    assert reader.metadata.title == report.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert root["/PageMode"] == "/UseOutlines"
    xmp = reader.xmp_metadata
    assert xmp.dc_title == {"x-default": report.title}
    assert xmp.dc_language == [PDF_LANG[report.lang]]


def test_pdf_outline_holds_the_headings(case) -> None:
    report, _, pdf = case
    reader = PdfReader(io.BytesIO(pdf))

    def walk(items, level: int = 1):  # noqa: ANN001, ANN202
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, item.title

    assert list(walk(reader.outline)) == _headings(report)


def test_pdf_is_not_half_tagged_and_prints_every_figures_description(case) -> None:
    """fpdf2 can tag only images: a file marked as tagged whose text is outside the structure
    tree can have its text skipped by assistive technology, so no tags; every figure's
    description is printed as text instead (pdf.py's docstring)."""
    report, _, pdf = case
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/MarkInfo" not in root and "/StructTreeRoot" not in root
    text = " ".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    figures = [f for f in report.figures() if f.png]
    assert figures
    for f in figures:
        assert " ".join(f.alt.split())[:60] in flat, f.alt[:60]


def test_same_report_same_bytes(case) -> None:
    report, docx, pdf = case
    assert render(report, "docx") == docx
    assert render(report, "pdf") == pdf
