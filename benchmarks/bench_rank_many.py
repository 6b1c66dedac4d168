"""Benchmark batch ranking: ``rank_many`` on 10,000 problems against vectorised numpy.

10,000 problems of the bundled data's shape (the first region's options x criteria;
seeded random values on 0-100 and weights on the simplex), each ranked with ``evaluate``'s rule (competition ranks with a 1e-9 tie
tolerance; best-first order by rank, then data order). Baseline, measured in the same
run: the same output in vectorised numpy written the direct way (``einsum`` totals, an
all-pairs comparison for the ranks, an ``argsort`` for the order). The outputs are
compared. Also reported: ``evaluate_many`` (one ``AdditiveResult`` per weight set, for
re-solves) and a Python loop of ``evaluate`` over the same weight sets on one problem.

Target: ``rank_many`` at most 2x the vectorised baseline.

    python benchmarks/bench_rank_many.py [--problems 10000] [--repeats 7] [--strict]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.data import load_dataset  # noqa: E402
from appraisal.mcda import TIE_TOLERANCE, evaluate, evaluate_many, rank_many  # noqa: E402

TARGET_RATIO = 2.0


def vectorised(values: np.ndarray, weights: np.ndarray):
    """evaluate's rule for every problem at once, in plain numpy."""
    n = values.shape[1]
    totals = np.einsum("kij,kj->ki", values, weights)
    ranks = 1 + (totals[:, None, :] > totals[:, :, None] + TIE_TOLERANCE).sum(axis=2)
    order = np.argsort(ranks * n + np.arange(n), axis=1)
    return totals, ranks, order


def best_of(fns: dict, repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, f in fns.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return {k: min(v) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args(argv)
    k = args.problems
    problem = load_dataset().problems()[0]
    n_opt, n_crit = problem.values.shape
    rng = np.random.default_rng(20260101)
    values = np.round(rng.random((k, n_opt, n_crit)) * 100, 1)
    weights = rng.dirichlet(np.ones(n_crit), k)

    fns = {"vectorised": lambda: vectorised(values, weights), "rank_many": lambda: rank_many(values, weights)}
    for f in fns.values():
        f()
    t = best_of(fns, args.repeats)
    totals, ranks, order = vectorised(values, weights)
    got = rank_many(values, weights)
    same = (
        np.array_equal(got.ranks, ranks)
        and np.array_equal(got.order, order)
        and np.allclose(got.totals, totals, rtol=0, atol=1e-12)
    )
    # re-solves: one region under many weight sets
    w_sets = rng.dirichlet(np.ones(len(problem.criteria)), k)
    t_many = best_of({"many": lambda: evaluate_many(problem, w_sets)}, max(1, args.repeats // 3))["many"]
    t0 = time.perf_counter()
    loop = [evaluate(problem, w) for w in w_sets]
    t_loop = time.perf_counter() - t0
    many = evaluate_many(problem, w_sets)
    same_many = all(a.order == b.order and np.array_equal(a.totals, b.totals) for a, b in zip(loop, many))

    ratio = t["rank_many"] / t["vectorised"]
    ok = same and ratio <= TARGET_RATIO
    print(
        f"batch ranking: {k:,} problems x {n_opt} options x {n_crit} criteria; numpy {np.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU(s); best of {args.repeats}"
    )
    print(f"  vectorised numpy (einsum + all-pairs ranks + argsort): {t['vectorised'] * 1e3:8.2f} ms")
    print(f"  rank_many:                                           {t['rank_many'] * 1e3:8.2f} ms")
    print(f"  same ranks and order: {'yes' if same else 'NO'}")
    print(
        f"  re-solves on one region, {k:,} weight sets: evaluate_many {t_many * 1e3:.0f} ms, "
        f"evaluate in a loop {t_loop * 1e3:.0f} ms (same results: {'yes' if same_many else 'NO'})"
    )
    print(
        f"RATIO rank_many/vectorised_numpy = {ratio:.2f}x (target <= {TARGET_RATIO}x): {'PASS' if ok else 'MISS'}"
    )
    print(f"RATIO evaluate_many/evaluate_loop = {t_many / t_loop:.2f}x (reported, no target)")
    if not (same and same_many):
        return 1
    return 1 if (args.strict and not ok) else 0


if __name__ == "__main__":
    sys.exit(main())
