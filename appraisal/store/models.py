"""Database tables (SQLAlchemy 2.x declarative). The schema at migration head.

Changing anything here needs a new Alembic revision in ``migrations/versions`` (a test
compares this metadata with the migrated database and fails when they differ).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(120))
    latest_version: Mapped[int] = mapped_column(Integer)
    archived: Mapped[bool] = mapped_column(Boolean, server_default=false())  # schema v2


class ScenarioVersionRow(Base):
    __tablename__ = "scenario_versions"
    __table_args__ = (
        UniqueConstraint("scenario_id", "version", name="uq_scenario_versions_scenario_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """Append-only: no code path updates or deletes a row (ORM guard + database triggers).

    Rows form a hash chain (schema v4): ``prev_hash`` is the ``row_hash`` of the row
    before (``GENESIS_HASH`` for the first) and ``row_hash`` is the SHA-256 of
    ``prev_hash`` and the row's content (``appraisal.store.audit.chain_hash``). A
    ``prev_hash`` can be used once only, so the chain cannot fork.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("prev_hash", name="uq_audit_log_prev_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200), index=True)
    scenario_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))  # schema v4
    row_hash: Mapped[str] = mapped_column(String(64))  # schema v4


class WorkshopSessionRow(Base):
    __tablename__ = "workshop_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(64))
    facilitator: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    reveal_individual: Mapped[bool] = mapped_column(Boolean, server_default=false())  # schema v2


class ParticipantRow(Base):
    __tablename__ = "workshop_participants"
    __table_args__ = (
        UniqueConstraint("session_id", "name_key", name="uq_workshop_participants_session_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(80))
    organisation: Mapped[str] = mapped_column(String(120))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubmissionRow(Base):
    __tablename__ = "workshop_submissions"
    __table_args__ = (
        UniqueConstraint("participant_id", "revision", name="uq_workshop_submissions_participant_revision"),
        UniqueConstraint("participant_id", "nonce", name="uq_workshop_submissions_participant_nonce"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    nonce: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))
    inputs: Mapped[str] = mapped_column(Text)
    weights: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GutRankingRow(Base):
    """A participant's intuitive ranking of the session region's options (schema v5):
    ``ranking`` is a JSON list of option ids, best first; the latest revision counts."""

    __tablename__ = "workshop_gut_rankings"
    __table_args__ = (
        UniqueConstraint("participant_id", "revision", name="uq_workshop_gut_rankings_participant_revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    ranking: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ScoringRoundRow(Base):
    """A scoring round the facilitator opened for some criteria (schema v5): ``criteria``
    is a JSON list of criterion ids; ``status`` open or closed."""

    __tablename__ = "workshop_scoring_rounds"
    __table_args__ = (
        UniqueConstraint("session_id", "number", name="uq_workshop_scoring_rounds_session_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_sessions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    criteria: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RoundScoreRow(Base):
    """One participant's scores in a round (schema v5): ``scores`` is JSON
    ``{option: {criterion: score}}``; the latest revision counts."""

    __tablename__ = "workshop_round_scores"
    __table_args__ = (
        UniqueConstraint(
            "round_id",
            "participant_id",
            "revision",
            name="uq_workshop_round_scores_round_participant_revision",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("workshop_scoring_rounds.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("workshop_participants.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    scores: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(AuditRow, "before_update")
def _no_update(mapper, connection, target) -> None:  # pragma: no cover - guard
    raise AppendOnlyError("the audit log is append-only")


@event.listens_for(AuditRow, "before_delete")
def _no_delete(mapper, connection, target) -> None:  # pragma: no cover - guard
    raise AppendOnlyError("the audit log is append-only")
