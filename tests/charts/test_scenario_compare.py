"""The scenario comparison charts (issue 15): grouped bars of each option's total and rank
under each scenario, and of each criterion group's weight, read from a
``store.compare.Comparison`` and never recomputed; named in both languages; drawn by
plotly without cutting a label (browser check at phone and desktop widths)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest

from appraisal.charts import scenario_compare as sc
from appraisal.charts.plotly_render import to_plotly
from appraisal.charts.spec import table_of
from appraisal.i18n import t
from appraisal.inputs import WeightInputs
from appraisal.present import Presenter
from appraisal.run import default_inputs
from appraisal.store.compare import Comparison, NPVComparison, compare
from appraisal.store.scenario import Scenario

LANGS = ("en", "cy")
LONG = "A scenario with a very long name that the board gave it, to see it wraps"


# ----------------------------------------------------------------------------- a hand-made case


def _item(id_: str, name: str, name_cy: str, **kw) -> SimpleNamespace:
    return SimpleNamespace(id=id_, name=name, name_cy=name_cy, **kw)


def _hand_dataset() -> SimpleNamespace:
    options = (
        _item("bau", "Business as usual", "Busnes fel arfer"),
        _item(
            "alpha", "Alpha: a host with a long, long name for the label", "Alffa: lletywr ag enw hir iawn"
        ),
        _item("beta", "Beta", "Beta"),
    )
    ds = SimpleNamespace(
        options=options,
        criteria=(
            _item("reach", "Reach", "Cyrhaeddiad", group="g1"),
            _item("quality", "Quality", "Ansawdd", group="g2"),
            _item("delay", "Delay", "Oedi", group="g1"),
        ),
        groups=(_item("g1", "Group one", "Grŵp un"), _item("g2", "Group two", "Grŵp dau")),
        regions=(_item("north", "North", "Gogledd"), _item("south", "South", "De")),
    )
    # "south" has a shorter shortlist (no alpha), as real regions without a team have
    ds.options_for = lambda r: options if r == "north" else (options[0], options[2])
    return ds


@pytest.fixture(scope="module")
def hand():
    """Two scenarios by hand: weights, and per region the totals and ranks compare gives."""
    return Comparison(
        names=("Reach first", "Quality first"),
        criterion_ids=("reach", "quality", "delay"),
        option_ids=("bau", "alpha", "beta"),
        regions=("north", "south"),
        weights=np.array([[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]]),
        totals={
            "north": np.array([[30.0, 72.5, 55.25], [35.0, 48.0, 80.125]]),
            "south": np.array([[20.0, 61.0], [22.0, 40.0]]),
        },
        ranks={"north": np.array([[3, 1, 2], [3, 2, 1]]), "south": np.array([[2, 1], [2, 1]])},
        npv=NPVComparison("unavailable", "not asked", {}),
        region_options={"south": ("bau", "beta")},  # "south" has no alpha, as compare records
    )


@pytest.fixture(scope="module")
def hand_pr():
    ds = _hand_dataset()
    return {lang: Presenter(ds, lang) for lang in LANGS}


def _bars(spec) -> list[tuple[int, float]]:
    """(series, value) of every row: exactly one series holds a value on each row."""
    out = []
    for r in range(len(spec.categories)):
        held = [(i, s.values[r]) for i, s in enumerate(spec.series) if s.values[r] != 0.0]
        assert len(held) <= 1, (r, held)
        out.append(held[0] if held else (-1, 0.0))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_totals_are_the_comparisons_values(hand, hand_pr, lang):
    pr = hand_pr[lang]
    spec = sc.totals(hand, "north", pr)
    assert spec.kind == "stacked_hbar" and spec.key == "scenario_totals_north"
    assert [s.name for s in spec.series] == ["Reach first", "Quality first"]
    # one palette colour and one pattern per scenario
    assert [spec.colour_of(i) for i in range(2)] == [0, 1]
    assert [spec.pattern_of(i) for i in range(2)] == [0, 1]
    # options best first under the reference: alpha (1), beta (2), bau (3); a bar per scenario
    order = ["alpha", "beta", "bau"]
    expected = [
        (i, hand.totals["north"][i, ["bau", "alpha", "beta"].index(o)]) for o in order for i in (0, 1)
    ]
    assert _bars(spec) == expected
    assert spec.show_totals and not spec.show_values  # each bar prints its value once
    # every bar is named with its option, its scenario and its rank there
    rank_word = t("col.rank", lang).lower()
    assert spec.categories[1] == f"{pr.option('alpha')}\n" + t(
        "chart.scenario_compare.row", lang, scenario="Quality first", rank=2
    )
    assert all(rank_word in c.lower() for c in spec.categories)
    # the table: a row per option, a rank and a total column per scenario
    tab = table_of(spec)
    assert tab.headers[0] == t("col.option", lang)
    assert [r[0] for r in tab.rows] == [pr.option(o) for o in order]
    assert tab.rows[0][1:] == (1, 72.5, 2, 48.0)
    assert tab.rows[1][1:] == (2, 55.25, 1, 80.125)
    assert tab.formats == ("text", "int", "num1", "int", "num1")


def test_totals_follow_a_regions_own_shortlist(hand, hand_pr):
    """A region's totals have one column per option on its shortlist (not every option)."""
    pr = hand_pr["en"]
    assert sc.option_ids(hand, "south", pr) == ("bau", "beta")
    spec = sc.totals(hand, "south", pr)
    assert [v for _, v in _bars(spec)] == [61.0, 40.0, 20.0, 22.0]
    assert spec.categories[0].startswith("Beta\n")
    assert not any("Alpha" in c for c in spec.categories)
    # without the region's shortlist, a mismatch is an error, not a misaligned chart
    from dataclasses import replace

    with pytest.raises(ValueError, match="south"):
        sc.option_ids(replace(hand, region_options={}), "south", pr)


@pytest.mark.parametrize("lang", LANGS)
def test_group_weights_are_the_sums_of_the_comparisons_weights(hand, hand_pr, lang):
    pr = hand_pr[lang]
    gids, w = sc.group_weights(hand, pr)
    assert gids == ("g1", "g2")
    assert w == pytest.approx(np.array([[0.7, 0.3], [0.3, 0.7]]))
    spec = sc.weights(hand, pr)
    assert spec.kind == "stacked_hbar" and spec.value_format == "pct0"
    assert _bars(spec) == [(0, pytest.approx(0.7)), (1, pytest.approx(0.3)), (0, 0.3), (1, 0.7)]
    assert spec.categories[0] == f"{pr.group('g1')}\nReach first"
    tab = table_of(spec)
    assert tab.rows[0] == (pr.group("g1"), pytest.approx(0.7), pytest.approx(0.3))
    assert tab.headers[1] == t("chart.scenario_compare.col_weight", lang, name="Reach first")


def test_criterion_weights_heatmap(hand, hand_pr):
    pr = hand_pr["cy"]
    spec = sc.weights(hand, pr, by="criterion")
    assert spec.kind == "heatmap" and spec.categories == ("Cyrhaeddiad", "Ansawdd", "Oedi")
    assert [s.values for s in spec.series] == [(0.6, 0.3, 0.1), (0.2, 0.7, 0.1)]
    assert spec.note == t("chart.scenario_compare.weights_note_criterion", "cy")
    with pytest.raises(ValueError, match="by must be"):
        sc.weights(hand, pr, by="option")


@pytest.mark.parametrize("lang", LANGS)
def test_alt_texts_name_the_first_and_heaviest(hand, hand_pr, lang):
    pr = hand_pr[lang]
    alt = sc.totals_alt(hand, "north", pr)
    assert pr.option("alpha") in alt and pr.option("beta") in alt and pr.region("north") in alt
    walt = sc.weights_alt(hand, pr)
    assert pr.group("g1") in walt and pr.group("g2") in walt and "70%" in walt.replace("\u00a0", "")
    assert "Cyrhaeddiad" in sc.weights_alt(hand, hand_pr["cy"], by="criterion")
    # scenario names are users' text: the page escapes them for Markdown
    assert "[Reach first]" in sc.totals_alt(hand, "north", pr, escape=lambda s: f"[{s}]")
    assert t("chart.scenario_compare.totals_alt", "en", region="r", n=2, firsts="f") != t(
        "chart.scenario_compare.totals_alt", "cy", region="r", n=2, firsts="f"
    )


def test_each_scenario_gets_a_palette_colour_and_a_pattern(hand_pr):
    """Up to MAX_COMPARED scenarios: no two share both colour and pattern (the palette has
    seven usable colours, so the eighth repeats the first colour with another pattern)."""
    from appraisal.charts.palette import colour, pattern
    from appraisal.store.compare import MAX_COMPARED

    n = MAX_COMPARED
    c = Comparison(
        names=tuple(f"S{i}" for i in range(n)),
        criterion_ids=("reach", "quality", "delay"),
        option_ids=("bau", "alpha", "beta"),
        regions=("north",),
        weights=np.tile([0.5, 0.3, 0.2], (n, 1)),
        totals={"north": np.tile([10.0, 20.0, 30.0], (n, 1))},
        ranks={"north": np.tile([3, 2, 1], (n, 1))},
        npv=NPVComparison("unavailable", "", {}),
    )
    spec = sc.totals(c, "north", hand_pr["en"])
    looks = {(colour(spec.colour_of(i)), pattern(spec.pattern_of(i))) for i in range(n)}
    assert len(looks) == n
    fig = to_plotly(spec, "en")
    legend = [tr.name for tr in fig.data if tr.showlegend is not False and tr.type == "bar"]
    assert len(legend) == n


# ----------------------------------------------------------------------------- the real data


def _pair(dataset):
    base = default_inputs(dataset)
    pts = {c: 1.0 for c in dataset.criterion_ids}
    pts[dataset.criterion_ids[0]] = 20.0
    return (
        Scenario.from_inputs("Defaults", base),
        Scenario.from_inputs(LONG, base.with_changes(weights=WeightInputs("points", pts))),
    )


@pytest.fixture(scope="module")
def real(dataset):
    return compare(list(_pair(dataset)), dataset, regions=["gwent", "powys"], economics=False)


@pytest.mark.parametrize("region", ["gwent", "powys"])
def test_real_comparison_values_reach_the_chart(real, presenters, region):
    pr = presenters["en"]
    spec = sc.totals(real, region, pr)
    ids = sc.option_ids(real, region, pr)
    assert len(ids) == real.totals[region].shape[1]
    by_row = {c: v for c, (_, v) in zip(spec.categories, _bars(spec))}
    for k, o in enumerate(ids):
        for i, name in enumerate(real.names):
            line = t("chart.scenario_compare.row", "en", scenario=name, rank=int(real.ranks[region][i, k]))
            assert by_row[f"{pr.option(o)}\n{line}"] == pytest.approx(real.totals[region][i, k])
    _, gw = sc.group_weights(real, pr)
    assert gw.sum(axis=1) == pytest.approx([1.0, 1.0])


# ----------------------------------------------------------------------------- drawn in a browser


def _specs(comparison, presenters) -> dict[str, list]:
    return {
        lang: [
            sc.totals(comparison, "gwent", presenters[lang]),
            sc.totals(comparison, "powys", presenters[lang]),
            sc.weights(comparison, presenters[lang]),
            sc.weights(comparison, presenters[lang], by="criterion"),
        ]
        for lang in LANGS
    }


def test_every_spec_draws_with_plotly_validation(real, presenters):
    import plotly.graph_objects as go

    for specs in _specs(real, presenters).values():
        for spec in specs:
            fig = to_plotly(spec, "en")
            go.Figure(fig.to_dict())  # validated: every property plotly knows


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_no_label_is_cut_or_overlapping(real, presenters, lang):
    layout = pytest.importorskip("tests.charts.test_browser_layout", reason="Chromium or Playwright missing")
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs

    from tests.ui.browser_support import CHROMIUM

    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            pg = browser.new_page(viewport={"width": 1500, "height": 1000})
            pg.set_content("<html><body style='margin:0'><div id='chart'></div></body></html>")
            pg.add_script_tag(content=get_plotlyjs())
            for spec in _specs(real, presenters)[lang]:
                fig = json.loads(to_plotly(spec, lang).to_json())
                for width in layout.WIDTHS:
                    res = pg.evaluate(layout._MEASURE, [fig, width])  # noqa: SLF001
                    assert res["texts"], (spec.key, width)
                    probs = layout._problems(res)  # noqa: SLF001
                    if probs:
                        found[f"{spec.key} @ {width}px"] = probs[:5]
        finally:
            browser.close()
    assert not found, found
