"""Migration 0005 (issue 13): a database at the previous head (0004) gets the workshop's
gut-ranking and scoring-round tables, keeps every session, and has its scenario payloads
rewritten from format 2 to 3 (no dissent); downgrading writes format 2 back."""

from __future__ import annotations

import importlib.util
import json

from sqlalchemy import inspect, text

from appraisal.store import Repository
from appraisal.store.conference import Conference
from appraisal.store.db import Database, create_db_engine
from appraisal.store.dissent import Dissent
from appraisal.store.migrations import (
    MIGRATIONS_DIR,
    current_revision,
    downgrade_to,
    upgrade_to,
    upgrade_to_head,
)
from appraisal.store.workshop import SecretGuard, Workshop

from .conftest import SECRET, make_scenario

PREVIOUS = "0004_audit_chain"
TABLES = {"workshop_gut_rankings", "workshop_scoring_rounds", "workshop_round_scores"}


def _format_2(payload: str) -> str:
    """A payload as the code of schema 0004 wrote it (scenario format 2, no dissent key)."""
    doc = json.loads(payload)
    doc.pop("dissent")
    doc["schema_version"] = 2
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _payloads(db) -> list[dict]:
    with db.engine.connect() as conn:
        return [
            json.loads(p) for (p,) in conn.execute(text("select payload from scenario_versions order by id"))
        ]


def _tables(db) -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_previous_head_migrates_and_downgrades(db_url):
    db = Database(create_db_engine(db_url))
    upgrade_to(db, PREVIOUS)
    assert not TABLES & _tables(db)
    repo = Repository(db)
    repo.save(make_scenario(), actor="Ann", comment="first")
    written = make_scenario(reason="first").to_json()
    with db.engine.begin() as conn:
        conn.execute(text("update scenario_versions set payload = :p"), {"p": _format_2(written)})
    ws = Workshop(db, guard=SecretGuard())
    s = ws.open_session(
        secret=SECRET, configured_secret=SECRET, title="Old", facilitator="Fay", region="north"
    )
    _, token = ws.join(s.code, name="Pat", role="Nurse", organisation="HB")
    ws.submit(token, "points", {"reach": 2, "quality": 1, "delay": 1}, ("reach", "quality", "delay"))

    report = upgrade_to_head(db)
    assert (report.from_revision, report.to_revision) == (PREVIOUS, "0005_decision_conference")
    assert TABLES <= _tables(db)
    (doc,) = _payloads(db)
    assert doc["schema_version"] == 3 and doc["dissent"] == []
    with db.engine.connect() as conn:
        (payload,) = conn.execute(text("select payload from scenario_versions")).one()
    assert payload == written  # exactly what today's code writes for the same work
    assert repo.load("Board view") == make_scenario(reason="first")
    assert repo.verify_audit().ok
    # the old session is kept and takes the new checks
    assert ws.latest_submissions(s.code)[0].participant.name == "Pat"
    cf = Conference(ws)
    cf.record_gut(token, ["beta", "alpha", "bau"], ("bau", "alpha", "beta"))
    assert [g.ranking for g in cf.gut_rankings(s.code)] == [("beta", "alpha", "bau")]
    cf.open_round(s.code, ["reach"], ("reach", "quality", "delay"), secret=SECRET, configured_secret=SECRET)
    assert [r.number for r in cf.rounds(s.code)] == [1]
    # dissent recorded after the migration; downgrading drops it and writes format 2 back
    loaded = repo.load("Board view")
    repo.save(loaded.with_dissent(Dissent("Bryn", "not yet", option="beta")), actor="Ann", comment="dissent")
    assert repo.load("Board view").dissent[0].who == "Bryn"
    downgrade_to(db, PREVIOUS)
    assert current_revision(db) == PREVIOUS and not TABLES & _tables(db)
    docs = _payloads(db)
    assert [d["schema_version"] for d in docs] == [2, 2] and not any("dissent" in d for d in docs)
    assert docs[0] == json.loads(_format_2(written))
    upgrade_to_head(db)
    assert [len(d["dissent"]) for d in _payloads(db)] == [0, 0]  # format 2 could not keep it
    db.dispose()


def _module():
    spec = importlib.util.spec_from_file_location(
        "m0005", MIGRATIONS_DIR / "versions" / "0005_decision_conference.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_payloads_in_other_formats_are_left_alone():
    m = _module()
    v3 = make_scenario().to_json()
    for payload in ("not json", "[]", json.dumps({"format": "other", "schema_version": 2}), v3):
        assert m.v2_to_v3(payload) is None
    assert m.v3_to_v2(_format_2(v3)) is None
    assert m.v2_to_v3(_format_2(v3)) == v3  # the frozen conversion gives today's file exactly
    assert json.loads(m.v3_to_v2(v3)) == json.loads(_format_2(v3))
    assert tuple(json.loads(v3)) == m.ORDER_V3
