"""Benchmark the appraisal report: all seven regions, all four formats (DOCX, PDF, XLSX, HTML).

Times what ``python -m appraisal report --region all --format docx,pdf,xlsx,html`` does
after start-up: one appraisal run (``run``: MCDA, robustness with 10,000 SMAA draws per
region, economics with a 10,000-draw Monte Carlo per region), ``build_report`` (every
static figure, drawn once and shared by DOCX and PDF) and the four renderers (side by side
in forked workers, as the CLI renders them: ``report.parallel.render_all``). Results
and figures are computed again on every repeat (the run's memo and the figure cache are
cleared). Prints the time of each step, the total, CPU time (this process and its figure
workers) and the machine's load, since other work on a shared machine slows every step.

Baseline, measured in the same run: the same figures drawn the way the report drew them
before (matplotlib's stock artists, a ``Rectangle`` a bar and a ``Tick`` a tick, on a
stock ``FigureCanvasAgg``, saved by ``Figure.savefig``: glyph-by-glyph text, Pillow's
PNG encoder), one after another in this process, beside the report's own drawing of
them in one process (the figure step without workers). Also shown: building the same
report again, which draws nothing (every figure comes from the cache), the CPU time of
each step, and the report after the run (build and formats, without the appraisal).

Also timed: the full business case (``--variant full``: the Five Case Model, the impact
assessment, the appraisal as its evidence and the provenance annex), the same way from a
cold run, and the two-page executive summary (``--variant summary``).

Run: ``.venv/bin/python benchmarks/bench_report.py [--repeats 2] [--strict]`` (or ``make
bench``). Targets: the technical report (run, figures and all four formats) at most 6 s
(issue 17); the full business case, all four formats, seven regions, at most 20 s (issue 14).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import io  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402

from appraisal.charts import static_render as R  # noqa: E402
from appraisal.data import load_dataset  # noqa: E402
from appraisal.inputs import AppraisalInputs  # noqa: E402
from appraisal.report import FORMATS, build_report, render  # noqa: E402
from appraisal.report import build as _build  # noqa: E402
from appraisal.report.figures import render_png  # noqa: E402
from appraisal.report.parallel import render_all  # noqa: E402
from appraisal.run import clear_cache, run  # noqa: E402
from appraisal.workers import default_workers  # noqa: E402

TARGET_S = 6.0
TARGET_FULL_S = 20.0
REPORT_DATE = date(2026, 11, 22)


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def stock_png(spec, width_in: float, height_in: float, lang: str) -> bytes:
    """The figure as the report drew it before: matplotlib's stock artists (``barh``,
    ``set_yticks``: ``R.stock_artists``) on its stock Agg canvas, saved by
    ``Figure.savefig`` (Pillow PNG, compression level 4)."""
    with matplotlib.rc_context(R._RC), R.stock_artists():
        fig = MplFigure(figsize=(width_in, height_in), dpi=R.DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        R._margins(fig, spec, width_in, height_in, 0.15)
        R._DRAW[spec.kind](ax, spec, lang)
        R._ticks(ax, spec, lang)
        ax.tick_params(colors="#222222")
        if spec.x_title:
            ax.set_xlabel(R._wrap(spec.x_title, R._title_width(spec, width_in)))
        if spec.y_title:
            ax.set_ylabel(R._wrap(spec.y_title, R._y_title_width(spec, height_in)))
        buf = io.BytesIO()
        fig.savefig(
            buf,
            format="png",
            dpi=R.DPI,
            metadata={"Software": None},
            facecolor="white",
            pil_kwargs={"compress_level": 4},
        )
    return buf.getvalue()


#: Seconds ``build_report`` spent drawing figures (its ``_render_figures`` step), by call.
_FIGURE_STEP: list[float] = []
_render_figures = _build._render_figures


def _timed_render_figures(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    t = time.perf_counter()
    try:
        return _render_figures(*args, **kwargs)
    finally:
        _FIGURE_STEP.append(time.perf_counter() - t)


_build._render_figures = _timed_render_figures  # timing only: the same function is called


def one_run(ds, workers: int, variant: str = "technical") -> dict[str, float]:
    render_png.cache_clear()
    clear_cache()
    times: dict[str, float] = {}
    c = _cpu()
    t0 = time.perf_counter()
    results = run(ds, AppraisalInputs()).complete()
    times["run"] = time.perf_counter() - t0
    times["cpu_run"], c = _cpu() - c, _cpu()
    t = time.perf_counter()
    _FIGURE_STEP.clear()
    report = build_report(results, regions="all", report_date=REPORT_DATE, workers=workers, variant=variant)
    times["build"] = time.perf_counter() - t
    times["figures"] = sum(_FIGURE_STEP)
    times["cpu_build"], c = _cpu() - c, _cpu()  # with the figure workers' CPU
    t = time.perf_counter()
    seconds: dict[str, float] = {}
    sizes = {fmt: len(data) for fmt, data in render_all(report, FORMATS, workers, seconds=seconds).items()}
    times["formats"] = time.perf_counter() - t
    times["cpu_formats"], c = _cpu() - c, _cpu()  # with the format workers' CPU
    times.update(seconds)  # each format's own time, where it was rendered
    times["total"] = time.perf_counter() - t0
    t = time.perf_counter()
    again = build_report(results, regions="all", report_date=REPORT_DATE, workers=workers, variant=variant)
    times["_rebuild"] = time.perf_counter() - t
    assert again == report  # the same report, every figure from the cache
    times["_figures"] = len(report.figures())
    times["_tables"] = len(report.tables())
    times.update({f"_size_{k}": v for k, v in sizes.items()})
    times["_report"] = report  # type: ignore[assignment]
    return times


def figure_baseline(report, repeats: int) -> tuple[float, float]:
    """(stock drawing, the report's drawing), both serial in this process, best of ``repeats``."""
    jobs = [(f.chart, f.width_in, f.height_in, report.lang) for f in report.figures()]
    stock, ours = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        for spec, w, h, lang in jobs:
            stock_png(spec, w, h, lang)
        stock.append(time.perf_counter() - t)
        render_png.cache_clear()
        t = time.perf_counter()
        R.render_many(jobs, workers=1)
        ours.append(time.perf_counter() - t)
    return min(stock), min(ours)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args(argv)
    workers = default_workers()
    ds = load_dataset()
    # warm-up: imports (scipy, matplotlib, fpdf2, python-docx, openpyxl, plotly.js) and caches
    warm = build_report(run(ds, AppraisalInputs(draws=200)), regions=["powys"], report_date=REPORT_DATE)
    for fmt in FORMATS:
        render(warm, fmt)
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, figure workers {workers}")
    print(f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    runs = []
    for k in range(args.repeats):
        c0 = _cpu()
        r = one_run(ds, workers)
        r["cpu"] = _cpu() - c0
        runs.append(r)
        steps = "  ".join(f"{s} {r[s]:.2f}s" for s in ("run", "build", "formats"))
        each = ", ".join(f"{f} {r[f]:.2f}s" for f in FORMATS)
        print(f"run {k + 1}: {steps} ({each}, side by side)  | total {r['total']:.2f}s (CPU {r['cpu']:.2f}s)")
    best = min(runs, key=lambda r: r["total"])
    print(
        f"report: 7 regions, {best['_figures']:.0f} figures, {best['_tables']:.0f} tables; "
        + ", ".join(f"{f} {best['_size_' + f] / 1e6:.1f} MB" for f in FORMATS)
    )
    split = ", ".join(f"{f} {best[f]:.2f} s" for f in FORMATS)
    print(
        f"per format (best run, each in its worker): {split}, the four side by side {best['formats']:.2f} s; "
        f"run {best['run']:.2f} s, build with figures {best['build']:.2f} s "
        f"(laying the sections out {best['build'] - best['figures']:.2f} s, drawing the figures "
        f"{best['figures']:.2f} s)"
    )
    cpu = ", ".join(f"{s} {best['cpu_' + s]:.2f} s" for s in ("run", "build", "formats"))
    print(f"CPU of each step (best run; build and formats count their workers): {cpu}")
    after = best["total"] - best["run"]
    print(f"the report after the run (build with figures and the four formats): {after:.2f} s")
    print(f"the same report built again (figures cached): {best['_rebuild']:.3f} s")
    stock, ours = figure_baseline(best["_report"], args.repeats)
    n = best["_figures"]
    print(
        f"figures, one process: stock matplotlib {stock:.2f} s ({1e3 * stock / n:.0f} ms a figure), "
        f"this renderer {ours:.2f} s ({1e3 * ours / n:.0f} ms a figure)"
    )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"RATIO figures_serial/stock_matplotlib = {ours / stock:.2f}x (reported, no target)")
    print(f"TIME report_after_run = {after:.2f} s (reported, no target)")
    ok = best["total"] <= TARGET_S
    print(
        f"TIME report_all_formats_7_regions = {best['total']:.2f} s (target <= {TARGET_S:.0f} s): "
        f"{'PASS' if ok else 'MISS'}"
    )
    full = min((one_run(ds, workers, "full") for _ in range(args.repeats)), key=lambda r: r["total"])
    steps = "  ".join(f"{s} {full[s]:.2f}s" for s in ("run", "build", "formats"))
    print(f"full business case (best of {args.repeats}): {steps}; {full['_tables']:.0f} tables")
    ok_full = full["total"] <= TARGET_FULL_S
    print(
        f"TIME report_full_variant_7_regions = {full['total']:.2f} s (target <= {TARGET_FULL_S:.0f} s): "
        f"{'PASS' if ok_full else 'MISS'}"
    )
    summ = one_run(ds, workers, "summary")
    print(f"TIME report_summary_variant_7_regions = {summ['total']:.2f} s (reported, no target)")
    return 1 if (args.strict and not (ok and ok_full)) else 0


if __name__ == "__main__":
    sys.exit(main())
