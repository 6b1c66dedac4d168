"""The audit trail cannot be rewritten or emptied, and ``audit verify`` finds any break.

Before schema v4, SQLite let ``INSERT OR REPLACE`` rewrite an entry (REPLACE deletes the
old row without firing delete triggers) and PostgreSQL let ``TRUNCATE`` empty the table
(no row triggers fire), and nothing would have shown it. Now both are refused by the
database, and the rows form a hash chain that ``verify`` walks, naming the first broken
link when the guards themselves were removed (by someone with the database owner's rights).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from appraisal.cli import main
from appraisal.store.audit import GENESIS_HASH, chain_hash
from appraisal.store.db import close_all
from appraisal.store.migrations import MIGRATIONS_DIR
from appraisal.store.models import AuditRow

from .conftest import SECRET, make_scenario


def _three_saves(repo) -> None:
    repo.save(make_scenario("A"), actor="Ann", comment="first")
    repo.save(make_scenario("A", notes="second"), actor="Bob", comment="second")
    repo.save(make_scenario("B"), actor="Cai", comment="other")


def _drop_guards(db) -> None:
    """What only the database owner could do: remove the triggers (to test ``verify``)."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            for name in ("audit_log_no_update", "audit_log_no_delete", "audit_log_insert_guard"):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            for name in ("audit_log_no_change", "audit_log_insert_guard", "audit_log_no_truncate"):
                conn.exec_driver_sql(f"DROP TRIGGER {name} ON audit_log")


def _verify_cli(capsys, db_url) -> tuple[int, str]:
    code = main(["audit", "verify", "--db", db_url])
    out, err = capsys.readouterr()
    close_all()
    return code, out + err


def test_rows_are_chained_and_the_migration_hashes_as_the_code_does(repo, db):
    _three_saves(repo)
    with db.read() as s:
        rows = [
            (
                r.prev_hash,
                r.at,
                r.actor,
                r.action,
                r.subject,
                r.scenario_id,
                r.version,
                r.comment,
                r.changes,
                r.row_hash,
            )
            for r in s.scalars(select(AuditRow).order_by(AuditRow.id)).all()
        ]
    assert rows[0][0] == GENESIS_HASH == GENESIS_HASH
    for before, row in zip(rows, rows[1:]):
        assert row[0] == before[-1]
    spec = importlib.util.spec_from_file_location(
        "m0004", MIGRATIONS_DIR / "versions" / "0004_audit_chain.py"
    )
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    assert m.GENESIS == GENESIS_HASH
    for *args, row_hash in rows:
        assert chain_hash(*args) == m.chain_hash(*args) == row_hash
    # to the microsecond, aware or naive UTC alike
    t = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    assert chain_hash("x", t, "a", "b", "c", 1, 2, "d", "[]") == m.chain_hash(
        "x", t.replace(tzinfo=None), "a", "b", "c", 1, 2, "d", "[]"
    )


def test_verify_on_an_intact_trail(repo, db_url, capsys):
    _three_saves(repo)
    report = repo.verify_audit()
    assert report.ok and report.entries == 3
    code, out = _verify_cli(capsys, db_url)
    assert code == 0 and "Audit trail intact: 3 entries" in out


@pytest.mark.sqlite_only
def test_insert_or_replace_cannot_rewrite_an_entry_on_sqlite(tmp_path):
    """SQLite only: INSERT OR REPLACE deletes the row it replaces without firing delete
    triggers; the insert guard refuses it (from any connection, not just the app's)."""
    from appraisal.store import Repository
    from appraisal.store.db import open_database

    path = tmp_path / "audit.sqlite"
    db = open_database(f"sqlite:///{path}", cached=False)
    repo = Repository(db)
    _three_saves(repo)
    before = repo.audit()
    con = sqlite3.connect(path)
    row = con.execute("select prev_hash, row_hash from audit_log where id = 1").fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute(
            "INSERT OR REPLACE INTO audit_log (id, at, actor, action, subject, scenario_id, version, "
            "comment, changes, prev_hash, row_hash) VALUES (1, '2025-01-01 00:00:00.000000', 'Mallory', "
            "'create', 'A', 1, 1, 'nothing to see', '[]', ?, ?)",
            row,
        )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):  # nor can one be slipped in
        con.execute(
            "INSERT INTO audit_log (at, actor, action, subject, comment, changes, prev_hash, row_hash) "
            "VALUES ('2025-01-01 00:00:00.000000', 'Mallory', 'save', 'A', '', '[]', ?, 'f')",
            (GENESIS_HASH,),
        )
    con.close()
    assert repo.audit() == before and repo.verify_audit().ok
    db.dispose()


@pytest.mark.postgresql_only
def test_truncate_cannot_empty_the_trail_on_postgresql(repo, db):
    """PostgreSQL only: TRUNCATE fires no row triggers; a statement trigger refuses it.
    ON CONFLICT DO UPDATE is an update, refused too."""
    _three_saves(repo)
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE audit_log")
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_log (id, at, actor, action, subject, comment, changes, prev_hash, row_hash) "
            "SELECT id, at, 'Mallory', action, subject, comment, changes, prev_hash, row_hash "
            "FROM audit_log WHERE id = 1 ON CONFLICT (id) DO UPDATE SET actor = 'Mallory'"
        )
    assert len(repo.audit()) == 3 and repo.verify_audit().ok


def test_verify_names_a_changed_entry(repo, db, db_url, capsys):
    _three_saves(repo)
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET comment = 'rewritten' WHERE id = 2")
    report = repo.verify_audit()
    assert (report.problem, report.entry, report.entries) == ("store.verify.changed", 2, 1)
    code, out = _verify_cli(capsys, db_url)
    assert (
        code == 1 and "broken at entry 2" in out and "changed" in out and len(out.strip().splitlines()) == 1
    )


def test_verify_names_the_entry_after_a_removed_one(repo, db):
    _three_saves(repo)
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 2")
    report = repo.verify_audit()
    assert (report.problem, report.entry) == ("store.verify.unlinked", 3)


def test_verify_sees_a_trail_cut_short_or_emptied(repo, db, db_url, capsys):
    _three_saves(repo)
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 3")  # the last entry
    report = repo.verify_audit()
    assert report.problem == "store.verify.missing" and report.detail == "'B' v1"
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log" if db.dialect == "sqlite" else "TRUNCATE audit_log")
    assert repo.verify_audit().problem == "store.verify.missing"
    code, out = _verify_cli(capsys, db_url)
    assert code == 1 and "cut short" in out


def test_verify_json_and_workshop_rows(repo, workshop, db_url, capsys):
    workshop.open_session(
        secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north"
    )
    repo.save(make_scenario("A"), actor="Ann", comment="first")
    assert main(["audit", "verify", "--db", db_url, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    close_all()
    assert doc["ok"] is True and doc["entries"] == 2 and len(doc["head"]) == 64
