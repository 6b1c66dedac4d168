"""Swing weights: golden values worked by hand.

No published worked example with its normalised swing weights (the DCLG 2009 manual's
toaster example in chapter 6, its case studies in chapter 7, the Hiview documentation) could
be read in full, so the examples below are hand calculations of the method as the manual
describes it (DCLG 2009, *Multi-criteria analysis: a manual*, chapter 6, weighting step;
appraisal/mcda/weights.py cites section 6.2.10): imagine an option at the worst level on
every criterion; the criterion whose swing from worst to best matters most gets 100; every
other swing is judged against it on 0-100; the normalised weight of a criterion is its swing
divided by the sum of all the swings.
"""

from __future__ import annotations

import pytest

from appraisal.errors import WeightError
from appraisal.mcda import value_scales as V
from appraisal.mcda import weights as W


def test_swing_four_criteria_by_hand():
    """Swings: reach 100, quality 60, cost 30, equity 10; sum = 200.
    Weights: 100/200 = 0.50, 60/200 = 0.30, 30/200 = 0.15, 10/200 = 0.05."""
    ids = ["reach", "quality", "cost", "equity"]
    swings = {"reach": 100, "quality": 60, "cost": 30, "equity": 10}
    ws = W.swing(swings, ids)
    assert ws.method == "swing"
    assert ws.criterion_ids == tuple(ids)
    assert list(ws.values) == pytest.approx([0.50, 0.30, 0.15, 0.05], abs=1e-12)
    assert ws.inputs == swings


def test_swing_six_criteria_by_hand():
    """Swings 100, 80, 50, 40, 20, 10; sum = 300.
    Weights: 100/300 = 0.3333, 80/300 = 0.2667, 50/300 = 0.1667, 40/300 = 0.1333,
    20/300 = 0.0667, 10/300 = 0.0333 (sum 1)."""
    ids = ["c1", "c2", "c3", "c4", "c5", "c6"]
    swings = dict(zip(ids, [100, 80, 50, 40, 20, 10]))
    ws = W.swing(swings, ids)
    assert list(ws.values) == pytest.approx([0.3333, 0.2667, 0.1667, 0.1333, 0.0667, 0.0333], abs=5e-5)
    assert ws.values.sum() == pytest.approx(1.0)


def test_swing_ratios_are_kept_and_order_follows_the_criterion_ids():
    """A weight is proportional to its swing: w_i / w_top = swing_i / 100. Ties share
    equally; a swing of 0 (a criterion on which the options do not differ) weighs 0.
    Swings 100, 100, 50, 0: sum 250: 0.4, 0.4, 0.2, 0."""
    swings = {"d": 0, "c": 50, "b": 100, "a": 100}
    ws = W.swing(swings, ["a", "b", "c", "d"])
    assert list(ws.values) == pytest.approx([0.4, 0.4, 0.2, 0.0])
    top = ws.as_dict()["a"]
    for c, s in swings.items():
        assert ws.as_dict()[c] / top == pytest.approx(s / 100)


def test_swing_weights_times_value_scales_give_the_overall_value():
    """Swing weighting is tied to the value scales: a swing of 100 is the move from 0 to
    100 on that criterion's scale. Two criteria, swings 100 (months to the first family,
    bisection: worst 24, best 0, x50 = 9, x25 = 15, x75 = 4) and 50 (quality, direct
    rating of levels 0..2 as 0, 40, 100): weights 100/150 = 2/3 and 50/150 = 1/3.
    An option seeing its first family at 12 months (value 37.5, see
    test_value_scales.py) at quality level 1 (value 40) is worth
    2/3 * 37.5 + 1/3 * 40 = 25 + 13.333 = 38.333."""
    ws = W.swing({"months": 100, "quality": 50}, ["months", "quality"])
    months = V.bisection(24, 0, {0.5: 9, 0.25: 15, 0.75: 4})
    quality = V.direct([0, 1, 2], [0, 40, 100])
    total = ws.as_dict()["months"] * float(months(12)) + ws.as_dict()["quality"] * float(quality(1))
    assert total == pytest.approx(115 / 3)


@pytest.mark.parametrize(
    "swings",
    [
        {"a": 80, "b": 50},  # nothing at 100
        {"a": 100, "b": 120},  # above 100
        {"a": 100, "b": -10},  # negative
    ],
)
def test_swing_refuses_swings_off_the_0_100_judgement(swings):
    with pytest.raises(WeightError):
        W.swing(swings, ["a", "b"])
