"""Every builder's spec shows the run's own numbers (never recomputed), names in the
language, and a table equivalent that matches the chart."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from appraisal.charts import build
from appraisal.charts.spec import KINDS, table_of
from appraisal.i18n import catalogue
from tests.charts.conftest import OPTION, REGION

ROOT = Path(__file__).resolve().parents[2]


def _close(a, b) -> bool:
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), equal_nan=True)


def test_ranking_is_the_totals_best_first_with_comparators_muted(region, presenters):
    res = region.mcda
    spec = build.ranking(res, presenters["en"])
    order = list(res.order)
    assert spec.kind == "hbar"
    assert _close(spec.series[0].values, res.totals[order])
    assert spec.series[0].values == tuple(sorted(spec.series[0].values, reverse=True))
    kinds = [res.problem.options[i].kind for i in order]
    assert spec.emphasis == tuple("muted" if k == "comparator" else "" for k in kinds)
    for cat, i in zip(spec.categories, order):
        assert cat == f"{int(res.ranks[i])}. {res.problem.options[i].name}"
    assert [r[0] for r in spec.table.rows] == [int(res.ranks[i]) for i in order]
    assert _close([r[-1] for r in spec.table.rows], res.totals[order])


@pytest.mark.parametrize("by", ["group", "criterion"])
def test_contributions_are_the_results_contributions(region, presenters, by):
    res = region.mcda
    spec = build.contributions(res, presenters["en"], by=by)
    order = list(res.order)
    source = res.group_contributions if by == "group" else res.weighted
    assert len(spec.series) == source.shape[1]
    for k, s in enumerate(spec.series):
        assert _close(s.values, source[order, k])
    # the stacked segments add up to the totals the table states
    assert _close([r[-1] for r in spec.table.rows], res.totals[order])
    assert _close(np.sum([s.values for s in spec.series], axis=0), res.totals[order])
    if by == "criterion":
        p = res.problem
        assert [s.colour for s in spec.series] == [int(k) for k in p.group_index]
        assert [s.group for s in spec.series] == [p.groups[int(k)].id for k in p.group_index]


@pytest.mark.parametrize("by", ["group", "criterion"])
def test_weights_are_the_normalised_weights_largest_first(region, presenters, by):
    res = region.mcda
    spec = build.weights(res, presenters["en"], by=by)
    source = res.group_weights if by == "group" else res.weights.values
    assert sorted(spec.series[0].values, reverse=True) == list(spec.series[0].values)
    assert _close(sorted(spec.series[0].values), sorted(float(v) for v in source))
    assert sum(spec.series[0].values) == pytest.approx(1.0)
    assert spec.value_format == "pct0"


def test_options_regions_heatmap_holds_every_regions_totals_and_ranks(results, presenters):
    pr = presenters["en"]
    spec = build.options_regions(results, pr)
    ds = results.dataset
    assert spec.kind == "heatmap"
    assert spec.categories == tuple(o.name for o in ds.options)
    assert [s.name for s in spec.series] == [results.region(r).region.name for r in results.region_ids]
    for s, rr in zip(spec.series, results):
        idx = [rr.problem.option_ids.index(o) for o in ds.option_ids]
        assert _close(s.values, rr.mcda.totals[idx])
        for label, i in zip(s.labels, idx):
            assert label.startswith(f"#{int(rr.mcda.ranks[i])}\n")
    firsts = {(r, c) for c, rr in enumerate(results) for r, o in enumerate(ds.option_ids) if rr.winner == o}
    assert firsts <= set(spec.marked)
    # the same builder takes RegionResults or AdditiveResults
    assert build.options_regions([rr.mcda for rr in results], pr).series == spec.series


def test_rank_acceptability_rows_are_the_smaa_result(region, presenters):
    smaa = region.smaa
    spec = build.rank_acceptability(smaa, presenters["en"])
    order = list(np.argsort(-smaa.rank_acceptability[:, 0], kind="stable"))
    assert len(spec.series) == len(smaa.option_ids)
    for r, s in enumerate(spec.series):
        assert _close(s.values, smaa.rank_acceptability[order, r])
    for k, i in enumerate(order):
        assert _close(spec.table.rows[k][1:], smaa.rank_acceptability[i])
    # the report's order (the MCDA ranking) is kept when given
    mcda_order = [region.problem.option_ids[i] for i in region.mcda.order]
    spec2 = build.rank_acceptability(smaa, presenters["en"], order=mcda_order)
    assert spec2.categories == tuple(presenters["en"].option(o) for o in mcda_order)
    assert _close(spec2.series[0].values, [smaa.first_rank(o) for o in mcda_order])


def test_central_weights_rows_and_columns_are_stated(region, presenters):
    smaa = region.smaa_uniform
    pr = presenters["en"]
    keep = [i for i in range(len(smaa.option_ids)) if np.all(np.isfinite(smaa.central_weights[i]))]
    by_crit = build.central_weights(smaa, pr)
    assert by_crit.categories == tuple(pr.criterion(c) for c in smaa.criterion_ids)
    assert [s.name for s in by_crit.series] == [pr.option(smaa.option_ids[i]) for i in keep]
    for s, i in zip(by_crit.series, keep):
        assert _close(s.values, smaa.central_weights[i])
    assert by_crit.note.startswith("Rows: criteria; columns:")
    by_opt = build.central_weights(smaa, pr, rows="options")
    assert by_opt.categories == tuple(pr.option(smaa.option_ids[i]) for i in keep)
    for j, s in enumerate(by_opt.series):
        assert _close(s.values, smaa.central_weights[keep, j])
    assert by_opt.note.startswith("Rows: the options")
    with pytest.raises(ValueError):
        build.central_weights(smaa, pr, rows="regions")


def test_sweep_lines_are_the_sweep_totals_with_current_and_switching_weights(dataset, region, presenters):
    cid = dataset.criterion_ids[0]
    sw = region.sweep
    spec = build.sweep(sw, cid, presenters["en"], region.switching)
    k = sw.criterion_ids.index(cid)
    assert spec.kind == "line"
    for i, s in enumerate(spec.series):
        assert _close(s.values, sw.totals[k, :, i])
        assert _close(s.x, sw.grid)
    row = region.switching.row(cid)
    assert spec.refs[0].value == pytest.approx(sw.weights[k]) and spec.refs[0].strong
    switches = [at for at in (row.lower_switch, row.upper_switch) if at is not None]
    assert sorted(r.value for r in spec.refs[1:]) == pytest.approx(sorted(switches))
    assert len(spec.table.rows) == 11 and spec.table.rows[-1][0] == pytest.approx(1.0)


def test_score_tornado_is_the_lead_at_each_end(region, presenters):
    tor = region.tornado
    spec = build.score_tornado(tor, presenters["en"], max_bars=8)
    bars = tor.bars[:8]
    assert spec.kind == "tornado" and spec.base == pytest.approx(tor.margin)
    assert _close(spec.series[0].values, [b.margin_low for b in bars])
    assert _close(spec.series[1].values, [b.margin_high for b in bars])
    assert region.runner_up and presenters["en"].option(region.runner_up) in spec.title
    assert sorted(r.value for r in spec.refs) == pytest.approx(sorted([tor.margin, 0.0]))


def test_methods_heatmap_prints_each_rank(region, presenters):
    m = region.methods
    spec = build.methods(m, presenters["en"])
    for k, s in enumerate(spec.series):
        assert _close(s.values, m.ranks[k])
        assert s.labels == tuple(str(int(r)) for r in m.ranks[k])
    assert not spec.dark_high  # rank 1 is the darkest


def test_cumulative_lines_are_the_economics_cumulative_figures(region, presenters):
    econ = region.economics
    mode = econ.modes["bottom_up"]
    i = econ.index(OPTION)
    spec = build.cumulative(econ, presenters["en"], options=(OPTION,), net=True)
    costs, returns, net = spec.series[:3]
    assert _close(costs.values, econ.cum_inc_costs[i]) and costs.style == "dash"
    assert _close(returns.values, mode.cum_inc_benefits[i]) and returns.style == "solid"
    assert _close(net.values, mode.cum_inc_net[i])
    be = mode.breakeven_year[i]
    marks = [s for s in spec.series if s.points]
    assert len(marks) == (be is not None)
    if be is not None:
        assert marks[0].x == (float(be),) and _close(marks[0].values, [mode.cum_inc_benefits[i, be]])
    assert len(spec.table.rows) == len(econ.years)
    assert _close([r[4] for r in spec.table.rows], mode.cum_inc_net[i])
    # every option but business as usual by default
    every = build.cumulative(econ, presenters["en"])
    assert sum(1 for s in every.series if s.style == "dash") == sum(r != "bau" for r in econ.roles)


def test_fan_is_the_monte_carlo_percentiles_with_two_bands(region, presenters):
    mc = region.monte_carlo
    view = region.benefit_view
    spec = build.fan(mc, OPTION, presenters["en"], mode=view)
    fan = mc.modes[view].fan[:, mc.index(OPTION), :]
    assert len(spec.series) == len(mc.quantiles)
    for k, s in enumerate(spec.series):
        assert _close(s.values, fan[k]) and _close(s.x, mc.fan_years)
    q = list(mc.quantiles)
    assert [(b.lower, b.upper) for b in spec.bands] == [
        (q.index(0.05), q.index(0.95)),
        (q.index(0.25), q.index(0.75)),
    ]
    assert [s.style for s in spec.series].count("lines+markers") == 1  # only the median is a line
    assert str(f"{mc.draws:,}") in spec.title


def test_econ_tornado_is_the_npsv_at_each_end(region, presenters):
    tr = region.econ_tornado
    spec = build.econ_tornado(tr, OPTION, presenters["en"], top=5)
    bars = tr.bars[OPTION][:5]
    assert spec.base == pytest.approx(tr.base_npsv[OPTION])
    assert _close(spec.series[0].values, [b.npsv_low for b in bars])
    assert _close(spec.series[1].values, [b.npsv_high for b in bars])
    assert spec.value_format == "gbp0"
    assert [r[1:3] for r in spec.table.rows] == [(b.low, b.high) for b in bars]


def test_heckman_curves_markers_and_discount_rate(results, presenters):
    curve = results.heckman
    spec = build.heckman(curve, presenters["en"])
    n = len(curve.presets)
    for i in range(n):
        assert _close(spec.series[i].values, curve.rates[i]) and _close(spec.series[i].x, curve.ages)
        assert _close(spec.series[n + i].values, [curve.service_rates[i]])
        assert _close(spec.series[2 * n + i].values, curve.later_rates[i])
    assert spec.refs[0].axis == "y" and spec.refs[0].value == pytest.approx(curve.discount_rate)
    assert any(spec.series[2 * n].labels)  # later-life interventions named once


def test_value_for_money_is_mcda_value_against_incremental_cost(region, presenters):
    pr = presenters["en"]
    spec = build.value_for_money(region, pr)
    vfm = region.value_for_money
    points = [s for s in spec.series if s.points]
    assert spec.kind == "scatter" and len(points) == len(vfm)
    for s, v in zip(points, vfm):
        assert s.x == (pytest.approx(v.inc_pv_cost),) and s.values == (pytest.approx(v.total),)
        assert pr.option(v.option) in s.name
    frontier = spec.series[0]
    on = build.efficient_frontier([v.inc_pv_cost for v in vfm], [v.total for v in vfm])
    assert frontier.x == tuple(vfm[i].inc_pv_cost for i in on)
    assert [not s.hollow for s in points] == [i in on for i in range(len(vfm))]
    assert [r[3] for r in spec.table.rows] == [v.per_million for v in vfm]


def test_efficient_frontier():
    # b costs more for less value than a; c is dearer but better; d beaten by c
    assert build.efficient_frontier([1, 2, 3, 4], [50, 40, 70, 60]) == (0, 2)
    assert build.efficient_frontier([0, 0], [10, 10]) == (0, 1)


def test_blind_spot_is_served_and_gap_by_region(dataset, results, presenters):
    from appraisal.economics import need

    needs = [need(r, results.assumptions) for r in dataset.regions]
    spec = build.blind_spot(needs, presenters["cy"])
    assert spec.categories == tuple(r.name_cy for r in dataset.regions)
    assert _close(spec.series[0].values, [n.currently_served for n in needs])
    assert _close(spec.series[1].values, [n.gap for n in needs])
    assert spec.series[2].points and _close(spec.series[2].values, [n.target_families for n in needs])


def test_a_welsh_spec_carries_welsh_names(dataset, region, presenters):
    cy = build.ranking(region.mcda, presenters["cy"])
    welsh = {o.name_cy for o in dataset.options}
    english = {o.name for o in dataset.options} - welsh
    assert all(any(c.endswith(w) for w in welsh) for c in cy.categories)
    assert not any(c.endswith(e) for c in cy.categories for e in english)
    acc = build.rank_acceptability(region.smaa, presenters["cy"])
    assert set(acc.categories) == welsh and acc.title == presenters["cy"].tr("sens.chart.acceptability.title")
    crit = build.contributions(region.mcda, presenters["cy"], by="criterion")
    assert {s.name for s in crit.series} == {c.name_cy for c in dataset.criteria}
    tor = build.econ_tornado(region.econ_tornado, OPTION, presenters["cy"])
    assert presenters["cy"].option(OPTION) in tor.title and "NPSV" in tor.title


def test_every_builder_gives_a_table_that_fits_its_chart(specs):
    kinds = set()
    for lang, group in specs.items():
        for spec in group:
            kinds.add(spec.kind)
            table = table_of(spec)
            assert table.headers and table.rows, spec.key
            assert all(len(r) == len(table.headers) for r in table.rows)
            assert len(table.display_rows(lang)) == len(table.rows)
            assert list(table.columns()) == list(dict.fromkeys(table.headers))
            if spec.kind in ("hbar", "stacked_hbar", "tornado", "heatmap") and spec.table is not None:
                assert len(table.rows) == len(spec.categories), spec.key
            hash(spec)  # specs are hashable (the static renderer caches by spec)
    assert kinds == set(KINDS)


def test_every_key_the_builders_use_is_in_both_catalogues():
    text = (ROOT / "appraisal" / "charts" / "build.py").read_text(encoding="utf-8")
    used = set(re.findall(r'tr\(\s*"([a-z][a-z0-9_.]+[a-z0-9_])"', text))
    used |= set(re.findall(r'"((?:chart|ui|econ|sens|col|report|page)\.[a-z0-9_.]+[a-z0-9_])"', text))
    assert len(used) > 40
    for lang in ("en", "cy"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, (lang, missing)


def test_builders_never_leave_a_key_unresolved(specs):
    for group in specs.values():
        for spec in group:
            texts = [spec.title, spec.x_title, spec.y_title, spec.note, *spec.categories]
            texts += (
                [s.name for s in spec.series] + [r.label for r in spec.refs] + [b.name for b in spec.bands]
            )
            texts += list(spec.table.headers) if spec.table else []
            for text in texts:
                assert not re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", text or "x x"), (spec.key, text)


def test_presenter_for_names_what_a_result_holds(region):
    pr = build.presenter_for("cy", problem=region.problem)
    assert pr.option("bau") == "Busnes fel arfer" and pr.region(REGION) == region.region.name_cy
    assert pr.criterion(region.problem.criterion_ids[0]) == region.problem.criteria[0].name_cy
