"""Switching values: worked by hand, checked against the design formula and a fine grid."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.mcda import evaluate
from appraisal.sensitivity import sweep, switching_values
from appraisal.sensitivity._common import rescale_others
from tests.factories import make_problem


def test_two_options_two_criteria_by_hand():
    """Values (score x 10): A = (90, 30), B = (40, 70); weights (0.6, 0.4).

    V_A = 54 + 12 = 66 and V_B = 24 + 28 = 52, so A is top.
    Criterion 1 at weight t (criterion 2 gets 1 - t): V_A = 30 + 60 t, V_B = 70 - 30 t,
    equal at 90 t = 40, t = 4/9: lowering c1 below 4/9 makes B top; raising it never does.
    Criterion 2 at weight t: V_A = 90 - 60 t, V_B = 40 + 30 t, equal at t = 5/9.
    """
    p = make_problem([[9, 3], [4, 7]], [0.6, 0.4], option_ids=["a", "b"])
    res = switching_values(p)
    assert res.top_option == "a"
    c1, c2 = res.row("c1"), res.row("c2")
    assert c1.current_weight == pytest.approx(0.6)
    assert c1.lower_switch == pytest.approx(4 / 9)
    assert c1.lower_to == "b"
    assert c1.upper_switch is None and c1.upper_to is None
    assert c2.upper_switch == pytest.approx(5 / 9)
    assert c2.upper_to == "b"
    assert c2.lower_switch is None


def test_three_options_design_formula_by_hand():
    """Values A = (80, 20, 50), B = (20, 80, 50), C = (50, 50, 60); weights (0.5, 0.3, 0.2).

    Criterion 1: the others rescale to (0.6, 0.4), so R_A = 12 + 20 = 32, R_B = 48 + 20 = 68,
    R_C = 30 + 24 = 54. t* = (R_b - R_a) / ((v_a1 - R_a) - (v_b1 - R_b)):
    C: 22 / (48 + 4) = 11/26 = 0.4231; B: 36 / (48 + 48) = 0.375. Going down from 0.5, C
    crosses first (at the larger t*), so c1's lower switch is 11/26 to C.
    Criterion 2: R_A = 50/0.7, R_B = 20/0.7, R_C = 37/0.7; going up, C crosses at 13/34
    before B at 5/12.
    """
    p = make_problem([[8, 2, 5], [2, 8, 5], [5, 5, 6]], [0.5, 0.3, 0.2], option_ids=["a", "b", "c"])
    res = switching_values(p)
    assert res.row("c1").lower_switch == pytest.approx(11 / 26)
    assert res.row("c1").lower_to == "c"
    assert res.row("c2").upper_switch == pytest.approx(13 / 34)
    assert res.row("c2").upper_to == "c"
    assert res.row("c1").upper_switch is None


def test_rows_are_plain():
    p = make_problem([[9, 3], [4, 7]], [0.6, 0.4])
    rows = switching_values(p).rows()
    assert [r["criterion"] for r in rows] == ["c1", "c2"]
    for r in rows:
        for v in r.values():
            assert v is None or isinstance(v, (str, float))


def test_tie_only_at_the_end_is_not_a_switch():
    """B equals A on c2 and is worse on c1: at weight 1 on c2 they tie, but B never overtakes."""
    p = make_problem([[5, 8], [5, 8], [1, 1]], [0.5, 0.5], option_ids=["a", "b", "z"])
    # a and b identical: tie everywhere, a stays top by data order; parallel lines never cross
    assert switching_values(p).row("c2").upper_switch is None
    p = make_problem([[9, 8], [5, 8]], [0.5, 0.5], option_ids=["a", "b"])
    row = switching_values(p).row("c2")
    assert row.upper_switch is None and row.upper_to is None


def test_top_matches_evaluate_and_sweep_matches_evaluate():
    p = make_problem([[8, 2, 5], [2, 8, 5], [5, 5, 6]], [0.5, 0.3, 0.2])
    base = evaluate(p)
    assert switching_values(p).top_option == p.option_ids[base.order[0]]
    sw = sweep(p, points=11)
    assert sw.totals.shape == (3, 11, 3)
    # at the current weight of each criterion the sweep line gives the evaluate totals
    for k in range(3):
        w = rescale_others(base.weights.values, k, base.weights.values[k])
        np.testing.assert_allclose(p.values @ w, base.totals)
    # at weight 1 the totals are that criterion's values
    np.testing.assert_allclose(sw.totals[:, -1, :], p.values.T)
    assert len(sw.rows()) == 3 * 11 * 3


def _top(values, w):
    """The first option within the package's tie tolerance of the best (data order wins ties)."""
    tot = values @ w
    return int(np.flatnonzero(tot >= tot.max() - 1e-9)[0])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.integers(1, 10), min_size=3, max_size=3),
        )
    )
)
def test_switch_is_exact(data):
    """Just before a switching value the top is unchanged; just after, the named rival leads."""
    scores, weights = data
    p = make_problem(scores, weights)
    res = switching_values(p)
    w = evaluate(p).weights.values
    top = p.option_ids.index(res.top_option)
    eps = 1e-7
    for k, row in enumerate(res.table):
        if row.upper_switch is not None:
            t_star = row.upper_switch
            if t_star - eps > row.current_weight:
                assert _top(p.values, rescale_others(w, k, t_star - eps)) == top
            after = p.values @ rescale_others(w, k, min(t_star + eps, 1.0))
            assert after[p.option_ids.index(row.upper_to)] >= after.max() - 1e-6
        if row.lower_switch is not None:
            t_star = row.lower_switch
            after = p.values @ rescale_others(w, k, max(t_star - eps, 0.0))
            assert after[p.option_ids.index(row.lower_to)] >= after.max() - 1e-6
        # no switch reported: the top option stays (weakly) best along the whole direction
        grid_up = np.linspace(row.current_weight, 1.0, 50)
        if row.upper_switch is None:
            tot = p.values @ rescale_others(w, k, grid_up).T
            assert np.all(tot[top] >= tot.max(axis=0) - 1e-9)
        grid_down = np.linspace(0.0, row.current_weight, 50)
        if row.lower_switch is None:
            tot = p.values @ rescale_others(w, k, grid_down).T
            assert np.all(tot[top] >= tot.max(axis=0) - 1e-9)


def test_three_way_tie_names_the_rival_that_leads_after_the_switch():
    """All three options total 70 at weights (1, 2, 1); lowering c1 helps o2 (0 on c1) more
    than o3 (1 on c1). Both cross at t = 0.25 up to rounding, and the switch must name o2,
    the one that is ahead just below (found by hypothesis; the rounding used to decide)."""
    p = make_problem([[4, 7, 10], [0, 10, 8], [1, 9, 9]], [1, 2, 1])
    row = switching_values(p).row("c1")
    assert row.lower_switch == pytest.approx(0.25)
    after = p.values @ rescale_others(evaluate(p).weights.values, 0, 0.25 - 1e-6)
    assert row.lower_to == p.option_ids[int(np.argmax(after))] == "o2"
