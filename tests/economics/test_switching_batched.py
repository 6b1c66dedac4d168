"""Switching values refined in one batch (issue 17: the switching table called the kernel
~235 times a region, one Brent search a bracket; now every bracket of the region is
refined together by the Illinois method, one kernel call an iteration).

The batched search must find what the scalar one (``solve``: grid, then ``brentq``)
finds: checked on functions whose roots are known in closed form, and on every
switching value of the bundled data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.economics import switching as S
from appraisal.economics.appraise import prepare_run
from appraisal.run import base_assumptions


def _vectorised(fns):
    """``F(x, k)`` for refine_many from one scalar function per bracket."""
    return lambda x, k: np.array([fns[j](xi) for xi, j in zip(x, k)])


def test_known_roots_in_one_batch() -> None:
    fns = [
        lambda x: x * x - 2.0,  # sqrt(2)
        lambda x: math.exp(x) - 3.0,  # ln 3
        lambda x: math.cos(x),  # pi/2
        lambda x: (x - 0.3) ** 3,  # a triple root: regula falsi alone stalls here
        lambda x: 1e9 * (x - 7.25),  # steep and linear: one step
    ]
    a = np.array([1.0, 0.0, 1.0, 0.0, 0.0])
    b = np.array([2.0, 2.0, 2.0, 1.0, 1e3])
    fa = np.array([f(x) for f, x in zip(fns, a)])
    fb = np.array([f(x) for f, x in zip(fns, b)])
    roots = S.refine_many(_vectorised(fns), a, b, fa, fb)
    want = [math.sqrt(2.0), math.log(3.0), math.pi / 2, 0.3, 7.25]
    for got, exp in zip(roots, want):
        assert got == pytest.approx(exp, abs=1e-11, rel=1e-12)


def test_an_exact_zero_at_an_end_is_returned_as_it_is() -> None:
    f = lambda x: x - 1.0  # noqa: E731
    roots = S.refine_many(_vectorised([f, f]), [1.0, 0.0], [2.0, 1.0], [0.0, -1.0], [1.0, 0.0])
    assert roots.tolist() == [1.0, 1.0]


def test_nothing_to_refine() -> None:
    assert S.refine_many(lambda x, k: x, [], [], [], []).size == 0


def test_the_batched_table_matches_the_scalar_search_in_every_region() -> None:
    ds = load_dataset()
    a = base_assumptions(ds)[0]
    found = 0
    for rid in ds.region_ids:
        res = S.switching_values(ds, a, rid)
        run = prepare_run(ds, a, rid)
        for row in res.table:
            i = run.option_ids.index(row.option)
            rows = run.layout.domain_rows if row.assumption == "value_per_child" else None
            p = a.param(row.param_id) if rows is None else None
            cur = 1.0 if rows is not None else p.value
            scale = row.current if rows is not None else row.current / p.value
            lo, hi = S.SEARCH[row.assumption]
            ref = S.solve(S._npsv_fn(run, row.param_id, row.mode, i, rows), lo, hi, cur)
            if ref is None:
                assert row.switching is None, (rid, row)
                continue
            found += 1
            assert row.switching / scale == pytest.approx(ref, rel=1e-9, abs=1e-12), (rid, row)
    assert found > 50  # most assumptions do switch some option's verdict in their range


def test_the_same_inputs_give_the_same_table() -> None:
    ds = load_dataset()
    a = base_assumptions(ds)[0]
    assert S.switching_values(ds, a, "gwent") == S.switching_values(ds, a, "gwent")
