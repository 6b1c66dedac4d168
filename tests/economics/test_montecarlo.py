"""Monte Carlo: seeded, vectorised, consistent with the base case, optimism bias once."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from appraisal.economics import appraise, monte_carlo
from appraisal.economics.appraise import prepare_run
from appraisal.economics.montecarlo import fan_grid, simulate, sorted_quantiles, triangular_ppf
from appraisal.errors import AppraisalError


def test_same_seed_same_results_and_a_new_seed_differs(ds, assumptions):
    a = monte_carlo(ds, assumptions, "powys", draws=500, seed=7)
    b = monte_carlo(ds, assumptions, "powys", draws=500, seed=7)
    c = monte_carlo(ds, assumptions, "powys", draws=500, seed=8)
    assert np.array_equal(a.modes["outcome_chain"].npsv, b.modes["outcome_chain"].npsv)
    assert np.array_equal(a.modes["outcome_chain"].evppi, b.modes["outcome_chain"].evppi)
    assert np.array_equal(a.samples, b.samples)
    assert not np.array_equal(a.modes["outcome_chain"].npsv, c.modes["outcome_chain"].npsv)
    g = monte_carlo(ds, assumptions, "powys", draws=500, seed=np.random.default_rng(7))
    assert np.array_equal(a.samples, g.samples)


def _fixed(ds, assumptions, rid):
    fixed = assumptions.with_overrides(
        {p.id: {"low": p.value, "high": p.value} for p in assumptions.params.values() if p.uncertain}
    )
    q = ds.region(rid).need_prevalence
    ds2 = replace(
        ds,
        regions=tuple(
            replace(r, need_prevalence=replace(q, low=q.value, high=q.value)) if r.id == rid else r
            for r in ds.regions
        ),
    )
    return ds2, fixed


def test_with_every_range_collapsed_each_draw_is_the_base_case_without_optimism_bias(ds, assumptions):
    # Green Book supplementary guidance: optimism bias stands in for a risk analysis; the
    # draws ARE the risk analysis, so they carry no optimism bias and the base case does
    ds2, fixed = _fixed(ds, assumptions, "gwent")
    mc = monte_carlo(ds2, fixed, "gwent", draws=50, seed=1)
    base = appraise(ds2, fixed, "gwent")
    assert mc.samples.shape[0] == 0  # nothing left to draw
    no_ob = appraise(
        ds2, fixed.with_overrides({f"optimism_mitigation.{o}": 1.0 for o in fixed.option_ids}), "gwent"
    )
    for m in ("outcome_chain", "per_child_supported"):
        assert mc.modes[m].npsv == pytest.approx(np.broadcast_to(no_ob.modes[m].npsv, (50, len(ds.options))))
    # every option's incremental cost in the draws is the base case's divided by (1 + OB)
    ob = base.optimism_bias
    hosts = [i for i, r in enumerate(base.roles) if r != "bau"]
    assert mc.inc_pv_costs[0, hosts] == pytest.approx(base.inc_pv_costs[hosts] / (1 + ob[hosts]), rel=1e-12)
    # with nothing uncertain there is nothing to learn
    assert mc.modes["outcome_chain"].evpi == pytest.approx(0.0, abs=1e-6)


def test_the_draws_agree_with_the_base_case_kernel_draw_by_draw(ds, assumptions):
    # simulate on a few hand-picked parameter columns = appraise with those values
    run = prepare_run(ds, assumptions, "cardiff_vale")
    X = np.repeat(run.matrix(), 3, axis=1)
    d = run.row("effect_attachment_d")
    X[d] = [0.1, 0.2, 0.5]
    sim = simulate(run, X, voi=False)
    no_ob = {f"optimism_mitigation.{o}": 1.0 for o in assumptions.option_ids}
    for k, v in enumerate([0.1, 0.2, 0.5]):
        r = appraise(ds, assumptions.with_overrides({**no_ob, "effect_attachment_d": v}), "cardiff_vale")
        assert sim["modes"]["outcome_chain"].npsv[k] == pytest.approx(
            r.outcome_chain.npsv, rel=1e-9, abs=1e-6
        )


def test_shapes_probabilities_and_ordering(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "west_glamorgan", draws=2_000, seed=3)
    n_opt = len(ds.options_for("west_glamorgan"))
    for res in mc.modes.values():
        assert res.npsv.shape == (2_000, n_opt)
        assert res.fan.shape == (5, n_opt, mc.fan_years.size)
        assert np.all(np.diff(res.npsv_quantiles, axis=0) >= 0)
        assert np.all(np.diff(res.fan, axis=0) >= -1e-3)  # percentiles ordered
        hosts = [i for i, r in enumerate(mc.roles) if r != "bau"]
        assert np.all((res.prob_bcr_gt_1[hosts] >= 0) & (res.prob_bcr_gt_1[hosts] <= 1))
        assert np.isnan(res.prob_bcr_gt_1[mc.index("bau")]) and np.isnan(res.prob_npsv_gt_0[mc.index("bau")])
        # P(BCR > 1) is the share of draws with positive NPSV (where there is a cost)
        i = mc.index("phn_early_years")
        assert res.prob_bcr_gt_1[i] == pytest.approx((res.npsv[:, i] > 0).mean())
        assert res.prob_npsv_gt_0[i] == pytest.approx((res.npsv[:, i] > 0).mean())
        # the fan's last year is the NPSV distribution (float32 fan: 1e-5 relative)
        last = mc.fan_years[-1]
        assert last == mc.horizon - 1
        assert res.fan[:, i, -1] == pytest.approx(res.npsv_quantiles[:, i], rel=1e-5, abs=1.0)
        # EVPI is at least every EVPPI (perfect information on everything is worth most)
        assert res.evpi >= 0 and np.all(res.evppi <= res.evpi * 1.02 + 1.0)


def test_the_acceptability_curve(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "gwent", draws=2_000, seed=4)
    assert mc.ceac.shape == (mc.ceac_lambdas.size, len(ds.options))
    assert mc.ceac.sum(axis=1) == pytest.approx(1.0)
    # at a value of zero no option beats business as usual (all cost more)
    assert mc.ceac[0, mc.index("bau")] == pytest.approx(1.0)
    # at the highest value some hosting option is best in most draws
    hosts = [i for i, r in enumerate(mc.roles) if r == "hosting"]
    assert mc.ceac[-1, hosts].sum() > 0.5
    assert np.all(mc.value_per_child > 0)
    rows = mc.ceac_rows()
    assert rows[0]["lambda"] == 0 and set(rows[0]) == {"lambda", *ds.option_ids}


def test_every_uncertain_parameter_is_drawn_within_its_range(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "north_wales", draws=1_000, seed=0)
    run = mc.run
    for k, pid in enumerate(mc.param_ids):
        j = run.row(pid)
        assert run.low[j] <= mc.samples[k].min() and mc.samples[k].max() <= run.high[j], pid
    assert "reach.camhs" in mc.param_ids
    assert "need_prevalence.north_wales" in mc.param_ids
    assert "outcome_cost.youth_justice" in mc.param_ids
    assert "travel_uplift.powys" not in mc.param_ids  # other regions' values are not drawn
    assert "heckman_rate.perry" not in mc.param_ids  # nor other curves'
    assert "optimism_bias_upper" not in mc.param_ids  # a policy figure, never drawn
    assert "effect_sensitivity_d" not in mc.param_ids  # a reference, never used


def test_evppi_rows_are_sorted_and_name_parameters(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "gwent", draws=2_000, seed=2)
    rows = mc.evppi_rows("outcome_chain", top=5)
    assert len(rows) == 5 and all(r["param_id"] in mc.param_ids for r in rows)
    assert [r["evppi"] for r in rows] == sorted((r["evppi"] for r in rows), reverse=True)
    # a parameter of another option's costs only cannot be worth as much as the effect size
    full = {r["param_id"]: r["evppi"] for r in mc.evppi_rows("outcome_chain")}
    assert full["effect_attachment_d"] > full["setup_factor.camhs"]


def test_triangular_inverse_cdf():
    # F(mode) = (mode - low)/(high - low): u = 0.25 on (0, 1, 4) is the mode 1
    assert triangular_ppf(np.array(0.25), 0.0, 1.0, 4.0) == pytest.approx(1.0)
    assert triangular_ppf(np.array(0.0), 0.0, 1.0, 4.0) == pytest.approx(0.0)
    assert triangular_ppf(np.array(1.0), 0.0, 1.0, 4.0) == pytest.approx(4.0)
    u = np.random.default_rng(0).random(200_000)
    x = triangular_ppf(u, 0.0, 1.0, 4.0)
    assert x.mean() == pytest.approx(5 / 3, abs=0.01)  # mean (a + b + c)/3


def test_sorted_quantiles_match_numpy():
    x = np.random.default_rng(1).normal(size=(3, 1001))
    qs = (0.05, 0.5, 0.95)
    assert sorted_quantiles(np.sort(x, axis=-1), qs) == pytest.approx(np.quantile(x, qs, axis=-1))


def test_fan_grid_is_dense_in_the_service_years():
    g = fan_grid(60, 10)
    assert list(g[:12]) == list(range(12)) and g[-1] == 59 and np.all(np.diff(g) > 0)
    assert list(fan_grid(5, 10)) == [0, 1, 2, 3, 4]


def test_bad_draws_are_refused(ds, assumptions):
    with pytest.raises(AppraisalError):
        monte_carlo(ds, assumptions, "powys", draws=1)


def test_rows_are_json_safe(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "gwent", draws=300, seed=0)
    json.dumps(mc.rows(), allow_nan=False)
    json.dumps(mc.fan_rows("camhs", "per_child_supported"), allow_nan=False)
    json.dumps(mc.evppi_rows(), allow_nan=False)
    json.dumps(mc.ceac_rows(), allow_nan=False)
