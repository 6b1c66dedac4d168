"""How long the app takes to respond when a weight moves (server side).

Opens the Criteria and weights page in AppTest (the real app shell, with the live
ranking and the SMAA 'how sure' line at SMAA's default sample count), then moves one
weight slider of the panel the page opens with (swing weights, the default method; the
points panel when the data's method is points) to a new value N times, timing each full
script rerun. Every value is
new, so no cached result is reused: each rerun pays for the ranking, SMAA and charts.
AppTest reruns the whole script; in a browser only the editor fragment reruns, so the
figure is an upper bound. Beside it, the engine-only time for the same changes
(evaluate + SMAA, no Streamlit) is measured in the same process.

Baseline, measured in the same run: the engine-only time for the same kind of change
(``run`` for new weights, then the region's SMAA as the page shows it), so the ratio is
what the app adds (Streamlit, the page, its charts) on top of the computation.

Run: ``.venv/bin/python benchmarks/bench_rerun.py [--repeats 15] [--json] [--strict]``.
Target: median rerun under 250 ms. Exit status 0 unless ``--strict`` and the target is
missed (or the app fails to load).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS = 250.0
REGION = "gwent"
CRITERION = "equitable_coverage"


def _app() -> None:  # runs inside AppTest
    from appraisal.ui.shell import main

    main(default_page="weights")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    ap.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = ap.parse_args()

    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")

    from appraisal.data import load_dataset
    from appraisal.inputs import WeightInputs
    from appraisal.run import default_inputs, run
    from appraisal.ui import state
    from appraisal.ui.pages.weights import W_SWING

    ds = load_dataset()
    base = default_inputs(ds)
    swing = base.weights.method == "swing"
    if swing:  # whole swing points below the top criterion's 100, none the data's own
        now = base.weights.points[CRITERION]
        values = [float(v) for v in range(10, 100) if v != now][: args.repeats + 1]
    else:
        values = [1.0 + 0.5 * k for k in range(args.repeats + 1)]  # all distinct: no cache hits

    at = AppTest.from_function(_app, default_timeout=60)
    at.query_params["region"] = REGION
    at.run()
    if at.exception:
        print("app failed to load:", at.exception[0].value)
        return 1
    key = (W_SWING if swing else state.W_POINTS) + CRITERION
    at.slider(key=key).set_value(values[0]).run()  # warm-up (imports, first SMAA)
    rerun_ms = []
    for v in values[1:]:
        at.slider(key=key).set_value(v)
        t0 = time.perf_counter()
        at.run()
        rerun_ms.append(1000 * (time.perf_counter() - t0))
        if at.exception:
            print("rerun failed:", at.exception[0].value)
            return 1

    pts = dict(base.weights.points)
    engine_ms = []
    for v in values[1:]:
        pts[CRITERION] = v + 0.25  # values the app did not see: nothing from the memo
        weights = WeightInputs("swing", pts, {"swings": pts}) if swing else WeightInputs("points", pts)
        t0 = time.perf_counter()
        r = run(ds, base.with_changes(weights=weights)).region(REGION)
        r.smaa  # noqa: B018 - the ranking and the live SMAA, as the page shows them
        engine_ms.append(1000 * (time.perf_counter() - t0))

    med_rerun, med_engine = statistics.median(rerun_ms), statistics.median(engine_ms)
    out = {
        "benchmark": "rerun_after_weight_change",
        "page": "weights",
        "region": REGION,
        "repeats": len(rerun_ms),
        "smaa_samples": 10_000,
        "median_rerun_ms": round(med_rerun, 1),
        "max_rerun_ms": round(max(rerun_ms), 1),
        "median_engine_ms": round(med_engine, 1),
        "target_ms": TARGET_MS,
        "ok": med_rerun < TARGET_MS,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(
            f"weight change -> server rerun: median {med_rerun:.0f} ms (max {max(rerun_ms):.0f} ms, "
            f"{len(rerun_ms)} reruns); engine only (ranking + SMAA, 10,000 draws): median "
            f"{med_engine:.0f} ms"
        )
        print(f"RATIO rerun/engine_only = {med_rerun / med_engine:.2f}x (reported, no target)")
        print(
            f"TIME rerun_median = {med_rerun:.0f} ms (target < {TARGET_MS:.0f} ms): "
            f"{'PASS' if out['ok'] else 'MISS'}"
        )
    return 1 if (args.strict and not out["ok"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
