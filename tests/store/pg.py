"""A throw-away PostgreSQL database per test, on the server named by ``$PAIR_TEST_POSTGRES_URL``.

``available()`` says whether the server answers (asked once per test run, with the
reason when it does not); ``fresh_database()`` creates a database with a unique name and
drops it (``WITH (FORCE)``, so connections a test left open do not stop it) afterwards.
"""

from __future__ import annotations

import contextlib
import functools
import os
import uuid
from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

ENV_POSTGRES = "PAIR_TEST_POSTGRES_URL"
ENV_REQUIRE = "PAIR_TEST_REQUIRE_POSTGRES"
PREFIX = "pair_test_"


ENGINES = ("sqlite", "postgresql")


def selected_engines(config) -> tuple[str, ...]:
    """The engines chosen with ``--store-engine`` (registered in tests/conftest.py)."""
    choice = config.getoption("--store-engine", default="all")
    return ENGINES if choice == "all" else (choice,)


def server_url() -> str | None:
    return os.environ.get(ENV_POSTGRES, "").strip() or None


def required() -> bool:
    return os.environ.get(ENV_REQUIRE, "").strip() in ("1", "true", "yes")


def _admin(url: str):
    return create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


@functools.cache
def available() -> tuple[bool, str]:
    """(True, "") when the server answers; else (False, why the PostgreSQL leg is skipped)."""
    url = server_url()
    if url is None:
        return False, (
            f"PostgreSQL leg skipped: ${ENV_POSTGRES} is not set (e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:55432/postgres; .ci/run starts a throw-away server)"
        )
    try:
        engine = _admin(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server to test on
        shown = make_url(url).render_as_string(hide_password=True)
        return (
            False,
            f"PostgreSQL leg skipped: no server answers at {shown} ({str(exc).splitlines()[0][:160]})",
        )
    return True, ""


def database_url(name: str) -> str:
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database; dropped afterwards."""
    url = server_url()
    assert url is not None
    name = PREFIX + uuid.uuid4().hex[:16]
    admin = _admin(url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield database_url(name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
