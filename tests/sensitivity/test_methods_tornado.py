"""Method comparison (pymcdm) and the margin tornado, worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.sensitivity import compare_methods, score_tornado
from tests.factories import make_problem


def test_methods_by_hand_on_a_mirrored_pair():
    """A = (80, 20), B = (20, 80) with weights (0.6, 0.4).

    Additive: 56 vs 44. PROMETHEE II (linear with q = 5, p = 30): both differences are 60 > p,
    so pi(A, B) = 0.6 and pi(B, A) = 0.4; net flows +0.2 and -0.2.
    TOPSIS on values / 100: weighted A = (0.48, 0.08), B = (0.12, 0.32); ideal (0.48, 0.32),
    anti-ideal (0.12, 0.08); A: D+ = 0.24, D- = 0.36, closeness 0.6; B: 0.4.
    WPM on (v + 1)/101: A = (81/101)^0.6 (21/101)^0.4, B = (21/101)^0.6 (81/101)^0.4.
    """
    p = make_problem([[8, 2], [2, 8]], [0.6, 0.4], option_ids=["a", "b"])
    m = compare_methods(p)
    s = m.totals
    np.testing.assert_allclose(s["additive"], [56, 44])
    np.testing.assert_allclose(s["promethee_ii"], [0.2, -0.2])
    np.testing.assert_allclose(s["topsis"], [0.6, 0.4])
    np.testing.assert_allclose(
        s["wpm"],
        [(81 / 101) ** 0.6 * (21 / 101) ** 0.4, (21 / 101) ** 0.6 * (81 / 101) ** 0.4],
    )
    assert m.same_top and m.top("wpm") == "a"
    np.testing.assert_array_equal(m.ranks, [[1, 2]] * 4)
    np.testing.assert_allclose(m.kendall_tau, 1.0)
    assert [r["method"] for r in m.agreement_rows()] == ["additive", "wpm", "topsis", "promethee_ii"]


def test_weighted_product_can_disagree():
    """A balanced option beats a lopsided one under the product but not the sum:
    A = (100, 0) + 1 offset vs C = (45, 45): additive 50 vs 45; WPM (101/101)^.5 (1/101)^.5
    = 0.0995 vs (46/101) = 0.455. Kendall's tau between the two 2-option orders is -1."""
    p = make_problem([[10, 0], [4.5, 4.5]], [0.5, 0.5], option_ids=["a", "c"])
    m = compare_methods(p)
    assert m.top("additive") == "a" and m.top("wpm") == "c"
    assert not m.same_top
    assert m.kendall_tau[1] == pytest.approx(-1.0)


def test_methods_handle_zero_weights_and_identical_options():
    p = make_problem([[5, 5, 0], [5, 5, 0], [2, 8, 0]], [0.5, 0.5, 0.0])
    m = compare_methods(p)
    assert np.all(np.isfinite(m.scores))
    assert m.ranks.shape == (4, 3)
    rows = m.rows()
    assert rows[0]["rank_additive"] == rows[1]["rank_additive"]


def test_tornado_by_hand():
    """A = (90, 30), B = (40, 70), w = (0.6, 0.4): margin 66 - 52 = 14.
    Scores +/-1 on 0-10 are +/-10 value points: A on c1 moves the margin by 0.6 x 10 = 6
    (8 to 20); B on c1 by 6 the other way (20 to 8); A and B on c2 by 4 (10 to 18).
    Weight of c1 x0.75: w = (0.45, 0.4)/0.85; margin = (50 x 0.45 - 40 x 0.4)/0.85 = 7.647;
    x1.25: (0.75, 0.4)/1.15 -> (37.5 - 16)/1.15 = 18.696."""
    p = make_problem(
        [[9, 3], [4, 7]],
        [0.6, 0.4],
        low=[[8, 2], [3, 6]],
        high=[[10, 4], [5, 8]],
        option_ids=["a", "b"],
    )
    tor = score_tornado(p)
    assert (tor.top, tor.runner_up) == ("a", "b")
    assert tor.margin == pytest.approx(14.0)
    bars = {(b.kind, b.criterion, b.option): b for b in tor.bars}
    a1 = bars[("score", "c1", "a")]
    assert (a1.margin_low, a1.margin_high) == pytest.approx((8.0, 20.0))
    b1 = bars[("score", "c1", "b")]
    assert (b1.margin_low, b1.margin_high) == pytest.approx((20.0, 8.0))
    w1 = bars[("weight", "c1", None)]
    assert w1.margin_low == pytest.approx((50 * 0.45 - 40 * 0.4) / 0.85)
    assert w1.margin_high == pytest.approx((50 * 0.75 - 40 * 0.4) / 1.15)
    # sorted by the larger change: c1's weight (14 - 7.647 = 6.35); then c1's scores and
    # c2's weight (x0.75 gives (0.6, 0.3)/0.9 -> margin 20: a change of 6); c2's scores (4)
    assert (tor.bars[0].kind, tor.bars[0].criterion) == ("weight", "c1")
    assert {(b.kind, b.criterion) for b in tor.bars[1:4]} == {("score", "c1"), ("weight", "c2")}
    assert {(b.kind, b.criterion) for b in tor.bars[4:]} == {("score", "c2")}
    rows = tor.rows()
    assert len(rows) == 6
    assert all(r["flips"] is False for r in rows)


def test_tornado_flags_a_flip():
    p = make_problem([[6, 5], [5, 5]], [0.5, 0.5], low=[[3, 5], [5, 5]], high=[[6, 5], [5, 5]])
    tor = score_tornado(p)
    flips = [r for r in tor.rows() if r["flips"]]
    assert flips and flips[0]["option"] == "o1" and flips[0]["criterion"] == "c1"


def test_tornado_single_option():
    p = make_problem([[6, 5]])
    tor = score_tornado(p)
    assert tor.runner_up is None and tor.bars == ()
