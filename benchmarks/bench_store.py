"""Workshop submissions from many processes at once, on SQLite and on PostgreSQL.

For each engine and each number of writers (8, 32 and 128 by default), that many
participant processes (forked from this one, each with its own database connection) join
one workshop session, wait at a barrier, then each submit their weights ``--rounds``
times as fast as they can. Reported per run: submissions, wall time, submissions per
second, median and 95th-percentile latency of one submission (the whole ``submit`` call:
validation, the participant's row lock, the insert and the commit) and how many were
lost (expected minus stored; every participant must hold revisions 1..rounds).

SQLite is a file in a temporary folder. PostgreSQL is a fresh database (dropped after)
on the server at ``$PAIR_BENCH_POSTGRES_URL`` or ``$PAIR_TEST_POSTGRES_URL`` (a role that
may create databases; 128 writers need ``max_connections`` above 130); without one the
PostgreSQL rows are skipped with a message. The machine's cores bound the figures: with 2
cores, 128 processes mostly wait for the CPU, not for the database.

Run: ``.venv/bin/python benchmarks/bench_store.py [--writers 8,32,128] [--rounds 10] [--json]``.
Exit 1 when any submission is lost.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-facilitator-secret"


def _criteria() -> tuple[str, ...]:
    return ("reach", "quality", "delay", "cost", "equity", "workforce")


def _writer(url: str, code: str, k: int, rounds: int, barrier, out) -> None:
    """One participant: join, wait for everyone, submit ``rounds`` times, report latencies."""
    from appraisal.store.db import open_database
    from appraisal.store.workshop import Workshop

    crit = _criteria()
    try:
        db = open_database(url, cached=False, migrate=False)
        ws = Workshop(db)
        _, token = ws.join(code, name=f"Writer {k}", role="bench", organisation="bench")
        barrier.wait(timeout=600)
        lat = []
        for r in range(rounds):
            inputs = {c: float((k * 7 + r * 3 + j) % 10 + 1) for j, c in enumerate(crit)}
            t0 = time.perf_counter()
            ws.submit(token, "points", inputs, crit, nonce=f"w{k}-r{r}")
            lat.append(time.perf_counter() - t0)
        db.dispose()
        out.put((k, lat, None))
    except Exception as exc:  # noqa: BLE001 - reported by the parent
        out.put((k, [], f"{type(exc).__name__}: {exc}"))


def run_once(url: str, writers: int, rounds: int) -> dict:
    from sqlalchemy import func, select

    from appraisal.store.db import open_database
    from appraisal.store.models import SubmissionRow
    from appraisal.store.workshop import SecretGuard, Workshop

    db = open_database(url, cached=False)
    ws = Workshop(db, guard=SecretGuard())
    session = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="bench", facilitator="bench", region="north"
    )
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(writers + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_writer, args=(url, session.code, k, rounds, barrier, out)) for k in range(writers)
    ]
    for p in procs:
        p.start()
    barrier.wait(timeout=600)  # everyone has joined: the clock starts
    t0 = time.perf_counter()
    results = [out.get(timeout=900) for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join(timeout=60)
    errors = [e for _, _, e in results if e]
    lat = sorted(x for _, lt, _ in results for x in lt)
    with db.read() as s:
        stored = s.scalar(select(func.count()).select_from(SubmissionRow)) or 0
        revs = s.execute(
            select(SubmissionRow.participant_id, func.count(), func.max(SubmissionRow.revision)).group_by(
                SubmissionRow.participant_id
            )
        ).all()
    db.dispose()
    expected = writers * rounds
    consecutive = len(revs) == writers and all(n == rounds and top == rounds for _, n, top in revs)
    return {
        "writers": writers,
        "submissions": len(lat),
        "seconds": round(wall, 3),
        "per_second": round(len(lat) / wall, 1) if wall > 0 else None,
        "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
        "p95_ms": round(1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1) if lat else None,
        "lost": expected - stored,
        "consecutive_revisions": consecutive,
        "errors": errors[:3],
    }


def _postgres_server() -> tuple[str | None, str]:
    url = (
        os.environ.get("PAIR_BENCH_POSTGRES_URL") or os.environ.get("PAIR_TEST_POSTGRES_URL") or ""
    ).strip()
    if not url:
        return None, "PostgreSQL skipped: set PAIR_BENCH_POSTGRES_URL (or PAIR_TEST_POSTGRES_URL)"
    from sqlalchemy import create_engine

    try:
        e = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
        with e.connect() as c:
            c.exec_driver_sql("SELECT 1")
        e.dispose()
    except Exception as exc:  # noqa: BLE001
        return None, f"PostgreSQL skipped: no server answers ({str(exc).splitlines()[0][:120]})"
    return url, ""


def _with_postgres_database(server: str, fn):
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = "pair_bench_" + uuid.uuid4().hex[:12]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        return fn(make_url(server).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", default="8,32,128", help="comma-separated numbers of writer processes")
    ap.add_argument("--rounds", type=int, default=10, help="submissions per writer")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    counts = [int(x) for x in args.writers.split(",") if x.strip()]
    # import once here, so the forked writers start with the store already loaded
    import appraisal.store.workshop  # noqa: F401

    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="pair-bench-") as tmp:
        for n in counts:
            url = f"sqlite:///{Path(tmp) / f'bench-{n}.sqlite'}"
            rows.append({"engine": "sqlite", **run_once(url, n, args.rounds)})
    server, why = _postgres_server()
    if server is None:
        notes.append(why)
    else:
        for n in counts:
            rows.append(
                {
                    "engine": "postgresql",
                    **_with_postgres_database(server, lambda u, n=n: run_once(u, n, args.rounds)),
                }
            )
    if args.json:
        print(
            json.dumps(
                {"rounds": args.rounds, "cores": os.cpu_count(), "runs": rows, "notes": notes}, indent=2
            )
        )
    else:
        print(f"workshop submissions, {args.rounds} per writer process, {os.cpu_count()} cores")
        print(
            f"{'engine':<11}{'writers':>8}{'subs':>7}{'seconds':>9}{'subs/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'lost':>6}"
        )
        for r in rows:
            print(
                f"{r['engine']:<11}{r['writers']:>8}{r['submissions']:>7}{r['seconds']:>9.2f}"
                f"{r['per_second']:>9.1f}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['lost']:>6}"
                + ("" if r["consecutive_revisions"] else "  revisions not consecutive!")
                + (f"  errors: {r['errors']}" if r["errors"] else "")
            )
        for note in notes:
            print(note)
    bad = any(r["lost"] or r["errors"] or not r["consecutive_revisions"] for r in rows)
    if not args.json:
        lost = sum(r["lost"] for r in rows)
        engines = ", ".join(sorted({r["engine"] for r in rows}))
        print(
            f"COUNT store_submissions_lost = {lost} of {args.rounds * sum(r['writers'] for r in rows)} ({engines}; "
            f"target 0, every revision stored in order): {'MISS' if bad else 'PASS'}"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
