"""Fixtures for the store tests: a small hand-made data folder and throw-away databases.

A test that asks for ``db_url`` (or ``db``, ``repo``, ``workshop``, which build on it) runs
once per engine chosen with ``--store-engine`` (see ``tests/conftest.py``), each time in a
fresh database: ``[sqlite]`` a new file, ``[postgresql]`` a new database on the server at
``$PAIR_TEST_POSTGRES_URL`` (skipped with a message when there is none).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from appraisal.data import load_dataset
from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs
from appraisal.store import Repository, Scenario
from appraisal.store.db import open_database
from appraisal.store.workshop import SecretGuard, Workshop

from . import pg

SECRET = "correct-horse-battery-staple"

CRITERIA = """
groups:
  - {id: g1, name: Group one, name_cy: Grŵp un, description: First group, description_cy: Y grŵp cyntaf}
criteria:
  - id: reach
    group: g1
    name: Reach
    name_cy: Cyrhaeddiad
    description: How many families are reached
    description_cy: Faint o deuluoedd a gyrhaeddir
    direction: benefit
    scale: {min: 0, max: 10, unit: score}
    value_function:
      type: piecewise_linear
      points: [[0, 0], [10, 100]]
      anchors: {low: {score: 0, meaning: none}, high: {score: 10, meaning: all}}
    weight: {value: 3, unit: points, source: test, status: illustrative}
    paper_section: test
  - id: quality
    group: g1
    name: Quality
    name_cy: Ansawdd
    description: Clinical quality
    description_cy: Ansawdd clinigol
    direction: benefit
    scale: {min: 0, max: 10, unit: score}
    value_function:
      type: piecewise_linear
      points: [[0, 0], [10, 100]]
      anchors: {low: {score: 0, meaning: poor}, high: {score: 10, meaning: excellent}}
    weight: {value: 2, unit: points, source: test, status: illustrative}
    paper_section: test
  - id: delay
    group: g1
    name: Delay
    name_cy: Oedi
    description: Months until first families are seen
    description_cy: Misoedd nes gweld y teuluoedd cyntaf
    direction: cost
    scale: {min: 0, max: 24, unit: months}
    value_function:
      type: piecewise_linear
      points: [[0, 100], [24, 0]]
      anchors: {low: {score: 0, meaning: at once}, high: {score: 24, meaning: two years}}
    weight: {value: 1, unit: points, source: test, status: illustrative}
    paper_section: test
"""

OPTIONS = """
options:
  - {id: bau, name: Business as usual, name_cy: Busnes fel arfer, kind: comparator, host: none, host_cy: dim, description: No change, description_cy: Dim newid}
  - {id: alpha, name: Alpha, name_cy: Alffa, kind: hosting, host: camhs, host_cy: camhs, description: Alpha host, description_cy: Lletywr alffa}
  - {id: beta, name: Beta, name_cy: Beta, kind: hosting, host: local_authority, host_cy: awdurdod lleol, description: Beta host, description_cy: Lletywr beta}
"""

SCORES = """option,criterion,score,low,high,rationale,evidence,status
bau,reach,2,1,3,r,e,illustrative
bau,quality,3,2,4,r,e,illustrative
bau,delay,0,0,0,r,e,illustrative
alpha,reach,8,6,9,r,e,illustrative
alpha,quality,5,4,6,r,e,illustrative
alpha,delay,12,6,18,r,e,illustrative
beta,reach,5,4,6,r,e,illustrative
beta,quality,8,7,9,r,e,illustrative
beta,delay,6,3,9,r,e,illustrative
"""

REGION = """
id: {rid}
name: Region {rid}
name_cy: Rhanbarth {rid}
health_board: Board {rid}
health_board_cy: Bwrdd {rid}
local_authorities:
  - name: LA {rid}
    name_cy: ALl {rid}
    births: {{value: 1000, unit: live births per year, source: test, status: illustrative}}
births: {{value: 1000, unit: live births per year, source: test, status: illustrative}}
need_prevalence: {{value: 0.15, unit: share of births, source: test, status: illustrative}}
current_provision:
  host: none
  coverage: none
  coverage_share: {{value: 0.0, unit: share, source: test, status: illustrative}}
  stage: none
  source: test
  status: illustrative
overrides: []
"""


def write_mini_data(root: Path) -> Path:
    (root / "criteria").mkdir(parents=True)
    (root / "regions").mkdir()
    (root / "criteria" / "criteria.yaml").write_text(textwrap.dedent(CRITERIA), encoding="utf-8")
    (root / "criteria" / "options.yaml").write_text(textwrap.dedent(OPTIONS), encoding="utf-8")
    (root / "criteria" / "scores.csv").write_text(SCORES, encoding="utf-8")
    for rid in ("north", "south"):
        (root / "regions" / f"{rid}.yaml").write_text(REGION.format(rid=rid), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def mini_data_dir(tmp_path_factory) -> Path:
    return write_mini_data(tmp_path_factory.mktemp("mini_data"))


@pytest.fixture(scope="session")
def mini_ds(mini_data_dir):
    return load_dataset(mini_data_dir)


def pytest_generate_tests(metafunc) -> None:
    if "store_engine" in metafunc.fixturenames:
        engines = pg.selected_engines(metafunc.config)
        if metafunc.definition.get_closest_marker("postgresql_only"):
            engines = tuple(e for e in engines if e == "postgresql")
        if metafunc.definition.get_closest_marker("sqlite_only"):
            engines = tuple(e for e in engines if e == "sqlite")
        metafunc.parametrize("store_engine", engines, indirect=True, ids=list(engines))


@pytest.fixture()
def store_engine(request) -> str:
    """The engine this run of the test is on; PostgreSQL is skipped (or, in CI, fails)
    when its server does not answer."""
    engine = request.param
    if engine == "postgresql":
        ok, why = pg.available()
        if not ok:
            if pg.required():
                pytest.fail(why + f" (and ${pg.ENV_REQUIRE} is set)")
            pytest.skip(why)
    return engine


@pytest.fixture()
def db_url(store_engine, tmp_path):
    """A fresh, empty database on this run's engine."""
    if store_engine == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with pg.fresh_database() as url:
        yield url


@pytest.fixture()
def db(db_url):
    d = open_database(db_url, cached=False)
    yield d
    d.dispose()


@pytest.fixture()
def repo(db) -> Repository:
    return Repository(db)


@pytest.fixture()
def workshop(db) -> Workshop:
    return Workshop(db, guard=SecretGuard())  # its own lockout state: tests do not share guesses


WEIGHTS = WeightInputs("swing", {"reach": 100.0, "quality": 60.0, "delay": 20.0}, {"swings": {"reach": 100}})
META_KEYS = ("author", "notes", "reason", "data_version", "created_at", "archived")


def make_inputs(**kw) -> AppraisalInputs:
    """Valid inputs on the mini data: swing weights, one score edit with its reason, two
    economic overrides (the mini data has no assumptions/, so any id passes) and two regions."""
    args: dict = dict(
        weights=WEIGHTS,
        score_edits=(ScoreEdit("north", "alpha", "reach", 7.0, "new team started"),),
        economics=EconomicInputs(overrides={"discount_rate": 0.035, "staff.salary_band7": 48000.0}),
        regions=("north", "south"),
    )
    args.update(kw)
    return AppraisalInputs(**args)


def make_scenario(name: str = "Board view", **kw) -> Scenario:
    """A valid scenario on the mini data, built with ``Scenario.from_inputs``.

    Keywords are the scenario's own fields (author, notes, reason, ...) or AppraisalInputs
    fields (weights, score_edits, economics, regions, ...).
    """
    meta: dict = dict(
        author="Ann Evans",
        notes="First look.\nSecond line.",
        data_version="abc123",
        created_at="2025-03-01T10:00:00+00:00",
    )
    meta.update({k: kw.pop(k) for k in META_KEYS if k in kw})
    return Scenario.from_inputs(name, make_inputs(**kw), **meta)


def v1_doc(**changes) -> dict:
    """``make_scenario()`` as a scenario file in format 1, written by hand (not by today's code)."""
    doc = {
        "format": "pair-appraisal/scenario",
        "schema_version": 1,
        "name": "Board view",
        "author": "Ann Evans",
        "notes": "First look.\nSecond line.",
        "regions": ["north", "south"],
        "weights": {
            "method": "swing",
            "inputs": {"swings": {"reach": 100}},
            "values": {"reach": 100.0, "quality": 60.0, "delay": 20.0},
        },
        "score_overrides": {
            "north": [{"option": "alpha", "criterion": "reach", "score": 7.0, "comment": "new team started"}]
        },
        "economic_assumptions": {"discount_rate": 0.035, "staff.salary_band7": 48000.0},
        "data_version": "abc123",
        "created_at": "2025-03-01T10:00:00+00:00",
        "archived": False,
    }
    doc.update(changes)
    return doc
