"""Engine and sessions. SQLite file by default; any SQLAlchemy URL through the environment.

- ``PAIR_DATABASE_URL``: any SQLAlchemy URL (e.g. ``postgresql+psycopg://...``); wins.
- ``PAIR_DB_PATH``: path of the SQLite file (default ``./data/pair_appraisal.sqlite``;
  the folder is created).

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so concurrent writers queue for the lock instead of failing half-way.
``open_database`` migrates the schema to the newest revision before returning.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from appraisal.store.errors import StoreError

ENV_URL = "PAIR_DATABASE_URL"
ENV_PATH = "PAIR_DB_PATH"
DEFAULT_PATH = Path("data") / "pair_appraisal.sqlite"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "pair_write"


def database_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``$PAIR_DATABASE_URL``, else the SQLite file."""
    if url:
        return url
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env
    path = Path(os.environ.get(ENV_PATH, "").strip() or DEFAULT_PATH)
    return f"sqlite:///{path}"


def _is_memory(url) -> bool:
    return url.get_backend_name() == "sqlite" and (url.database in (None, "", ":memory:"))


def create_db_engine(url: str) -> Engine:
    """An Engine for ``url`` with the SQLite settings described in the module docstring."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError("store.err.bad_url") from None
    if u.get_backend_name() != "sqlite":
        try:
            return create_engine(u, pool_pre_ping=True)
        except (ArgumentError, ImportError, ModuleNotFoundError) as exc:
            raise StoreError("store.err.no_driver", problem=str(exc)[:200]) from None
    if _is_memory(u):
        engine = create_engine(u, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(u.database).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            u, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not _is_memory(u):
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass
class Database:
    """An engine plus read and write session scopes."""

    engine: Engine
    _writer: Engine = field(init=False, repr=False)
    _read: sessionmaker = field(init=False, repr=False)
    _write: sessionmaker = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self._writer, expire_on_commit=False)

    @property
    def writer(self) -> Engine:
        """The engine whose transactions take SQLite's write lock at BEGIN."""
        return self._writer

    @property
    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end."""
        with self._read() as s:
            try:
                yield s
            finally:
                s.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        try:
            with self._write() as s, s.begin():
                yield s
        except OperationalError as exc:
            raise StoreError("store.err.db", problem=str(exc.orig)[:200]) from None

    def dispose(self) -> None:
        self.engine.dispose()


_OPEN: dict[str, Database] = {}
_LOCK = threading.Lock()


def open_database(url: str | None = None, *, migrate: bool = True, cached: bool = True) -> Database:
    """Open (and by default migrate to head) the database at ``url`` (see ``database_url``).

    With ``cached`` the same Database object is returned for the same URL in this process.
    """
    from appraisal.store.migrations import upgrade_to_head

    resolved = database_url(url)
    with _LOCK:
        if cached and resolved in _OPEN:
            return _OPEN[resolved]
        db = Database(create_db_engine(resolved))
        if migrate:
            try:
                upgrade_to_head(db)
            except Exception:
                db.dispose()
                raise
        if cached:
            _OPEN[resolved] = db
        return db


def close_all() -> None:
    """Dispose every cached Database (tests)."""
    with _LOCK:
        for db in _OPEN.values():
            db.dispose()
        _OPEN.clear()
