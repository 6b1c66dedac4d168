"""Every builder's spec shows the run's own numbers (never recomputed), names in the
language, and a table equivalent that matches the chart."""

from __future__ import annotations

import math
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


def test_ranking_marks_where_a_moved_option_was(region, presenters):
    """``before`` ranks: a moved option says where it was, an unmoved one says nothing.
    Hand-made: the first option is said to have been 3rd, the last option 1st."""
    res = region.mcda
    order = list(res.order)
    first, last = res.problem.options[order[0]].id, res.problem.options[order[-1]].id
    before = {o.id: int(r) for o, r in zip(res.problem.options, res.ranks)}
    before[first], before[last] = 3, 1
    for lang in ("en", "cy"):
        spec = build.ranking(res, presenters[lang], before=before)
        pr = presenters[lang]
        assert spec.categories[0].endswith(" " + pr.tr("ui.chart.rank_from_up", rank=3))
        assert spec.categories[-1].endswith(" " + pr.tr("ui.chart.rank_from_down", rank=1))
        assert spec.categories[1:-1] == build.ranking(res, pr).categories[1:-1]
    assert "▲ from 3" in build.ranking(res, presenters["en"], before=before).categories[0]


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
        here = rr.problem.option_ids
        for o, v, label in zip(ds.option_ids, s.values, s.labels):
            if o not in here:  # "build on what exists" only where there is a team to build on
                assert math.isnan(v) and label == "–"
                continue
            i = here.index(o)
            assert v == pytest.approx(float(rr.mcda.totals[i]))
            assert label.startswith(f"#{int(rr.mcda.ranks[i])}\n")
    assert any(math.isnan(v) for s in spec.series for v in s.values)
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


@pytest.mark.parametrize("view", ["outcome_chain", "per_child_supported"])
def test_cumulative_lines_are_the_economics_cumulative_figures(region, presenters, view):
    econ = region.economics
    mode = econ.modes[view]
    i = econ.index(OPTION)
    spec = build.cumulative(econ, presenters["en"], mode=view, options=(OPTION,), net=True)
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
    assert presenters["en"].tr(f"econ.mode.short.{view}") in spec.title
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


def test_econ_tornado_is_the_npsv_at_each_end(results, region, presenters):
    tr = region.econ_tornado
    spec = build.econ_tornado(tr, OPTION, presenters["en"], top=5)
    bars = tr.bars[OPTION][:5]
    assert spec.base == pytest.approx(tr.base_npsv[OPTION])
    assert _close(spec.series[0].values, [b.npsv_low for b in bars])
    assert _close(spec.series[1].values, [b.npsv_high for b in bars])
    assert spec.value_format == "gbp0"
    assert [r[1:3] for r in spec.table.rows] == [(b.low, b.high) for b in bars]
    # outcome domains are named from the data (in the language), never by their ids
    cy = build.econ_tornado(tr, OPTION, presenters["cy"], top=40, domains=results.assumptions.domains)
    for d in results.assumptions.domains:
        assert not any(c.endswith(f": {d.id}") for c in cy.categories)
        if any(b.param_id == d.param_id for b in tr.bars[OPTION]):
            assert any(c.endswith(d.name_cy) for c in cy.categories)


def test_heckman_benchmarks_at_their_ages_with_each_options_irr(results, region, presenters):
    curve, econ = results.heckman, region.economics
    pr = presenters["en"]
    spec = build.heckman(curve, pr, econ)
    by_name = {s.name: s for s in spec.series}

    def legend(p: str) -> str:
        a0, a1 = curve.spans[curve.presets.index(p)]
        short = pr.tr(f"econ.preset.short.{p}")
        return pr.tr("econ.chart.heckman.legend", curve=short, start=f"{a0:g}", end=f"{a1:g}")

    # each programme over the ages it served, with its range shaded
    for p in ("abc_care", "perry"):
        i = curve.presets.index(p)
        s = by_name[legend(p)]
        a0, a1 = curve.spans[i]
        assert min(s.x) == pytest.approx(a0) and max(s.x) == pytest.approx(a1)
        assert _close(s.values, [curve.rate_at(p, a) for a in s.x])
    assert len(spec.bands) == 2
    fitted = by_name[legend("fitted")]
    assert fitted.values[0] > fitted.values[-1]  # falls with age
    # each option's IRR from the chain, over the ages the service reaches
    s0, s1 = curve.service_ages
    for i, o in enumerate(econ.options):
        if econ.roles[i] == "bau" or not np.isfinite(econ.irr[i]):
            continue
        line = next(s for s in spec.series if s.name == pr.option(o.id) and not s.legend)
        assert line.x == (s0, s1) and _close(line.values, [econ.irr[i]] * 2)
        mark = next(s for s in spec.series if s.points and s.name.startswith(pr.option(o.id)))
        assert pr.fmt(float(econ.irr[i]), "pct1") in mark.name
    # the break-even return every pound must earn (Rea & Burton's flat line sits on it)
    br = [float(econ.breakeven_return[i]) for i, r in enumerate(econ.roles) if r != "bau"]
    (ref,) = spec.refs
    assert ref.axis == "y" and min(br) <= ref.value <= max(br)
    assert spec.table.rows[-1][4:6] == (pytest.approx(min(br)), pytest.approx(max(br)))
    # without an appraisal: the benchmarks alone, each one named in the table
    only = build.heckman(curve, pr)
    assert not only.refs and len(only.table.rows) == len(curve.presets)


def test_heckman_names_an_option_without_a_rate_of_return(results, region, presenters):
    from dataclasses import replace

    econ = region.economics
    irr = np.array(econ.irr)
    irr[econ.index(OPTION)] = np.nan
    spec = build.heckman(results.heckman, presenters["en"], replace(econ, irr=irr))
    name = presenters["en"].option(OPTION)
    assert name in spec.note and not any(s.name == name for s in spec.series)
    assert any(r[0] == name and r[4] is None for r in spec.table.rows)


def test_waterfall_steps_from_the_published_view_to_the_chain(region, presenters):
    from appraisal.economics.appraise import WATERFALL_STEPS

    econ = region.economics
    wf = econ.waterfall[OPTION]
    spec = build.waterfall(econ, OPTION, presenters["en"])
    assert spec.kind == "waterfall" and len(spec.categories) == len(WATERFALL_STEPS) + 2
    steps = spec.steps()
    assert steps[0][0] == 0 and steps[0][3] == pytest.approx(wf.start)
    assert steps[-1][0] == 0 and steps[-1][3] == pytest.approx(wf.end)
    for (_sid, d), (k, v, _a, _b) in zip(wf.steps, steps[1:-1]):
        assert v == pytest.approx(d) and k == (1 if d >= 0 else 2)
    assert steps[-2][3] == pytest.approx(wf.end)  # the steps add up to the chain
    assert spec.refs[0].value == pytest.approx(econ.inc_pv_costs[econ.index(OPTION)])
    assert [r[2] for r in spec.table.rows] == pytest.approx([r["total"] for r in wf.rows()])


def test_evppi_is_the_largest_ten_with_evpi_stated(region, presenters):
    mc = region.monte_carlo
    view = region.benefit_view
    spec = build.evppi(mc, presenters["en"], mode=view)
    rows = mc.evppi_rows(view, 10)
    assert len(spec.categories) == 10 and _close(spec.series[0].values, [r["evppi"] for r in rows])
    evpi = mc.modes[view].evpi
    assert spec.refs[0].value == pytest.approx(evpi)
    assert presenters["en"].fmt(evpi, "gbp0") in spec.title
    assert all(not re.search(r": [a-z_]+$", c) for c in spec.categories)  # no raw scope ids


def test_ceac_is_the_share_of_draws_each_option_is_best(region, presenters):
    mc, econ = region.monte_carlo, region.economics
    spec = build.ceac(mc, presenters["en"], econ)
    assert len(spec.series) == len(mc.options)
    for i, s in enumerate(spec.series):
        assert _close(s.values, mc.ceac[:, i]) and _close(s.x, mc.ceac_lambdas)
    total = np.sum([s.values for s in spec.series], axis=0)
    assert _close(total, np.ones(len(mc.ceac_lambdas)))  # one option is best in every draw
    assert spec.refs[0].value == pytest.approx(float(np.sum(econ.value_per_child)))
    assert spec.y_range == (0.0, 1.0) and len(spec.table.rows) == len(mc.ceac_lambdas)


def test_value_for_money_is_mcda_value_against_incremental_cost(region, presenters):
    pr = presenters["en"]
    spec = build.value_for_money(region, pr)
    vfm = region.value_for_money
    points = [s for s in spec.series if s.points]
    assert spec.kind == "scatter" and len(points) == len(vfm)
    for s, v in zip(points, vfm):
        # the value on the criteria the economics does not already count
        assert s.x == (pytest.approx(v.inc_pv_cost),) and s.values == (pytest.approx(v.value),)
        assert pr.option(v.option) in s.name
    frontier = spec.series[0]
    on = build.efficient_frontier([v.inc_pv_cost for v in vfm], [v.value for v in vfm])
    assert frontier.x == tuple(vfm[i].inc_pv_cost for i in on)
    assert [not s.hollow for s in points] == [i in on for i in range(len(vfm))]
    assert [r[3] for r in spec.table.rows] == [v.per_million for v in vfm]
    assert region.vfm_excluded
    for c in region.vfm_excluded:
        assert pr.criterion(c) in spec.note


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
            if spec.kind in ("hbar", "stacked_hbar", "tornado", "heatmap", "waterfall") and spec.table:
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
