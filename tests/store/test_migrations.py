"""A database made by the previous schema version opens, migrates and keeps every saved thing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy import text as sql_text
from sqlalchemy.engine import make_url

from appraisal.inputs import ScoreEdit, WeightInputs
from appraisal.store import Repository, StoreError
from appraisal.store.db import Database, create_db_engine, open_database
from appraisal.store.migrations import (
    MIGRATIONS_DIR,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to,
    upgrade_to_head,
)
from appraisal.store.models import Base
from appraisal.store.scenario import from_dict as scenario_from_dict
from appraisal.store.workshop import SecretGuard, Workshop

from .conftest import SECRET, make_scenario, v1_doc

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
V1_SQL = HERE / "schema_v1.sql"
V2_SQL = HERE / "schema_v2.sql"
T0 = "2025-02-01 09:00:00.000000"
HEAD = "0005_decision_conference"


def _payload(doc: dict) -> str:
    """A stored payload as the code of its time wrote it (scenario format 1)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _exec(url: str, sql: str, rows: list[dict] | None = None) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(sql_text(sql), rows or [{}])
    engine.dispose()


def _all(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        out = [tuple(r) for r in conn.execute(sql_text(sql)).all()]
    engine.dispose()
    return out


def make_v1_database_at(url: str) -> dict:
    """A database on any engine as schema v1 left it: the tables made by revision 0001
    (how a v1 database came to be on PostgreSQL), filled by hand with format-1 payloads."""
    db = Database(create_db_engine(url))
    upgrade_to(db, "0001_initial")
    db.dispose()
    t0 = datetime(2025, 2, 1, 9, 0, 0)
    s1 = make_scenario("Old plan", notes="saved before archiving existed", reason="first")
    s1b = make_scenario("Old plan", notes="second version", reason="second")
    s2 = make_scenario("Other plan", regions=("south",), reason="first")
    p1 = _payload(v1_doc(name="Old plan", notes="saved before archiving existed"))
    p1b = _payload(v1_doc(name="Old plan", notes="second version"))
    p2 = _payload(v1_doc(name="Other plan", regions=["south"]))
    _exec(
        url,
        "INSERT INTO scenarios (id, name, created_at, created_by, latest_version) VALUES (:i, :n, :t, :b, :v)",
        [dict(i=1, n="Old plan", t=t0, b="Ann", v=2), dict(i=2, n="Other plan", t=t0, b="Bob", v=1)],
    )
    _exec(
        url,
        "INSERT INTO scenario_versions (scenario_id, version, payload, author, created_at, comment) "
        "VALUES (:s, :v, :p, :a, :t, :c)",
        [
            dict(s=1, v=1, p=p1, a="Ann", t=t0, c="first"),
            dict(s=1, v=2, p=p1b, a="Ann", t=t0, c="second"),
            dict(s=2, v=1, p=p2, a="Bob", t=t0, c="first"),
        ],
    )
    notes = json.dumps([{"field": "notes", "old": "a", "new": "b"}])
    _exec(
        url,
        "INSERT INTO audit_log (at, actor, action, subject, scenario_id, version, comment, changes) "
        "VALUES (:t, :a, :x, :s, :i, :v, :c, :ch)",
        [
            dict(t=t0, a="Ann", x="create", s="Old plan", i=1, v=1, c="first", ch="[]"),
            dict(t=t0, a="Ann", x="save", s="Old plan", i=1, v=2, c="second", ch=notes),
            dict(t=t0, a="Bob", x="create", s="Other plan", i=2, v=1, c="first", ch="[]"),
        ],
    )
    _exec(
        url,
        "INSERT INTO workshop_sessions (id, code, title, region, facilitator, created_at, status) "
        "VALUES (1, 'ABC234', 'Old workshop', 'north', 'Fay', :t, 'open')",
        [dict(t=t0)],
    )
    _exec(
        url,
        "INSERT INTO workshop_participants (id, session_id, token_hash, name, name_key, role, organisation, "
        "joined_at) VALUES (1, 1, 'h1', 'Pat', 'pat', 'Nurse', 'HB', :t)",
        [dict(t=t0)],
    )
    _exec(
        url,
        "INSERT INTO workshop_submissions (session_id, participant_id, revision, nonce, method, inputs, weights, "
        "submitted_at) VALUES (1, 1, 1, 'n1', 'points', '{}', :w, :t)",
        [dict(w=json.dumps({"reach": 0.5, "quality": 0.25, "delay": 0.25}), t=t0)],
    )
    if make_url(url).get_backend_name() == "postgresql":  # keep the serial sequences ahead of the ids
        for table in ("scenarios", "workshop_sessions", "workshop_participants"):
            _exec(
                url, f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    return {"Old plan": s1b, "Other plan": s2, "Old plan v1": s1}


def _check_v1_migrated(db, expected: dict) -> None:
    assert current_revision(db) == head_revision() == HEAD
    repo = Repository(db)
    assert repo.load("Old plan") == expected["Old plan"]
    assert repo.load("Old plan", 1) == expected["Old plan v1"]
    assert repo.load("Other plan") == expected["Other plan"]
    assert {s.name: s.archived for s in repo.list(include_archived=True)} == {
        "Old plan": False,
        "Other plan": False,
    }
    assert [e.action for e in repo.audit()] == ["create", "save", "create"]
    assert repo.audit("Old plan")[1].changes[0].field == "notes"
    assert repo.verify_audit().ok and repo.verify_audit().entries == 3  # old rows were chained
    # the new column works and the append-only guards survived the migration
    repo.archive("Old plan", actor="Ann", comment="done")
    assert [s.name for s in repo.list()] == ["Other plan"]
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log")
    assert repo.verify_audit().ok and repo.verify_audit().entries == 4
    # the old workshop is readable and has the new visibility flag (off)
    ws = Workshop(db, guard=SecretGuard())
    info = ws.session("ABC234")
    assert info.title == "Old workshop" and info.reveal_individual is False
    (sub,) = ws.latest_submissions("ABC234")
    assert sub.participant.name == "Pat" and sub.weights["reach"] == 0.5
    info = ws.set_reveal("ABC234", True, secret=SECRET, configured_secret=SECRET)
    assert info.reveal_individual is True


def test_v1_database_on_either_engine_migrates_and_keeps_everything(db_url):
    expected = make_v1_database_at(db_url)
    db = open_database(db_url, cached=False)
    try:
        _check_v1_migrated(db, expected)
    finally:
        db.dispose()


def make_v1_database(path: Path) -> dict:
    """A database exactly as schema v1 left it, filled by hand (not through today's code):
    its payloads are scenario files in format 1."""
    s1 = make_scenario("Old plan", notes="saved before archiving existed", reason="first")
    s1b = make_scenario("Old plan", notes="second version", reason="second")
    s2 = make_scenario("Other plan", regions=("south",), reason="first")
    p1 = _payload(v1_doc(name="Old plan", notes="saved before archiving existed"))
    p1b = _payload(v1_doc(name="Old plan", notes="second version"))
    p2 = _payload(v1_doc(name="Other plan", regions=["south"]))
    con = sqlite3.connect(path)
    con.executescript(V1_SQL.read_text(encoding="utf-8"))
    con.executemany(
        "INSERT INTO scenarios (id, name, created_at, created_by, latest_version) VALUES (?, ?, ?, ?, ?)",
        [(1, "Old plan", T0, "Ann", 2), (2, "Other plan", T0, "Bob", 1)],
    )
    con.executemany(
        "INSERT INTO scenario_versions (scenario_id, version, payload, author, created_at, comment) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, 1, p1, "Ann", T0, "first"),
            (1, 2, p1b, "Ann", T0, "second"),
            (2, 1, p2, "Bob", T0, "first"),
        ],
    )
    con.executemany(
        "INSERT INTO audit_log (at, actor, action, subject, scenario_id, version, comment, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (T0, "Ann", "create", "Old plan", 1, 1, "first", "[]"),
            (
                T0,
                "Ann",
                "save",
                "Old plan",
                1,
                2,
                "second",
                json.dumps([{"field": "notes", "old": "a", "new": "b"}]),
            ),
            (T0, "Bob", "create", "Other plan", 2, 1, "first", "[]"),
        ],
    )
    con.execute(
        "INSERT INTO workshop_sessions (id, code, title, region, facilitator, created_at, status) "
        "VALUES (1, 'ABC234', 'Old workshop', 'north', 'Fay', ?, 'open')",
        (T0,),
    )
    con.execute(
        "INSERT INTO workshop_participants (id, session_id, token_hash, name, name_key, role, organisation, joined_at)"
        " VALUES (1, 1, 'h1', 'Pat', 'pat', 'Nurse', 'HB', ?)",
        (T0,),
    )
    con.execute(
        "INSERT INTO workshop_submissions (session_id, participant_id, revision, nonce, method, inputs, weights, "
        "submitted_at) VALUES (1, 1, 1, 'n1', 'points', '{}', ?, ?)",
        (json.dumps({"reach": 0.5, "quality": 0.25, "delay": 0.25}), T0),
    )
    con.commit()
    con.close()
    return {"Old plan": s1b, "Other plan": s2, "Old plan v1": s1}


@pytest.mark.sqlite_only
def test_v1_database_opens_migrates_and_keeps_everything(tmp_path):
    """SQLite only: the file exactly as the schema-v1 code made it (its own DDL), and the
    backup SQLite files get before a migration."""
    path = tmp_path / "old.sqlite"
    expected = make_v1_database(path)
    db = open_database(f"sqlite:///{path}", cached=False)
    try:
        _check_v1_migrated(db, expected)
    finally:
        db.dispose()
    backups = list(tmp_path.glob("old.sqlite.backup-0001_initial-*"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("select version_num from alembic_version").fetchone() == ("0001_initial",)
    assert con.execute("select count(*) from scenario_versions").fetchone() == (3,)
    con.close()


@pytest.mark.sqlite_only
def test_opening_again_does_not_migrate_or_back_up_again(tmp_path):
    path = tmp_path / "old.sqlite"
    make_v1_database(path)
    for _ in range(2):
        open_database(f"sqlite:///{path}", cached=False).dispose()
    assert len(list(tmp_path.glob("old.sqlite.backup-*"))) == 1


def test_models_match_the_migrated_schema(db_url):
    db = open_database(db_url, cached=False)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == [], "models.py and the migrations disagree; add a revision"


def test_downgrade_to_v1_and_upgrade_again_keeps_data(db_url):
    url = db_url
    db = open_database(url, cached=False)
    Repository(db).save(make_scenario(), actor="Ann", comment="first")
    downgrade_to(db, "0001_initial")
    assert current_revision(db) == "0001_initial"
    with db.engine.connect() as conn:  # the payload is in format 1 again
        (payload,) = conn.exec_driver_sql("select payload from scenario_versions").one()
    assert json.loads(payload) == v1_doc()
    db.dispose()
    db = Database(create_db_engine(url))
    report = upgrade_to_head(db)
    assert (report.from_revision, report.to_revision) == ("0001_initial", head_revision())
    assert Repository(db).load("Board view") == make_scenario(reason="first")
    assert Repository(db).verify_audit().ok
    db.dispose()


def test_database_from_a_newer_tool_is_refused_unchanged(db_url, tmp_path):
    db = open_database(db_url, cached=False)
    Repository(db).save(make_scenario(), actor="Ann", comment="first")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    db.dispose()
    with pytest.raises(StoreError, match="newer version of this tool"):
        open_database(db_url, cached=False)
    assert _all(db_url, "select version_num from alembic_version") == [("0099_future",)]
    assert _all(db_url, "select count(*) from scenarios") == [(1,)]
    assert not list(tmp_path.glob("*.backup-*"))


def test_eight_servers_starting_at_once_on_a_new_database(db_url):
    """Any number of app servers may start together against an empty database: one
    migrates (PostgreSQL: under an advisory lock; SQLite: its write lock), the others wait
    and find it done. Before the lock, 7 of 8 PostgreSQL starts failed (UniqueViolation
    pg_type_typname_nsp_index)."""
    url = db_url
    start = time.time() + 8  # every process imports first, then all open at the same moment
    code = (
        "import time;"
        "from appraisal.store.db import open_database;"
        "from appraisal.store.migrations import current_revision;"
        f"time.sleep(max(0.0, {start} - time.time()));"
        "print(current_revision(open_database()))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAIR_DATABASE_URL": url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == head_revision()
    assert _all(url, "select version_num from alembic_version") == [(head_revision(),)]


def test_postgresql_ddl_renders():
    """The migrations compile for PostgreSQL (offline: no server in the test environment)."""
    from appraisal.store.migrations import sql_script

    sql = sql_script("postgresql")
    assert "CREATE TABLE scenarios" in sql and "id SERIAL NOT NULL" in sql
    assert "ALTER TABLE scenarios ADD COLUMN archived BOOLEAN DEFAULT false NOT NULL" in sql
    assert "EXECUTE FUNCTION audit_log_append_only()" in sql
    assert "0002_archive_visibility" in sql and HEAD in sql
    # 0004: the hash chain's columns, its no-fork constraint and the new guards
    assert "ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR(64) DEFAULT '' NOT NULL" in sql
    assert "ADD CONSTRAINT uq_audit_log_prev_hash UNIQUE (prev_hash)" in sql
    assert "BEFORE TRUNCATE ON audit_log" in sql and "BEFORE INSERT ON audit_log" in sql


# ----------------------------------------------------------------------------- 0002 -> 0003: payloads


def _plan_a_docs() -> list[dict]:
    """Three versions of one scenario in format 1: overrides with comments, economic
    overrides, then archived."""
    base = dict(name="Plan A", regions=["north"], score_overrides={}, economic_assumptions={})
    return [
        v1_doc(**base),
        v1_doc(
            **{
                **base,
                "score_overrides": {
                    "north": [
                        {
                            "option": "alpha",
                            "criterion": "reach",
                            "score": 9.0,
                            "comment": "new team started",
                        },
                        {
                            "option": "beta",
                            "criterion": "delay",
                            "score": 3,
                            "comment": "fast start\nsecond line",
                        },
                    ],
                    "south": [{"option": "bau", "criterion": "quality", "score": 4.5, "comment": ""}],
                },
                "economic_assumptions": {"discount_rate": 0.03, "effect_size_d": 0.4},
            }
        ),
        v1_doc(
            **{
                **base,
                "weights": {
                    "method": "points",
                    "inputs": {},
                    "values": {"reach": 1, "quality": 2, "delay": 3},
                },
                "score_overrides": {
                    "north": [
                        {"option": "alpha", "criterion": "reach", "score": 9.0, "comment": "new team started"}
                    ]
                },
                "economic_assumptions": {"effect_size_d": 0.4},
                "archived": True,
            }
        ),
    ]


COMMENTS = ["first", "scores from the March board", "superseded"]
AUDIT = [
    (T0, "Ann", "create", "Plan A", 1, 1, "first", "[]"),
    (
        T0,
        "Ann",
        "save",
        "Plan A",
        1,
        2,
        COMMENTS[1],
        json.dumps([{"field": "score_overrides.north.alpha.reach.score", "old": None, "new": 9.0}]),
    ),
    (
        T0,
        "Bob",
        "archive",
        "Plan A",
        1,
        3,
        COMMENTS[2],
        json.dumps([{"field": "weights.values.delay", "old": 20.0, "new": 3}]),
    ),
    (T0, "Cai", "create", "Plan B", 2, 1, "imported", "[]"),
    (T0, "Fay", "workshop", "workshop:ABC234", None, None, "open", "[]"),
]


AUDIT_COLUMNS = (
    "select id, at, actor, action, subject, scenario_id, version, comment, changes from audit_log order by id"
)


def make_v2_database(path: Path) -> list[str]:
    """A database at the previous head (0002), filled by hand; returns its payloads."""
    docs = _plan_a_docs()
    plan_b = v1_doc(name="Plan B", author="Cai", regions=["south", "north"], data_version="")
    payloads = [_payload(d) for d in [*docs, plan_b]]
    con = sqlite3.connect(path)
    con.executescript(V2_SQL.read_text(encoding="utf-8"))
    con.executemany(
        "INSERT INTO scenarios (id, name, created_at, created_by, latest_version, archived) VALUES (?, ?, ?, ?, ?, ?)",
        [(1, "Plan A", T0, "Ann", 3, 1), (2, "Plan B", T0, "Cai", 1, 0)],
    )
    con.executemany(
        "INSERT INTO scenario_versions (scenario_id, version, payload, author, created_at, comment) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, 1, payloads[0], "Ann", T0, COMMENTS[0]),
            (1, 2, payloads[1], "Ann", T0, COMMENTS[1]),
            (1, 3, payloads[2], "Bob", T0, COMMENTS[2]),
            (2, 1, payloads[3], "Cai", T0, "imported"),
        ],
    )
    con.executemany(
        "INSERT INTO audit_log (at, actor, action, subject, scenario_id, version, comment, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        AUDIT,
    )
    con.execute(
        "INSERT INTO workshop_sessions (id, code, title, region, facilitator, created_at, status, reveal_individual) "
        "VALUES (1, 'ABC234', 'Old workshop', 'north', 'Fay', ?, 'open', 1)",
        (T0,),
    )
    con.commit()
    con.close()
    return payloads


def _raw(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.sqlite_only
def test_previous_head_database_migrates_payloads_and_keeps_everything(tmp_path):
    path = tmp_path / "v2.sqlite"
    payloads = make_v2_database(path)
    audit_before = _raw(path, AUDIT_COLUMNS)
    db = open_database(f"sqlite:///{path}", cached=False)
    try:
        assert current_revision(db) == HEAD
        repo = Repository(db)
        w = WeightInputs(
            "swing", {"reach": 100.0, "quality": 60.0, "delay": 20.0}, {"swings": {"reach": 100}}
        )
        v1, v2, v3 = (repo.load("Plan A", n) for n in (1, 2, 3))
        # same weights, edits (comments now reasons), overrides, archived flag; reason = the version's comment
        assert v1.inputs.weights == w and v1.inputs.score_edits == () and v1.inputs.economics.overrides == {}
        assert v1.reason == "first" and v1.inputs.regions == ("north",)
        assert v2.inputs.score_edits == (
            ScoreEdit("north", "alpha", "reach", 9.0, "new team started"),
            ScoreEdit("north", "beta", "delay", 3.0, "fast start\nsecond line"),
            ScoreEdit("south", "bau", "quality", 4.5, ""),
        )
        assert dict(v2.inputs.economics.overrides) == {"discount_rate": 0.03, "effect_sensitivity_d": 0.4}
        assert v2.reason == "scores from the March board" and not v2.archived
        assert v3.archived and v3.reason == "superseded"
        assert v3.inputs.weights == WeightInputs("points", {"reach": 1, "quality": 2, "delay": 3})
        assert v3.inputs.reasons_for("north") == {("alpha", "reach"): "new team started"}
        b = repo.load("Plan B")
        assert b.inputs.regions == ("south", "north") and b.author == "Cai" and b.reason == "imported"
        # each migrated version equals what today's code reads from the original file
        from appraisal.store.scenario import parse_json

        for n, text in enumerate(payloads[:3], start=1):
            assert repo.load("Plan A", n) == parse_json(text).with_changes(reason=COMMENTS[n - 1])
        # every payload is in the current format (3) now; the audit trail is untouched
        stored = [json.loads(p) for (p,) in _raw(path, "select payload from scenario_versions order by id")]
        assert {d["schema_version"] for d in stored} == {3} and all(d["dissent"] == [] for d in stored)
        assert all(set(d) >= {"inputs", "reason"} and "weights" not in d for d in stored)
        assert _raw(path, AUDIT_COLUMNS) == audit_before  # the audit trail is untouched ...
        assert repo.verify_audit().ok and repo.verify_audit().entries == len(AUDIT)  # ... and chained
        assert [e.changes[0].field for e in repo.audit("Plan A")[1:]] == [
            "score_overrides.north.alpha.reach.score",
            "weights.values.delay",
        ]
        # summaries and the workshop are as before
        assert {s.name: (s.archived, s.regions) for s in repo.list(include_archived=True)} == {
            "Plan A": (True, ("north",)),
            "Plan B": (False, ("south", "north")),
        }
        assert Workshop(db).session("ABC234").reveal_individual is True
        # saving the migrated work unchanged stores nothing; a change is a new version
        assert not repo.save(b, actor="Cai", comment="again").changed
        res = repo.save(b.with_changes(notes="after the migration"), actor="Cai", comment="notes")
        assert res.version == 2 and [c.field for c in res.changes] == ["notes"]
    finally:
        db.dispose()
    # the file was backed up, untouched, before the migration ran
    backups = list(tmp_path.glob("v2.sqlite.backup-0002_archive_visibility-*"))
    assert len(backups) == 1
    assert _raw(backups[0], "select version_num from alembic_version") == [("0002_archive_visibility",)]
    assert [p for (p,) in _raw(backups[0], "select payload from scenario_versions order by id")] == payloads


@pytest.mark.sqlite_only
def test_payload_migration_downgrades_to_format_1_and_back(tmp_path):
    path = tmp_path / "v2.sqlite"
    payloads = make_v2_database(path)
    url = f"sqlite:///{path}"
    db = open_database(url, cached=False)
    migrated = [Repository(db).load("Plan A", n) for n in (1, 2, 3)]
    downgrade_to(db, "0002_archive_visibility")
    assert current_revision(db) == "0002_archive_visibility"
    db.dispose()
    back = [p for (p,) in _raw(path, "select payload from scenario_versions order by id")]
    assert [json.loads(p) for p in back] == [json.loads(p) for p in payloads]  # format 1, as it was
    db = Database(create_db_engine(url))
    upgrade_to_head(db)
    assert [Repository(db).load("Plan A", n) for n in (1, 2, 3)] == migrated
    db.dispose()


def _migration_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "m0003", MIGRATIONS_DIR / "versions" / "0003_scenarios_as_inputs.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_payloads_in_other_formats_are_left_alone():
    m = _migration_module()
    v2 = make_scenario().to_json()
    for text in ("not json", "[]", json.dumps({"format": "other", "schema_version": 1}), v2):
        assert m.v1_to_v2(text, "c") is None
    assert m.v2_to_v1(_payload(v1_doc()), "c") is None
    assert m.v2_to_v1("{", "c") is None
    # the frozen conversion, read by today's code, gives what today's code writes for the
    # same work (it keeps the benefit view's old id; reading maps it to today's)
    converted = m.v1_to_v2(_payload(v1_doc()), "why")
    assert json.loads(converted)["inputs"]["economics"]["benefit_view"] == "bottom_up"
    assert scenario_from_dict(json.loads(converted)).to_dict() == make_scenario(reason="why").to_dict()
    assert list(json.loads(converted)["inputs"]) == list(make_scenario().inputs.to_dict())
    # and its defaults are today's
    from appraisal.inputs import DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_SPREAD

    assert (m.DRAWS, m.SEED, m.SPREAD) == (DEFAULT_DRAWS, DEFAULT_SEED, DEFAULT_SPREAD)
