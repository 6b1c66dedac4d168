"""Batch ranking (``rank_many`` and its kernels, ``evaluate_many``): every row is what
``evaluate`` gives that problem, ties included."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal.mcda import (
    TIE_TOLERANCE,
    evaluate,
    evaluate_many,
    order_of,
    rank_many,
    rank_totals,
    rank_with_ties,
    top_of,
)
from appraisal.mcda.weights import WeightSet
from tests.factories import make_problem


def _reference(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """evaluate's rule, one row at a time."""
    ranks = np.array([rank_with_ties(t) for t in totals])
    order = np.array([np.lexsort((np.arange(len(t)), r)) for t, r in zip(totals, ranks)])
    return ranks, order


def _check_rows(values: np.ndarray, weights: np.ndarray) -> None:
    batch = rank_many(values, weights)
    for r in range(len(weights)):
        v = values if values.ndim == 2 else values[r]
        t = (v * weights[r]).sum(axis=1)
        ranks, order = _reference(t[None])
        assert np.allclose(batch.totals[r], t, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(batch.ranks[r], ranks[0])
        np.testing.assert_array_equal(batch.order[r], order[0])
        assert batch.top[r] == order[0, 0] == top_of(t)


def test_hand_worked_batch():
    """The hand-worked example of test_additive (totals 56, 51, 60) and the same values
    with weights that tie o1 and o2: 0.5*80 + 0.5*20 = 50 = 0.5*50 + 0.5*50."""
    v = np.array([[80.0, 20.0], [50.0, 50.0], [30.0, 90.0]])
    w = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]])
    b = rank_many(v, w)
    np.testing.assert_allclose(b.totals, [[50, 50, 60], [80, 50, 30], [20, 50, 90]])
    np.testing.assert_array_equal(b.ranks, [[2, 2, 1], [1, 2, 3], [3, 2, 1]])
    np.testing.assert_array_equal(b.order, [[2, 0, 1], [0, 1, 2], [2, 1, 0]])
    np.testing.assert_array_equal(b.top, [2, 0, 2])
    assert len(b) == 3


def test_random_problems_with_exact_and_near_ties():
    """Integer-valued scores under weights on a grid of tenths give many exact ties;
    offsets of 1e-11 (inside the tolerance) and 1e-7 (outside) give near ties and
    near misses. Every row matches evaluate's rule."""
    rng = np.random.default_rng(0)
    for trial in range(200):
        n, m, k = int(rng.integers(1, 9)), int(rng.integers(1, 6)), 40
        values = rng.integers(0, 4, size=(k, n, m)).astype(float) * 10
        weights = rng.dirichlet(np.ones(m), k)
        if trial % 2:
            weights = np.round(weights, 1) + 1e-3
            weights /= weights.sum(axis=1, keepdims=True)
        values[:, :, 0] += rng.choice([0.0, 1e-11, 3e-11, 1e-7], size=(k, n))
        _check_rows(values, weights)
        _check_rows(values[0], weights)  # one problem shared by every weight vector


def test_tolerance_chains_follow_evaluate_not_transitivity():
    """a ~ b and b ~ c within 1e-9 but a and c apart: ranks are 1 + the number of
    options better by more than the tolerance, as in rank_with_ties."""
    t = np.array([[10.0, 10.0 + 0.6e-9, 10.0 + 1.2e-9, 5.0], [1.0, 1.0, 1.0, 1.0]])
    ranks, order = rank_totals(t)
    ref_ranks, ref_order = _reference(t)
    np.testing.assert_array_equal(ranks, ref_ranks)
    np.testing.assert_array_equal(order, ref_order)
    np.testing.assert_array_equal(ranks[0], [2, 1, 1, 4])
    np.testing.assert_array_equal(order_of(t), ref_order)
    np.testing.assert_array_equal(top_of(t), ref_order[:, 0])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 7),
    st.integers(1, 5),
    st.integers(1, 20),
    st.integers(0, 2**32 - 1),
)
def test_property_rank_many_is_evaluate(n, m, k, seed):
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((k, n, m)) * 100, 1)
    weights = rng.dirichlet(np.ones(m), k)
    _check_rows(values, weights)


def test_shapes_are_checked():
    with pytest.raises(ValueError):
        rank_many(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError):
        rank_many(np.zeros((4, 3, 2)), np.zeros((5, 2)))
    with pytest.raises(ValueError):
        rank_many(np.zeros((3, 2)), np.zeros((5, 3)))


def _problem():
    return make_problem(
        [[8, 2, 5, 4], [2, 8, 5, 6], [5, 5, 6, 5], [3, 3, 3, 3]],
        [0.4, 0.3, 0.2, 0.1],
        groups=["g1", "g1", "g2", "g2"],
    )


def _same(a, b) -> None:
    for f in ("values", "weighted", "totals", "ranks", "group_contributions", "group_weights"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f), err_msg=f)
    assert a.order == b.order and a.top == b.top and a.rows() == b.rows()
    np.testing.assert_array_equal(a.weights.values, b.weights.values)
    assert (a.weights.method, a.weights.criterion_ids) == (b.weights.method, b.weights.criterion_ids)


def test_evaluate_many_is_evaluate_to_the_bit():
    p = _problem()
    rng = np.random.default_rng(3)
    sets = [*rng.dirichlet(np.ones(4), 30), [0.4, 0.3, 0.2, 0.1], [1, 1, 1, 1]]
    ws = WeightSet(p.criterion_ids, np.array([0.25, 0.25, 0.25, 0.25]), "swing", {"x": 1})
    many = evaluate_many(p, [*sets, ws])
    assert len(many) == len(sets) + 1
    for w, res in zip([*sets, ws], many):
        _same(res, evaluate(p, w))
    assert many[-1].weights is ws
    # a (k, m) array of weights, and one problem per weight set (score edits)
    edited = p.with_scores({("o4", "c1"): 10.0})
    per = evaluate_many([p, edited], np.array([[0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1]]))
    _same(per[0], evaluate(p, [0.4, 0.3, 0.2, 0.1]))
    _same(per[1], evaluate(edited, [0.4, 0.3, 0.2, 0.1]))
    assert evaluate_many(p, []) == ()
    with pytest.raises(ValueError):
        evaluate_many([p], [[1, 1, 1, 1], [1, 1, 1, 1]])


def test_tie_tolerance_is_evaluates():
    assert TIE_TOLERANCE == 1e-9
