"""Deterministic appraisal: the outcome chain worked by hand, and the Green Book properties
the economic case relies on (HM Treasury, The Green Book 2022 and its supplementary guidance)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from appraisal.economics import appraise, appraise_all, irr, switching_values
from appraisal.economics.appraise import WATERFALL_STEPS, prepare_run
from appraisal.economics.kernel import components, present_values, streams, weights
from appraisal.errors import AppraisalError

# Powys public health nursing with every complication switched off, and one outcome domain
# (children's social care, ages 0-17, GBP 900 a year), so one service year is checkable by hand.
SIMPLE = {
    "optimism_mitigation.phn_early_years": 1.0,  # no optimism bias
    "setup_cost_per_team": 0.0,
    "first_year_capacity": 1.0,
    "travel_uplift.powys": 0.0,
    "travel_time_share.powys": 0.0,
    "benefit_persistence": 1.0,
    "displacement_share": 0.0,
}
OTHER_DOMAINS = (
    "outcome_cost.childhood_health",
    "outcome_cost.childhood_education",
    "outcome_cost.youth_justice",
    "outcome_cost.adult_crime",
    "outcome_cost.adult_mental_health",
    "outcome_cost.employment",
    "outcome_qaly.child_wellbeing",
)
ONLY_SOCIAL_CARE = {**SIMPLE, **{pid: 0.0 for pid in OTHER_DOMAINS}}

# Hand-worked numbers (bundled data):
#   need      = 914 births x 15% = 137.1 babies; no team today, so served now = 0
#   target    = 30% x 137.1 = 41.13 families
#   reached   = 41.13 x reach 0.85 = 34.9605
#   engaged   = 34.9605 x engagement 0.90 = 31.46445
#   teams     = 31.46445 / 100 families a team = 0.3146445
#   staff     = 340,692.9 (template at band midpoints, test_assumptions)
#               x (1.033 / 1.020) real pay uplift x 1.28 on-costs = 441,644.9
#   cost/team = staff x 1.12 overheads = 494,642.3; year-0 cost = 0.3146445 x 494,642.3 = 155,636.5
#   improved  = 31.46445 x erf(0.20 / 2) = 31.46445 x 0.1124629 = 3.538584 babies
#   benefit   = 3.538584 x GBP 900 = 3,184.73 a year while the child is aged 1 .. 17,
#               i.e. years 0 .. 16 (the family is seen at age 1)
ENGAGED = 0.3 * 914 * 0.15 * 0.85 * 0.90
COST = ENGAGED / 100 * 340_692.9 * 1.033 / 1.020 * 1.28 * 1.12
IMPROVED = ENGAGED * math.erf(0.10)
YEARLY = IMPROVED * 900


def _simple(ds, assumptions, extra=None, **kw):
    a = assumptions.with_overrides({**ONLY_SOCIAL_CARE, **(extra or {})})
    kw.setdefault("service_years", 1)
    kw.setdefault("horizon", 60)
    return appraise(ds, a, "powys", **kw)


def test_the_outcome_chain_of_one_service_year_by_hand(ds, assumptions):
    r = _simple(ds, assumptions)
    i = r.index("phn_early_years")
    steps = {s.step: s for s in r.chain["phn_early_years"]}
    assert steps["target"].value == pytest.approx(41.13)
    assert steps["reached"].value == pytest.approx(34.9605)
    assert (steps["reached"].param, steps["reached"].factor) == ("reach.phn_early_years", 0.85)
    assert steps["engaged"].value == pytest.approx(31.46445)
    assert steps["improved"].value == pytest.approx(3.538584, rel=1e-6)
    assert steps["improved"].param == "effect_attachment_d"  # attachment, not sensitivity
    assert r.share_improved == pytest.approx(0.1124629, rel=1e-6)
    assert r.new_teams[i] == pytest.approx(0.3146445)
    assert r.inc_costs[i, 0] == pytest.approx(COST, rel=1e-9)
    assert r.inc_costs[i, 0] == pytest.approx(155_636.5, abs=0.1)
    assert r.inc_costs[i, 1:].sum() == 0
    chain = r.outcome_chain
    assert chain.inc_benefits[i, :17] == pytest.approx([YEARLY] * 17, rel=1e-12)
    assert chain.inc_benefits[i, 17:].sum() == 0
    # PV = 3,184.73 x sum_{t=0..16} 1.035^-t = 3,184.73 x 13.09412 = 41,701.2
    pv = YEARLY * sum(1.035**-t for t in range(17))
    assert chain.inc_pv_benefits[i] == pytest.approx(pv, rel=1e-12)
    assert chain.inc_pv_benefits[i] == pytest.approx(41_701.2, abs=0.1)
    assert steps["pv_benefits"].value == pytest.approx(pv, rel=1e-12)
    # one improved child is worth 900 x 13.09412 = 11,784.7 (PV at the year it is seen)
    assert steps["value_per_child"].value == pytest.approx(900 * sum(1.035**-t for t in range(17)))
    assert chain.npsv[i] == pytest.approx(pv - COST, rel=1e-9)
    assert chain.bcr_inc[i] == pytest.approx(pv / COST, rel=1e-9)
    # by payer: all of it is children's social care
    assert r.pv_by_payer("phn_early_years")["social_care"] == pytest.approx(pv)
    assert r.pv_by_payer("phn_early_years")["nhs"] == 0


def test_the_irr_of_a_two_year_chain_by_hand(ds, assumptions):
    # horizon 2: the flows are (B - C, B) with B = 3.538584 x 30,000 = 106,157.5 and
    # C = 155,636.5, so (B - C) + B/(1 + r) = 0 gives r = B/(C - B) - 1 = 106,157.5 / 49,479.0 - 1 = 1.14551
    r = _simple(ds, assumptions, {"outcome_cost.childhood_social_care": 30_000.0}, horizon=2)
    i = r.index("phn_early_years")
    b = IMPROVED * 30_000
    assert r.irr[i] == pytest.approx(b / (COST - b) - 1, rel=1e-8)
    assert r.irr[i] == pytest.approx(1.14551, abs=1e-5)


def test_the_irr_of_seventeen_years_makes_the_npv_zero(ds, assumptions):
    # flows: -155,636.5 + 3,184.7 in year 0, then 3,184.7 a year in years 1..16; at the IRR
    # C = B x sum_{t=0..16} (1 + r)^-t, a number below zero here (the benefits fall short)
    r = _simple(ds, assumptions)
    i = r.index("phn_early_years")
    rate = r.irr[i]
    assert rate < 0
    assert COST == pytest.approx(YEARLY * sum((1 + rate) ** -t for t in range(17)), rel=1e-8)


def test_irr_golden_cases():
    # -100 then +110: 10%; -100, 0, +121: 10%; -100, +60, +60: 60x^2 + 60x - 100 = 0 with
    # x = 1/(1+r): x = (-60 + sqrt(27,600)) / 120 = 0.884437, r = 0.130662
    assert irr(np.array([-100.0, 110.0])) == pytest.approx(0.10)
    assert irr(np.array([-100.0, 0.0, 121.0])) == pytest.approx(0.10)
    assert irr(np.array([-100.0, 60.0, 60.0])) == pytest.approx(0.130662, abs=1e-6)
    assert irr(np.array([100.0, 60.0])) is None  # no sign change, no IRR
    assert irr(np.zeros(3)) is None


def test_break_even_return_on_a_flat_rate_is_that_rate():
    # one pound in year 0 returning b a year in years 1..N is worth b x a(3.5%, N) at a flat
    # 3.5%, so it breaks even when b = 1 / a(3.5%, N), i.e. when it earns exactly 3.5%
    from appraisal.economics import breakeven_return

    df = 1.035 ** -np.arange(60.0)
    cost = np.zeros(60)
    cost[0] = 1.0
    assert breakeven_return(cost, df, 40) == pytest.approx(0.035, abs=1e-10)
    assert breakeven_return(np.zeros(60), df, 40) is None


def test_the_whatif_earns_the_curves_rate_and_breaks_even_at_the_break_even_return(ds, assumptions):
    r = _simple(ds, assumptions)
    i = r.index("phn_early_years")
    # ABC/CARE 13.7% over N = 40 years: b = 0.137 / (1 - 1.137^-40) = 0.137811 a year per pound
    assert r.heckman_rate == pytest.approx(0.137)
    assert r.heckman_annuity == pytest.approx(0.137 / (1 - 1.137**-40))
    assert r.whatif.inc_benefits[i, 0] == 0
    assert r.whatif.inc_benefits[i, 1:41] == pytest.approx([COST * r.heckman_annuity] * 40)
    assert r.whatif.inc_benefits[i, 41:].sum() == 0
    be = appraise(ds, assumptions.with_overrides(ONLY_SOCIAL_CARE), "powys", service_years=1, heckman="flat")
    # the what-if at the break-even return pays exactly its costs back at the STPR schedule
    flat = assumptions.with_overrides({**ONLY_SOCIAL_CARE, "heckman_rate.flat": r.breakeven_return[i]})
    b = appraise(ds, flat, "powys", service_years=1, heckman="flat")
    assert b.whatif.bcr_inc[i] == pytest.approx(1.0, abs=1e-9)
    assert be.breakeven_return[i] == pytest.approx(r.breakeven_return[i])  # the curve does not move it
    # the schedule is 3.5% to year 30 and 3% after, so the break-even lies just below 3.5%
    assert 0.030 < r.breakeven_return[i] < 0.035


def test_the_per_child_supported_view_is_never_multiplied_by_the_share_improved(ds, assumptions):
    # the Centre for Mental Health's GBP 40,000 is per child SUPPORTED: 31.46445 engaged
    # families x 40,000 = 1,258,578 over the life course (10% in years 0-4 = 25,171.56 a year,
    # 20% in years 5-11 = 35,959.37 a year, ...), undiscounted; whatever the effect size
    base = _simple(ds, assumptions)
    i = base.index("phn_early_years")
    v = base.per_child_supported
    assert v.inc_benefits[i].sum() == pytest.approx(ENGAGED * 40_000, rel=1e-12)
    assert v.inc_benefits[i, :5] == pytest.approx([ENGAGED * 40_000 * 0.10 / 5] * 5)
    assert v.inc_benefits[i, 5:12] == pytest.approx([ENGAGED * 40_000 * 0.20 / 7] * 7)
    bigger = _simple(ds, assumptions, {"effect_attachment_d": 0.40, "benefit_persistence": 0.9})
    assert bigger.per_child_supported.inc_pv_benefits[i] == pytest.approx(v.inc_pv_benefits[i], rel=1e-12)
    # ... while the chain moves with the share improved: erf(0.2)/erf(0.1)
    assert _simple(ds, assumptions, {"effect_attachment_d": 0.40}).outcome_chain.inc_pv_benefits[
        i
    ] == pytest.approx(base.outcome_chain.inc_pv_benefits[i] * math.erf(0.2) / math.erf(0.1), rel=1e-12)
    # and it is discounted once, at the STPR (not faded: the source's persistence is in it)
    df = base.df
    assert v.inc_pv_benefits[i] == pytest.approx(float(v.inc_benefits[i] @ df), rel=1e-12)


def test_the_sensitivity_effect_is_a_reference_not_the_valued_effect(assumptions):
    # parental sensitivity d = 0.33 would give erf(0.165) = 18.5% improved instead of 11.2%
    p = assumptions.param("effect_sensitivity_d")
    assert p.role == "reference" and not p.uncertain
    assert assumptions.value("effect_attachment_d") == 0.20


def test_health_effects_alone_use_the_health_rate(ds, assumptions):
    # only the QALY domain (0.005 QALYs a year at ages 0-17 x GBP 70,000 = GBP 350 a year):
    # PV = 3.538584 x 350 x sum_{t=0..16} 1.015^-t; costs stay on the STPR
    only_qaly = {
        **SIMPLE,
        **{pid: 0.0 for pid in OTHER_DOMAINS[:-1]},
        "outcome_cost.childhood_social_care": 0.0,
    }
    r = appraise(ds, assumptions.with_overrides(only_qaly), "powys", service_years=2, horizon=60)
    i = r.index("phn_early_years")
    yearly = IMPROVED * 0.005 * 70_000
    # service years 0 and 1: year 1's babies are valued at years 1..17
    flows = np.zeros(60)
    flows[0:17] += yearly
    flows[1:18] += yearly
    assert r.outcome_chain.inc_benefits[i] == pytest.approx(flows, rel=1e-12)
    assert r.outcome_chain.inc_pv_benefits[i] == pytest.approx(
        float(flows @ 1.015 ** -np.arange(60.0)), rel=1e-12
    )
    assert r.inc_pv_costs[i] == pytest.approx(float(r.inc_costs[i] @ 1.035 ** -np.arange(60.0)), rel=1e-12)
    assert r.df_health[1] == pytest.approx(1 / 1.015) and r.df[1] == pytest.approx(1 / 1.035)
    # the fiscal domain of the first test is on the STPR: a mixed chain discounts each domain
    # at its own rate
    mixed = appraise(
        ds,
        assumptions.with_overrides({**SIMPLE, **{pid: 0.0 for pid in OTHER_DOMAINS[:-1]}}),
        "powys",
        service_years=1,
        horizon=60,
    )
    expect = IMPROVED * 900 * sum(1.035**-t for t in range(17)) + yearly * sum(1.015**-t for t in range(17))
    assert mixed.outcome_chain.inc_pv_benefits[i] == pytest.approx(expect, rel=1e-12)


def test_optimism_bias_is_the_upper_bound_less_named_mitigations(ds, assumptions):
    r = appraise(ds, assumptions, "powys")
    # 41% x (1 - mitigation): PHN 0.6 -> 16.4%; perinatal 0.4 -> 24.6%; BAU (known costs) 0
    assert r.optimism_bias[r.index("phn_early_years")] == pytest.approx(0.41 * 0.4)
    assert r.optimism_bias[r.index("perinatal_mh")] == pytest.approx(0.41 * 0.6)
    assert r.optimism_bias[r.index("do_minimum")] == pytest.approx(0.41 * 0.5)
    assert r.optimism_bias[r.index("bau")] == 0
    none = appraise(ds, assumptions.with_overrides({"optimism_mitigation.phn_early_years": 1.0}), "powys")
    i = r.index("phn_early_years")
    assert r.inc_pv_costs[i] == pytest.approx(none.inc_pv_costs[i] * 1.164, rel=1e-12)
    assert r.outcome_chain.inc_pv_benefits[i] == pytest.approx(none.outcome_chain.inc_pv_benefits[i])


def test_prices_are_real_the_nominal_award_deflated(ds, assumptions):
    # (1 + 3.3%) / (1 + 2.0%) - 1 = 1.2745% real uplift on 2025/26 pay points
    r = appraise(ds, assumptions, "powys")
    assert r.real_pay_uplift == pytest.approx(1.033 / 1.02 - 1)
    assert r.real_pay_uplift == pytest.approx(0.012745, abs=1e-6)
    hotter = appraise(ds, assumptions.with_overrides({"gdp_deflator_2026_27": 0.03}), "powys")
    assert hotter.staff_cost_per_team == pytest.approx(r.staff_cost_per_team * 1.02 / 1.03, rel=1e-12)


def test_displacement_takes_its_share_off_the_chain_only(ds, assumptions):
    base = appraise(ds, assumptions, "gwent")
    d = appraise(ds, assumptions.with_overrides({"displacement_share": 0.2}), "gwent")
    i = base.index("local_authority")
    assert d.outcome_chain.inc_pv_benefits[i] == pytest.approx(0.8 * base.outcome_chain.inc_pv_benefits[i])
    assert d.per_child_supported.inc_pv_benefits[i] == pytest.approx(
        base.per_child_supported.inc_pv_benefits[i]
    )
    assert d.inc_pv_costs[i] == pytest.approx(base.inc_pv_costs[i])


def test_the_waterfall_walks_from_one_view_to_the_other(ds, assumptions):
    r = appraise(ds, assumptions, "gwent")
    for oid, wf in r.waterfall.items():
        i = r.index(oid)
        assert wf.start == pytest.approx(r.per_child_supported.inc_pv_benefits[i], rel=1e-9)
        assert wf.end == pytest.approx(r.outcome_chain.inc_pv_benefits[i], rel=1e-9)
        assert wf.start + sum(d for _, d in wf.steps) == pytest.approx(wf.end, rel=1e-9)
        assert tuple(s for s, _ in wf.steps) == WATERFALL_STEPS
        rows = wf.rows()
        assert rows[0]["total"] == wf.start and rows[-1]["total"] == wf.end
    steps = dict(r.waterfall["phn_early_years"].steps)
    assert steps["share_improved"] < 0 and steps["fade_out"] < 0  # both shrink the benefit


def test_the_cost_per_family_is_reconciled_with_the_parent_infant_foundation(ds, assumptions):
    r = appraise(ds, assumptions, "gwent")
    rec = r.reconciliation["phn_early_years"]
    rows = {x["step"]: x["value"] for x in rec.rows()}
    assert rows["reference"] == 1_860
    # GBP 480k a team / GBP 1,860 a baby = 258 babies a team; a team here sees 100 directly
    assert rec.reference_babies_per_team == pytest.approx(480_000 / 1_860)
    # a team in Gwent sees 100 x (1 - travel time share) families directly
    assert rec.capacity == pytest.approx(100 * (1 - assumptions.value("travel_time_share.gwent")))
    assert rows["direct_caseload"] == pytest.approx(480_000 / rec.capacity)
    assert rows["model"] == pytest.approx(r.cost_per_family[r.index("phn_early_years")])
    # the steps explain the model's figure to within the set-up timing and first-year ramp
    assert rows["setup"] == pytest.approx(rows["model"], rel=0.05)


def test_bau_has_no_increments_and_no_bcr(ds, assumptions):
    r = appraise(ds, assumptions, "gwent")
    b = r.index("bau")
    assert r.inc_pv_costs[b] == 0
    for m in r.modes.values():
        assert m.npsv[b] == 0 and np.isnan(m.bcr_inc[b]) and m.breakeven_year[b] is None
    assert np.isnan(r.irr[b]) and np.isnan(r.breakeven_return[b])


def test_yearly_streams_add_up_to_the_present_values(ds, assumptions):
    r = appraise(ds, assumptions, "west_wales")
    assert r.pv_costs == pytest.approx(r.costs @ r.df)
    for m in r.modes.values():
        assert m.npsv == pytest.approx(m.cum_inc_net[:, -1], abs=1e-6)
        assert m.npsv == pytest.approx(m.inc_pv_benefits - r.inc_pv_costs)
    assert r.pv_by_domain.sum(axis=1) == pytest.approx(r.outcome_chain.inc_pv_benefits)
    # and the kernel's weight-based PVs (used by the Monte Carlo) agree with the streams
    run = prepare_run(ds, assumptions, "west_wales")
    L = run.layout
    c = components(run.matrix(), L)
    pv = present_values(c, L, weights(L), by_domain=True)
    st = streams(c, L)
    dfk = np.where(L.domain_sched[:, None] == 1, L.df[1][None, :], L.df[0][None, :])
    assert pv["costs"][0] == pytest.approx(st["costs"][0] @ L.df[0], rel=1e-12)
    assert pv["per_child_supported"][0] == pytest.approx(st["per_child_supported"][0] @ L.df[0], rel=1e-12)
    assert pv["whatif"][0] == pytest.approx((st["whatif"][0] @ L.df[0]), rel=1e-9, abs=1e-6)
    assert pv["domains"][0] == pytest.approx((st["domains"][0] * dfk[None]).sum(axis=-1), rel=1e-12)
    assert pv["outcome_chain"][0] == pytest.approx(
        (st["domains"][0] * dfk[None]).sum(axis=(-1, -2)), rel=1e-12
    )


def test_break_even_year_is_where_cumulative_net_turns_non_negative(ds, assumptions):
    found = 0
    for rid in ds.region_ids:
        r = appraise(ds, assumptions, rid)
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
    "travel_uplift.powys",
    "dm_national_cost_per_year",
    "dm_training_cost_per_birth",
    "pay.8b",
    "pay_award_2026_27",
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


def test_hosts_differ_by_their_own_reach_and_engagement_not_by_mcda_scores(ds, assumptions):
    r = appraise(ds, assumptions, "powys")
    phn, camhs = r.index("phn_early_years"), r.index("camhs")
    # teams are sized to each host's engaged caseload: 0.85 x 0.90 against 0.60 x 0.75
    assert r.new_teams[camhs] / r.new_teams[phn] == pytest.approx(0.60 * 0.75 / (0.85 * 0.90))
    assert r.inc_families_supported[phn].sum() > r.inc_families_supported[camhs].sum()
    a = assumptions.with_overrides({"reach.camhs": 0.85, "engagement.camhs": 0.9})
    r2 = appraise(ds, a, "powys")
    assert r2.new_teams[camhs] == pytest.approx(r2.new_teams[phn])


def test_travel_time_in_rural_regions_buys_more_teams(ds, assumptions):
    base = appraise(ds, assumptions, "powys")
    flat = appraise(ds, assumptions.with_overrides({"travel_time_share.powys": 0.0}), "powys")
    i = base.index("phn_early_years")
    share = assumptions.value("travel_time_share.powys")
    assert share > 0
    assert base.new_teams[i] == pytest.approx(flat.new_teams[i] / (1 - share))


def test_set_up_is_cheaper_where_the_region_already_runs_a_team_in_that_host(ds, assumptions):
    # Gwent's G-PIMHS sits in public health nursing: its new PHN teams pay half the set-up
    r = appraise(ds, assumptions, "gwent")
    assert ds.region("gwent").provision.host == "public_health_nursing"
    i, j = r.index("phn_early_years"), r.index("local_authority")
    per_team = r.costs_setup[:, 0] / np.where(r.new_teams > 0, r.new_teams, np.nan)
    # local authority: 60,000 x 1.0 x (1 + OB 24.6%); PHN: 60,000 x 1.0 x 0.5 x (1 + 16.4%)
    assert per_team[j] == pytest.approx(60_000 * 1.246)
    assert per_team[i] == pytest.approx(60_000 * 0.5 * 1.164)


def test_regions_differ_only_where_their_data_differ(ds, assumptions):
    base = appraise_all(ds, assumptions)
    more = appraise_all(ds, assumptions.with_overrides({"existing_teams.north_wales": 2.0}))
    for rid in ds.region_ids:
        a, b = base[rid], more[rid]
        moved = not np.allclose(a.outcome_chain.npsv, b.outcome_chain.npsv, rtol=0, atol=1e-9)
        assert moved == (rid == "north_wales"), rid
    # the BCRs of one host differ between regions (need, existing teams, travel)
    bcrs = {round(float(r.outcome_chain.bcr_inc[r.index("phn_early_years")]), 3) for r in base.values()}
    assert len(bcrs) >= 3


def test_changing_one_regions_births_moves_only_its_teams(ds, assumptions):
    from dataclasses import replace

    g = ds.region("gwent")
    births = replace(g.births, value=g.births.value * 1.5)
    ds2 = replace(ds, regions=tuple(replace(r, births=births) if r.id == "gwent" else r for r in ds.regions))
    base, more = appraise_all(ds, assumptions), appraise_all(ds2, assumptions)
    for rid in ds.region_ids:
        hosts = [i for i, role in enumerate(base[rid].roles) if role == "hosting"]
        same = np.allclose(
            base[rid].outcome_chain.npsv[hosts], more[rid].outcome_chain.npsv[hosts], rtol=0, atol=1e-9
        )
        assert same == (rid != "gwent"), rid
    # (the do-minimum's national costs are shared by births, so its share moves everywhere)


def test_stated_treatments_of_consultation_and_deadweight(assumptions):
    s = assumptions.settings
    assert "consultation" in s.consultation and "not valued" in s.consultation
    assert "business as usual" in s.deadweight


@pytest.mark.parametrize("key", ["effect_size", "value_per_child", "families_per_team"])
def test_switching_value_gives_npsv_zero(ds, assumptions, key):
    sv = switching_values(ds, assumptions, "gwent")
    row = sv.get(key, "phn_early_years", "outcome_chain")
    assert row.switching is not None
    if key == "value_per_child":
        factor = row.switching / row.current
        over = {d.param_id: assumptions.value(d.param_id) * factor for d in assumptions.domains}
    else:
        over = {row.param_id: row.switching}
    r = appraise(ds, assumptions.with_overrides(over), "gwent")
    i = r.index("phn_early_years")
    assert abs(r.outcome_chain.npsv[i]) < 1e-3
    assert r.outcome_chain.bcr_inc[i] == pytest.approx(1.0, abs=1e-9)


def test_no_switching_value_when_the_sign_never_changes(ds, assumptions):
    # in Gwent the chain's NPSV stays negative even with no fade-out at all (persistence 1)
    sv = switching_values(ds, assumptions, "gwent")
    row = sv.get("persistence", "phn_early_years", "outcome_chain")
    assert row.switching is None and row.within_range is None
    r = appraise(ds, assumptions.with_overrides({"benefit_persistence": 1.0}), "gwent")
    assert r.outcome_chain.npsv[r.index("phn_early_years")] < 0


def test_switching_values_of_cost_per_team_and_the_published_value(ds, assumptions):
    sv = switching_values(ds, assumptions, "gwent")
    row = sv.get("cost_per_team", "local_authority", "per_child_supported")
    factor = row.switching / row.current  # the cost per team moves with staff_cost_factor
    r = appraise(ds, assumptions.with_overrides({"staff_cost_factor": factor}), "gwent")
    assert abs(r.per_child_supported.npsv[r.index("local_authority")]) < 1e-3
    row = sv.get("value_per_child_supported", "camhs", "per_child_supported")
    r = appraise(ds, assumptions.with_overrides({row.param_id: row.switching}), "gwent")
    assert abs(r.per_child_supported.npsv[r.index("camhs")]) < 1e-3
    # reach and engagement scale costs and benefits together: never a switching value
    assert not [x for x in sv.table if x.param_id.startswith(("reach.", "engagement."))]


def test_no_sign_change_gives_no_switching_value():
    from appraisal.economics.switching import solve

    assert solve(lambda x: x + 1.0, 0.0, 5.0) is None
    assert solve(lambda x: x - 2.0, 0.0, 5.0) == pytest.approx(2.0)


def test_appraise_all_covers_every_region(ds, assumptions):
    res = appraise_all(ds, assumptions, horizon=30)
    assert list(res) == list(ds.region_ids)
    # each region appraises its own shortlist: "build on what exists" only where a team exists
    for rid, r in res.items():
        assert r.horizon == 30 and r.costs.shape == (len(ds.options_for(rid)), 30)
        assert r.option_ids == tuple(o.id for o in ds.options_for(rid))
    assert (
        "build_on_existing" in res["gwent"].option_ids and "build_on_existing" not in res["powys"].option_ids
    )


def test_results_are_frozen(ds, assumptions):
    r = appraise(ds, assumptions, "powys")
    with pytest.raises(ValueError):
        r.costs[0, 0] = 1.0
    with pytest.raises(AttributeError):
        r.horizon = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    "kw",
    [{"coverage": 1.5}, {"horizon": 0}, {"horizon": 2.5}, {"discount": "health"}, {"heckman": "mars"}],
)
def test_bad_choices_are_refused_with_a_message(ds, assumptions, kw):
    # 'health' is no longer a choice for the whole appraisal: it applies to health effects only
    with pytest.raises(AppraisalError):
        appraise(ds, assumptions, "powys", **kw)


def test_rows_are_plain_and_json_safe(ds, assumptions):
    rows = appraise(ds, assumptions, "gwent").rows()
    text = json.dumps(rows, allow_nan=False)
    assert "phn_early_years" in text and '"chain"' in text and '"pv_by_payer"' in text


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
    changed = assumptions.with_overrides({"effect_attachment_d": 0.4})
    assert changed != assumptions and changed.fingerprint != assumptions.fingerprint
