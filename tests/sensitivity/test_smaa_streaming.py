"""SMAA-2 streams its draws: the results do not depend on how the blocks are cut, equal a
plain in-memory computation of the same draws, and the confidence pass ranks the options
only under the central weights of options that were ever first."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.mcda import TIE_TOLERANCE
from appraisal.sensitivity import smaa
from appraisal.sensitivity.smaa import BLOCK, _ScoreSampler, draw_weights
from tests.factories import make_problem

S = sys.modules["appraisal.sensitivity.smaa"]  # the module (the package exports the function)


def _problem():
    return make_problem(
        [[8, 2, 5, 4], [2, 8, 5, 6], [5, 5, 6, 5], [3, 3, 3, 3]],
        [0.4, 0.3, 0.2, 0.1],
        low=[[7, 1, 4, 3], [1, 7, 4, 5], [4, 4, 5, 4], [2, 2, 2, 2]],
        high=[[9, 3, 6, 5], [3, 9, 6, 7], [6, 6, 7, 6], [4, 4, 4, 4]],
    )


def _reference(problem, n: int, seed: int, model: str, scores: str, **kw):
    """The same maths with every draw in memory (score draws made BLOCK at a time, the
    layout of the random streams), ranked by argsort (no near ties in continuous draws)."""
    values = problem.values
    n_opt, m = values.shape
    w_rng, s_rng, x_rng, c_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
    stated = np.array(problem.default_weights)
    w = draw_weights(model, n, m, w_rng, x_rng, stated=stated, spread=kw.get("spread", 0.2))
    sampler = _ScoreSampler(scores, problem.values_low, problem.values, problem.values_high)

    def all_draws(rng):
        return np.concatenate([sampler.draw(rng, min(BLOCK, n - s)) for s in range(0, n, BLOCK)])

    x = all_draws(s_rng)
    totals = np.einsum("sik,sk->si", x, w)
    order = np.argsort(-totals, axis=1, kind="stable")
    acc = np.zeros((n_opt, n_opt))
    np.add.at(acc, (order, np.broadcast_to(np.arange(n_opt), order.shape)), 1.0)
    first = order[:, 0]
    counts = np.bincount(first, minlength=n_opt)
    central = np.full((n_opt, m), np.nan)
    conf = np.full(n_opt, np.nan)
    x2 = all_draws(c_rng)
    for i in np.flatnonzero(counts):
        central[i] = w[first == i].sum(axis=0) / counts[i]
        t = x2 @ central[i]
        best = t.max(axis=1, keepdims=True)
        conf[i] = np.mean(np.argmax(t + TIE_TOLERANCE >= best, axis=1) == i)
    return acc / n, central, conf


@pytest.mark.parametrize("scores", ["triangular", "pert"])
@pytest.mark.parametrize("model", ["uniform", "stated"])
def test_streaming_equals_all_in_memory(model, scores):
    p = _problem()
    n = 2 * BLOCK + 77  # three blocks, the last a part block
    res = smaa(p, model=model, samples=n, seed=9, score_uncertainty=scores)
    acc, central, conf = _reference(p, n, 9, model, scores)
    np.testing.assert_allclose(res.rank_acceptability, acc, rtol=0, atol=1e-15)
    np.testing.assert_allclose(res.central_weights, central, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(res.confidence, conf, rtol=0, atol=1e-15)


@pytest.mark.parametrize("scores", ["triangular", "pert", "none"])
@pytest.mark.parametrize("model", ["uniform", "ranking", "stated", "mixture"])
def test_results_do_not_depend_on_the_piece_size(monkeypatch, model, scores):
    p = _problem()
    kw = {"stakeholder_weights": [[1, 1, 1, 1], [4, 3, 2, 1]]} if model == "mixture" else {}
    whole = smaa(p, model=model, samples=5_000, seed=4, score_uncertainty=scores, **kw)
    monkeypatch.setattr(S, "PIECE_CELLS", 37)  # pieces of a couple of draws
    cut = smaa(p, model=model, samples=5_000, seed=4, score_uncertainty=scores, **kw)
    np.testing.assert_array_equal(whole.rank_acceptability, cut.rank_acceptability)
    np.testing.assert_allclose(whole.central_weights, cut.central_weights, rtol=1e-13)
    np.testing.assert_array_equal(whole.confidence, cut.confidence)


def test_confidence_ranks_only_under_central_weights_of_winners(monkeypatch):
    """Ten options of which only two can ever be first: the confidence pass evaluates two
    weight sets, not ten, so its work grows with the options, not their square."""
    rows = [[9, 1, 5], [1, 9, 5]] + [[1, 1, 1]] * 8
    p = make_problem(
        rows, low=[[r - 0.5 for r in row] for row in rows], high=[[r + 0.5 for r in row] for row in rows]
    )
    seen = []
    real = S.top_of

    def spy(t, tol=TIE_TOLERANCE):
        if t.ndim == 3:
            seen.append(t.shape)
        return real(t, tol)

    monkeypatch.setattr(S, "top_of", spy)
    res = smaa(p, samples=3_000, seed=1)
    assert seen and all(shape[0] == 2 and shape[2] == 10 for shape in seen)
    assert sum(shape[1] for shape in seen) == 3_000
    assert np.isnan(res.confidence[2:]).all() and (res.confidence[:2] > 0.9).all()


def test_pieces_reproduce_whole_blocks():
    """A block cut into pieces gives the numbers draw() gives for the whole block."""
    p = load_dataset().problems()[0]
    s = _ScoreSampler("triangular", p.values_low, p.values, p.values_high)
    whole = np.concatenate([s.draw(np.random.default_rng(2), BLOCK), s.draw(np.random.default_rng(3), 5)])
    rng_a, rng_b = np.random.default_rng(2), np.random.default_rng(3)
    pieces = [x for _s, x in s.pieces(rng_a, BLOCK, 300)] + [x for _s, x in s.pieces(rng_b, 5, 2)]
    np.testing.assert_array_equal(np.concatenate(pieces), whole)
    after = np.random.default_rng(2)
    s.draw(after, BLOCK)
    assert rng_a.random() == after.random()  # the stream continues where the block ends


def test_real_data_acceptabilities_sum_and_are_reproducible():
    ds = load_dataset()
    for prob in ds.problems()[:2]:
        a = smaa(prob, prob.default_weights, model="stated", samples=4_000, seed=20260101)
        b = smaa(prob, prob.default_weights, model="stated", samples=4_000, seed=20260101)
        np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
        np.testing.assert_array_equal(a.confidence, b.confidence)
        np.testing.assert_allclose(a.rank_acceptability.sum(axis=0), 1.0)
