"""Scenarios, audit trail and workshop sessions on a SQLAlchemy database.

- ``scenario``: the frozen ``Scenario`` (a serialised ``AppraisalInputs`` plus name,
  author, notes, reason and timestamps) and its versioned JSON file format (strict import
  of formats 1 and 2; format 2 written).
- ``db``: engine/session factory; SQLite file by default, any URL via ``PAIR_DATABASE_URL``.
- ``migrations``: Alembic revisions run from code by ``open_database`` (0003 rewrites stored
  payloads from scenario format 1 to 2).
- ``repository``: save (new version + audit row in one transaction), load, list,
  duplicate, archive, import/export, audit trail.
- ``audit``: diffs between versions; CSV/JSON export with formula cells neutralised.
- ``compare``: weights, ranks and NPV of two or more scenarios side by side, read from
  ``appraisal.run.run`` (the store computes no appraisal itself).
- ``workshop``: join codes, participants, submissions (``WeightInputs``), aggregate, and
  the SMAA mixture through ``appraisal.run.mixture_acceptability``.
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
