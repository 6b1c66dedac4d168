"""Memory, not time: SMAA's peak allocation is bounded by its pieces, whatever the number
of draws or options (traced numpy allocations; no clock is read)."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.sensitivity import smaa
from appraisal.sensitivity.smaa import BLOCK, PIECE_CELLS


def _peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def problem():
    return load_dataset().problems()[0]


@pytest.mark.parametrize("scores", ["triangular", "none"])
def test_peak_does_not_grow_with_draws(problem, scores):
    small = _peak(lambda: smaa(problem, model="stated", samples=10_000, seed=1, score_uncertainty=scores))
    large = _peak(lambda: smaa(problem, model="stated", samples=200_000, seed=1, score_uncertainty=scores))
    # 20 times the draws: the same blocks, a little more bookkeeping
    assert large < 1.3 * small + 2**20, (small, large)
    n_opt, m = problem.values.shape
    bound = 16 * 8 * max(BLOCK * n_opt * m, PIECE_CELLS) + 4 * 2**20
    assert large < bound, (large, bound)


def test_peak_is_bounded_with_many_options(problem):
    """100 options: a block of triangular draws would be 2 x 2,048 x 100 x 14 doubles
    (46 MB); pieces keep every array within PIECE_CELLS numbers."""
    from dataclasses import replace

    rng = np.random.default_rng(0)
    n = 100
    reps = [i % len(problem.options) for i in range(n)]
    values = np.clip(problem.values[reps] + rng.normal(0, 8, (n, problem.values.shape[1])), 0, 100)
    big = replace(
        problem,
        options=tuple(replace(problem.options[r], id=f"o{i}") for i, r in enumerate(reps)),
        scores=values,
        low=values,
        high=values,
        values=values,
        values_low=np.clip(values - 5, 0, 100),
        values_high=np.clip(values + 5, 0, 100),
        cells=tuple(problem.cells[r] for r in reps),
    )
    peak = _peak(lambda: smaa(big, samples=5_000, seed=2))
    assert peak < 40 * 2**20, peak
