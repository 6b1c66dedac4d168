"""Need, today's provision and team sizing, worked by hand from the bundled data."""

from __future__ import annotations

import pytest

from appraisal.economics import need


def test_powys_has_no_provision_so_the_whole_need_is_the_blind_spot(ds, assumptions):
    # births 914 x 15% = 137.1 babies in need; no team today, so the gap is 137.1
    # target 30% -> 41.13 families; a team sees 100 a year -> 0.4113 new teams
    # template: 6.4 WTE of which 5.4 clinical -> 2.632 WTE, 2.221 clinical WTE
    n = need(ds.region("powys"), assumptions)
    assert n.babies_in_need == pytest.approx(137.1)
    assert n.currently_served == 0
    assert n.gap == pytest.approx(137.1)
    assert n.blind_spot_share == 1.0
    assert n.target_families == pytest.approx(41.13)
    assert n.new_teams_required == pytest.approx(0.4113)
    assert n.new_teams_whole == 1
    assert n.wte_per_team == pytest.approx(6.4)
    assert n.clinical_wte_per_team == pytest.approx(5.4)
    assert n.new_wte_required == pytest.approx(0.4113 * 6.4)
    assert n.families_per_clinical_wte == pytest.approx(100 / 5.4)


def test_gwent_is_covered_everywhere_but_served_by_one_team(ds, assumptions):
    # need 5,881 x 15% = 882.15; coverage_share 1.0 but one team: served = min(882.15, 100) = 100
    # target 30% = 264.645 -> (264.645 - 100) / 100 = 1.64645 new teams
    n = need(ds.region("gwent"), assumptions)
    assert n.coverage_share == 1.0
    assert n.currently_served == pytest.approx(100)
    assert n.current_share_of_need == pytest.approx(100 / 882.15)
    assert n.gap == pytest.approx(782.15)
    assert n.new_teams_required == pytest.approx(1.64645)
    assert n.teams_required == pytest.approx(2.64645)


def test_more_direct_work_means_more_families_per_team(ds, assumptions):
    # capacity = 100 x 0.6 / 0.5 = 120 families per team
    a = assumptions.with_overrides({"direct_work_share": 0.6})
    n = need(ds.region("powys"), a)
    assert n.families_per_team == pytest.approx(120)
    assert n.new_teams_required == pytest.approx(41.13 / 120)


def test_a_target_below_todays_provision_needs_no_new_teams(ds, assumptions):
    n = need(ds.region("gwent"), assumptions, coverage=0.05)  # 44 families < 100 served
    assert n.new_teams_required == 0
    assert n.new_teams_whole == 0


def test_every_region_has_a_need_table(ds, assumptions):
    for r in ds.regions:
        rows = need(r, assumptions).rows()
        assert {row["quantity"] for row in rows} >= {"babies_in_need", "currently_served", "gap"}
