"""Scenarios, audit trail and workshop sessions on a SQLAlchemy database.

- ``scenario``: the frozen ``Scenario`` and its versioned JSON file format (strict import).
- ``db``: engine/session factory; SQLite file by default, any URL via ``PAIR_DATABASE_URL``.
- ``migrations``: Alembic revisions run from code by ``open_database``.
- ``repository``: save (new version + audit row in one transaction), load, list,
  duplicate, archive, import/export, audit trail.
- ``audit``: diffs between versions; CSV/JSON export with formula cells neutralised.
- ``compare``: weights, ranks and NPV of two or more scenarios side by side.
- ``workshop``: join codes, participants, submissions, aggregate, SMAA mixture input.
"""

from appraisal.store.db import Database, database_url, open_database
from appraisal.store.errors import StoreError
from appraisal.store.repository import Repository, SaveResult, ScenarioSummary
from appraisal.store.scenario import Scenario, ScenarioWeights, ScoreOverride, parse_json
from appraisal.store.workshop import Workshop

__all__ = [
    "Database",
    "Repository",
    "SaveResult",
    "Scenario",
    "ScenarioSummary",
    "ScenarioWeights",
    "ScoreOverride",
    "StoreError",
    "Workshop",
    "database_url",
    "open_database",
    "parse_json",
]
