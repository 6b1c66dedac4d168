"""Horizontal bars drawn on the server as SVG (``charts/svg_render.py``), the weights
page's live ranking and group weights. Positions worked out by hand from the layout
rules in the module (a share of the plot's width for values, px for rows)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from appraisal.charts import build, mcda
from appraisal.charts import style as S
from appraisal.charts.palette import MUTED, colour
from appraisal.charts.spec import ChartSpec, Series
from appraisal.charts.svg_render import hbar_svg
from appraisal.i18n.formatting import format_cell
from tests.charts.conftest import LANGS

SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str) -> ET.Element:
    """The fragment's <svg>, parsed as XML (so it is well formed)."""
    m = re.search(r'<svg class="pair-bars-plot".*</svg>', html)
    assert m, html[:200]
    return ET.fromstring(m.group(0).replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def _rects(root: ET.Element) -> list[ET.Element]:
    """The bars' painted rectangles (not the hatch overlays)."""
    return [r for r in root.iter(f"{SVG}rect") if not r.get("fill", "").startswith("url(")]


def _texts(root: ET.Element, cls: str) -> list[str]:
    """The texts of class ``cls``, a wrapped text's lines joined by a space."""
    return [" ".join(e.itertext()) for e in root.iter(f"{SVG}text") if e.get("class") == cls]


SPEC = ChartSpec(
    "hbar",
    ("1. Alpha", "2. Beta <b>&"),
    (Series("Total", (80.0, 40.0)),),
    x_title="Total value",
    value_format="num1",
    x_range=(0.0, 100.0),
    emphasis=("", "muted"),
    key="ranking",
)


def test_bars_sit_at_their_share_of_the_range_and_rows_in_px() -> None:
    root = _svg(hbar_svg(SPEC, "en", alt="Ranking"))
    a, b = _rects(root)
    # range 0-100: a bar of 80 is 80% of the plot's width, one of 40 is 40%
    assert (a.get("x"), a.get("width")) == ("0%", "80%")
    assert (b.get("x"), b.get("width")) == ("0%", "40%")
    # one label line: label_h = 15 px x 1.3 + 4 = 23.5; a row is 23.5 + 24 (bar) + 14 (gap)
    # = 61.5 px; a bar's top is its row's top + 7 (half the gap) + 23.5
    assert float(a.get("y")) == pytest.approx(30.5)
    assert float(b.get("y")) == pytest.approx(61.5 + 30.5)
    assert a.get("height") == b.get("height") == str(S.BAR_PX)
    # colour: the option's palette slot; a comparator grey AND hatched
    assert a.get("fill") == colour(0) and b.get("fill") == MUTED
    hatched = [r for r in root.iter(f"{SVG}rect") if r.get("fill", "").startswith("url(")]
    assert len(hatched) == 1 and hatched[0].get("y") == b.get("y")
    # values printed after the bar, ticks every 20 along the axis
    assert _texts(root, "pair-bars-value") == ["80.0", "40.0"]
    values = [e for e in root.iter(f"{SVG}text") if e.get("class") == "pair-bars-value"]
    assert [e.get("x") for e in values] == ["80%", "40%"]
    assert _texts(root, "pair-bars-tick") == ["0", "20", "40", "60", "80", "100"]
    ticks = [e.get("x") for e in root.iter(f"{SVG}text") if e.get("class") == "pair-bars-tick"]
    assert ticks == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert _texts(root, "pair-bars-axis-title") == ["Total value"]


def test_without_a_range_the_axis_runs_to_116_percent_of_the_largest_value() -> None:
    spec = ChartSpec("hbar", ("A", "B"), (Series("Weight", (0.5, 0.25)),), value_format="pct0", key="w")
    a, b = _rects(_svg(hbar_svg(spec)))
    # hi = 0.5 x 1.16 = 0.58: 0.5 / 0.58 = 86.21%, 0.25 / 0.58 = 43.1%
    assert a.get("width") == "86.21%" and b.get("width") == "43.1%"
    assert _texts(_svg(hbar_svg(spec)), "pair-bars-value") == ["50%", "25%"]


def test_every_text_is_escaped_and_the_picture_is_named() -> None:
    html = hbar_svg(SPEC, "en", alt='Bars "of" <value>')
    assert "<b>" not in html.replace("<b>&", "")  # the category's markup is text
    assert "2. Beta &lt;b&gt;&amp;" in html
    root = _svg(html)
    assert root.get("role") == "img" and root.get("aria-label") == 'Bars "of" <value>'
    names = _texts(root, "pair-bars-name")
    assert names == ["1. Alpha", "2. Beta <b>&"]
    titles = ["".join(e.itertext()) for e in root.iter(f"{SVG}title")]
    assert titles == ["1. Alpha: 80.0", "2. Beta <b>&: 40.0"]


def test_long_names_wrap_as_the_plotly_chart_wraps_them() -> None:
    long = "3. A long option name that cannot sit on one line"
    spec = ChartSpec("hbar", (long,), (Series("Total", (50.0,)),), x_range=(0.0, 100.0), key="r")
    root = _svg(hbar_svg(spec))
    name = next(e for e in root.iter(f"{SVG}text") if e.get("class") == "pair-bars-name")
    lines = ["".join(s.itertext()) for s in name.iter(f"{SVG}tspan")]
    assert lines == S.lines(long, S.WRAP_LABEL) and len(lines) == 2
    # two label lines: label_h = 2 x 19.5 + 4 = 43; the bar's top 7 + 43 = 50
    assert float(_rects(root)[0].get("y")) == pytest.approx(50.0)


def test_only_horizontal_bars() -> None:
    with pytest.raises(ValueError, match="hbar"):
        hbar_svg(ChartSpec("stacked_hbar", ("A",), (Series("x", (1.0,)),)))


@pytest.mark.parametrize("lang", LANGS)
def test_the_live_ranking_shows_what_the_plotly_ranking_shows(region, presenters, lang: str) -> None:
    res = region.mcda
    spec = build.ranking(res, presenters[lang])
    root = _svg(mcda.ranking_svg(res, lang, alt="x"))
    names = _texts(root, "pair-bars-name")
    assert names == [" ".join(S.lines(c, S.WRAP_LABEL)) for c in spec.categories]
    shown = [format_cell(float(res.totals[i]), "num1", lang) for i in res.order]
    assert _texts(root, "pair-bars-value") == shown
    muted = [r.get("fill") == MUTED for r in _rects(root)]
    assert muted == [res.problem.options[i].kind == "comparator" for i in res.order]
    assert any(muted)  # business as usual and do minimum are always on the shortlist


def test_the_group_weights_show_every_group_largest_first(region, presenters) -> None:
    res = region.mcda
    root = _svg(mcda.weights_svg(res, "en", by="group", alt="x"))
    spec = build.weights(res, presenters["en"], by="group")
    assert _texts(root, "pair-bars-name") == list(spec.categories)
    assert len(spec.categories) == len(res.problem.groups)
    widths = [float(r.get("width")[:-1]) for r in _rects(root)]
    assert widths == sorted(widths, reverse=True)
    # shares of the total: the axis runs to 1.2 x the largest (the builder's range)
    top = max(float(v) for v in res.group_weights)
    assert widths[0] == pytest.approx(100 / 1.2, abs=0.01) and top > 0
