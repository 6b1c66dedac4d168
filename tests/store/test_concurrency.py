"""Many people submitting at once: every submission stored once, none lost or duplicated."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from appraisal.store import Repository, StoreError
from appraisal.store.db import open_database
from appraisal.store.models import ParticipantRow, SubmissionRow
from appraisal.store.workshop import Workshop

from .conftest import SECRET, make_scenario

ROOT = Path(__file__).resolve().parents[2]
CRIT = ("reach", "quality", "delay")


def _points(i: int) -> dict[str, float]:
    return {"reach": float(i % 10 + 1), "quality": float((i * 7) % 10), "delay": float((i * 3) % 5)}


def test_50_concurrent_participant_submissions_threads(db):
    ws = Workshop(db)
    session = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north"
    )
    tokens = [ws.join(session.code, name=f"P{i}", role="Nurse", organisation="HB")[1] for i in range(50)]
    barrier = threading.Barrier(50)

    def submit(i: int):
        barrier.wait()
        return ws.submit(tokens[i], "points", _points(i), CRIT, nonce=f"n{i}")

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(submit, range(50)))
    assert len(results) == 50
    subs = ws.latest_submissions(session.code)
    assert len(subs) == 50
    assert sorted(s.participant.name for s in subs) == sorted(f"P{i}" for i in range(50))
    assert all(s.revision == 1 for s in subs)
    by_name = {s.participant.name: s for s in subs}
    for i in range(50):
        p = _points(i)
        total = sum(p.values())
        assert by_name[f"P{i}"].weights == pytest.approx({c: p[c] / total for c in CRIT})
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SubmissionRow)) == 50
    agg = ws.facilitator_view(session.code, CRIT, secret=SECRET, configured_secret=SECRET).aggregate
    expected = np.mean([[_points(i)[c] / sum(_points(i).values()) for c in CRIT] for i in range(50)], axis=0)
    assert agg.n == 50 and agg.arithmetic == pytest.approx(expected)


def test_concurrent_joins_and_double_submits_are_not_duplicated(db):
    ws = Workshop(db)
    session = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north"
    )
    barrier = threading.Barrier(20)

    def join_and_submit(i: int):
        barrier.wait()
        _, token = ws.join(session.code, name=f"Person {i}", role="r", organisation="o")
        # the same form sent twice (double click / retry) and once more with a new form
        ws.submit(token, "points", _points(i), CRIT, nonce="form-a")
        ws.submit(token, "points", _points(i), CRIT, nonce="form-a")
        ws.submit(token, "swing", {"reach": 100, "quality": 50, "delay": 0}, CRIT, nonce="form-b")

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(join_and_submit, range(20)))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(ParticipantRow)) == 20
        assert s.scalar(select(func.count()).select_from(SubmissionRow)) == 40
    latest = ws.latest_submissions(session.code)
    assert (
        len(latest) == 20 and {s.revision for s in latest} == {2} and {s.method for s in latest} == {"swing"}
    )


def test_same_name_joining_twice_at_once_gets_one_seat(db):
    ws = Workshop(db)
    session = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north"
    )
    barrier = threading.Barrier(10)
    outcomes = []

    def join(_):
        barrier.wait()
        try:
            ws.join(session.code, name="Sam Jones", role="r", organisation="o")
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001
            outcomes.append("StoreError" if isinstance(exc, StoreError) else type(exc).__name__)

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(join, range(10)))
    assert outcomes.count("ok") == 1 and outcomes.count("StoreError") == 9


def test_concurrent_scenario_saves_from_threads(db):
    repo = Repository(db)
    repo.save(make_scenario("Shared"), actor="Ann", comment="first")
    barrier = threading.Barrier(12)

    def save(i: int):
        barrier.wait()
        return repo.save(make_scenario("Shared", notes=f"edit {i}"), actor=f"User {i}")

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(save, range(12)))
    assert sorted(r.version for r in results) == list(range(2, 14))
    assert [v.version for v in repo.versions("Shared")] == list(range(1, 14))
    assert len(repo.audit("Shared")) == 13


WORKER = """
import sys
from appraisal.store.db import open_database
from appraisal.store.workshop import Workshop
ws = Workshop(open_database(sys.argv[1]))
code, first, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
crit = ("reach", "quality", "delay")
for i in range(first, first + count):
    _, token = ws.join(code, name=f"Proc {i}", role="r", organisation="o")
    ws.submit(token, "rank", {"reach": 1 + i % 3, "quality": 1 + (i + 1) % 3, "delay": 3}, crit, nonce=f"n{i}")
print("done")
"""


def test_50_submissions_from_5_processes(tmp_path):
    url = f"sqlite:///{tmp_path / 'procs.sqlite'}"
    db = open_database(url, cached=False)
    ws = Workshop(db)
    session = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(WORKER), url, session.code, str(k * 10), "10"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(5)
    ]
    for p in procs:
        out, err = p.communicate(timeout=90)
        assert p.returncode == 0, err
        assert out.strip() == "done"
    subs = ws.latest_submissions(session.code)
    assert sorted(s.participant.name for s in subs) == sorted(f"Proc {i}" for i in range(50))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SubmissionRow)) == 50
    db.dispose()
