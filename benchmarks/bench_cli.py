"""Benchmark the command line's start-up: ``rank --region gwent`` and ``--help``.

Each command runs in a fresh interpreter (``subprocess``), as a consultant runs it, and is
timed from start to exit. The baseline, measured in the same run and interleaved with the
commands so that machine load hits all alike, is a direct script doing the same work
with no CLI: load the bundled data, ``run`` the appraisal for Gwent, print the ranking.
Also timed: ``python -c pass`` (the interpreter alone) and, in this process, reading
every YAML file (data folders and message catalogues) with PyYAML's pure-Python safe
loader against libyaml's (``yaml.CSafeLoader``), checking that both give the same
documents.

Targets: ``rank --region gwent`` at most 1.5x the direct script; ``--help`` at most 0.5 s.

    python benchmarks/bench_cli.py [--repeats 5] [--strict]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RANK_RATIO = 1.5
TARGET_HELP_S = 0.5

DIRECT = """
from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs
from appraisal.run import run

ds = load_dataset()
res = run(ds, AppraisalInputs(regions=("gwent",))).region("gwent")
for row in res.mcda.rows():
    print(row["rank"], row["option"], round(row["total"], 2),
          *(round(v, 2) for v in row["group_contributions"].values()))
"""

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "direct script (load_dataset + run + print)": [sys.executable, "-c", DIRECT],
    "python -m appraisal rank --region gwent": [
        sys.executable,
        "-m",
        "appraisal",
        "rank",
        "--region",
        "gwent",
    ],
    "python -m appraisal --help": [sys.executable, "-m", "appraisal", "--help"],
}


def _time(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {res.stderr.strip()}")
    return dt


def _yaml(repeats: int) -> tuple[int, float, float, bool]:
    import yaml

    from appraisal.data import BUNDLED_DATA_DIR
    from appraisal.i18n import _DIR as I18N_DIR

    roots = [BUNDLED_DATA_DIR / d for d in ("criteria", "regions", "assumptions")] + [I18N_DIR]
    texts = [p.read_text(encoding="utf-8") for r in roots for p in sorted(r.rglob("*.yaml"))]
    best = {}
    docs = {}
    for name, loader in (("python", yaml.SafeLoader), ("c", getattr(yaml, "CSafeLoader", yaml.SafeLoader))):
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            docs[name] = [yaml.load(t, Loader=loader) for t in texts]  # noqa: S506 - safe loaders
            times.append(time.perf_counter() - t0)
        best[name] = min(times)
    return len(texts), best["python"], best["c"], docs["python"] == docs["c"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)

    for cmd in COMMANDS.values():  # warm-up: byte-code caches, the OS file cache
        _time(cmd)
    times: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(args.repeats):
        for name, cmd in COMMANDS.items():
            times[name].append(_time(cmd))
    best = {k: min(v) for k, v in times.items()}
    n_yaml, t_py, t_c, same = _yaml(args.repeats)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"CLI start-up: Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.2f}; "
        f"best of {args.repeats}, interleaved"
    )
    for name, t in best.items():
        print(f"  {name:44s}: {t:.3f} s")
    print(
        f"  YAML, {n_yaml} files: pure-Python SafeLoader {t_py * 1e3:.1f} ms, CSafeLoader {t_c * 1e3:.1f} ms "
        f"(same documents: {'yes' if same else 'NO'})"
    )
    rank = best["python -m appraisal rank --region gwent"]
    direct = best["direct script (load_dataset + run + print)"]
    helps = best["python -m appraisal --help"]
    ok_rank = rank <= TARGET_RANK_RATIO * direct
    ok_help = helps <= TARGET_HELP_S
    print(
        f"RATIO cli_rank/direct_script = {rank / direct:.2f}x (target <= {TARGET_RANK_RATIO}x): "
        f"{'PASS' if ok_rank else 'MISS'}"
    )
    print(f"TIME cli_help = {helps:.3f} s (target <= {TARGET_HELP_S} s): {'PASS' if ok_help else 'MISS'}")
    print(f"RATIO yaml_c/yaml_python = {t_c / t_py:.2f}x (reported, no target)")
    if not same:
        return 1
    return 1 if (args.strict and not (ok_rank and ok_help)) else 0


if __name__ == "__main__":
    sys.exit(main())
