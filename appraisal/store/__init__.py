"""Scenarios, audit trail and workshop sessions on a SQLAlchemy database.

- ``scenario``: the frozen ``Scenario`` (a serialised ``AppraisalInputs`` plus name,
  author, notes, reason, timestamps and any ``dissent``) and its versioned JSON file
  format (strict import of formats 1, 2 and 3; format 3 written).
- ``dissent``: a recorded dissent (who, the option they prefer or what they disagree
  with, and why), kept in the scenario and shown in the report.
- ``db``: engine/session factory; SQLite file by default (opened read-only when it cannot
  be written), PostgreSQL (psycopg 3) or any URL via ``PAIR_DATABASE_URL``.
- ``migrations``: Alembic revisions run from code by ``open_database``, serialised by a
  lock (PostgreSQL advisory lock, SQLite write lock) and only when behind (0003 rewrites
  stored payloads from scenario format 1 to 2; 0004 chains the audit log by hash and adds
  the guards against ``INSERT OR REPLACE`` and ``TRUNCATE``; 0005 adds the workshop's gut
  rankings and scoring rounds and rewrites payloads from format 2 to 3).
- ``repository``: save (new version + audit row in one transaction, the scenario's row
  locked so concurrent saves become consecutive versions), load, list, duplicate,
  archive, import/export, audit trail and ``verify_audit``.
- ``audit``: diffs between versions; the hash chain and its verification; CSV/JSON export
  with formula cells neutralised.
- ``compare``: weights, ranks and NPV of two or more scenarios side by side, read from
  ``appraisal.run.run`` (the store computes no appraisal itself).
- ``workshop``: join codes, participants, submissions (``WeightInputs``), aggregate (what a
  participant may see of a small group), the facilitator-secret lockout, and the SMAA
  mixture through ``appraisal.run.mixture_acceptability``.
- ``conference``: the decision-conference checks on a workshop session: participants'
  gut rankings against the model (``appraisal.gut_check``) and scoring rounds with their
  spread fed into SMAA (``appraisal.scoring_round``).
"""

from appraisal.store.db import Database, database_url, open_database
from appraisal.store.errors import StoreError
from appraisal.store.repository import Repository, SaveResult, ScenarioSummary
from appraisal.store.scenario import Scenario, parse_json
from appraisal.store.workshop import Workshop

__all__ = [
    "Database",
    "Repository",
    "SaveResult",
    "Scenario",
    "ScenarioSummary",
    "StoreError",
    "Workshop",
    "database_url",
    "open_database",
    "parse_json",
]
