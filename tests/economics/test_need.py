"""Need, today's provision and team sizing, worked by hand from the bundled data."""

from __future__ import annotations

import pytest

from appraisal.economics import need


def test_powys_has_no_provision_so_the_whole_need_is_the_blind_spot(ds, assumptions):
    # births 914 x 15% = 137.1 babies in need; no team today, so the gap is 137.1
    # target 30% -> 41.13 families; a team sees 100 a year at half its time on direct work,
    # less the 20% of that time Powys loses to travel: 80 a year -> 41.13 / 80 = 0.514125 teams
    # template: 6.4 WTE of which 5.4 clinical
    n = need(ds.region("powys"), assumptions)
    assert n.babies_in_need == pytest.approx(137.1)
    assert n.currently_served == 0
    assert n.gap == pytest.approx(137.1)
    assert n.blind_spot_share == 1.0
    assert n.target_families == pytest.approx(41.13)
    assert n.travel_time_share == pytest.approx(0.20)
    assert n.families_per_team == pytest.approx(80)
    assert n.new_teams_required == pytest.approx(0.514125)
    assert n.new_teams_whole == 1
    assert n.wte_per_team == pytest.approx(6.4)
    assert n.clinical_wte_per_team == pytest.approx(5.4)
    assert n.new_wte_required == pytest.approx(0.514125 * 6.4)
    assert n.families_per_clinical_wte == pytest.approx(80 / 5.4)


def test_gwent_is_covered_everywhere_but_served_by_one_team(ds, assumptions):
    # need 5,881 x 15% = 882.15; coverage_share 1.0 but one team seeing 100 x (1 - 4% travel)
    # = 96 families: served = min(882.15, 96) = 96; gap 786.15
    # target 30% = 264.645 -> (264.645 - 96) / 96 = 1.756719 new teams
    n = need(ds.region("gwent"), assumptions)
    assert n.coverage_share == 1.0
    assert n.families_per_team == pytest.approx(96)
    assert n.currently_served == pytest.approx(96)
    assert n.current_share_of_need == pytest.approx(96 / 882.15)
    assert n.gap == pytest.approx(786.15)
    assert n.new_teams_required == pytest.approx((264.645 - 96) / 96)
    assert n.teams_required == pytest.approx(264.645 / 96)


def test_more_direct_work_means_more_families_per_team(ds, assumptions):
    # capacity = 100 x 0.6 / 0.5 x (1 - 0.20) = 96 families per team in Powys
    a = assumptions.with_overrides({"direct_work_share": 0.6})
    n = need(ds.region("powys"), a)
    assert n.families_per_team == pytest.approx(96)
    assert n.new_teams_required == pytest.approx(41.13 / 96)


def test_more_travel_means_fewer_families_per_team(ds, assumptions):
    a = assumptions.with_overrides({"travel_time_share.powys": 0.30})
    n = need(ds.region("powys"), a)
    assert n.families_per_team == pytest.approx(70)
    assert need(ds.region("gwent"), a).families_per_team == pytest.approx(96)  # other regions unchanged


def test_a_target_below_todays_provision_needs_no_new_teams(ds, assumptions):
    n = need(ds.region("gwent"), assumptions, coverage=0.05)  # 44 families < 96 served
    assert n.new_teams_required == 0
    assert n.new_teams_whole == 0


def test_every_region_has_a_need_table(ds, assumptions):
    for r in ds.regions:
        rows = need(r, assumptions).rows()
        assert {row["quantity"] for row in rows} >= {"babies_in_need", "currently_served", "gap"}
