"""v5: decision-conference checks (issue 13): gut rankings, scoring rounds, and dissent in
saved scenarios (scenario format 3).

Three new workshop tables (existing sessions simply have none of them):

- ``workshop_gut_rankings``: a participant's intuitive ranking of the region's options
  (a JSON list of option ids, best first), one row per revision;
- ``workshop_scoring_rounds``: a round the facilitator opened for some criteria;
- ``workshop_round_scores``: a participant's scores in a round (JSON), one row per revision.

A data step: each ``scenario_versions.payload`` in scenario format 2 is rewritten in
format 3, which is format 2 plus ``"dissent": []`` (no dissent was recorded before it
could be); downgrade writes format 2 back, dropping any dissent (format 2 cannot hold it).
A payload in any other format is left as it is. The conversion is written out here, not
imported, so this revision does the same thing whatever later code does. Offline
(``sql_script``) the DDL is emitted and the rows are not touched.

Revision ID: 0005_decision_conference
Revises: 0004_audit_chain
Create Date: 2026-03-01
"""

import json
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import context, op

from appraisal.store.models import UTCDateTime

revision: str = "0005_decision_conference"
down_revision: str | Sequence[str] | None = "0004_audit_chain"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORMAT = "pair-appraisal/scenario"
#: Format-2 top-level keys in the order format 3 writes them (``dissent`` after ``archived``).
ORDER_V3 = (
    "format",
    "schema_version",
    "name",
    "author",
    "notes",
    "reason",
    "data_version",
    "created_at",
    "archived",
    "dissent",
    "inputs",
)

versions = sa.table("scenario_versions", sa.column("id", sa.Integer()), sa.column("payload", sa.Text()))


def _dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _load(payload: str, schema_version: int) -> dict | None:
    try:
        doc = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    sv = doc.get("schema_version")
    return doc if type(sv) is int and sv == schema_version else None


def v2_to_v3(payload: str) -> str | None:
    """A format-2 payload in format 3 (None when it is not format 2)."""
    doc = _load(payload, 2)
    if doc is None:
        return None
    doc = {**doc, "schema_version": 3, "dissent": []}
    ordered = {k: doc[k] for k in ORDER_V3 if k in doc}
    ordered.update({k: v for k, v in doc.items() if k not in ordered})
    return _dumps(ordered)


def v3_to_v2(payload: str) -> str | None:
    """A format-3 payload in format 2, without its dissent (None when it is not format 3)."""
    doc = _load(payload, 3)
    if doc is None:
        return None
    return _dumps({k: (2 if k == "schema_version" else v) for k, v in doc.items() if k != "dissent"})


def _rewrite(convert: Callable[[str], str | None]) -> None:
    if context.is_offline_mode():
        return
    conn = op.get_bind()
    for row_id, payload in conn.execute(sa.select(versions.c.id, versions.c.payload)).all():
        new = convert(payload)
        if new is not None and new != payload:
            conn.execute(versions.update().where(versions.c.id == row_id).values(payload=new))


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "workshop_gut_rankings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("ranking", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        _fk("workshop_gut_rankings", "participant_id", "workshop_participants"),
        _fk("workshop_gut_rankings", "session_id", "workshop_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_gut_rankings"),
        sa.UniqueConstraint(
            "participant_id", "revision", name="uq_workshop_gut_rankings_participant_revision"
        ),
    )
    op.create_index("ix_workshop_gut_rankings_participant_id", "workshop_gut_rankings", ["participant_id"])
    op.create_index("ix_workshop_gut_rankings_session_id", "workshop_gut_rankings", ["session_id"])
    op.create_table(
        "workshop_scoring_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        _fk("workshop_scoring_rounds", "session_id", "workshop_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_scoring_rounds"),
        sa.UniqueConstraint("session_id", "number", name="uq_workshop_scoring_rounds_session_number"),
    )
    op.create_index("ix_workshop_scoring_rounds_session_id", "workshop_scoring_rounds", ["session_id"])
    op.create_table(
        "workshop_round_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=False),
        _fk("workshop_round_scores", "participant_id", "workshop_participants"),
        _fk("workshop_round_scores", "round_id", "workshop_scoring_rounds"),
        sa.PrimaryKeyConstraint("id", name="pk_workshop_round_scores"),
        sa.UniqueConstraint(
            "round_id",
            "participant_id",
            "revision",
            name="uq_workshop_round_scores_round_participant_revision",
        ),
    )
    op.create_index("ix_workshop_round_scores_participant_id", "workshop_round_scores", ["participant_id"])
    op.create_index("ix_workshop_round_scores_round_id", "workshop_round_scores", ["round_id"])
    _rewrite(v2_to_v3)


def downgrade() -> None:
    _rewrite(v3_to_v2)
    for table in ("workshop_round_scores", "workshop_scoring_rounds", "workshop_gut_rankings"):
        op.drop_table(table)
