"""Both renderers draw every kind in English and Welsh: the static one gives the same
PNG bytes for the same spec; the plotly one holds the spec's values, keeps its legend
outside the plot area and wraps its text to the style's widths. The app's chart
functions are the builders drawn by the plotly renderer."""

from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from appraisal.charts import build, economics, mcda, robustness
from appraisal.charts import style as S
from appraisal.charts.palette import MUTED
from appraisal.charts.plotly_render import TEMPLATE, figure_dict, to_plotly
from appraisal.charts.spec import ChartSpec, Series
from appraisal.charts.static_render import chart_height, render_many, render_png
from appraisal.report import figures
from tests.charts.conftest import LANGS, OPTION

TAG = re.compile(r"<[^>]+>")


def _lines(text: str | None) -> list[str]:
    import html

    return [html.unescape(TAG.sub("", x)) for x in (text or "").split("<br>")]


def _fits(text: str | None, width: int) -> bool:
    """Every line at most ``width`` characters, or a single word (never broken)."""
    return all(len(x) <= width or " " not in x.strip() for x in _lines(text))


def _plain(text: str) -> str:
    return " ".join(x.strip() for x in _lines(text)).replace("\u200b", "")


def _close(a, b) -> bool:
    a = np.asarray([np.nan if v is None else v for v in a], dtype=float)
    b = np.asarray(list(b), dtype=float)
    return a.shape == b.shape and np.allclose(a, b, equal_nan=True)


# ---------------------------------------------------------------------------- plotly


def _check_values(spec: ChartSpec, fig: go.Figure, lang: str) -> None:
    traces = list(fig.data)
    if spec.kind in ("hbar", "stacked_hbar", "tornado", "grouped_bar"):
        bars = [t for t in traces if t.type == "bar"]
        drawn = [s for s in spec.series if not s.points]
        assert len(bars) == len(drawn)
        for s, t in zip(drawn, bars):
            if spec.kind == "tornado":
                assert _close(t.x, [v - spec.base for v in s.values]) and t.base == spec.base
            elif spec.kind == "grouped_bar":
                assert _close(t.y, s.values)
            else:
                assert _close(t.x, s.values)
                assert [_plain(y) for y in t.y] == list(spec.categories)
        for s in spec.series:
            if s.points:
                assert any(
                    t.type == "scatter" and t.mode == "markers" and _close(t.x, s.values) for t in traces
                )
        if spec.kind == "hbar":
            marker = bars[0].marker
            for i in range(len(spec.categories)):
                assert (marker.pattern.shape[i] == "/") == spec.muted(i)
                assert (marker.color[i] == MUTED) == spec.muted(i)
    elif spec.kind in ("line", "scatter"):
        for s in spec.series:
            if s.style == "none":
                continue
            assert any(
                t.type == "scatter" and _close(t.y, s.values) and _close(t.x, s.x or range(len(s.values)))
                for t in traces
            ), s.name
        filled = [t for t in traces if t.fill == "tonexty"]
        assert len(filled) == len(spec.bands)
        for b, t in zip(spec.bands, filled):
            assert _close(t.y, spec.series[b.lower].values)
    elif spec.kind == "waterfall":
        bars = [t for t in traces if t.type == "bar"]
        steps = spec.steps()
        for k in range(len(spec.series)):
            idx = [c for c, st in enumerate(steps) if st[0] == k]
            if not idx:
                continue
            t = next(b for b in bars if _plain(b.name) == spec.series[k].name)
            assert _close(t.base, [steps[c][2] for c in idx])
            assert _close([b + x for b, x in zip(t.base, t.x)], [steps[c][3] for c in idx])
        text = next(t for t in traces if t.type == "scatter" and t.mode == "text")
        signed = [_plain(x) for x in text.text]
        assert all(x.startswith("+") for x, (k, v, _, _) in zip(signed, steps) if k and v > 0)
    elif spec.kind == "heatmap":
        heat = next(t for t in traces if t.type == "heatmap")
        z = [[s.values[i] for s in spec.series] for i in range(len(spec.categories))]
        assert _close(np.ravel(heat.z), np.ravel(z))
        text = next(t for t in traces if t.type == "scatter" and t.mode == "text")
        cells = [spec.cell_text(i, j, lang) for i in range(len(z)) for j in range(len(spec.series))]
        assert [_plain(x).replace(" ", "") for x in text.text] == [
            c.replace("\n", "").replace(" ", "") for c in cells
        ]
        assert heat.showscale is False  # the cells print their values; no colour bar to read


def _check_layout(spec: ChartSpec, fig: go.Figure) -> None:
    lay = fig.layout
    m = lay.margin
    assert m.autoexpand is False and lay.height == math.ceil(lay.height)
    if lay.showlegend:
        # the legend starts below the axis title, inside the bottom margin: outside the plot
        assert lay.legend.yref == "container" and lay.legend.yanchor == "top"
        assert lay.legend.y * lay.height <= m.b
        assert lay.legend.orientation == "v" and lay.legend.x == 0
        for t in fig.data:
            if t.showlegend is not False and t.name and getattr(t, "mode", None) != "text":
                assert _fits(t.name, S.WRAP_LEGEND), t.name
    if spec.title:
        assert _fits(lay.title.text, S.WRAP_TITLE) and _plain(lay.title.text) == spec.title
        assert lay.title.yref == "container"
    if spec.x_title:
        assert _fits(lay.xaxis.title.text, S.WRAP_AXIS) and _plain(lay.xaxis.title.text) == spec.x_title
    if spec.y_title and spec.kind in ("line", "scatter", "grouped_bar"):
        assert _fits(lay.yaxis.title.text, S.WRAP_Y_AXIS)
    if spec.kind in ("hbar", "stacked_hbar", "tornado", "waterfall"):
        names = [a.text for a in lay.annotations if a.yref == "y"]
        assert [_plain(a) for a in names] == list(spec.categories)  # each name above its bar
        assert all(_fits(a, S.WRAP_LABEL) for a in names)
        assert m.l <= 12  # names above the bars: no squeezed axis
    if spec.kind == "heatmap":
        heat = next(t for t in fig.data if t.type == "heatmap")
        assert all(_fits(y, S.WRAP_ROW) for y in heat.y)
        longest = max(len(x) for c in spec.categories for x in S.lines(c, S.WRAP_ROW))
        assert m.l >= S.text_px(longest, S.TICK)  # the margin holds the longest row label
        angle = lay.xaxis.tickangle
        assert angle in (0, -90)
        if angle == 0:  # horizontal column labels fit their columns in a phone's width
            col_px = (S.NARROW_CONTAINER - m.l - m.r) / len(spec.series)
            assert all(S.text_px(len(x), S.TICK) <= col_px or " " not in x for c in heat.x for x in _lines(c))


def test_plotly_renders_every_kind_in_both_languages(specs):
    seen = set()
    for lang in LANGS:
        for spec in specs[lang]:
            fig = to_plotly(spec, lang)
            seen.add(spec.kind)
            assert isinstance(fig, go.Figure) and fig.data, spec.key
            go.Figure(fig.to_dict())  # every property valid (built here with validation on)
            _check_values(spec, fig, lang)
            _check_layout(spec, fig)
    assert seen == {
        "hbar",
        "stacked_hbar",
        "grouped_bar",
        "tornado",
        "line",
        "scatter",
        "heatmap",
        "waterfall",
    }


def test_welsh_figures_hold_welsh_names(dataset, region, specs):
    fig = to_plotly(specs["cy"][0], "cy")  # the ranking
    shown = " ".join(_plain(a.text) for a in fig.layout.annotations)
    for o in dataset.options:
        assert o.name_cy in shown
        if o.name != o.name_cy:
            assert o.name not in shown


def test_the_template_is_built_once(specs, monkeypatch):
    import plotly.io as pio

    def refuse(*_a, **_k):  # a named template would be looked up and deep-copied here
        raise AssertionError("plotly's template registry was used")

    monkeypatch.setattr(type(pio.templates), "__getitem__", refuse)
    fig = to_plotly(specs["en"][0], "en")
    assert fig.layout.template.layout.font.family == S.FONT_FAMILY
    assert fig.layout.template.layout.font.family == TEMPLATE.layout.font.family


def test_plotly_figures_are_plain_data_and_repeatable(specs):
    import json

    for spec in specs["en"]:
        d = figure_dict(spec, "en")
        assert json.dumps(d, allow_nan=False)  # plain JSON: no numpy, no NaN
        assert figure_dict(spec, "en") == d


def test_labels_are_escaped_for_plotly():
    spec = ChartSpec("hbar", ("<script>alert(1)</script> & co",), (Series("x", (1.0,)),))
    fig = to_plotly(spec, "en")
    text = fig.layout.annotations[0].text
    assert "<script>" not in text and "&lt;script&gt;" in text and "&amp; co" in text


# ---------------------------------------------------------------------------- static


def test_static_renders_every_kind_in_both_languages(specs):
    for lang in LANGS:
        for spec in specs[lang]:
            png = render_png(spec, width_in=6.5, height_in=chart_height(spec), lang=lang)
            assert png.startswith(b"\x89PNG") and len(png) > 5_000, spec.key
            assert 2.0 <= chart_height(spec) <= 14.0


def test_static_png_is_deterministic(specs):
    jobs = [(s, 6.5, chart_height(s), "cy") for s in specs["cy"]]
    first = render_many(jobs)
    render_png.cache_clear()
    second = [render_png(s, width_in=w, height_in=h, lang=lg) for s, w, h, lg in jobs]
    assert first == second
    # with its title drawn (the app could show it), still the same bytes twice
    spec = specs["en"][9]
    a = render_png(spec, title=True)
    render_png.cache_clear()
    assert render_png(spec, title=True) == a != render_png(spec)


def test_the_report_module_re_exports_the_static_renderer():
    from appraisal.charts import static_render

    assert figures.render_png is static_render.render_png
    assert figures.render_many is static_render.render_many
    assert figures.chart_height is static_render.chart_height


# ---------------------------------------------------------------------------- app functions


def _same(a: go.Figure, b: go.Figure) -> None:
    assert a.to_dict() == b.to_dict()


@pytest.mark.parametrize("lang", LANGS)
def test_app_chart_functions_draw_the_builders_specs(dataset, results, region, presenters, lang):
    from appraisal.present import Presenter

    pr = Presenter(dataset, lang)
    res = region.mcda
    _same(mcda.ranking_bar(res, lang), to_plotly(build.ranking(res, pr), lang))
    _same(
        mcda.contributions_bar(res, lang, by="criterion"),
        to_plotly(build.contributions(res, pr, by="criterion"), lang),
    )
    _same(mcda.weights_bar(res, lang, by="group"), to_plotly(build.weights(res, pr, by="group"), lang))
    _same(
        mcda.options_regions_heatmap([r.mcda for r in results], lang),
        to_plotly(build.options_regions(results, pr), lang),
    )
    cid = dataset.criterion_ids[2]
    _same(
        robustness.sweep_chart(region.sweep, cid, region.switching, lang),
        to_plotly(build.sweep(region.sweep, cid, pr, region.switching), lang),
    )
    _same(
        robustness.rank_acceptability_chart(region.smaa, lang),
        to_plotly(build.rank_acceptability(region.smaa, pr), lang),
    )
    _same(
        robustness.central_weights_chart(region.smaa, lang),
        to_plotly(build.central_weights(region.smaa, pr), lang),
    )
    _same(
        robustness.tornado_chart(region.tornado, lang),
        to_plotly(build.score_tornado(region.tornado, pr), lang),
    )
    _same(robustness.methods_chart(region.methods, lang), to_plotly(build.methods(region.methods, pr), lang))
    econ, mc, tor = region.economics, region.monte_carlo, region.econ_tornado
    curve, domains = results.heckman, results.assumptions.domains
    for view in ("outcome_chain", "per_child_supported"):
        _same(
            economics.cumulative_chart(econ, view, lang),
            to_plotly(build.cumulative(econ, pr, mode=view), lang),
        )
        _same(
            economics.fan_chart(mc, OPTION, view, lang), to_plotly(build.fan(mc, OPTION, pr, mode=view), lang)
        )
        _same(economics.evppi_chart(mc, view, lang), to_plotly(build.evppi(mc, pr, mode=view), lang))
    _same(
        economics.tornado_chart(tor, OPTION, lang, domains=domains),
        to_plotly(build.econ_tornado(tor, OPTION, pr, domains=domains), lang),
    )
    _same(economics.heckman_chart(curve, lang), to_plotly(build.heckman(curve, pr), lang))
    _same(economics.heckman_chart(curve, lang, econ), to_plotly(build.heckman(curve, pr, econ), lang))
    _same(economics.waterfall_chart(econ, OPTION, lang), to_plotly(build.waterfall(econ, OPTION, pr), lang))
    _same(economics.ceac_chart(mc, lang, econ), to_plotly(build.ceac(mc, pr, econ), lang))
    vfm = region.value_for_money
    names = [pr.option(v.option) for v in vfm]
    fig = mcda.value_for_money_chart(
        names, [v.inc_pv_cost / 1e6 for v in vfm], [v.value for v in vfm], [v.kind for v in vfm], lang
    )
    new = to_plotly(build.value_for_money(region, pr), lang)
    for a, b in zip(fig.data, new.data):
        assert _close(a.x, b.x) and _close(a.y, b.y) and _plain(a.name) == _plain(b.name)


def test_economics_tables_come_from_the_same_specs(results, region, presenters):
    econ, tor, mc = region.economics, region.econ_tornado, region.monte_carlo
    headers, rows = economics.cumulative_table(econ, "outcome_chain", "cy", options=(OPTION,))
    spec = build.cumulative(econ, presenters["cy"], options=(OPTION,))
    assert headers == list(spec.table.headers) and rows == [list(r) for r in spec.table.rows]
    headers, rows = economics.tornado_table(tor, OPTION, "en")
    assert len(rows) == len(tor.bars[OPTION])  # every input, not only the bars drawn
    headers, rows = economics.heckman_table(results.heckman)
    assert len(rows) == len(results.heckman.presets)  # one row per benchmark
    headers, rows = economics.heckman_table(results.heckman, "en", econ)
    assert len(rows) == len(results.heckman.presets) + sum(r != "bau" for r in econ.roles) + 1
    headers, rows = economics.waterfall_table(econ, OPTION, "cy")
    assert len(rows) == len(econ.waterfall[OPTION].rows())
    headers, rows = economics.evppi_table(mc)
    assert len(rows) == len(mc.param_ids)  # every input, not only the ten drawn
    headers, rows = economics.ceac_table(mc, "en", econ)
    assert len(rows) == len(mc.ceac_lambdas) and len(headers) == len(mc.options) + 1
