"""Benchmark SMAA-2 against bare-numpy baselines measured in the same run, and its memory.

1. Weights only: 100,000 weight draws for all seven regions against the least work any
   SMAA must do (``rng.dirichlet`` weight draws, one matrix product for the totals,
   ``argsort`` of the totals). The SMAA run does all of that plus rank acceptabilities,
   central weight vectors and confidence factors. Target: at most 1.5x and under 1 s.
2. Triangular score uncertainty at 6, 20 and 100 options (10,000 draws, uniform weights)
   against a same-output baseline: bare numpy doing the same maths from the same random
   streams with every draw in memory at once (weights, both passes' score draws, the
   totals, an argsort per draw, central weights from a one-hot product, the confidence
   pass under the central weights of the options ever first). The outputs are compared.
   Target: at most 1.2x at each size. The 20- and 100-option problems repeat the real
   options with their values moved by a seeded normal draw.
3. Memory: peak resident memory (``VmHWM``) of a fresh process running SMAA (the app's
   setting: stated weights +/-20%, triangular scores, the first region's options) at 1,000,000 draws
   against the same at 10,000 draws. Target: at most 1.3x (the draws are streamed;
   nothing of the order of the draws is kept).

Also reported: PERT scores, and 10,000 draws for one region with the app's live setting.
Timings are the best of ``--repeats`` runs, interleaved so background load hits both sides
alike. Exit status is 0 unless ``--strict`` is given and a target is missed.

    python benchmarks/bench_smaa.py [--samples 100000] [--repeats 5] [--memory-draws 1000000] [--strict]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from appraisal.data import load_dataset  # noqa: E402
from appraisal.mcda import TIE_TOLERANCE  # noqa: E402
from appraisal.sensitivity import smaa  # noqa: E402

TARGET_RATIO = 1.5
TARGET_SECONDS = 1.0
TARGET_SCORES_RATIO = 1.2
TARGET_MEMORY_RATIO = 1.3
BLOCK = 2048  # the score streams' block (appraisal.sensitivity.smaa.BLOCK)


def baseline(problems, n: int, seed: int) -> None:
    for p in problems:
        rng = np.random.default_rng(seed)
        w = rng.dirichlet(np.ones(len(p.criteria)), n)
        totals = w @ p.values.T
        np.argsort(-totals, axis=1)


def run_smaa(problems, n: int, seed: int, scores: str) -> None:
    for p in problems:
        smaa(p, model="uniform", samples=n, seed=seed, score_uncertainty=scores)


def bare_triangular(p, n: int, seed: int):
    """SMAA-2 with uniform weights and triangular scores, bare numpy, all in memory: the
    same random streams and arithmetic as ``appraisal.sensitivity.smaa``."""
    values, low, high = p.values, p.values_low, p.values_high
    n_opt, m = values.shape
    w_rng, s_rng, _x_rng, c_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
    w = w_rng.dirichlet(np.ones(m), n)
    up, down = high - values, values - low

    def draws(rng):
        x = np.empty((n, n_opt, m))
        for s in range(0, n, BLOCK):
            u = rng.random((2, min(BLOCK, n - s), n_opt, m))
            x[s : s + u.shape[1]] = (up * np.minimum(u[0], u[1]) + down * np.maximum(u[0], u[1])) + low
        return x

    x = draws(s_rng)
    order = np.argsort(-np.einsum("sik,sk->si", x, w), axis=1, kind="stable")
    first = order[:, 0]
    acc = np.bincount((order * n_opt + np.arange(n_opt)).ravel(), minlength=n_opt * n_opt)
    acc = acc.reshape(n_opt, n_opt)
    counts = acc[:, 0]
    sel = np.flatnonzero(counts)
    central = ((np.arange(n_opt)[:, None] == first).astype(float) @ w)[sel] / counts[sel, None]
    x = draws(c_rng)
    hits = np.zeros(sel.size, dtype=np.int64)
    for s in range(0, n, BLOCK):
        c = min(BLOCK, n - s)
        t = (central @ x[s : s + c].reshape(c * n_opt, m).T).reshape(sel.size, c, n_opt)
        win = np.argmax(t + TIE_TOLERANCE >= t.max(axis=2, keepdims=True), axis=2)
        hits += (win == sel[:, None]).sum(axis=1)
    conf = np.full(n_opt, np.nan)
    conf[sel] = hits / n
    cw = np.full((n_opt, m), np.nan)
    cw[sel] = central
    return acc / n, cw, conf


def synthetic(p, n_opt: int, seed: int = 0):
    """A problem of ``n_opt`` options: the real options repeated, values moved by a
    seeded normal draw (sd 8 points) and kept on 0-100, ranges of +/-6 points."""
    rng = np.random.default_rng(seed)
    reps = [i % len(p.options) for i in range(n_opt)]
    v = np.clip(p.values[reps] + rng.normal(0.0, 8.0, (n_opt, p.values.shape[1])), 0.0, 100.0)
    return replace(
        p,
        options=tuple(replace(p.options[r], id=f"{p.options[r].id}_{i}") for i, r in enumerate(reps)),
        scores=v,
        low=v,
        high=v,
        values=v,
        values_low=np.clip(v - 6.0, 0.0, 100.0),
        values_high=np.clip(v + 6.0, 0.0, 100.0),
        cells=tuple(p.cells[r] for r in reps),
    )


def best_of(fns: dict, repeats: int) -> dict[str, float]:
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, f in fns.items():
            t0 = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t0)
    return {k: min(v) for k, v in times.items()}


MEMORY_SCRIPT = """
import resource, sys
from appraisal.data import load_dataset
from appraisal.sensitivity import smaa


def status(field):
    # this process's own peak (VmHWM) and current (VmRSS) resident memory in kB; ru_maxrss
    # would also count the parent's pages from before exec
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


p = load_dataset().problems()[0]
smaa(p, p.default_weights, model="stated", samples=1000, seed=1)  # every import and cache in place
before = status("VmRSS")
smaa(p, p.default_weights, model="stated", spread=0.2, samples=int(sys.argv[1]), seed=1, score_uncertainty="triangular")
print(len(p.options), before, status("VmHWM"))
"""


def peak_rss_kb(draws: int) -> tuple[int, int, int]:
    """(options, resident memory before the SMAA call, peak resident memory) of a fresh
    process, kB."""
    res = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(draws)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    n_opt, before, peak = res.stdout.strip().splitlines()[-1].split()
    return int(n_opt), int(before), int(peak)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=100_000)
    ap.add_argument("--score-samples", type=int, default=10_000, help="draws for the triangular comparison")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--memory-draws", type=int, default=1_000_000, help="0 skips the memory measurement")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    ds = load_dataset()
    problems = ds.problems()
    n, seed = args.samples, args.seed
    n_opt, n_crit = problems[0].values.shape
    print(
        f"SMAA-2 benchmark: {len(problems)} regions x {n:,} draws, {n_opt} options x {n_crit} criteria; "
        f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPU(s)"
    )
    fns = {
        "baseline": lambda: baseline(problems, n, seed),
        "smaa_weights": lambda: run_smaa(problems, n, seed, "none"),
        "smaa_triangular": lambda: run_smaa(problems, n, seed, "triangular"),
    }
    for f in fns.values():  # warm-up (imports, caches)
        f()
    t = best_of(fns, args.repeats)
    # PERT (beta draws) is slow and only informative: best of two runs
    t.update(best_of({"smaa_pert": lambda: run_smaa(problems, n, seed, "pert")}, min(args.repeats, 2)))
    one = problems[0]
    # the app's live setting: the user's weights +/-20%, scores drawn triangular, 10,000 draws
    live = {"model": "stated", "spread": 0.2, "score_uncertainty": "triangular"}
    t_app = best_of({"app": lambda: smaa(one, samples=10_000, seed=seed, **live)}, max(args.repeats, 5))[
        "app"
    ]

    base = t["baseline"]
    ratio_w = t["smaa_weights"] / base
    print(f"baseline (dirichlet + matmul + argsort), all regions: {base * 1e3:8.1f} ms")
    print(f"SMAA weights only, all regions:                      {t['smaa_weights'] * 1e3:8.1f} ms")
    print(f"SMAA + triangular scores, all regions:               {t['smaa_triangular'] * 1e3:8.1f} ms")
    print(f"SMAA + PERT scores, all regions:                     {t['smaa_pert'] * 1e3:8.1f} ms")
    print(f"SMAA app live default (10,000 draws, stated +/-20%, triangular, 1 region): {t_app * 1e3:6.1f} ms")
    ok = ratio_w <= TARGET_RATIO and t["smaa_weights"] < TARGET_SECONDS
    print(
        f"RATIO smaa_weights/baseline = {ratio_w:.2f}x "
        f"(target <= {TARGET_RATIO}x and < {TARGET_SECONDS:.0f} s): {'PASS' if ok else 'MISS'}"
    )
    print(f"RATIO smaa_triangular/baseline = {t['smaa_triangular'] / base:.2f}x (reported, no target)")
    print(f"RATIO smaa_pert/baseline = {t['smaa_pert'] / base:.2f}x (reported, no target)")

    # 2. triangular scores against the same-output baseline, by number of options
    k = args.score_samples
    all_ok = ok
    for size in (6, 20, 100):
        p = one if size == n_opt else synthetic(one, size)
        lib = smaa(p, model="uniform", samples=k, seed=seed, score_uncertainty="triangular")
        acc, cw, conf = bare_triangular(p, k, seed)
        same = (
            np.array_equal(lib.rank_acceptability, acc)
            and np.allclose(lib.central_weights, cw, rtol=1e-12, atol=1e-15, equal_nan=True)
            and np.array_equal(lib.confidence, conf, equal_nan=True)
        )
        tt = best_of(
            {
                "bare": lambda p=p: bare_triangular(p, k, seed),
                "lib": lambda p=p: smaa(
                    p, model="uniform", samples=k, seed=seed, score_uncertainty="triangular"
                ),
            },
            args.repeats,
        )
        r = tt["lib"] / tt["bare"]
        winners = int(np.isfinite(lib.confidence).sum())
        ok_s = same and r <= TARGET_SCORES_RATIO
        all_ok = all_ok and ok_s
        print(
            f"  {size:3d} options ({winners} ever first), {k:,} draws, triangular: SMAA {tt['lib'] * 1e3:7.1f} ms, "
            f"bare numpy {tt['bare'] * 1e3:7.1f} ms; same output: {'yes' if same else 'NO'}"
        )
        print(
            f"RATIO smaa_triangular_{size}_options/same_output_numpy = {r:.2f}x "
            f"(target <= {TARGET_SCORES_RATIO}x): {'PASS' if ok_s else 'MISS'}"
        )

    # 3. memory: peak RSS of a fresh process, 1M draws against 10k draws
    if args.memory_draws:
        (n_mem, base_s, small), (_, base_l, large) = peak_rss_kb(10_000), peak_rss_kb(args.memory_draws)
        r = large / small
        ok_m = r <= TARGET_MEMORY_RATIO
        all_ok = all_ok and ok_m
        print(
            f"  peak RSS, stated +/-20% with triangular scores, {n_mem} options: 10,000 draws {small / 1024:.1f} MB "
            f"(+{(small - base_s) / 1024:.1f} MB over the process before the call), {args.memory_draws:,} draws "
            f"{large / 1024:.1f} MB (+{(large - base_l) / 1024:.1f} MB)"
        )
        print(
            f"RATIO peak_rss_{args.memory_draws // 1000}k/peak_rss_10k = {r:.2f}x "
            f"(target <= {TARGET_MEMORY_RATIO}x): {'PASS' if ok_m else 'MISS'}"
        )
    return 1 if (args.strict and not all_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
