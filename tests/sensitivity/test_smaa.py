"""SMAA-2: answers worked by hand, reproducibility and the bookkeeping identities."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.errors import WeightError
from appraisal.mcda import evaluate
from appraisal.sensitivity import smaa
from appraisal.sensitivity.smaa import _ScoreSampler, draw_weights
from tests.factories import make_problem

MIRRORED = [[8, 2], [2, 8]]


def test_mirrored_two_by_two_is_half_and_half():
    """A = (80, 20), B = (20, 80). Under uniform weights w1 ~ U(0, 1) and A is first when
    w1 > 1/2: first-rank acceptability 1/2 each. 40,000 draws give a 95% half-width of
    1.96 * sqrt(0.25 / 40,000) = 0.0049; we allow 0.01.
    Central weights: E[w1 | w1 > 1/2] = 3/4, so A's central weight vector is (3/4, 1/4).
    """
    p = make_problem(MIRRORED, option_ids=["a", "b"])
    res = smaa(p, samples=40_000, seed=7, score_uncertainty="none")
    assert res.first_rank("a") == pytest.approx(0.5, abs=0.01)
    assert res.first_rank("b") == pytest.approx(0.5, abs=0.01)
    np.testing.assert_allclose(res.central_weights[0], [0.75, 0.25], atol=0.01)
    np.testing.assert_allclose(res.central_weights[1], [0.25, 0.75], atol=0.01)
    # no score uncertainty: at its own central weights each option is surely first
    np.testing.assert_array_equal(res.confidence, [1.0, 1.0])
    assert res.half_width[0, 0] == pytest.approx(1.959964 * 0.5 / 200, rel=0.05)


def test_mirrored_with_symmetric_score_uncertainty_still_half():
    p = make_problem(MIRRORED, low=[[7, 1], [1, 7]], high=[[9, 3], [3, 9]])
    for kind in ("triangular", "pert"):
        res = smaa(p, samples=20_000, seed=3, score_uncertainty=kind)
        assert res.rank_acceptability[0, 0] == pytest.approx(0.5, abs=0.015)
        assert 0.5 < res.confidence[0] <= 1.0


def _problem():
    return make_problem(
        [[8, 2, 5, 4], [2, 8, 5, 6], [5, 5, 6, 5], [3, 3, 3, 3]],
        [0.4, 0.3, 0.2, 0.1],
        low=[[7, 1, 4, 3], [1, 7, 4, 5], [4, 4, 5, 4], [2, 2, 2, 2]],
        high=[[9, 3, 6, 5], [3, 9, 6, 7], [6, 6, 7, 6], [4, 4, 4, 4]],
    )


@pytest.mark.parametrize("model", ["uniform", "ranking", "stated", "mixture"])
@pytest.mark.parametrize("scores", ["triangular", "pert", "none"])
def test_acceptabilities_sum_to_one_per_rank_and_per_option(model, scores):
    p = _problem()
    res = smaa(
        p,
        model=model,
        samples=3_000,
        seed=1,
        score_uncertainty=scores,
        stakeholder_weights=[[1, 1, 1, 1], [4, 3, 2, 1], [1, 2, 3, 4]],
    )
    acc = res.rank_acceptability
    assert acc.shape == (4, 4)
    np.testing.assert_allclose(acc.sum(axis=0), 1.0)
    np.testing.assert_allclose(acc.sum(axis=1), 1.0)
    assert np.all(acc >= 0)
    # central weights lie on the simplex; confidence is a share
    for i in range(4):
        if acc[i, 0] > 0:
            assert res.central_weights[i].sum() == pytest.approx(1.0)
            assert 0.0 <= res.confidence[i] <= 1.0
        else:
            assert np.all(np.isnan(res.central_weights[i])) and np.isnan(res.confidence[i])
    rows = res.rows()
    assert [r["option"] for r in rows] == list(p.option_ids)
    assert all(sum(r[f"rank_{k}"] for k in range(1, 5)) == pytest.approx(1.0) for r in rows)


def test_same_seed_same_result_and_other_seed_differs():
    p = _problem()
    a = smaa(p, samples=5_000, seed=11)
    b = smaa(p, samples=5_000, seed=11)
    c = smaa(p, samples=5_000, seed=12)
    np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
    np.testing.assert_array_equal(a.central_weights, b.central_weights)
    np.testing.assert_array_equal(a.confidence, b.confidence)
    assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)
    assert (a.seed, a.samples, a.model) == (11, 5_000, "uniform")


def test_stated_without_spread_reproduces_the_additive_ranking():
    """With weights (0.4, 0.3, 0.2, 0.1) options 1 and 3 tie at 52 (32 + 6 + 10 + 4 and
    20 + 15 + 12 + 5); the tie goes to the earlier option, as in ``evaluate``'s ranks."""
    p = _problem()
    base = evaluate(p)
    assert list(base.ranks) == [1, 3, 1, 4]
    res = smaa(p, model="stated", spread=0.0, samples=200, score_uncertainty="none")
    expected = np.zeros((4, 4))
    expected[[0, 2, 1, 3], [0, 1, 2, 3]] = 1.0
    np.testing.assert_array_equal(res.rank_acceptability, expected)


def test_identical_options_tie_broken_by_data_order():
    p = make_problem([[5, 5], [5, 5], [1, 1]], option_ids=["x", "y", "z"])
    res = smaa(p, samples=1_000, score_uncertainty="none")
    np.testing.assert_array_equal(res.rank_acceptability[:, 0], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(res.rank_acceptability[:, 1], [0.0, 1.0, 0.0])


def test_mixture_of_two_extreme_stakeholders():
    """Stakeholders (1, 0) and (0, 1) drawn with equal chance and no spread: A is first for
    the first, B for the second, so each has acceptability 1/2 and central weights exactly
    the stakeholder's weights."""
    p = make_problem(MIRRORED)
    res = smaa(p, model="mixture", stakeholder_weights=[[1, 0], [0, 1]], spread=0.0, samples=20_000)
    assert res.rank_acceptability[0, 0] == pytest.approx(0.5, abs=0.015)
    np.testing.assert_allclose(res.central_weights, [[1, 0], [0, 1]])


def test_ranking_model_respects_the_ranking_and_mixes_ties():
    rng, extra = np.random.default_rng(0), np.random.default_rng(1)
    tiers = np.array([2, 0, 1, 0])  # c2 and c4 tied first, then c3, then c1
    w = draw_weights("ranking", 5_000, 4, rng, extra, tiers=tiers)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert np.all(np.minimum(w[:, 1], w[:, 3]) >= w[:, 2])
    assert np.all(w[:, 2] >= w[:, 0])
    share = np.mean(w[:, 1] > w[:, 3])  # tied criteria: either can be larger
    assert share == pytest.approx(0.5, abs=0.03)
    strict = draw_weights("ranking", 1_000, 4, rng, extra, tiers=np.array([3, 0, 1, 2]))
    assert np.all(np.diff(strict[:, [1, 2, 3, 0]], axis=1) <= 0)


def test_ranking_from_ids_and_from_weights():
    p = _problem()
    by_ids = smaa(p, model="ranking", ranking=["c1", "c2", "c3", "c4"], samples=2_000, seed=5)
    by_weights = smaa(p, [0.4, 0.3, 0.2, 0.1], model="ranking", samples=2_000, seed=5)
    np.testing.assert_array_equal(by_ids.rank_acceptability, by_weights.rank_acceptability)
    with pytest.raises(WeightError):
        smaa(p, model="ranking", ranking=["c1", "c2", "nope", "c4"])
    with pytest.raises(WeightError):
        smaa(p, model="ranking", ranking=["c1", "c2", "c3"])


def test_stated_weights_stay_within_spread():
    rng = np.random.default_rng(0)
    stated = np.array([0.5, 0.3, 0.2])
    w = draw_weights("stated", 10_000, 3, rng, rng, stated=stated, spread=0.2)
    # after rescaling a weight can move at most by a factor (1.2 / 0.8) either way
    ratio = w / stated
    assert ratio.min() >= 0.8 / 1.2 - 1e-12 and ratio.max() <= 1.2 / 0.8 + 1e-12
    np.testing.assert_allclose(w.mean(axis=0), stated, atol=0.005)


@pytest.mark.parametrize("kind, mean", [("triangular", (2 + 5 + 9) / 3), ("pert", (2 + 4 * 5 + 9) / 6)])
def test_score_draws_have_the_right_range_and_mean(kind, mean):
    """Triangular(2, 5, 9) has mean (2 + 5 + 9)/3; PERT has mean (2 + 4*5 + 9)/6."""
    s = _ScoreSampler(kind, np.array([[2.0, 4.0]]), np.array([[5.0, 4.0]]), np.array([[9.0, 4.0]]))
    x = s.draw(np.random.default_rng(0), 200_000)
    assert x.shape == (200_000, 1, 2)
    assert x[..., 0].min() >= 2 and x[..., 0].max() <= 9
    assert x[..., 0].mean() == pytest.approx(mean, abs=0.02)
    np.testing.assert_array_equal(x[..., 1], 4.0)  # low == high: fixed
    if kind == "triangular":  # the mode: P(X < 5) = (5 - 2)/(9 - 2)
        assert np.mean(x[..., 0] < 5) == pytest.approx(3 / 7, abs=0.005)


def test_bad_arguments():
    p = _problem()
    with pytest.raises(ValueError):
        smaa(p, model="guess")
    with pytest.raises(ValueError):
        smaa(p, score_uncertainty="normal")
    with pytest.raises(ValueError):
        smaa(p, samples=0)
    with pytest.raises(ValueError):
        smaa(p, spread=1.0)
    with pytest.raises(ValueError):
        smaa(p, seed=-1)
    with pytest.raises(WeightError):
        smaa(p, model="mixture")
    with pytest.raises(WeightError):
        smaa(p, model="mixture", stakeholder_weights=[[1, 2]])


def test_uniform_ignores_stated_weights_and_result_is_read_only():
    p = _problem()
    a = smaa(p, [1, 1, 1, 1], samples=1_000)
    b = smaa(p, [9, 1, 1, 1], samples=1_000)
    np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
    with pytest.raises(ValueError):
        a.rank_acceptability[0, 0] = 1.0
