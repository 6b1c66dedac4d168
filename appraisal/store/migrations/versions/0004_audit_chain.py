"""v4: the audit log is a hash chain, and the database refuses every way of rewriting it.

Two columns on ``audit_log``: ``prev_hash`` (the ``row_hash`` of the row before; 64
zeros for the first row) and ``row_hash`` (SHA-256 of ``prev_hash`` and the row's
content). Existing rows are chained in ``id`` order as they stand. A ``prev_hash`` may
appear once only (``uq_audit_log_prev_hash``), so two writers can never both extend the
chain from the same row.

Guards, on top of 0001's refusal of UPDATE and DELETE:

- SQLite: a BEFORE INSERT trigger refuses a row whose ``id`` already exists (so
  ``INSERT OR REPLACE``, which deletes without firing delete triggers, cannot rewrite an
  entry) or whose ``prev_hash`` is not the last row's ``row_hash``.
- PostgreSQL: the same insert check in PL/pgSQL, and a BEFORE TRUNCATE trigger (TRUNCATE
  fires no row triggers, so 0001's guard did not stop it emptying the table).

The hash is written out here, not imported, so this revision computes the same thing
whatever later code does (``appraisal.store.audit.chain_hash`` must agree; a test checks).
Offline (``sql_script``) the DDL is emitted and the rows are not touched.

Revision ID: 0004_audit_chain
Revises: 0003_scenario_inputs
Create Date: 2026-02-01
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

from appraisal.store.models import UTCDateTime

revision: str = "0004_audit_chain"
down_revision: str | Sequence[str] | None = "0003_scenario_inputs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
MESSAGE = "the audit log is append-only"

audit = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()),
    sa.column("at", UTCDateTime()),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("subject", sa.String()),
    sa.column("scenario_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("comment", sa.Text()),
    sa.column("changes", sa.Text()),
    sa.column("prev_hash", sa.String()),
    sa.column("row_hash", sa.String()),
)

SQLITE_OLD = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
)
SQLITE_INSERT = (
    "CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log "
    "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
    "OR NEW.prev_hash IS NOT COALESCE((SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1), "
    f"'{GENESIS}') BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
)
POSTGRES_NEW = (
    "CREATE FUNCTION audit_log_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE last_id integer; last_hash text; BEGIN "
    "SELECT id, row_hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1; "
    "IF (last_id IS NOT NULL AND NEW.id <= last_id) "
    f"OR NEW.prev_hash IS DISTINCT FROM COALESCE(last_hash, '{GENESIS}') THEN "
    f"RAISE EXCEPTION '{MESSAGE}'; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER audit_log_insert_guard BEFORE INSERT ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_insert_guard()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def _stamp(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def chain_hash(prev_hash, at, actor, action, subject, scenario_id, version, comment, changes) -> str:
    """SHA-256 (hex) of the previous hash and one row's content, as canonical JSON."""
    doc = [prev_hash, _stamp(at), actor, action, subject, scenario_id, version, comment, changes]
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_existing_rows() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(
            audit.c.id,
            audit.c.at,
            audit.c.actor,
            audit.c.action,
            audit.c.subject,
            audit.c.scenario_id,
            audit.c.version,
            audit.c.comment,
            audit.c.changes,
        ).order_by(audit.c.id)
    ).all()
    prev = GENESIS
    for r in rows:
        h = chain_hash(
            prev, r.at, r.actor, r.action, r.subject, r.scenario_id, r.version, r.comment, r.changes
        )
        conn.execute(audit.update().where(audit.c.id == r.id).values(prev_hash=prev, row_hash=h))
        prev = h


def upgrade() -> None:
    dialect = op.get_context().dialect.name
    offline = context.is_offline_mode()
    # 0001's guards refuse the UPDATE that fills the new columns: lift them for this
    # transaction only (a failure rolls the whole migration back, guards included).
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
    # Plain ADD COLUMN with a constant default (no table rebuild on SQLite); every row is
    # then given its real hashes, and the unique constraint is added once they are unique.
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(64), nullable=False, server_default=""))
    if not offline:
        _chain_existing_rows()
    if dialect == "sqlite":
        # SQLite cannot ADD CONSTRAINT: the batch operation rebuilds the table (rows,
        # indexes kept; its triggers are dropped with it and made again just below).
        with op.batch_alter_table("audit_log") as batch:
            batch.create_unique_constraint("uq_audit_log_prev_hash", ["prev_hash"])
        for sql in (*SQLITE_OLD, SQLITE_INSERT):
            op.execute(sql)
    else:
        op.create_unique_constraint("uq_audit_log_prev_hash", "audit_log", ["prev_hash"])
        if dialect == "postgresql":
            op.execute(
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
            )
            for sql in POSTGRES_NEW:
                op.execute(sql)


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        for name in ("audit_log_insert_guard", "audit_log_no_update", "audit_log_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        with op.batch_alter_table("audit_log") as batch:
            batch.drop_constraint("uq_audit_log_prev_hash", type_="unique")
            batch.drop_column("row_hash")
            batch.drop_column("prev_hash")
        for sql in SQLITE_OLD:
            op.execute(sql)
        return
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_insert_guard ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_insert_guard()")
    op.drop_constraint("uq_audit_log_prev_hash", "audit_log", type_="unique")
    op.drop_column("audit_log", "row_hash")
    op.drop_column("audit_log", "prev_hash")
