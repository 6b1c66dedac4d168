"""Monte Carlo: seeded, vectorised, and consistent with the base case."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.economics import appraise, monte_carlo
from appraisal.economics.montecarlo import fan_grid, sorted_quantiles, triangular_ppf


def test_same_seed_same_results_and_a_new_seed_differs(ds, assumptions):
    a = monte_carlo(ds, assumptions, "powys", draws=500, seed=7)
    b = monte_carlo(ds, assumptions, "powys", draws=500, seed=7)
    c = monte_carlo(ds, assumptions, "powys", draws=500, seed=8)
    assert np.array_equal(a.modes["bottom_up"].npsv, b.modes["bottom_up"].npsv)
    assert np.array_equal(a.samples, b.samples)
    assert not np.array_equal(a.modes["bottom_up"].npsv, c.modes["bottom_up"].npsv)
    g = monte_carlo(ds, assumptions, "powys", draws=500, seed=np.random.default_rng(7))
    assert np.array_equal(a.samples, g.samples)


def test_with_every_range_collapsed_each_draw_is_the_base_case(ds, assumptions):
    fixed = assumptions.with_overrides(
        {p.id: {"low": p.value, "high": p.value} for p in assumptions.params.values() if p.uncertain}
    )
    region = ds.region("gwent")
    from dataclasses import replace

    q = region.need_prevalence
    ds2 = replace(
        ds,
        regions=tuple(
            replace(r, need_prevalence=replace(q, low=q.value, high=q.value)) if r.id == "gwent" else r
            for r in ds.regions
        ),
    )
    mc = monte_carlo(ds2, fixed, "gwent", draws=50, seed=1)
    base = appraise(ds2, fixed, "gwent")
    assert mc.samples.shape[0] == 0  # nothing left to draw
    for m in ("bottom_up", "heckman"):
        assert mc.modes[m].npsv == pytest.approx(np.broadcast_to(base.modes[m].npsv, (50, len(ds.options))))


def test_shapes_probabilities_and_ordering(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "west_glamorgan", draws=2_000, seed=3)
    n_opt = len(ds.options)
    for res in mc.modes.values():
        assert res.npsv.shape == (2_000, n_opt)
        assert res.fan.shape == (5, n_opt, mc.fan_years.size)
        assert np.all(np.diff(res.npsv_quantiles, axis=0) >= 0)
        assert np.all(np.diff(res.fan, axis=0) >= -1e-3)  # percentiles ordered
        hosts = [i for i, r in enumerate(mc.roles) if r != "bau"]
        assert np.all((res.prob_bcr_gt_1[hosts] >= 0) & (res.prob_bcr_gt_1[hosts] <= 1))
        assert np.isnan(res.prob_bcr_gt_1[mc.index("bau")])
        # P(BCR > 1) is the share of draws with positive NPSV (where there is a cost)
        i = mc.index("phn_early_years")
        assert res.prob_bcr_gt_1[i] == pytest.approx((res.npsv[:, i] > 0).mean())
        # the fan's last year is the NPSV distribution (float32 fan: 1e-5 relative)
        last = mc.fan_years[-1]
        assert last == mc.horizon - 1
        assert res.fan[:, i, -1] == pytest.approx(res.npsv_quantiles[:, i], rel=1e-5, abs=1.0)


def test_every_uncertain_parameter_is_drawn_within_its_range(ds, assumptions):
    mc = monte_carlo(ds, assumptions, "north_wales", draws=1_000, seed=0)
    run = mc.run
    for k, pid in enumerate(mc.param_ids):
        j = run.row(pid)
        assert run.low[j] <= mc.samples[k].min() and mc.samples[k].max() <= run.high[j], pid
    assert "reach.camhs" in mc.param_ids
    assert "need_prevalence.north_wales" in mc.param_ids
    assert "travel_uplift.powys" not in mc.param_ids  # other regions' values are not drawn
    assert "heckman_r0.perry" not in mc.param_ids  # nor other presets'


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
    from appraisal.errors import AppraisalError

    with pytest.raises(AppraisalError):
        monte_carlo(ds, assumptions, "powys", draws=1)


def test_rows_are_json_safe(ds, assumptions):
    import json

    mc = monte_carlo(ds, assumptions, "gwent", draws=300, seed=0)
    json.dumps(mc.rows(), allow_nan=False)
    json.dumps(mc.fan_rows("camhs", "heckman"), allow_nan=False)
