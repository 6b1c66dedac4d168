"""Several formats of one report at once, each in a forked worker process.

The four renderers share nothing but the (frozen) report, so on a machine with more than
one core they need not wait for each other: the report is handed to the workers by
``fork`` (inherited, not pickled: :func:`appraisal.workers.fork_map`) and each sends its
bytes back. The bytes are those :func:`appraisal.report.render` gives in this process;
with one worker, or where ``fork`` is not available, the formats are rendered here one
after another. For the CLI and the benchmark: a process that runs threads (the
Streamlit server) must not fork.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from appraisal.report import render
from appraisal.report.structure import Report
from appraisal.workers import fork_map

#: Rough relative cost of each format (``benchmarks/bench_report.py``): the dearest is
#: started first, so the others fill the second worker meanwhile.
COST: dict[str, float] = {"pdf": 4.0, "xlsx": 2.0, "html": 1.0, "docx": 1.0}

_REPORT: Report | None = None  # the report the forked workers render (set while they run)


def _timed(report: Report, fmt: str) -> tuple[bytes, float]:
    t = time.perf_counter()
    data = render(report, fmt)
    return data, time.perf_counter() - t


def _in_worker(fmt: str) -> tuple[bytes, float]:
    assert _REPORT is not None, "render_all's worker started without its report"
    return _timed(_REPORT, fmt)


def render_all(
    report: Report, formats: Sequence[str], workers: int = 1, *, seconds: dict[str, float] | None = None
) -> dict[str, bytes]:
    """``{format: bytes}`` for each of ``formats`` (in their order, repeats dropped),
    rendered by up to ``workers`` forked processes. ``seconds``, when given, receives
    each format's rendering time (measured where it was rendered)."""
    global _REPORT
    fmts = list(dict.fromkeys(formats))
    order = sorted(fmts, key=lambda f: -COST.get(f, 1.0))
    _REPORT = report
    try:
        got = dict(zip(order, fork_map(_in_worker, order, workers)))
    finally:
        _REPORT = None
    if seconds is not None:
        seconds.update({f: got[f][1] for f in fmts})
    return {f: got[f][0] for f in fmts}
