"""Benchmark the appraisal report: all seven regions, all four formats (DOCX, PDF, XLSX, HTML).

Times what ``python -m appraisal report --region all --format docx,pdf,xlsx,html`` does
after start-up: one appraisal run (``run``: MCDA, robustness with 10,000 SMAA draws per
region, economics with a 10,000-draw Monte Carlo per region), ``build_report`` (every
static figure) and the four renderers. Results and figures are computed again on every
repeat (the run's memo and the PNG cache are cleared). Prints the
time of each step, the total, CPU time (this process and its figure workers) and the
machine's load, since other work on a shared machine slows every figure.

Run: ``.venv/bin/python benchmarks/bench_report.py`` (or ``make bench``). Target: total
under 20 s on the project machine.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.data import load_dataset  # noqa: E402
from appraisal.inputs import AppraisalInputs  # noqa: E402
from appraisal.report import FORMATS, build_report, render  # noqa: E402
from appraisal.report.figures import render_png  # noqa: E402
from appraisal.run import clear_cache, run  # noqa: E402

TARGET_S = 20.0
REPEATS = 2
REPORT_DATE = date(2026, 11, 22)


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def one_run(ds, workers: int) -> dict[str, float]:
    render_png.cache_clear()
    clear_cache()
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    results = run(ds, AppraisalInputs()).complete()
    times["run"] = time.perf_counter() - t0
    t = time.perf_counter()
    report = build_report(results, regions="all", report_date=REPORT_DATE, workers=workers)
    times["build"] = time.perf_counter() - t
    sizes = {}
    for fmt in FORMATS:
        t = time.perf_counter()
        sizes[fmt] = len(render(report, fmt))
        times[fmt] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["_figures"] = len(report.figures())
    times["_tables"] = len(report.tables())
    times.update({f"_size_{k}": v for k, v in sizes.items()})
    return times


def main() -> int:
    workers = min(4, os.cpu_count() or 1)
    ds = load_dataset()
    # warm-up: imports (pymcdm, scipy, matplotlib, plotly.js) and the dataset's caches
    build_report(
        run(ds, AppraisalInputs(draws=200)), regions=["powys"], report_date=REPORT_DATE, static_figures=False
    )
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, figure workers {workers}")
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs = []
    for k in range(REPEATS):
        c0 = _cpu()
        r = one_run(ds, workers)
        r["cpu"] = _cpu() - c0
        runs.append(r)
        steps = "  ".join(f"{s} {r[s]:.2f}s" for s in ("run", "build", *FORMATS))
        print(f"run {k + 1}: {steps}  | total {r['total']:.2f}s (CPU {r['cpu']:.2f}s)")
    best = min(runs, key=lambda r: r["total"])
    print(
        f"report: 7 regions, {best['_figures']:.0f} figures, {best['_tables']:.0f} tables; "
        + ", ".join(f"{f} {best['_size_' + f] / 1e6:.1f} MB" for f in FORMATS)
    )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    verdict = "OK" if best["total"] < TARGET_S else "SLOWER THAN TARGET"
    print(
        f"all four formats, all seven regions: {best['total']:.2f} s (target < {TARGET_S:.0f} s): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
