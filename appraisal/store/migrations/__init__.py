"""Schema migrations (Alembic), run from code: no alembic.ini is needed on the user's side.

``upgrade_to_head(db)`` is called by ``open_database``. It first reads the schema revision
without taking any lock: a database already at head (the usual case) is not written, so a
read-only database opens for reading. Otherwise it migrates inside one transaction that
holds the engine's migration lock, reads the revision again under it, and migrates only
if another process has not already done so:

- SQLite: the write lock (``BEGIN IMMEDIATE``);
- PostgreSQL: a transaction-scoped advisory lock (``pg_advisory_xact_lock``), so any
  number of app servers can start at once against a fresh database (PostgreSQL runs DDL
  inside the transaction, so a failed migration leaves nothing behind).

Before changing an existing SQLite file it copies it to
``<file>.backup-<old revision>-<time>`` with SQLite's online backup API, so an upgrade can
never lose saved work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from appraisal.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent
#: PostgreSQL advisory lock held while the schema is migrated.
MIGRATION_LOCK_KEY = 0x50414952_0001  # "PAIR", 1


@dataclass(frozen=True)
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _backup_sqlite(db, revision: str) -> Path | None:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    src = Path(url.database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    dst = src.with_name(f"{src.name}.backup-{revision}-{stamp}")
    with sqlite3.connect(src) as s, sqlite3.connect(dst) as d:
        s.backup(d)
    s.close()
    d.close()
    return dst


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several types for unknown ids
        return False


def _pragma(conn, sql: str) -> None:
    cur = conn.connection.cursor()
    try:
        cur.execute(sql)
    finally:
        cur.close()


@contextmanager
def _migration_connection(db) -> Iterator:
    """A connection with SQLite foreign keys off (batch operations rebuild tables) whose
    transaction holds the write lock; env.py checks every foreign key before commit."""
    backend = db.engine.url.get_backend_name()
    sqlite = backend == "sqlite"
    with db.writer.connect() as conn:
        if sqlite:  # must be set outside a transaction; restored below
            _pragma(conn, "PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                if backend == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
                yield conn
        finally:
            if sqlite:
                _pragma(conn, "PRAGMA foreign_keys = ON")


def upgrade_to_head(db) -> MigrationReport:
    """Bring ``db`` (a ``Database``) to the newest schema; refuse a newer unknown schema."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = head_revision()
    try:
        current = current_revision(db)  # a plain read: no lock when nothing is to be done
    except OperationalError as exc:
        raise StoreError("store.err.db_read", problem=str(exc.orig or exc).splitlines()[0][:200]) from None
    if current == head:
        return MigrationReport(current, head)
    if current is not None and not _known(script, current):
        raise StoreError("store.err.newer_db", revision=current)
    if db.read_only:
        raise StoreError("store.err.read_only_migrate", db=db.display_url, revision=current or "-")
    with _migration_connection(db) as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:  # another process migrated while we waited for the lock
            return MigrationReport(current, head)
        if current is not None and not _known(script, current):
            raise StoreError("store.err.newer_db", revision=current)
        backup = _backup_sqlite(db, current) if current is not None else None
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return MigrationReport(current, head, backup)


def upgrade_to(db, revision: str) -> None:
    """Bring the schema to ``revision`` only (tests build older databases with it)."""
    cfg = alembic_config()
    with _migration_connection(db) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade_to(db, revision: str) -> None:
    """Step the schema back to ``revision`` (for maintainers and tests; loses newer columns)."""
    cfg = alembic_config()
    with _migration_connection(db) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def sql_script(dialect: str = "postgresql", target: str = "head") -> str:
    """The SQL the migrations would run on ``dialect`` (offline; no database needed)."""
    import io

    buf = io.StringIO()
    cfg = alembic_config()
    cfg.output_buffer = buf
    cfg.attributes["dialect_name"] = dialect
    command.upgrade(cfg, target, sql=True)
    return buf.getvalue()
