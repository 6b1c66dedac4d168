"""A database made by the previous schema version opens, migrates and keeps every saved thing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from appraisal.store import Repository, StoreError
from appraisal.store.db import Database, create_db_engine, open_database
from appraisal.store.migrations import current_revision, downgrade_to, head_revision, upgrade_to_head
from appraisal.store.models import Base
from appraisal.store.workshop import Workshop

from .conftest import SECRET, make_scenario

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
V1_SQL = HERE / "schema_v1.sql"
T0 = "2025-02-01 09:00:00.000000"


def make_v1_database(path: Path) -> dict:
    """A database exactly as schema v1 left it, filled by hand (not through today's code)."""
    s1 = make_scenario("Old plan", notes="saved before archiving existed")
    s1b = make_scenario("Old plan", notes="second version")
    s2 = make_scenario("Other plan", regions=("south",))
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
            (1, 1, s1.to_json(), "Ann", T0, "first"),
            (1, 2, s1b.to_json(), "Ann", T0, "second"),
            (2, 1, s2.to_json(), "Bob", T0, "first"),
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


def test_v1_database_opens_migrates_and_keeps_everything(tmp_path):
    path = tmp_path / "old.sqlite"
    expected = make_v1_database(path)
    db = open_database(f"sqlite:///{path}", cached=False)
    try:
        assert current_revision(db) == head_revision() == "0002_archive_visibility"
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
        # the new column works and the append-only trigger survived the migration
        repo.archive("Old plan", actor="Ann", comment="done")
        assert [s.name for s in repo.list()] == ["Other plan"]
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM audit_log")
        # the old workshop is readable and has the new visibility flag (off)
        ws = Workshop(db)
        info = ws.session("ABC234")
        assert info.title == "Old workshop" and info.reveal_individual is False
        (sub,) = ws.latest_submissions("ABC234")
        assert sub.participant.name == "Pat" and sub.weights["reach"] == 0.5
        info = ws.set_reveal("ABC234", True, secret=SECRET, configured_secret=SECRET)
        assert info.reveal_individual is True
    finally:
        db.dispose()
    backups = list(tmp_path.glob("old.sqlite.backup-0001_initial-*"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("select version_num from alembic_version").fetchone() == ("0001_initial",)
    assert con.execute("select count(*) from scenario_versions").fetchone() == (3,)
    con.close()


def test_opening_again_does_not_migrate_or_back_up_again(tmp_path):
    path = tmp_path / "old.sqlite"
    make_v1_database(path)
    for _ in range(2):
        open_database(f"sqlite:///{path}", cached=False).dispose()
    assert len(list(tmp_path.glob("old.sqlite.backup-*"))) == 1


def test_models_match_the_migrated_schema(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'fresh.sqlite'}", cached=False)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == [], "models.py and the migrations disagree; add a revision"


def test_downgrade_to_v1_and_upgrade_again_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    db = open_database(url, cached=False)
    Repository(db).save(make_scenario(), actor="Ann", comment="first")
    downgrade_to(db, "0001_initial")
    assert current_revision(db) == "0001_initial"
    db.dispose()
    db = Database(create_db_engine(url))
    report = upgrade_to_head(db)
    assert (report.from_revision, report.to_revision) == ("0001_initial", head_revision())
    assert Repository(db).load("Board view") == make_scenario()
    db.dispose()


def test_database_from_a_newer_tool_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.sqlite"
    db = open_database(f"sqlite:///{path}", cached=False)
    Repository(db).save(make_scenario(), actor="Ann", comment="first")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_future'")
    db.dispose()
    with pytest.raises(StoreError, match="newer version of this tool"):
        open_database(f"sqlite:///{path}", cached=False)
    con = sqlite3.connect(path)
    assert con.execute("select version_num from alembic_version").fetchone() == ("0099_future",)
    assert con.execute("select count(*) from scenarios").fetchone() == (1,)
    con.close()
    assert not list(tmp_path.glob("future.sqlite.backup-*"))


def test_two_processes_creating_the_same_new_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    code = (
        "from appraisal.store.db import open_database;"
        "from appraisal.store.migrations import current_revision;"
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
        for _ in range(3)
    ]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.strip() == head_revision()


def test_postgresql_ddl_renders():
    """The migrations compile for PostgreSQL (offline: no server in the test environment)."""
    from appraisal.store.migrations import sql_script

    sql = sql_script("postgresql")
    assert "CREATE TABLE scenarios" in sql and "id SERIAL NOT NULL" in sql
    assert "ALTER TABLE scenarios ADD COLUMN archived BOOLEAN DEFAULT false NOT NULL" in sql
    assert "EXECUTE FUNCTION audit_log_append_only()" in sql
    assert "0002_archive_visibility" in sql
