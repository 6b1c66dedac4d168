"""Engine and sessions. SQLite file by default; any SQLAlchemy URL through the environment.

- ``PAIR_DATABASE_URL``: any SQLAlchemy URL (e.g. ``postgresql+psycopg://...``); wins.
- ``PAIR_DB_PATH``: path of the SQLite file (default ``./data/pair_appraisal.sqlite``;
  the folder is created).

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so concurrent writers queue for the lock instead of failing half-way.
An SQLite file that cannot be written (read-only file or folder) is opened read-only:
reading works and every write is refused with one clear message
(``store.err.read_only``). A folder that does not exist and cannot be created is one
clear message too (``store.err.db_folder``), never a traceback.

PostgreSQL (``postgresql+psycopg://...``, psycopg 3 pinned in requirements.txt) is a
first-class engine: migrations are serialised with an advisory lock, and the store's
writers lock the rows they change (``SELECT ... FOR UPDATE``) so several app servers can
share one database (see the README).

``open_database`` migrates the schema to the newest revision before returning; a
database already at the newest revision is only read (no write lock is taken).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from appraisal.store.errors import StoreError

ENV_URL = "PAIR_DATABASE_URL"
ENV_PATH = "PAIR_DB_PATH"
DEFAULT_PATH = Path("data") / "pair_appraisal.sqlite"
BUSY_TIMEOUT_MS = 30_000
_WRITE = "pair_write"
_READ_ONLY: weakref.WeakSet[Engine] = weakref.WeakSet()


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


def _problem(exc: BaseException) -> str:
    return (getattr(exc, "strerror", None) or str(exc).splitlines()[0] or type(exc).__name__)[:200]


def _sqlite_file_mode(path: Path) -> str:
    """``"rw"`` when the file can be written (created if missing), else ``"ro"`` for an
    existing file we may only read; StoreError when neither is possible."""
    folder = path.parent
    if not folder.is_dir():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("store.err.db_folder", path=str(folder), problem=_problem(exc)) from None
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError("store.err.db_unreadable", path=str(path))
        # WAL needs to write the file and create -wal/-shm files beside it
        return "rw" if os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK) else "ro"
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError("store.err.db_folder", path=str(folder), problem="read-only folder")
    return "rw"


def _read_only_uri(path: Path) -> str:
    """A URI SQLite can open without writing anything. ``mode=ro`` reads a WAL database
    only when its -shm file exists or can be made; otherwise the file is opened
    ``immutable`` (nothing can be writing it: no one could make the -shm file either)."""
    base = "file:" + path.resolve().as_posix().replace("?", "%3f").replace("#", "%23")
    try:
        con = sqlite3.connect(base + "?mode=ro", uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return base + "?mode=ro"
        finally:
            con.close()
    except sqlite3.Error:
        return base + "?mode=ro&immutable=1"


def create_db_engine(url: str) -> Engine:
    """An Engine for ``url`` with the SQLite settings described in the module docstring.

    An SQLite file opened read-only is remembered in ``_READ_ONLY`` (``Database.read_only``)."""
    try:
        u = make_url(url)
    except ArgumentError:
        raise StoreError("store.err.bad_url") from None
    if u.get_backend_name() != "sqlite":
        try:
            engine = create_engine(u, pool_pre_ping=True)
        except (ArgumentError, ImportError, ModuleNotFoundError) as exc:
            raise StoreError("store.err.no_driver", problem=str(exc)[:200]) from None
        return engine
    read_only = False
    if _is_memory(u):
        engine = create_engine(u, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        path = Path(u.database).expanduser()
        if _sqlite_file_mode(path) == "rw":
            engine = create_engine(
                u, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
            )
        else:
            read_only = True
            uri = _read_only_uri(path)
            engine = create_engine(
                u,
                creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                ),
            )
    if read_only:
        _READ_ONLY.add(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if not _is_memory(u) and not read_only:
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

    @property
    def read_only(self) -> bool:
        """True for an SQLite file this process may only read."""
        return self.engine in _READ_ONLY

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end."""
        try:
            with self._read() as s:
                try:
                    yield s
                finally:
                    s.rollback()
        except OperationalError as exc:
            raise StoreError("store.err.db_read", problem=_problem(exc.orig or exc)) from None

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        if self.read_only:
            raise StoreError("store.err.read_only", db=self.display_url)
        try:
            with self._write() as s, s.begin():
                yield s
        except OperationalError as exc:
            orig = exc.orig
            if isinstance(orig, sqlite3.OperationalError) and "readonly" in str(orig):
                raise StoreError("store.err.read_only", db=self.display_url) from None
            raise StoreError("store.err.db", problem=_problem(orig or exc)) from None
        except DBAPIError as exc:
            if _is_lock_failure(exc):
                raise StoreError("store.err.db", problem=_problem(exc.orig or exc)) from None
            raise

    def dispose(self) -> None:
        self.engine.dispose()


def _is_lock_failure(exc: DBAPIError) -> bool:
    """A PostgreSQL deadlock or lock timeout (the transaction was rolled back whole)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "55P03", "40001")


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
