"""Each figure is drawn once per process and the same PNG bytes go into DOCX and PDF
(the PDF embeds the PNG's image data without decoding it); a second report reuses them."""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import replace

import numpy as np
from PIL import Image
from pypdf import PdfReader

from appraisal.charts import static_render
from appraisal.inputs import AppraisalInputs
from appraisal.report import build_report, render
from appraisal.report.figures import render_many, render_png
from appraisal.report.pdf import png_image_info
from appraisal.run import run
from tests.report.conftest import REPORT_DATE


def _idat(png: bytes) -> bytes:
    pos, out = 8, []
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        if kind == b"IDAT":
            out.append(png[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return b"".join(out)


def _report(dataset, **kw):
    return build_report(
        run(dataset, AppraisalInputs(draws=300, seed=5)), regions=["powys"], report_date=REPORT_DATE, **kw
    )


def test_each_figure_is_drawn_once_and_reused(dataset, monkeypatch):
    render_png.cache_clear()
    drawn = []
    real = static_render._draw_png

    def counting(*args):
        drawn.append(args[0])
        return real(*args)

    monkeypatch.setattr(static_render, "_draw_png", counting)
    first = _report(dataset)
    n = len({(f.chart, f.width_in, f.height_in) for f in first.figures()})
    assert len(drawn) == n > 0
    again = _report(dataset)  # the same report again: nothing is drawn
    assert len(drawn) == n and again == first
    for f in first.figures():
        assert f.png == render_png(f.chart, width_in=f.width_in, height_in=f.height_in, lang=first.lang)
    assert len(drawn) == n


def test_docx_and_pdf_hold_the_drawn_png_bytes(dataset):
    report = _report(dataset)
    pngs = [f.png for f in report.figures()]
    media = zipfile.ZipFile(io.BytesIO(render(report, "docx")))
    stored = [media.read(n) for n in sorted(media.namelist()) if n.startswith("word/media/")]
    assert sorted(stored) == sorted(set(pngs))
    assert all(
        media.getinfo(n).compress_type == zipfile.ZIP_STORED for n in media.namelist() if n.endswith(".png")
    )
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    streams = []
    for page in reader.pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            obj = obj.get_object()
            if obj.get("/Subtype") == "/Image":
                assert obj["/Filter"] == "/FlateDecode"
                streams.append(obj._data)  # the stream as stored in the file
    assert sorted(streams) == sorted({_idat(p) for p in pngs})  # the PNG's own zlib data
    images = [im for page in reader.pages for im in page.images]
    for im, png in zip(images, pngs):
        a = np.asarray(im.image.convert("RGB"))
        b = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        np.testing.assert_array_equal(a, b)


def test_pngs_are_opaque_rgb_and_other_pngs_still_embed(dataset):
    report = _report(dataset)
    fig = report.figures()[0]
    im = Image.open(io.BytesIO(fig.png))
    assert im.mode == "RGB" and im.info.get("dpi") is not None and png_image_info(fig.png) is not None
    rgba = io.BytesIO()
    Image.open(io.BytesIO(fig.png)).convert("RGBA").save(rgba, "PNG")
    assert png_image_info(rgba.getvalue()) is None  # alpha: fpdf2 reads it itself
    sections = tuple(
        replace(s, blocks=tuple(replace(b, png=rgba.getvalue()) if b is fig else b for b in s.blocks))
        for s in report.sections
    )
    other = replace(report, sections=sections)
    assert render(other, "pdf").startswith(b"%PDF")


def test_workers_fill_this_process_cache(dataset):
    report = _report(dataset, static_figures=False)
    figs = report.figures()
    # eight distinct figures (enough to fork for), each asked for twice
    jobs = [(figs[k % len(figs)].chart, 5.0 + 0.25 * k, 3.0, report.lang) for k in range(8)] * 2
    render_png.cache_clear()
    forked = render_many(jobs, workers=2)
    assert len(render_png.cache) == 8 and forked[:8] == forked[8:]
    render_png.cache_clear()
    serial = render_many(jobs, workers=1)
    assert forked == serial
