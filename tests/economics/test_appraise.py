"""Deterministic appraisal: hand-worked cases and properties the Green Book relies on."""

from __future__ import annotations

import math

import numpy as np
import pytest

from appraisal.economics import appraise, appraise_all, switching_values
from appraisal.economics.appraise import prepare_run
from appraisal.economics.kernel import components, present_values, streams, weights

# Powys with every complication switched off, so one year of one option is checkable by hand
SIMPLE = {
    "optimism_bias.phn_early_years": 0.0,
    "setup_cost_per_team": 0.0,
    "first_year_capacity": 1.0,
    "travel_uplift.powys": 0.0,
    "benefit_persistence": 1.0,
    "life_course_share.early_years": 1.0,
    "life_course_share.childhood": 0.0,
    "life_course_share.adolescence": 0.0,
    "life_course_share.adulthood": 0.0,
}


def test_one_year_of_phn_in_powys_by_hand(ds, assumptions):
    a = assumptions.with_overrides(SIMPLE)
    r = appraise(ds, a, "powys", service_years=1, horizon=60)
    i = r.index("phn_early_years")
    # need 137.1; target 30% -> 41.13 families -> 0.4113 teams
    # staff per team 450,478.2 (see test_assumptions); x 1.12 overheads = 504,535.6 a team
    # year-0 cost = 0.4113 x 504,535.6 = 207,515.5; nothing after year 0
    cost = 0.4113 * 340_692.9 * 1.033 * 1.28 * 1.12
    assert r.inc_costs[i, 0] == pytest.approx(cost, rel=1e-6)
    assert r.inc_costs[i, 1:].sum() == 0
    assert r.inc_pv_costs[i] == pytest.approx(cost, rel=1e-6)
    # families reached = 41.13 x reach 0.85 x engagement 0.90 = 31.4645
    assert r.families_reached[i, 0] == pytest.approx(31.46445)
    # share improved = erf(0.33 / 2) = 0.184507 -> 5.80541 babies improved
    share = math.erf(0.165)
    assert r.share_improved == pytest.approx(share)
    improved = 31.46445 * share
    # x GBP 40,000 = 232,216, all in years 0-4 (one band, 1/5 a year, persistence 1)
    yearly = improved * 40_000 / 5
    assert r.bottom_up.inc_benefits[i, :5] == pytest.approx([yearly] * 5)
    assert r.bottom_up.inc_benefits[i, 5:].sum() == 0
    # PV = yearly x (1 + 1/1.035 + 1/1.035^2 + 1/1.035^3 + 1/1.035^4) = yearly x 4.673079
    pv = yearly * sum(1.035**-t for t in range(5))
    assert r.bottom_up.inc_pv_benefits[i] == pytest.approx(pv, rel=1e-9)
    assert r.bottom_up.npsv[i] == pytest.approx(pv - cost, rel=1e-9)
    assert r.bottom_up.bcr_inc[i] == pytest.approx(pv / cost, rel=1e-9)
    # Heckman: r(1) = 0.035 + 0.102 exp(-0.2) = 0.118511; N = 40 years from year 1;
    # b = r / (1 - (1 + r)^-40); investment 4,800 per family reached
    rate = 0.035 + 0.102 * math.exp(-0.2)
    assert r.heckman_rate == pytest.approx(rate)
    b = rate / (1 - (1 + rate) ** -40)
    assert r.heckman_annuity == pytest.approx(b)
    yearly_hk = 31.46445 * 4_800 * b
    assert r.heckman.inc_benefits[i, 0] == 0
    assert r.heckman.inc_benefits[i, 1:41] == pytest.approx([yearly_hk] * 40)
    assert r.heckman.inc_benefits[i, 41:].sum() == 0
    df = [1.035**-t for t in range(31)] + [1.035**-30 * 1.03 ** -(t - 30) for t in range(31, 41)]
    assert r.heckman.inc_pv_benefits[i] == pytest.approx(yearly_hk * sum(df[1:41]), rel=1e-9)


def test_bau_has_no_increments_and_no_bcr(ds, assumptions):
    r = appraise(ds, assumptions, "gwent")
    b = r.index("bau")
    assert r.inc_pv_costs[b] == 0
    for m in r.modes.values():
        assert m.npsv[b] == 0 and np.isnan(m.bcr_inc[b]) and m.breakeven_year[b] is None


def test_yearly_streams_add_up_to_the_present_values(ds, assumptions):
    r = appraise(ds, assumptions, "west_wales")
    assert r.pv_costs == pytest.approx(r.costs @ r.df)
    for m in r.modes.values():
        assert m.npsv == pytest.approx(m.cum_inc_net[:, -1], abs=1e-6)
        assert m.npsv == pytest.approx(m.inc_pv_benefits - r.inc_pv_costs)
    # and the kernel's weight-based PVs (used by the Monte Carlo) agree with the streams
    run = prepare_run(ds, assumptions, "west_wales")
    c = components(run.matrix(), run.layout)
    pv = present_values(c, run.layout, weights(run.layout))
    st = streams(c, run.layout)
    for k in ("costs", "bottom_up", "heckman"):
        assert pv[k][0] == pytest.approx(st[k][0] @ run.layout.df, rel=1e-12)


def test_break_even_year_is_where_cumulative_net_turns_non_negative(ds, assumptions):
    r = appraise(ds, assumptions, "cardiff_vale")
    found = 0
    for m in r.modes.values():
        for i, y in enumerate(m.breakeven_year):
            if y is None:
                continue
            found += 1
            assert (m.cum_inc_net[i, y:] >= -1e-6).all()
            if y > 0:
                assert m.cum_inc_net[i, y - 1] < 0
    assert found > 0


COST_PARAMS = [
    "staff_cost_factor",
    "employer_oncost_rate",
    "setup_cost_per_team",
    "overhead_rate.phn_early_years",
    "overhead_rate.local_authority",
    "optimism_bias.camhs",
    "optimism_bias.do_minimum",
    "travel_uplift.powys",
    "dm_national_cost_per_year",
    "dm_training_cost_per_birth",
    "pay.8b",
]


@pytest.mark.parametrize("pid", COST_PARAMS)
def test_a_higher_cost_never_raises_npsv(ds, assumptions, pid):
    base = appraise(ds, assumptions, "powys")
    v = assumptions.value(pid)
    for factor in (1.1, 1.5, 3.0):
        higher = appraise(ds, assumptions.with_overrides({pid: v * factor if v else 0.1 * factor}), "powys")
        assert (higher.inc_pv_costs >= base.inc_pv_costs - 1e-6).all()
        for m in base.modes:
            assert (higher.modes[m].npsv <= base.modes[m].npsv + 1e-6).all(), (pid, m)


def test_more_coverage_buys_proportionally_more_teams_and_cost(ds, assumptions):
    lo = appraise(ds, assumptions, "powys", coverage=0.2)
    hi = appraise(ds, assumptions, "powys", coverage=0.4)
    i = lo.index("camhs")
    assert hi.new_teams[i] == pytest.approx(2 * lo.new_teams[i])
    assert hi.inc_pv_costs[i] == pytest.approx(2 * lo.inc_pv_costs[i])


def test_the_health_rate_discounts_less_than_the_stpr(ds, assumptions):
    s = appraise(ds, assumptions, "powys", discount="stpr")
    h = appraise(ds, assumptions, "powys", discount="health")
    assert (h.df[1:] > s.df[1:]).all()
    i = s.index("phn_early_years")
    assert h.bottom_up.inc_pv_benefits[i] > s.bottom_up.inc_pv_benefits[i]


def test_not_applying_the_share_improved_scales_bottom_up_benefits(ds, assumptions):
    from dataclasses import replace

    on = appraise(ds, assumptions, "powys")
    off = appraise(
        ds, replace(assumptions, settings=replace(assumptions.settings, apply_share_improved=False)), "powys"
    )
    i = on.index("phn_early_years")
    assert off.bottom_up.inc_pv_benefits[i] == pytest.approx(
        on.bottom_up.inc_pv_benefits[i] / on.share_improved
    )
    assert off.heckman.inc_pv_benefits[i] == pytest.approx(on.heckman.inc_pv_benefits[i])


def test_hosts_differ_by_reach_so_the_mcda_links_to_the_economics(ds, assumptions):
    r = appraise(ds, assumptions, "powys")
    phn, camhs = r.index("phn_early_years"), r.index("camhs")
    assert r.new_teams[phn] == r.new_teams[camhs]  # same teams bought ...
    assert r.families_reached[phn].sum() > r.families_reached[camhs].sum()  # ... reaching more
    a = assumptions.with_overrides({"reach.camhs": 0.85, "engagement.camhs": 0.9})
    r2 = appraise(ds, a, "powys")
    assert r2.families_reached[camhs].sum() == pytest.approx(r2.families_reached[phn].sum())


@pytest.mark.parametrize("mode, key", [("bottom_up", "effect_size"), ("bottom_up", "benefit_per_child")])
def test_switching_value_gives_npsv_zero(ds, assumptions, mode, key):
    sv = switching_values(ds, assumptions, "powys")
    row = sv.get(key, "phn_early_years", mode)
    assert row.switching is not None
    r = appraise(ds, assumptions.with_overrides({row.param_id: row.switching}), "powys")
    i = r.index("phn_early_years")
    assert abs(r.modes[mode].npsv[i]) < 1e-4
    assert r.modes[mode].bcr_inc[i] == pytest.approx(1.0, abs=1e-9)


def test_switching_values_for_heckman_and_cost_per_team(ds, assumptions):
    sv = switching_values(ds, assumptions, "powys")
    for key in ("r0", "k"):
        row = sv.get(key, "phn_early_years", "heckman")
        assert row.switching is not None
        r = appraise(ds, assumptions.with_overrides({row.param_id: row.switching}), "powys")
        assert abs(r.heckman.npsv[r.index("phn_early_years")]) < 1e-4
    row = sv.get("cost_per_team", "local_authority", "heckman")
    factor = row.switching / row.current  # the cost per team moves with staff_cost_factor
    r = appraise(ds, assumptions.with_overrides({"staff_cost_factor": factor}), "powys")
    assert abs(r.heckman.npsv[r.index("local_authority")]) < 1e-4


def test_no_sign_change_gives_no_switching_value():
    from appraisal.economics.switching import solve

    assert solve(lambda x: x + 1.0, 0.0, 5.0) is None
    assert solve(lambda x: x - 2.0, 0.0, 5.0) == pytest.approx(2.0)


def test_appraise_all_covers_every_region(ds, assumptions):
    res = appraise_all(ds, assumptions, horizon=30)
    assert list(res) == list(ds.region_ids)
    assert all(r.horizon == 30 and r.costs.shape == (len(ds.options), 30) for r in res.values())


def test_results_are_frozen(ds, assumptions):
    r = appraise(ds, assumptions, "powys")
    with pytest.raises(ValueError):
        r.costs[0, 0] = 1.0
    with pytest.raises(AttributeError):
        r.horizon = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    "kw",
    [{"coverage": 1.5}, {"horizon": 0}, {"horizon": 2.5}, {"discount": "flat"}, {"heckman": "mars"}],
)
def test_bad_choices_are_refused_with_a_message(ds, assumptions, kw):
    from appraisal.errors import AppraisalError

    with pytest.raises(AppraisalError):
        appraise(ds, assumptions, "powys", **kw)


def test_rows_are_plain_and_json_safe(ds, assumptions):
    import json

    rows = appraise(ds, assumptions, "gwent").rows()
    text = json.dumps(rows, allow_nan=False)
    assert "phn_early_years" in text


def test_the_need_table_matches_the_appraisal(ds, assumptions):
    from appraisal.economics import need

    for rid in ds.region_ids:
        assert appraise(ds, assumptions, rid).need == need(ds.region(rid), assumptions)


@pytest.mark.parametrize("horizon, service", [(1, None), (2, None), (5, 10), (125, None), (200, 60)])
def test_short_and_long_horizons(ds, assumptions, horizon, service):
    r = appraise(ds, assumptions, "west_wales", horizon=horizon, service_years=service)
    assert r.costs.shape == (len(ds.options), horizon)
    assert r.service_years == min(service or 10, horizon)
    for m in r.modes.values():
        assert np.all(np.isfinite(m.npsv))
        assert m.npsv == pytest.approx(m.cum_inc_net[:, -1], abs=1e-6)


def test_assumptions_have_a_stable_fingerprint(assumptions):
    from appraisal.economics import load_assumptions

    again = load_assumptions()
    assert again == assumptions and hash(again) == hash(assumptions)
    changed = assumptions.with_overrides({"effect_size_d": 0.4})
    assert changed != assumptions and changed.fingerprint != assumptions.fingerprint
