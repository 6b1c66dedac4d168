"""The other MCDA methods and Kendall's tau, computed in numpy, give exactly what
pymcdm (WPM, TOPSIS, PROMETHEE II) and scipy.stats.kendalltau give."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.sensitivity import methods as M

ROOT = Path(__file__).resolve().parents[2]


def _pymcdm(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    from pymcdm.methods import PROMETHEE_II, TOPSIS, WPM

    m = values.shape[1]
    types = np.ones(m)
    wpm = WPM(normalization_function=lambda col, cost: (col + M.WPM_OFFSET) / (M.VALUE_MAX + M.WPM_OFFSET))
    topsis = TOPSIS(normalization_function=lambda col, cost: col / M.VALUE_MAX)
    prom = PROMETHEE_II("vshape_2", p=[M.PROMETHEE_P] * m, q=[M.PROMETHEE_Q] * m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(invalid="ignore", divide="ignore"):
            a = wpm(values, weights, types, validation=False)
            b = topsis(values, weights, types, validation=False)
            c = prom(values, weights, types, validation=False)
    return np.vstack([values @ weights, a, np.where(np.isfinite(b), b, 0.5), c])


def _cases():
    rng = np.random.default_rng(1)
    out = [(p.values, p.default_weights) for p in load_dataset().problems()]
    for _ in range(80):
        n, m = int(rng.integers(2, 9)), int(rng.integers(1, 8))
        v = rng.integers(0, 11, size=(n, m)) * 10.0 if rng.random() < 0.5 else rng.random((n, m)) * 100
        out.append((v, rng.dirichlet(np.ones(m))))
    out.append((np.full((4, 3), 50.0), np.ones(3) / 3))  # every option the same: TOPSIS 0/0
    return out


def test_scores_equal_pymcdm_bit_for_bit():
    for values, weights in _cases():
        np.testing.assert_array_equal(M.method_scores(values, weights), _pymcdm(values, weights))


def test_kendall_tau_b_equals_scipy():
    from scipy.stats import kendalltau

    rng = np.random.default_rng(2)
    for _ in range(500):
        n = int(rng.integers(1, 9))
        x, y = rng.integers(0, 4, n), rng.integers(0, 4, n)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ref = kendalltau(x, y).statistic
        mine = M.kendall_tau_b(x, y)
        assert (np.isnan(ref) and np.isnan(mine)) or ref == mine, (x, y, ref, mine)
    assert M.kendall_tau_b([1, 2, 3], [1, 2, 3]) == 1.0
    assert M.kendall_tau_b([1, 2, 3], [3, 2, 1]) == -1.0


@pytest.mark.slow
def test_compare_methods_imports_neither_pymcdm_nor_scipy_stats():
    code = (
        "import sys\n"
        "from appraisal.data import load_dataset\n"
        "from appraisal.sensitivity import compare_methods\n"
        "compare_methods(load_dataset().problems()[0])\n"
        "print(any(m.startswith(('pymcdm', 'scipy.stats', 'matplotlib.pyplot')) for m in sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "False"
