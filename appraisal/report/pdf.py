"""PDF renderer (fpdf2): text-searchable A4 with an embedded Unicode font.

The font is DejaVu Sans, shipped with matplotlib (``matplotlib/mpl-data/fonts/ttf``), so
nothing beyond the README's set-up is installed; it has the Welsh letters (â ê î ô û ŵ ŷ
and their capitals). Level-1 sections start a page and appear in the contents and the
PDF outline; tables repeat their header row across pages; figures carry alt text.
The creation date is the report date, so the same report gives the same bytes.

Accessibility, as far as fpdf2 (2.8) goes through its public API:

- document language: the catalogue's ``/Lang`` (``en-GB`` or ``cy-GB``, ``set_lang``);
- title: the information dictionary's ``/Title`` (with subject, author, keywords and
  creator) and an XMP metadata stream (``set_xmp_metadata``) holding the same title
  as ``dc:title``, with ``dc:language`` and ``dc:description``; ``/ViewerPreferences
  /DisplayDocTitle true``, so a viewer's window title (which screen readers read out)
  is the title, not the file name;
- navigation: every section heading in the outline (bookmarks, ``start_section``:
  level-1 headings at the top, level 2 beneath), opened beside the first page
  (``/PageMode /UseOutlines``), and a contents page whose entries link to the pages;
- figures: each figure's description (its alt text) is printed under it as text, in
  reading order, so every reader gets it.

Why the figures are not tagged: fpdf2 can tag an image as a ``/Figure`` with ``/Alt``
(``image(alt_text=...)``), but then it marks the whole file as tagged (``/MarkInfo
/Marked true``) while no text is in the structure tree; assistive technology that trusts
the tags may then skip the untagged text. An untagged file is read in drawing order,
which is the report's order, so the PDF is left untagged.

What fpdf2 cannot do: it has no public API for tagging text. Paragraphs, headings,
captions, tables (header cells, rows) and the footer are not in the structure tree:
there are no ``/P``, ``/H1``/``/H2``, ``/Table``/``/TR``/``/TH``/``/TD`` or
``/Artifact`` elements, and no role map. Its only marked-content helper is private
(``FPDF._marked_sequence``) and always makes a ``/Figure`` element, which is also what
``start_section`` makes of a heading drawn through ``section_title_styles`` (so headings
are drawn here and not tagged, rather than tagged as figures). ``link(alt_text=...)``
adds a ``/Link`` element with no content or annotation reference under it, so the
contents links are left as plain link annotations. ``enforce_compliance`` covers PDF/A
only (``fpdf.enums.DocumentCompliance``): the file is not PDF/UA. The reading order is
the drawing order, which is the report's order. The Word report (``docx.py``) is the
fully structured version for assistive technology.
"""

from __future__ import annotations

import hashlib
import io
import struct
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import matplotlib
from fpdf import FPDF
from fpdf.enums import PageMode, RenderStyle, TextEmphasis, TextMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.image_datastructures import RasterImageInfo
from fpdf.prefs import ViewerPreferences

from appraisal.i18n import t
from appraisal.report.html import cell_text
from appraisal.report.layout import fit_widths
from appraisal.report.structure import Block, Figure, Paragraph, Report, Section, Table

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
BODY_PT = 9.5
TABLE_PT = 7
SMALL_PT = 7.5
_HEAD_FILL = (221, 231, 240)
_ZEBRA = (246, 248, 250)
_WARN = (156, 39, 0)
_GREY = (89, 89, 89)
_INK = (20, 20, 20)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: fpdf2's operators of RenderStyle.F and RenderStyle.D
_FILL = RenderStyle.F.operator
_STROKE = RenderStyle.D.operator


def png_image_info(png: bytes) -> RasterImageInfo | None:
    """The PDF image of an 8-bit, non-interlaced RGB or grey PNG without decoding it.

    A PNG's IDAT chunks are one zlib stream of scanlines, each led by its PNG filter
    byte: exactly a ``/FlateDecode`` stream with ``/DecodeParms << /Predictor 15
    /Colors n /Columns w >>`` (PDF 32000-1:2008, 7.4.4.4), so the bytes go into the PDF
    as they are (fpdf2 would decode the PNG and compress it again). None for any other
    PNG (palette, alpha, transparency key, colour profile, 16-bit, interlaced): fpdf2
    reads those itself."""
    if not png.startswith(_PNG_SIGNATURE):
        return None
    pos, ihdr, idat = len(_PNG_SIGNATURE), None, []
    while pos + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat.append(data)
        elif kind in (b"PLTE", b"tRNS", b"iCCP"):
            return None
        elif kind == b"IEND":
            break
    if ihdr is None or not idat:
        return None
    w, h, depth, colour_type, compression, filtering, interlace = ihdr
    if depth != 8 or colour_type not in (0, 2) or compression or filtering or interlace:
        return None
    colours = 3 if colour_type == 2 else 1
    return RasterImageInfo(
        data=b"".join(idat),
        w=w,
        h=h,
        cs="DeviceRGB" if colours == 3 else "DeviceGray",
        iccp=None,
        bpc=8,
        dpn=colours,
        f="FlateDecode",
        inverted=False,
        dp=f"/Predictor 15 /Colors {colours} /Columns {w}",
    )


def _preload_png(pdf: FPDF, png: bytes) -> None:
    """Put ``png`` in ``pdf``'s image cache under the name fpdf2 gives image bytes (their
    MD5), so ``pdf.image(BytesIO(png))`` finds it and does not decode it."""
    name = hashlib.md5(png.strip(), usedforsecurity=False).hexdigest()
    images = pdf.image_cache.images
    if name in images:
        return
    info = png_image_info(png)
    if info is None:
        return
    info["i"] = len(images) + 1
    info["usages"] = 0
    info["iccp_i"] = None
    images[name] = info


#: The font file of each style of ``FONT``.
FONT_FILES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


class _PDF(FPDF):
    def __init__(self, report: Report):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=16)
        self.set_font(FONT, size=BODY_PT)
        self.set_text_color(*_INK)
        self._encoded: dict[int, dict[str, str]] = {}  # font -> text -> its Tj operator
        self._inks: dict = {}  # text colour -> its operator

    def plain_text(self) -> bool:
        """Whether ``text`` would write a plain filled string: no underline or
        strike-through, the fill text mode, no recorded quad points, a TrueType font and
        an open page (the only case :meth:`text_op` writes)."""
        return bool(
            not (self.underline or self.strikethrough or self._record_text_quad_points)
            and self.text_mode == TextMode.FILL
            and self.is_ttf_font
            and self.page
        )

    def text_op(self, x: float, y: float, text: str) -> str:
        """The content-stream operators ``FPDF.text(x, y, text)`` writes for a plain
        string (see :meth:`plain_text`), with each string's glyph encoding kept per font:
        the renderer writes tens of thousands of table lines, most of them repeated
        (numbers, names, headers). Led by the font operator when the font is not yet
        set on the page, as ``text`` does."""
        font = self.current_font
        lead = ""
        if not self.current_font_is_set_on_page:
            lead = self._set_font_for_page(font, self.font_size_pt) + "\n"
        cache = self._encoded.setdefault(id(font), {})
        encoded = cache.get(text)
        if encoded is None:  # picks the glyphs into the font's subset, as text() does
            encoded = cache[text] = font.encode_text(text)
        k = self.k
        op = f"BT {x * k:.2f} {(self.h - y) * k:.2f} Td {encoded} ET"
        colour = self.text_color
        if self.fill_color != colour:
            ink = self._inks.get(colour)
            if ink is None:
                ink = self._inks[colour] = colour.serialize().lower()
            op = f"q {ink} {op} Q"
        return lead + op

    def fast_text(self, x: float, y: float, text: str) -> None:
        """``FPDF.text(x, y, text)``, the same bytes (:meth:`text_op` when the string is
        plain, ``text`` itself otherwise)."""
        if self.plain_text():
            self._out(self.text_op(x, y, text))
        else:
            self.text(x, y, text)

    def rect_op(self, x: float, y: float, w: float, h: float, operator: str) -> str:
        """The operator ``FPDF.rect(x, y, w, h, style)`` writes without corners
        (``operator``: ``S`` to stroke the border, ``f`` to fill)."""
        k = self.k
        return f"{x * k:.2f} {(self.h - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re {operator}"

    def set_font(self, family=None, style="", size=0):  # noqa: ANN001 - fpdf2's signature
        """Each style of the DejaVu family is read (fontTools parses the whole TrueType
        file) the first time it is used, not up front: a report that never sets bold
        italic does not pay for it."""
        if (family or self.font_family).lower() == FONT.lower():
            letters = style.style if isinstance(style, TextEmphasis) else str(style)
            key = "".join(sorted(letters.upper().replace("U", "").replace("S", "")))
            if FONT.lower() + key not in self.fonts and key in FONT_FILES:
                self.add_font(FONT, key, str(FONT_DIR / FONT_FILES[key]))
        return super().set_font(family, style, size)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-11)
        self.set_font(FONT, size=SMALL_PT)
        self.set_text_color(*_GREY)
        r = self.report
        left = f"{r.scenario_name} · {r.data_version} · {r.date_text}"
        self.cell(self.epw * 0.75, 5, left, align="L")
        self.cell(self.epw * 0.25, 5, t("report.page", r.lang, n=self.page_no(), total="{nb}"), align="R")
        self.set_text_color(*_INK)


def _break_at(word: str, avail: float, width) -> int:
    """Where to break an over-long word: after the last '/' or '-' that fits, else at
    the last character that fits (at least one character)."""
    k = len(word)
    while k > 1 and width(word[:k]) > avail:
        k -= 1
    cut = max(word.rfind("/", 0, k), word.rfind("-", 0, k))
    return cut + 1 if cut > 0 else k


def wrap_text(text: str, avail: float, cw, size_pt: float, k: float) -> list[str]:
    """Greedy word wrap to ``avail`` mm with the font's glyph widths ``cw`` (linear time,
    unlike fpdf2's line breaker); long words break after '/' or '-' first, then anywhere."""
    scale = size_pt * 0.001 / k

    glyph = cw.__getitem__  # cw is a defaultdict: unknown characters get the default width

    def width(x: str) -> float:
        return sum(map(glyph, map(ord, x))) * scale

    space = width(" ")
    lines: list[str] = []
    for para in text.split("\n"):
        cur, cur_w = "", 0.0
        for word in para.split(" "):
            w = width(word)
            if cur and cur_w + space + w <= avail:
                cur, cur_w = cur + " " + word, cur_w + space + w
                continue
            if cur:
                lines.append(cur)
            while w > avail and len(word) > 1:  # a word longer than the line
                cut = _break_at(word, avail, width)
                lines.append(word[:cut])
                word = word[cut:]
                w = width(word)
            cur, cur_w = word, w
        lines.append(cur)
    return lines


class _TableLayout:
    """Draws a table with its own word wrap (fpdf2's table wraps each cell twice with
    quadratic width sums, which took seconds on the all-regions report). Header row is
    repeated after every page break; a row taller than a page continues on the next."""

    PAD_X = 1.0
    PAD_Y = 0.8

    def __init__(self, pdf: FPDF, table: Table, cells: list[list[str]]):
        self.pdf = pdf
        self.table = table
        self.cells = cells
        self.right = [f != "text" for f in table.formats]
        self.line_h = TABLE_PT * 0.42
        self._cw: dict[str, list] = {}
        self._head: list[list[str]] | None = None
        self._wrapped: list[list[list[str]]] | None = None
        self.col_w = self._column_widths()

    def _column_widths(self) -> list[float]:
        """Hinted widths, widened where a column's longest unbreakable piece would not
        fit (see appraisal.report.layout.fit_widths)."""

        cache = self.pdf.__dict__.setdefault("_measured", {})  # (piece, bold) -> width, per document

        def measure(text: str, bold: bool) -> float:
            found = cache.get((text, bold))
            if found is None:
                found = cache[(text, bold)] = self._width(text, self._widths("B" if bold else ""))
            return found

        return fit_widths(
            self.table.headers, self.cells, self.table.widths, self.pdf.epw, measure, pad=2 * self.PAD_X + 0.2
        )

    def _widths(self, style: str) -> list:
        if style not in self._cw:
            self.pdf.set_font(FONT, style, TABLE_PT)
            self._cw[style] = self.pdf.current_font.cw
        return self._cw[style]

    def _width(self, text: str, cw) -> float:
        return sum(map(cw.__getitem__, map(ord, text))) * TABLE_PT * 0.001 / self.pdf.k

    def wrap(self, text: str, width: float, style: str = "") -> list[str]:
        return wrap_text(text, width - 2 * self.PAD_X, self._widths(style), TABLE_PT, self.pdf.k)

    def _draw_row(self, lines: list[list[str]], style: str, fill) -> None:
        pdf = self.pdf
        cw = self._widths(style)
        pdf.set_font(FONT, style, TABLE_PT)
        n = max(len(c) for c in lines)
        full_h = n * self.line_h + 2 * self.PAD_Y
        page_room = pdf.page_break_trigger - pdf.t_margin - self._header_h()
        if pdf.y + full_h > pdf.page_break_trigger and (
            full_h <= page_room or pdf.y > pdf.t_margin + page_room / 2
        ):
            pdf.add_page()  # keep the row whole unless it is taller than a page
            if style != "B":
                self._header()
            pdf.set_font(FONT, style, TABLE_PT)
        start = 0
        while start < n:
            room = pdf.page_break_trigger - pdf.y - 2 * self.PAD_Y
            fit = int(room // self.line_h)
            if fit < 1:
                pdf.add_page()
                if style != "B":
                    self._header()
                pdf.set_font(FONT, style, TABLE_PT)
                continue
            chunk = min(fit, n - start)
            h = chunk * self.line_h + 2 * self.PAD_Y
            x, y = pdf.l_margin, pdf.y
            if fill is not None:
                pdf.set_fill_color(*fill)
            if not pdf.plain_text():  # fpdf2's own calls (never the case for this renderer)
                self._draw_cells(lines, start, chunk, x, y, h, fill, cw)
            else:  # the same operators, written to the page in one piece
                ops = [] if fill is None else [pdf.rect_op(x, y, pdf.epw, h, _FILL)]
                for k, col in enumerate(lines):
                    w = self.col_w[k]
                    ops.append(pdf.rect_op(x, y, w, h, _STROKE))
                    for j, line in enumerate(col[start : start + chunk]):
                        if not line:
                            continue
                        base = y + self.PAD_Y + (j + 0.78) * self.line_h
                        if self.right[k]:
                            tx = x + w - self.PAD_X - self._width(line, cw)
                        else:
                            tx = x + self.PAD_X
                        ops.append(pdf.text_op(tx, base, line))
                    x += w
                pdf._out("\n".join(ops))
            pdf.set_y(y + h)
            start += chunk
            if start < n:
                pdf.add_page()
                self._header()
                pdf.set_font(FONT, style, TABLE_PT)

    def _draw_cells(self, lines, start: int, chunk: int, x: float, y: float, h: float, fill, cw) -> None:  # noqa: ANN001
        """One row's cells through fpdf2's ``rect`` and ``text``."""
        pdf = self.pdf
        if fill is not None:
            pdf.rect(x, y, pdf.epw, h, style="F")
        for k, col in enumerate(lines):
            w = self.col_w[k]
            pdf.rect(x, y, w, h)
            for j, line in enumerate(col[start : start + chunk]):
                if not line:
                    continue
                base = y + self.PAD_Y + (j + 0.78) * self.line_h
                tx = x + w - self.PAD_X - self._width(line, cw) if self.right[k] else x + self.PAD_X
                pdf.text(tx, base, line)
            x += w

    def _header_lines(self) -> list[list[str]]:
        if self._head is None:
            self._head = [self.wrap(h, w, "B") for h, w in zip(self.table.headers, self.col_w)]
        return self._head

    def _header_h(self) -> float:
        return max(len(c) for c in self._header_lines()) * self.line_h + 2 * self.PAD_Y

    def _header(self) -> None:
        self._draw_row(self._header_lines(), "B", _HEAD_FILL)

    def height(self) -> float:
        """Height of the whole table drawn on one page (mm)."""
        rows = self._rows()
        body = sum(max(len(c) for c in r) * self.line_h + 2 * self.PAD_Y for r in rows)
        return self._header_h() + body

    def _rows(self) -> list[list[list[str]]]:
        if self._wrapped is None:
            self._wrapped = [[self.wrap(c, w) for c, w in zip(r, self.col_w)] for r in self.cells]
        return self._wrapped

    def draw(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(170, 170, 170)
        pdf.set_line_width(0.15)
        head_lines = self._header_lines()
        rows = self._rows()
        first_h = max(len(c) for c in head_lines) + (max(len(c) for c in rows[0]) if rows else 0)
        if pdf.y + first_h * self.line_h + 4 * self.PAD_Y > pdf.page_break_trigger:
            pdf.add_page()
        self._draw_row(head_lines, "B", _HEAD_FILL)
        for i, r in enumerate(rows):
            self._draw_row(r, "", _ZEBRA if i % 2 else None)
        pdf.set_draw_color(0, 0, 0)


class _Builder:
    def __init__(self, report: Report):
        self.report = report
        self.pdf = _PDF(report)
        self.n_tables = 0
        self.n_figures = 0
        self._layouts: dict[int, _TableLayout] = {}

    # ---------------------------------------------------------------- primitives
    def text(
        self, text: str, size: float = BODY_PT, style: str = "", colour=_INK, after: float = 2.0
    ) -> None:
        pdf = self.pdf
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        line_h = size * 0.5
        for line in self._lines(text, size, style):
            if pdf.y + line_h > pdf.page_break_trigger:
                pdf.add_page()
                pdf.set_font(FONT, style, size)
                pdf.set_text_color(*colour)
            if line:
                pdf.fast_text(pdf.l_margin, pdf.y + line_h * 0.78, line)
            pdf.set_y(pdf.y + line_h)
        pdf.set_text_color(*_INK)
        pdf.ln(after)

    def _lines(self, text: str, size: float, style: str) -> list[str]:
        self.pdf.set_font(FONT, style, size)
        return wrap_text(text, self.pdf.epw, self.pdf.current_font.cw, size, self.pdf.k)

    def ensure_space(self, mm: float) -> None:
        pdf = self.pdf
        if pdf.y + mm > pdf.page_break_trigger:
            pdf.add_page()

    # ---------------------------------------------------------------- keep together
    def _layout(self, table: Table) -> _TableLayout:
        key = id(table)
        if key not in self._layouts:
            lang = self.report.lang
            cells = [[cell_text(v, f, lang) for v, f in zip(row, table.formats)] for row in table.rows]
            self._layouts[key] = _TableLayout(self.pdf, table, cells)
        return self._layouts[key]

    def _page_room(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.t_margin

    def _figure_size(self, fig: Figure) -> tuple[float, float]:
        """The figure's width and height (mm): 95% of the text width, or less for a
        figure so tall that it and its caption would not fit on one page."""
        w = self.pdf.epw * 0.95
        h = w * fig.height_in / fig.width_in
        room = self._page_room() - 12  # the caption and the gap below it
        if h > room:
            w, h = w * room / h, room
        return w, h

    def _figure_h(self, fig: Figure) -> float:
        return self._figure_size(fig)[1] + 12

    def _text_h(self, text: str, size: float, style: str = "") -> float:
        return len(self._lines(text, size, style)) * size * 0.5 + 2

    def _need(self, blk: Block | None) -> float:
        """Room the start of ``blk`` needs so that what precedes it is not left alone."""
        if blk is None:
            return 0.0
        if isinstance(blk, Table):
            h = self._layout(blk).height() + 12
            return h if h <= self._page_room() else 30.0
        if isinstance(blk, Figure):
            return self._figure_h(blk)
        return min(self._text_h(blk.text, BODY_PT), 30.0)

    def heading(self, s: Section) -> None:
        pdf = self.pdf
        if s.level == 1 and self.report.variant != "summary":
            if pdf.y > pdf.t_margin + 1:  # not on a fresh page already
                pdf.add_page()
        elif s.level == 1:  # the two-page summary runs on: a heading keeps its first lines
            self.ensure_space(min(30.0, self._page_room()))
            pdf.ln(3)
        else:
            first = s.blocks[0] if s.blocks else None
            need = self._need(first)
            if (
                isinstance(first, Paragraph)
                and len(s.blocks) > 1
                and isinstance(s.blocks[1], (Table, Figure))
            ):
                need += self._need(s.blocks[1])  # heading, introduction and its table together
            self.ensure_space(min(12 + need, self._page_room()))
            pdf.ln(2)
        pdf.start_section(s.heading, level=s.level - 1)
        self.text(s.heading, 15 if s.level == 1 else 12, "B", after=2.5 if s.level == 1 else 1.5)

    def paragraph(self, p: Paragraph, nxt: Block | None = None) -> None:
        if isinstance(nxt, (Table, Figure)):  # an introduction stays with its table or chart
            own = self._text_h(p.text, BODY_PT, "B" if p.kind == "warning" else "")
            self.ensure_space(min(own + self._need(nxt), self._page_room()))
        compact = self.report.variant == "summary"  # two pages: a little smaller, tighter
        if p.kind == "warning":
            self.text(p.text, BODY_PT, "B", _WARN)
        elif p.kind == "note":
            self.text(p.text, SMALL_PT + (0 if compact else 0.5), "I", _GREY, after=1.2 if compact else 2.0)
        elif compact:
            self.text(p.text, BODY_PT - 0.5, after=1.5)
        else:
            self.text(p.text)

    def caption(self, label: str, text: str) -> None:
        self.text(f"{label}: {text}", BODY_PT - 0.5, "B", after=1.0)

    def table(self, table: Table, caption: str | None = None) -> None:
        lang = self.report.lang
        self.n_tables += 1
        layout = self._layout(table)
        pdf = self.pdf
        need = layout.height() + 12  # caption and the gap after the table
        if need <= pdf.page_break_trigger - pdf.t_margin:
            self.ensure_space(need)  # a table that fits on one page is kept whole
        else:
            self.ensure_space(28)
        self.caption(t("report.table_label", lang, n=self.n_tables), caption or table.caption)
        layout.draw()
        pdf = self.pdf
        pdf.set_font(FONT, size=BODY_PT)
        pdf.ln(1.5)
        if table.note:
            self.text(table.note, SMALL_PT, "I", _GREY)
        pdf.ln(1.5)

    def figure(self, fig: Figure) -> None:
        pdf = self.pdf
        lang = self.report.lang
        self.n_figures += 1
        label = t("report.figure_label", lang, n=self.n_figures)
        w, h = self._figure_size(fig)
        self.ensure_space(h + 12)
        if fig.png:
            _preload_png(pdf, fig.png)  # embedded as drawn: no decoding, no second compression
            x = pdf.l_margin + (pdf.epw - w) / 2
            # no alt_text=: fpdf2 would tag the figure alone and mark the whole file as
            # tagged (see the module docstring); the description is printed instead
            pdf.image(io.BytesIO(fig.png), x=x, w=w, h=h)
            pdf.ln(1)
        self.text(fig.alt, SMALL_PT, "I", _GREY)
        self.caption(label, fig.caption)
        pdf.ln(2)

    # ---------------------------------------------------------------- pages
    def key_facts(self, size: float, padding: float) -> None:
        """The report's key facts as a two-column table at ``size`` points."""
        pdf = self.pdf
        pdf.set_font(FONT, size=size)
        with pdf.table(
            col_widths=(1, 3),
            width=pdf.epw,
            first_row_as_headings=False,
            text_align=("LEFT", "LEFT"),
            line_height=size * 0.5,
            padding=padding,
        ) as tbl:
            for f in self.report.key_facts:
                row = tbl.row()
                row.cell(f.label, style=FontFace(emphasis="BOLD"))
                row.cell(f.value)

    def title_page(self) -> None:
        r, pdf = self.report, self.pdf
        pdf.add_page()
        pdf.ln(30)
        self.text(r.title, 20, "B", after=4)
        self.text(r.subtitle, 12, after=10)
        self.key_facts(BODY_PT, 1.2)
        pdf.ln(8)
        self.text(
            t("report.generated", r.lang, date=r.date_text, version=r.data_version), SMALL_PT, "I", _GREY
        )

    def title_block(self) -> None:
        """The summary's compact opening: title, subtitle and key facts at the top of page 1
        (no title page and no contents, so the executive summary fits two pages)."""
        r, pdf = self.report, self.pdf
        pdf.add_page()
        self.text(r.title, 15, "B", after=2)
        self.text(r.subtitle, BODY_PT + 1, after=3)
        self.key_facts(SMALL_PT + 0.5, 0.8)
        pdf.ln(2)

    def contents(self) -> None:
        lang = self.report.lang

        def render(pdf: FPDF, outline) -> None:
            pdf.set_xy(pdf.l_margin, pdf.t_margin)
            pdf.set_font(FONT, "B", 15)
            pdf.cell(0, 9, t("report.contents", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(3)
            for sec in outline:
                if sec.level > 0:
                    continue
                pdf.set_font(FONT, size=BODY_PT + 0.5)
                link = pdf.add_link(page=sec.page_number)
                pdf.cell(pdf.epw - 15, 6.5, sec.name, link=link)
                pdf.cell(15, 6.5, str(sec.page_number), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        self.pdf.add_page()
        self.pdf.insert_toc_placeholder(render, pages=1, reset_page_indices=False)


def _xmp(report: Report, lang: str) -> str:
    """The XMP metadata packet's body (fpdf2 wraps it in ``<?xpacket?>``): the title,
    subject and author as Dublin Core, the language, and the report date as the
    creation and modification dates (so the same report gives the same bytes)."""

    def esc(text: str) -> str:
        return xml_escape(text, {'"': "&quot;"})

    d = report.report_date
    when = f"{d.isoformat()}T00:00:00Z"
    author = report.author or "PAIR options appraisal"
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        f'xmp:CreatorTool="PAIR options appraisal" xmp:CreateDate="{when}" xmp:ModifyDate="{when}" '
        f'xmp:MetadataDate="{when}" pdf:Keywords="{esc(f"{report.scenario_name}; {report.data_version}")}">'
        f"<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{esc(report.title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{esc(report.subtitle)}</rdf:li></rdf:Alt>'
        "</dc:description>"
        f"<dc:creator><rdf:Seq><rdf:li>{esc(author)}</rdf:li></rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def build_pdf(report: Report) -> FPDF:
    """The fpdf2 document for ``report`` (not yet output)."""
    b = _Builder(report)
    pdf = b.pdf
    pdf.set_title(report.title)
    pdf.set_subject(report.subtitle)
    pdf.set_author(report.author or "PAIR options appraisal")
    pdf.set_creator("PAIR options appraisal")
    pdf.set_keywords(f"{report.scenario_name}; {report.data_version}")
    lang = "cy-GB" if report.lang == "cy" else "en-GB"
    pdf.set_lang(lang)
    d = report.report_date
    pdf.set_creation_date(datetime(d.year, d.month, d.day, tzinfo=UTC))
    pdf.set_xmp_metadata(_xmp(report, lang))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.page_mode = PageMode.USE_OUTLINES
    if report.variant == "summary":
        b.title_block()
    else:
        b.title_page()
        b.contents()
    for s in report.sections:
        b.heading(s)
        for k, blk in enumerate(s.blocks):
            nxt = s.blocks[k + 1] if k + 1 < len(s.blocks) else None
            if isinstance(blk, Paragraph):
                b.paragraph(blk, nxt)
            elif isinstance(blk, Table):
                b.table(blk)
            elif isinstance(blk, Figure):
                b.figure(blk)
    return pdf


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes (same report -> same bytes)."""
    return bytes(build_pdf(report).output())
