"""Weighted additive model: a hand-worked example and properties (hypothesis)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.mcda import evaluate, rank_with_ties
from appraisal.mcda.weights import WeightSet
from tests.factories import make_problem


def test_hand_worked_additive_example():
    """Three options, three criteria (two groups), value = 10 x score on 0-10.

    scores      c1  c2  c3      values   c1  c2  c3
      o1         8   2   5                80  20  50
      o2         5   6   4                50  60  40
      o3         3   9   9                30  90  90
    weights 0.5, 0.3, 0.2
      V(o1) = 0.5*80 + 0.3*20 + 0.2*50 = 40 + 6 + 10 = 56
      V(o2) = 0.5*50 + 0.3*60 + 0.2*40 = 25 + 18 + 8 = 51
      V(o3) = 0.5*30 + 0.3*90 + 0.2*90 = 15 + 27 + 18 = 60
    ranks: o3 1st, o1 2nd, o2 3rd. Group g1 = {c1, c2}, g2 = {c3}:
      o3 group contributions: 15 + 27 = 42 and 18.
    """
    p = make_problem([[8, 2, 5], [5, 6, 4], [3, 9, 9]], [5, 3, 2], groups=["g1", "g1", "g2"])
    r = evaluate(p)
    assert r.totals == pytest.approx([56, 51, 60])
    assert list(r.ranks) == [2, 3, 1]
    assert r.top == ("o3",)
    assert [p.option_ids[i] for i in r.order] == ["o3", "o1", "o2"]
    assert r.group_contributions[2] == pytest.approx([42, 18])
    assert r.weighted[0] == pytest.approx([40, 6, 10])
    assert r.group_weights == pytest.approx([0.8, 0.2])
    rows = r.rows()
    assert rows[0]["option"] == "o3" and rows[0]["rank"] == 1
    assert rows[0]["contributions"] == pytest.approx({"c1": 15, "c2": 27, "c3": 18})


def test_ties_share_a_rank():
    assert list(rank_with_ties(np.array([50.0, 70.0, 50.0, 10.0]))) == [2, 1, 2, 4]
    p = make_problem([[5, 5], [5, 5], [1, 1]])
    r = evaluate(p)
    assert list(r.ranks) == [1, 1, 3]
    assert r.top == ("o1", "o2")


def test_cost_criterion_value_function_is_applied_not_raw_score():
    """A fixed-anchor value function, not min-max: 12 months on 0-24 with points
    (0,100) (6,75) (12,40) (24,0) gives value 40, whatever the other options score."""
    from dataclasses import replace

    from appraisal.model import Anchor, ValueFunction, build_problem

    p = make_problem([[12.0], [6.0]])
    vf = ValueFunction((0, 6, 12, 24), (100, 75, 40, 0), Anchor(0, "now"), Anchor(24, "two years"))
    crit = replace(p.criteria[0], direction="cost", scale_max=24.0, value_function=vf)
    p2 = build_problem(p.region, p.options, (crit,), p.groups, p.cells)
    assert p2.values[:, 0] == pytest.approx([40.0, 75.0])
    # 9 months interpolates between (6,75) and (12,40): 75 - 3/6*35 = 57.5
    assert vf(9.0) == pytest.approx(57.5)


score_matrices = st.integers(2, 5).flatmap(
    lambda n: st.integers(2, 5).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.integers(0, 10), min_size=m, max_size=m), min_size=n, max_size=n),
            st.lists(st.floats(0.01, 10, allow_nan=False), min_size=m, max_size=m),
        )
    )
)


@settings(max_examples=60, deadline=None)
@given(score_matrices, st.floats(0.01, 1000, allow_nan=False))
def test_scaling_all_weights_leaves_ranks_unchanged(case, factor):
    scores, w = case
    p = make_problem(scores, w)
    r1 = evaluate(p, np.array(w))
    r2 = evaluate(p, np.array(w) * factor)
    assert list(r1.ranks) == list(r2.ranks)


@settings(max_examples=60, deadline=None)
@given(score_matrices, st.integers(0, 10), st.floats(0.01, 10, allow_nan=False))
def test_a_criterion_scored_the_same_for_all_changes_no_rank(case, level, extra_w):
    scores, w = case
    base = evaluate(make_problem(scores, w))
    flat = [row + [level] for row in scores]
    r = evaluate(make_problem(flat, [*w, extra_w]))
    assert list(r.ranks) == list(base.ranks)


@settings(max_examples=60, deadline=None)
@given(score_matrices, st.data())
def test_dominating_option_never_ranks_below_the_dominated(case, data):
    scores, w = case
    j = data.draw(st.integers(0, len(scores) - 1))
    dominated = scores[j]
    bumps = data.draw(st.lists(st.integers(0, 3), min_size=len(dominated), max_size=len(dominated)))
    dominating = [min(10, s + b) for s, b in zip(dominated, bumps)]
    p = make_problem([*scores, dominating], w)
    r = evaluate(p)
    assert r.ranks[-1] <= r.ranks[j]


@settings(max_examples=60, deadline=None)
@given(score_matrices)
def test_contributions_sum_to_the_total(case):
    scores, w = case
    r = evaluate(make_problem(scores, w, groups=["g1", "g2"] * 3 if len(w) > 1 else None))
    assert r.weighted.sum(axis=1) == pytest.approx(r.totals)
    assert r.group_contributions.sum(axis=1) == pytest.approx(r.totals)
    for row in r.rows():
        assert sum(row["contributions"].values()) == pytest.approx(row["total"])


def test_result_arrays_are_read_only():
    r = evaluate(make_problem([[1, 2], [3, 4]]))
    with pytest.raises(ValueError):
        r.totals[0] = 99
    with pytest.raises(ValueError):
        r.problem.values[0, 0] = 99


def test_weightset_in_other_criterion_order_is_realigned():
    p = make_problem([[10, 0], [0, 10]])
    ws = WeightSet(("c2", "c1"), np.array([0.9, 0.1]), "points")
    r = evaluate(p, ws)
    assert r.top == ("o2",)
    assert r.weights.as_dict() == pytest.approx({"c1": 0.1, "c2": 0.9})
