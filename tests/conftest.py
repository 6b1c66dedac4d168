"""Suite-wide set-up: tests never touch the user's saved work; the store's engines.

Every test session gets its own SQLite file for the scenario store (inherited by any
app server a browser test starts), so running the tests cannot read, change or lock
``./data/pair_appraisal.sqlite``; the user's ``PAIR_DATABASE_URL`` is dropped for the
same reason. Individual tests may still point elsewhere.

The store suite (``tests/store``) runs on each engine chosen with ``--store-engine``
(``sqlite``, ``postgresql`` or ``all``; default ``$PAIR_TEST_ENGINE`` or ``all``), each
test in a fresh database:

- SQLite: a new file in the test's temporary folder;
- PostgreSQL: a new database (created, then dropped with ``FORCE``) on the server at
  ``$PAIR_TEST_POSTGRES_URL`` (a SQLAlchemy URL of a role that may create databases,
  e.g. ``postgresql+psycopg://postgres@127.0.0.1:55432/postgres``; ``.ci/run`` starts a
  throw-away server and sets it). Without that variable, or when the server does not
  answer, the PostgreSQL leg is skipped with a message saying so, unless
  ``$PAIR_TEST_REQUIRE_POSTGRES=1`` (CI), when it fails.

Tests that hold for one engine only are marked ``sqlite_only`` / ``postgresql_only``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="pair-tests-"))
os.environ.pop("PAIR_DATABASE_URL", None)
os.environ["PAIR_DB_PATH"] = str(_TMP / "pair_appraisal.sqlite")

ENGINES = ("sqlite", "postgresql")
ENV_ENGINE = "PAIR_TEST_ENGINE"
ENV_POSTGRES = "PAIR_TEST_POSTGRES_URL"


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--store-engine",
        choices=(*ENGINES, "all"),
        default=os.environ.get(ENV_ENGINE, "all") or "all",
        help="database engine(s) for the store tests (default: $PAIR_TEST_ENGINE or all; "
        "PostgreSQL needs $PAIR_TEST_POSTGRES_URL)",
    )


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a store test about SQLite itself (WAL, busy timeout, files)"
    )
    config.addinivalue_line("markers", "postgresql_only: a store test about PostgreSQL itself")


def pytest_report_header(config) -> str:
    choice = config.getoption("--store-engine")
    engines = ENGINES if choice == "all" else (choice,)
    url = os.environ.get(ENV_POSTGRES, "").strip()
    where = (
        "no server ($PAIR_TEST_POSTGRES_URL not set)" if not url else "server from $PAIR_TEST_POSTGRES_URL"
    )
    return f"store engines: {', '.join(engines)} (PostgreSQL: {where})"


_COUNTS: dict[str, dict[str, int]] = {}


def _engine_of(item_id: str, keywords) -> str | None:
    if not item_id.startswith("tests/store/"):
        return None
    for engine in ENGINES:
        if f"{engine}_only" in keywords:
            return engine
    for engine in ENGINES:
        if f"[{engine}" in item_id or f"-{engine}]" in item_id or f"-{engine}-" in item_id:
            return engine
    return "either"


def pytest_runtest_logreport(report) -> None:
    engine = _engine_of(report.nodeid, report.keywords)
    if engine is None or not (report.when == "call" or report.outcome != "passed"):
        return
    if report.when == "teardown" and report.outcome != "failed":
        return
    counts = _COUNTS.setdefault(engine, {})
    counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per engine: how the store suite went on SQLite and on PostgreSQL."""
    if not _COUNTS:
        return
    labels = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "either": "engine-independent"}
    terminalreporter.section("store suite by engine")
    for engine in (*ENGINES, "either"):
        c = _COUNTS.get(engine)
        if c:
            parts = ", ".join(f"{n} {k}" for k, n in sorted(c.items()))
            terminalreporter.write_line(f"{labels[engine]}: {parts}")
