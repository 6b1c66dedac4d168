"""Distance to a different answer (linear programming), worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.sensitivity import distance_to_change, switching_values
from tests.factories import make_problem


def test_two_criteria_by_hand():
    """A = (90, 30), B = (40, 70), weights (0.6, 0.4). On two criteria the simplex is the
    line w1 + w2 = 1 and B ties A at w1 = 4/9 (see the switching test). The nearest such
    weights are (4/9, 5/9): L1 = 2 x (0.6 - 4/9) = 0.3111, L-infinity = 0.1556, and
    0.1556 of the total weight has to move from criterion 1 to criterion 2."""
    p = make_problem([[9, 3], [4, 7]], [0.6, 0.4], option_ids=["a", "b"])
    d = distance_to_change(p)
    assert (d.top, d.rival) == ("a", "b")
    assert d.l1_distance == pytest.approx(2 * (0.6 - 4 / 9), abs=1e-7)
    assert d.linf_distance == pytest.approx(0.6 - 4 / 9, abs=1e-7)
    assert d.weight_moved == pytest.approx(0.6 - 4 / 9, abs=1e-7)
    np.testing.assert_allclose(d.new_weights, [4 / 9, 5 / 9], atol=1e-7)
    rows = d.rows()
    assert rows[0]["rival"] == "b" and rows[0]["feasible"] is True
    assert [r["criterion"] for r in d.new_weight_rows()] == ["c1", "c2"]


def test_dominated_rival_can_never_be_top():
    """C is worse than A on every criterion, so no weights make it top."""
    p = make_problem([[9, 3], [4, 7], [2, 2]], [0.6, 0.4], option_ids=["a", "b", "c"])
    d = distance_to_change(p)
    per = {r.rival: r for r in d.per_rival}
    assert per["c"].feasible is False and per["c"].l1_distance is None
    assert per["b"].feasible is True
    assert d.rows()[-1]["rival"] == "c"


def test_only_one_possible_answer():
    p = make_problem([[9, 9], [1, 1]], [0.5, 0.5])
    d = distance_to_change(p)
    assert d.rival is None and d.l1_distance is None and d.new_weights is None
    assert d.weight_moved is None


def test_three_criteria_beats_one_way_moves():
    """A = (80, 20, 50), B = (20, 80, 50), C = (50, 50, 60), w = (0.5, 0.3, 0.2): V = 56, 44, 52.
    A leads C by 4. C - A per criterion is (-30, +30, +10), so moving weight d from c1 to c2
    cuts the lead by 60 d, the best rate of any move (c1 -> c3: 40 d; c3 -> c2: 20 d).
    d = 4/60 ties them: L1 = 2 d = 0.1333, new weights (0.4333, 0.3667, 0.2), where
    A = C = 52 and B = 48. For B to come first it must pass C as well: B - C is
    (-30, +30, -10), -8 now, rising by 60 d on the same move, so d = 8/60 and L1 = 0.2667
    (weights (0.3667, 0.4333, 0.2): B = C = 52, A = 48). Passing A alone would need only
    d = 0.1, but C would still be ahead there."""
    p = make_problem([[8, 2, 5], [2, 8, 5], [5, 5, 6]], [0.5, 0.3, 0.2], option_ids=["a", "b", "c"])
    d = distance_to_change(p)
    assert d.rival == "c"
    assert d.l1_distance == pytest.approx(2 * 4 / 60, abs=1e-7)
    per = {r.rival: r for r in d.per_rival}
    assert per["b"].l1_distance == pytest.approx(2 * 8 / 60, abs=1e-7)
    np.testing.assert_allclose(d.new_weights, [0.5 - 4 / 60, 0.3 + 4 / 60, 0.2], atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=2, max_size=5),
    st.lists(st.integers(1, 10), min_size=3, max_size=3),
)
def test_lp_is_no_worse_than_any_switching_move(scores, weights):
    """A one-way switching move at t* changes the weight vector by 2|t* - w_k| in L1, so the
    LP optimum can be no larger; and at the LP's new weights the rival really ties the top."""
    p = make_problem(scores, weights)
    d = distance_to_change(p)
    sw = switching_values(p)
    moves = [
        2 * abs(t - r.current_weight)
        for r in sw.table
        for t in (r.lower_switch, r.upper_switch)
        if t is not None
    ]
    if moves:
        assert d.l1_distance is not None
        assert d.l1_distance <= min(moves) + 1e-7
    if d.new_weights is not None:
        tot = p.values @ d.new_weights
        assert tot[p.option_ids.index(d.rival)] >= tot.max() - 1e-6
        assert d.new_weights.sum() == pytest.approx(1.0)
        assert np.all(d.new_weights >= 0)
