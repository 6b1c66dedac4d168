"""Green Book discounting, worked by hand (HM Treasury Green Book 2022, Annex A6)."""

from __future__ import annotations

import pytest

from appraisal.economics import discount_factors, npv, rates_by_year

STPR = [(0, 30, 0.035), (31, 75, 0.030), (76, 125, 0.025), (126, 200, 0.020)]
HEALTH = [(0, 30, 0.015), (31, 75, 0.0129), (76, 200, 0.0107)]


def test_year_zero_is_not_discounted():
    assert discount_factors(STPR, 5)[0] == 1.0


def test_discount_factor_at_year_10_is_0_7089():
    # 1 / 1.035**10 = 1 / 1.410599 = 0.708919
    assert discount_factors(STPR, 11)[10] == pytest.approx(0.708919, abs=1e-6)
    assert round(discount_factors(STPR, 11)[10], 4) == 0.7089


def test_discount_factor_across_the_30_year_step():
    # DF(30) = 1/1.035**30 = 1/2.806794 = 0.356278 (still 3.5%)
    # DF(31) = DF(30)/1.03 = 0.345901 (year 31 is in the 3.0% band)
    # DF(32) = DF(31)/1.03 = 0.335826
    df = discount_factors(STPR, 33)
    assert df[30] == pytest.approx(0.356278, abs=1e-6)
    assert df[31] == pytest.approx(0.356278 / 1.03, abs=1e-6)
    assert df[31] == pytest.approx(0.345901, abs=1e-6)
    assert df[32] == pytest.approx(0.335826, abs=1e-6)
    # a flat 3.5% would give 1/1.035**31 = 0.344230: the schedule really steps down
    assert df[31] > 1 / 1.035**31


def test_discount_factor_across_the_75_year_step():
    # DF(75) = 1.035**-30 * 1.03**-45 = 0.356278 * 0.264439 = 0.094214; DF(76) = DF(75)/1.025
    df = discount_factors(STPR, 77)
    assert df[75] == pytest.approx(1.035**-30 * 1.03**-45, rel=1e-12)
    assert df[76] == pytest.approx(df[75] / 1.025, rel=1e-12)


def test_health_rate_schedule():
    # DF(1) = 1/1.015 = 0.985222; DF(31) = 1.015**-30 / 1.0129
    df = discount_factors(HEALTH, 32)
    assert df[1] == pytest.approx(0.985222, abs=1e-6)
    assert df[31] == pytest.approx(1.015**-30 / 1.0129, rel=1e-12)


def test_years_beyond_the_last_band_use_the_last_rate():
    r = rates_by_year([(0, 2, 0.05)], 5)
    assert list(r[1:]) == [0.05] * 4


def test_npv_of_a_small_stream():
    # -100 in year 0, +60 in years 1 and 2 at 10%:
    # -100 + 60/1.1 + 60/1.21 = -100 + 54.545455 + 49.586777 = 4.132231
    assert npv([-100, 60, 60], 0.10) == pytest.approx(4.132231, abs=1e-6)
    # the same stream on the STPR schedule: -100 + 60/1.035 + 60/1.071225
    #   = -100 + 57.971014 + 56.010643 = 13.981657
    assert npv([-100, 60, 60], STPR) == pytest.approx(13.981657, abs=1e-6)


def test_bundled_schedules_match_the_green_book(assumptions):
    a = assumptions
    sched = [(b.from_year, b.to_year, a.value(b.param_id)) for b in a.schedules["stpr"]]
    assert sched == STPR
    health = [(b.from_year, b.to_year, a.value(b.param_id)) for b in a.schedules["health"]]
    assert health == HEALTH


def test_a_horizon_below_one_year_is_refused():
    with pytest.raises(ValueError):
        discount_factors(STPR, 0)
