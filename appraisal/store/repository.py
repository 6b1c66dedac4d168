"""Saved scenarios: save, load, list, duplicate, archive, import/export, and the audit trail.

Every save runs in one transaction that writes the scenario's new version *and* its audit
row, so either both are stored or neither. Versions are kept, never overwritten. The audit
log has no update or delete path (and the database refuses both through triggers); its
rows form a hash chain that :meth:`Repository.verify_audit` checks.

Concurrency: a save locks the scenario's row (``SELECT ... FOR UPDATE``; a new name is
first inserted with ``ON CONFLICT DO NOTHING``, then locked), so concurrent saves of one
scenario are serialised into consecutive versions on every engine; nothing is refused or
lost. Appending to the audit chain takes one more lock (a PostgreSQL advisory lock; on
SQLite every write transaction already holds the database's write lock), always last, so
locks are taken in one order and cannot deadlock.

Each version's payload is the scenario file (format 3: a serialised AppraisalInputs plus
name, author, notes, any dissent recorded and the version's ``reason``, which is the
save's comment). Nothing
that ``report`` or ``run`` would refuse is stored from a file: an import checked against
a dataset runs :func:`appraisal.run.validate` (ids, score scales, every economic override
against its parameter's domain).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from appraisal.inputs import AppraisalInputs
from appraisal.store.audit import (
    GENESIS_HASH,
    AuditEntry,
    ChainReport,
    Change,
    chain_hash,
    diff_scenarios,
    scores_changed,
    verify_chain,
)
from appraisal.store.db import Database, open_database
from appraisal.store.errors import StoreError
from appraisal.store.models import AuditRow, ScenarioRow, ScenarioVersionRow, utcnow
from appraisal.store.scenario import (
    AUTHOR_MAX,
    COMMENT_MAX,
    NAME_MAX,
    Scenario,
    check_against,
    check_text,
    from_dict,
    now_iso,
    parse_json,
)

ACTIONS = ("create", "save", "duplicate", "archive", "restore", "import", "workshop")
#: PostgreSQL advisory lock held while a row is appended to the audit chain.
AUDIT_LOCK_KEY = 0x50414952_0002  # "PAIR", 2


@dataclass(frozen=True)
class SaveResult:
    name: str
    version: int
    changed: bool
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class ScenarioSummary:
    name: str
    latest_version: int
    archived: bool
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    data_version: str
    regions: tuple[str, ...]


@dataclass(frozen=True)
class VersionInfo:
    version: int
    author: str
    created_at: datetime
    comment: str


def _actor(actor: str) -> str:
    return check_text(actor, "actor", AUTHOR_MAX, required=True)


def _comment(comment: str) -> str:
    return check_text(comment or "", "comment", COMMENT_MAX, multiline=True)


class Repository:
    """Scenario storage on a ``Database`` (``Repository.open()`` uses the default URL)."""

    def __init__(self, db: Database):
        self.db = db

    @classmethod
    def open(cls, url: str | None = None) -> Repository:
        return cls(open_database(url))

    # ------------------------------------------------------------------ writing

    def save(
        self,
        scenario: Scenario,
        *,
        actor: str,
        comment: str = "",
        action: str | None = None,
        expect_new: bool = False,
        defaults: AppraisalInputs | None = None,
    ) -> SaveResult:
        """Store ``scenario`` as a new version of the scenario with its name.

        Nothing is stored when the content equals the latest version (``content_key``).
        A comment is required when any score changes; it is recorded in the audit row and
        as the version's ``reason`` (so ``load`` gives it back). ``expect_new`` refuses an
        existing name. ``defaults``: what a first save's changes are measured against
        (see ``diff_scenarios``).
        """
        actor = _actor(actor)
        comment = _comment(comment)
        scenario = from_dict(scenario.to_dict()).with_changes(reason=comment)  # re-validated
        try:
            with self.db.write() as s:
                return self._save_in(s, scenario, actor, comment, action, expect_new, defaults)
        except IntegrityError:
            raise StoreError("store.err.conflict", name=scenario.name) from None

    def _save_in(
        self,
        s: Session,
        scenario: Scenario,
        actor: str,
        comment: str,
        action: str | None,
        expect_new: bool,
        defaults: AppraisalInputs | None = None,
    ) -> SaveResult:
        row = _lock_scenario(s, scenario.name, actor, scenario.archived)
        previous = None
        if row.latest_version > 0:
            if expect_new:
                raise StoreError("store.err.name_taken", name=scenario.name)
            previous = self._version_scenario(s, row.id, row.latest_version)
            if previous.content_key() == scenario.content_key():
                return SaveResult(scenario.name, row.latest_version, False)
        changes = diff_scenarios(previous, scenario, defaults)
        if scores_changed(changes) and not comment:
            raise StoreError("store.err.comment_required")
        now = utcnow()
        version = row.latest_version + 1
        if version == 1:  # the row was made by this transaction: it is ours to describe
            row.created_at = now
            row.created_by = actor
        row.latest_version = version
        row.archived = scenario.archived
        s.add(
            ScenarioVersionRow(
                scenario_id=row.id,
                version=version,
                payload=scenario.to_json(),
                author=actor,
                created_at=now,
                comment=comment,
            )
        )
        s.flush()
        append_audit(
            s,
            actor=actor,
            action=action or ("create" if version == 1 else "save"),
            subject=scenario.name,
            scenario_id=row.id,
            version=version,
            comment=comment,
            changes=changes,
        )
        return SaveResult(scenario.name, version, True, changes)

    def duplicate(self, name: str, new_name: str, *, actor: str, comment: str = "") -> SaveResult:
        """Copy the latest version of ``name`` under ``new_name`` (not archived)."""
        src = self.load(name)
        copy = src.with_changes(name=new_name, author=_actor(actor), created_at=now_iso(), archived=False)
        note = comment or f"copy of '{src.name}' v{self.latest_version(name)}"
        return self.save(copy, actor=actor, comment=note, action="duplicate", expect_new=True)

    def archive(self, name: str, *, actor: str, comment: str = "", archived: bool = True) -> SaveResult:
        """Archive (or restore) a scenario: a new version with the flag set; nothing is deleted."""
        cur = self.load(name)
        if cur.archived == archived:
            return SaveResult(name, self.latest_version(name), False)
        return self.save(
            cur.with_changes(archived=archived),
            actor=actor,
            comment=comment,
            action="archive" if archived else "restore",
        )

    def import_json(
        self,
        data: str | bytes,
        *,
        actor: str | None = None,
        rename: str | None = None,
        dataset: Any = None,
        assumptions: Any = None,
        comment: str = "",
    ) -> SaveResult:
        """Validate a scenario file and store it as a new scenario; a bad file changes nothing.

        With ``dataset`` the scenario is checked as a run would check it: against
        ``assumptions`` when given, else with :func:`appraisal.run.validate` (the data
        folder's own economic assumptions).
        """
        scenario = parse_json(data)
        if rename:
            scenario = scenario.with_changes(name=check_text(rename, "name", NAME_MAX, required=True))
        if dataset is not None:
            if assumptions is None:
                from appraisal.run import validate

                validate(dataset, scenario.inputs)
            else:
                check_against(scenario, dataset, assumptions)
        who = actor or scenario.author or "import"
        return self.save(
            scenario, actor=who, comment=comment or "imported from file", action="import", expect_new=True
        )

    # ------------------------------------------------------------------ reading

    @staticmethod
    def _version_scenario(s: Session, scenario_id: int, version: int) -> Scenario:
        payload = s.scalar(
            select(ScenarioVersionRow.payload).where(
                ScenarioVersionRow.scenario_id == scenario_id, ScenarioVersionRow.version == version
            )
        )
        if payload is None:
            raise StoreError("store.err.no_version", version=version)
        return from_dict(json.loads(payload))

    def _row(self, s: Session, name: str) -> ScenarioRow:
        row = s.scalar(select(ScenarioRow).where(ScenarioRow.name == name))
        if row is None:
            raise StoreError("store.err.not_found", name=str(name)[:NAME_MAX])
        return row

    def load(self, name: str, version: int | None = None) -> Scenario:
        """The latest (or a given) version of a scenario."""
        with self.db.read() as s:
            row = self._row(s, name)
            return self._version_scenario(s, row.id, version or row.latest_version)

    def latest_version(self, name: str) -> int:
        with self.db.read() as s:
            return self._row(s, name).latest_version

    def exists(self, name: str) -> bool:
        with self.db.read() as s:
            return s.scalar(select(ScenarioRow.id).where(ScenarioRow.name == name)) is not None

    def versions(self, name: str) -> list[VersionInfo]:
        with self.db.read() as s:
            row = self._row(s, name)
            rows = s.scalars(
                select(ScenarioVersionRow)
                .where(ScenarioVersionRow.scenario_id == row.id)
                .order_by(ScenarioVersionRow.version)
            ).all()
            return [VersionInfo(r.version, r.author, r.created_at, r.comment) for r in rows]

    def list(self, *, include_archived: bool = False) -> list[ScenarioSummary]:
        """Scenarios by name, with who saved the latest version and when."""
        with self.db.read() as s:
            q = select(ScenarioRow, ScenarioVersionRow).join(
                ScenarioVersionRow,
                (ScenarioVersionRow.scenario_id == ScenarioRow.id)
                & (ScenarioVersionRow.version == ScenarioRow.latest_version),
            )
            if not include_archived:
                q = q.where(ScenarioRow.archived.is_(False))
            out = []
            for row, ver in s.execute(q.order_by(func.lower(ScenarioRow.name))).all():
                payload = json.loads(ver.payload)
                inputs = payload.get("inputs")  # format 2; format 1 kept regions at the top
                regions = (inputs if isinstance(inputs, dict) else payload).get("regions", ())
                out.append(
                    ScenarioSummary(
                        name=row.name,
                        latest_version=row.latest_version,
                        archived=row.archived,
                        created_at=row.created_at,
                        created_by=row.created_by,
                        updated_at=ver.created_at,
                        updated_by=ver.author,
                        data_version=str(payload.get("data_version", "")),
                        regions=tuple(regions),
                    )
                )
            return out

    def verify_audit(self) -> ChainReport:
        """Check the audit trail's hash chain from the first row to the last, and that every
        scenario version still has its audit row; the first broken link is reported."""
        with self.db.read() as s:
            versions = s.execute(
                select(ScenarioVersionRow.scenario_id, ScenarioVersionRow.version, ScenarioRow.name)
                .join(ScenarioRow, ScenarioRow.id == ScenarioVersionRow.scenario_id)
                .order_by(ScenarioVersionRow.id)
            ).all()
            rows = s.scalars(select(AuditRow).order_by(AuditRow.id).execution_options(yield_per=1000))
            return verify_chain(rows, [tuple(v) for v in versions])

    def export_json(self, name: str, version: int | None = None) -> str:
        return self.load(name, version).to_json()

    def audit(self, subject: str | None = None, *, limit: int | None = None) -> list[AuditEntry]:
        """Audit entries, oldest first (optionally for one scenario or workshop code)."""
        with self.db.read() as s:
            q = select(AuditRow).order_by(AuditRow.id)
            if subject is not None:
                q = q.where(AuditRow.subject == subject)
            entries = [
                AuditEntry(
                    id=r.id,
                    at=r.at,
                    actor=r.actor,
                    action=r.action,
                    subject=r.subject,
                    version=r.version,
                    comment=r.comment,
                    changes=tuple(Change(**c) for c in json.loads(r.changes)),
                )
                for r in s.scalars(q).all()
            ]
        return entries[-limit:] if limit else entries


def append_audit(
    s: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    scenario_id: int | None = None,
    version: int | None = None,
    comment: str = "",
    changes: tuple[Change, ...] = (),
) -> None:
    """Add an audit row inside the caller's transaction (the only way rows are written),
    chained to the last row: its ``prev_hash`` is that row's ``row_hash``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})
    prev = s.scalar(select(AuditRow.row_hash).order_by(AuditRow.id.desc()).limit(1)) or GENESIS_HASH
    row = AuditRow(
        at=utcnow(),
        actor=actor,
        action=action,
        subject=subject,
        scenario_id=scenario_id,
        version=version,
        comment=comment,
        changes=json.dumps([c.as_dict() for c in changes], ensure_ascii=False, allow_nan=False),
        prev_hash=prev,
    )
    row.row_hash = chain_hash(
        prev, row.at, actor, action, subject, scenario_id, version, comment, row.changes
    )
    s.add(row)
    s.flush()


def _lock_scenario(s: Session, name: str, actor: str, archived: bool) -> ScenarioRow:
    """The scenario's row, locked for this transaction (``FOR UPDATE``; SQLite's write
    transaction is already exclusive). A new name is inserted first with ``latest_version``
    0 and ``ON CONFLICT DO NOTHING``, so concurrent first saves of one name queue on the
    row too instead of colliding on the unique name."""
    q = (
        select(ScenarioRow)
        .where(ScenarioRow.name == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = s.scalar(q)
    if row is not None:
        return row
    values = dict(name=name, created_at=utcnow(), created_by=actor, latest_version=0, archived=archived)
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # another engine: a plain insert (a concurrent first save is then a conflict)
        s.execute(insert(ScenarioRow).values(**values))
        return s.scalar(q)
    s.execute(dialect_insert(ScenarioRow).values(**values).on_conflict_do_nothing(index_elements=["name"]))
    row = s.scalar(q)
    assert row is not None
    return row
