"""Run every benchmark (``benchmarks/bench_*.py``) one after another and summarise.

Each script prints its own figures and, for each target, one line ``RATIO ...`` or
``TIME ...`` ending in ``PASS`` or ``MISS``; this runner prints every script's output as
it comes, then the verdict lines of all of them together (and, for a script that words
its verdict otherwise, its lines naming the target). A missed target is reported, not a
failure (timings depend on the machine and its load); the exit status is 1 only when a
script fails to run or reports wrong results (its own exit status).

    python benchmarks/run_all.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _verdicts(out: str) -> list[str]:
    lines = [ln.strip() for ln in out.splitlines()]
    marked = [ln for ln in lines if ln.endswith(("PASS", "MISS"))]
    return marked or [ln for ln in lines if "target" in ln.lower() or "ratio" in ln.lower()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None, help="script names (e.g. bench_cli) to run")
    args = ap.parse_args(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem in args.only or s.name in args.only]
    failed = []
    summary: list[tuple[str, int, float, list[str]]] = []
    # one BLAS thread unless told otherwise: the benchmarks' matrix products are small, and
    # on a shared 2-core machine BLAS threads cost more than they save (both sides alike)
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    for script in scripts:
        print(f"== {script.relative_to(ROOT)}", flush=True)
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, env=env)
        dt = time.perf_counter() - t0
        sys.stdout.write(res.stdout)
        if res.returncode != 0:
            sys.stdout.write(res.stderr[-4000:])
            failed.append(script.name)
        summary.append((script.name, res.returncode, dt, _verdicts(res.stdout)))
        sys.stdout.flush()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"\n== summary ({len(scripts)} benchmarks; load average now {load})")
    verdicts = [ln for _n, _c, _d, lines in summary for ln in lines]
    for name, code, dt, lines in summary:
        status = "ran" if code == 0 else f"FAILED (exit {code})"
        print(f"{name}: {status} in {dt:.0f} s")
        for line in lines:
            print(f"    {line}")
    passed = sum(ln.endswith("PASS") for ln in verdicts)
    missed = sum(ln.endswith("MISS") for ln in verdicts)
    print(
        f"targets: {passed} PASS, {missed} MISS" + (f"; failed to run: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
