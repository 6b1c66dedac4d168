"""The Overview's schematic of Wales, drawn on the server as SVG (``charts/wales.py``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

import pytest

from appraisal.charts import style as S
from appraisal.charts.wales import (
    PLOT_WIDTHS,
    POSITIONS,
    STAGE_STYLE,
    RegionPoint,
    layout,
    marker_svg,
    wales_schematic,
)
from appraisal.i18n import t

SVG = "{http://www.w3.org/2000/svg}"

POINTS = [
    RegionPoint("north_wales", "North Wales", 5582, "established", note="46% covered"),
    RegionPoint("powys", "Powys", 914, "early", note="0% covered"),
    RegionPoint("west_wales", "West Wales", 2913, "developing", note="20% covered"),
    RegionPoint("west_glamorgan", "West Glamorgan", 3233, "early", note="0% covered"),
    RegionPoint("cwm_taf_morgannwg", "Cwm Taf Morgannwg", 3628, "early", note="0% covered"),
    RegionPoint("cardiff_vale", "Cardiff and Vale", 4793, "established", note="77% covered"),
    RegionPoint("gwent", "Gwent", 5881, "established", note="100% covered"),
]


def _picture(html: str) -> ET.Element:
    """The picture's <svg>, parsed as XML (so the fragment is well formed)."""
    svg = re.search(
        r'<svg class="pair-schematic-plot".*?</svg>(?=</div><div class="pair-schematic-legend")', html
    )
    assert svg, html[:200]
    return ET.fromstring(svg.group(0).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def test_one_bubble_and_one_label_per_region_at_its_place() -> None:
    html = wales_schematic(POINTS, "en", selected="gwent", alt="The seven regions")
    root = _picture(html)
    assert root.get("role") == "img" and root.get("aria-label") == "The seven regions"
    bubbles = root.findall(f".//{SVG}g")
    assert [b.get("data-region") for b in bubbles][-1] == "gwent"  # the selected one drawn last, on top
    assert sorted(b.get("data-region") for b in bubbles) == sorted(p.id for p in POINTS)
    # each bubble sits at its grid place as a share of the picture: Gwent (9.6, 3.1) on
    # x -1..11, y -0.8..10.2 (y down): 10.6 / 12 = 88.33%, 1 - 3.9 / 11 = 64.55%
    holder = next(
        s
        for s in root.findall(f"{SVG}svg")
        if s.find(f"{SVG}g") is not None and s.find(f"{SVG}g").get("data-region") == "gwent"
    )
    assert holder.get("x") == "88.33%" and holder.get("y") == "64.55%"
    assert POSITIONS["gwent"] == (9.6, 3.1)
    # hovering a bubble gives its label; its label is also printed beside it
    titles = [b.find(f"{SVG}title").text for b in bubbles]
    assert "Gwent\n5,881 births\n100% covered" in titles
    labels = ["|".join(s.text for s in x.findall(f"{SVG}tspan")) for x in root.iter(f"{SVG}text")]
    assert "Gwent|5,881 births|100% covered" in labels
    # the selected region is ringed in black, the others in white
    strokes = {b.get("data-region"): b[1].get("stroke") for b in bubbles}
    assert strokes["gwent"] == "#000000" and set(strokes.values()) == {"#000000", "#FFFFFF"}


def test_colour_and_shape_both_mark_the_stage_and_the_legend_lists_the_stages_shown() -> None:
    html = wales_schematic(POINTS, "cy", alt="x")
    root = _picture(html)
    kinds = {
        b.get("data-region"): (b[1].tag.replace(SVG, ""), b[1].get("fill")) for b in root.iter(f"{SVG}g")
    }
    assert kinds["gwent"] == ("circle", STAGE_STYLE["established"][0])
    assert kinds["west_wales"] == ("path", STAGE_STYLE["developing"][0])
    legend = html[html.index('class="pair-schematic-legend"') :]
    for stage in ("established", "developing", "early"):
        assert t(f"ui.stage.{stage}", "cy") in legend
    assert t("ui.stage.none", "cy") not in legend  # no region without provision here
    assert (
        escape(t("ui.chart.stage_legend", "cy")) in legend
        and escape(t("ui.chart.schematic_note", "cy")) in html
    )


def test_markers_have_plotly_geometry() -> None:
    # size 20 -> r 10: square half side 10; diamond half diagonal 1.3 r = 13;
    # the cross's arm step 0.8 r / sqrt(2) = 5.66
    assert 'd="M10,10H-10V-10H10Z"' in marker_svg("square", 20, "#000", "#fff", 2)
    assert 'd="M13,0L0,13L-13,0L0,-13Z"' in marker_svg("diamond", 20, "#000", "#fff", 2)
    assert marker_svg("x", 20, "#000", "#fff", 2).startswith('<path d="M0,5.66l5.66,5.66')
    assert '<circle r="10"' in marker_svg("circle", 20, "#000", "#fff", 2)


def test_labels_are_where_the_placement_put_them_and_clear_of_each_other() -> None:
    """Each label's lines sit in the box ``place_labels`` chose, so the placement's
    guarantee (no two labels overlap, at every width) holds for what is drawn."""
    html = wales_schematic(POINTS, "en", selected="gwent")
    root = _picture(html)
    boxes = []
    for holder in root.findall(f"{SVG}svg"):
        text = holder.find(f"{SVG}text")
        if text is None:
            continue
        fx = float(holder.get("x").rstrip("%")) / 100
        fy = float(holder.get("y").rstrip("%")) / 100
        spans = text.findall(f"{SVG}tspan")
        ys = [float(s.get("y")) for s in spans]
        step = S.line_px(14)
        assert all(abs(b - a - step) < 0.02 for a, b in zip(ys, ys[1:]))  # one line apart
        lines = [s.text for s in spans]
        w, h = S.label_box_px(lines, 14, bold_first=True)
        top = ys[0] - 1 - step / 2
        boxes.append((fx, fy, w, top, top + h, text.get("text-anchor"), float(spans[0].get("x"))))
    assert len(boxes) == len(POINTS)
    for width in PLOT_WIDTHS:
        rects = []
        for fx, fy, w, y0, y1, anchor, x in boxes:
            left = x - {"start": 2, "middle": w / 2, "end": w - 2}[anchor]
            rects.append((fx * width + left, fy * 680 + y0, fx * width + left + w, fy * 680 + y1))
        for i, a in enumerate(rects):
            assert 0 <= a[0] and a[2] <= width and 0 <= a[1] and a[3] <= 680, (width, a)
            for b in rects[i + 1 :]:
                assert min(a[2], b[2]) - max(a[0], b[0]) <= 0.01 or min(a[3], b[3]) - max(a[1], b[1]) <= 0.01


@pytest.mark.parametrize("evil", ["<script>alert(1)</script>", 'A & B "quoted" <b>'])
def test_every_text_is_escaped(evil: str) -> None:
    pts = [RegionPoint("gwent", evil, 100, "none", note=evil)]
    html = wales_schematic(pts, "en", alt=evil)
    assert "<script>" not in html and "<b>" not in html
    root = _picture(html)  # still well formed
    assert root.get("aria-label") == evil
    assert any(s.text == evil for s in root.iter(f"{SVG}tspan"))


def test_the_legend_explains_the_ring_round_the_chosen_region() -> None:
    legend = wales_schematic(POINTS, "en", selected="gwent").split('class="pair-schematic-legend"')[1]
    assert escape(t("ui.chart.selected_ring", "en")) in legend
    legend = wales_schematic(POINTS, "en").split('class="pair-schematic-legend"')[1]
    assert escape(t("ui.chart.selected_ring", "en")) not in legend  # no region chosen, no ring


def test_the_births_line_goes_from_every_label_when_the_full_labels_do_not_fit() -> None:
    """English fits name, births and note at every width; the same labels with long
    notes do not, and then no label carries births (the caption says which)."""
    assert layout(tuple(POINTS), "en", "gwent").births_shown
    long = tuple(
        RegionPoint(p.id, p.name, p.births, p.stage, note=p.note + " o fewn cwmpas heddiw") for p in POINTS
    )
    lay = layout(long, "cy", "gwent")
    assert not lay.births_shown
    assert all(len(lines) == 2 and lines[1].endswith("heddiw") for lines in lay.lines)
