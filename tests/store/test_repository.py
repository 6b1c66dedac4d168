"""Saving, versions, duplicate/archive, the audit trail, atomic saves, and reloads in a new process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from appraisal.inputs import ScoreEdit, WeightInputs
from appraisal.store import Repository, StoreError
from appraisal.store import repository as repository_module
from appraisal.store.models import AppendOnlyError, AuditRow, ScenarioRow, ScenarioVersionRow

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _counts(db) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) for t in (ScenarioRow, ScenarioVersionRow, AuditRow)
        )


def test_save_then_load_in_a_new_process_gives_an_identical_scenario(db_url):
    url = db_url
    s1 = make_scenario("Gwent board, March")
    s2 = make_scenario(
        "Cymraeg ✓ — 'quotes' & \"more\"",
        notes="Nodiadau: ŵ ŷ â\nline two\ttabbed",
        weights=WeightInputs(
            "rank",
            {"reach": 0.1 + 0.2, "quality": 1e-9, "delay": 1 / 3},
            {"ranking": [["reach"], ["quality", "delay"]]},
        ),
        score_edits=(ScoreEdit("south", "beta", "delay", 23.999999999, "edge of scale"),),
        archived=True,
    )
    # what was saved, with the save's comment as each version's reason
    expected = {s.name: s.with_changes(reason="saved in process one").to_dict() for s in (s1, s2)}
    writer = _run(
        """
        import sys, json
        sys.path.insert(0, ".")
        from tests.store.conftest import make_scenario
        from appraisal.inputs import ScoreEdit, WeightInputs
        from appraisal.store import Repository
        r = Repository.open()
        s1 = make_scenario("Gwent board, March")
        s2 = make_scenario(
            "Cymraeg ✓ — 'quotes' & \\"more\\"",
            notes="Nodiadau: ŵ ŷ â\\nline two\\ttabbed",
            weights=WeightInputs("rank", {"reach": 0.1 + 0.2, "quality": 1e-9, "delay": 1 / 3},
                                 {"ranking": [["reach"], ["quality", "delay"]]}),
            score_edits=(ScoreEdit("south", "beta", "delay", 23.999999999, "edge of scale"),),
            archived=True,
        )
        for s in (s1, s2):
            r.save(s, actor="Writer", comment="saved in process one")
        """,
        PAIR_DATABASE_URL=url,
    )
    assert writer.returncode == 0, writer.stderr
    reader = _run(
        """
        import json
        from appraisal.store import Repository
        r = Repository.open()
        names = [s.name for s in r.list(include_archived=True)]
        print(json.dumps({n: r.load(n).to_dict() for n in names}))
        """,
        PAIR_DATABASE_URL=url,
    )
    assert reader.returncode == 0, reader.stderr
    loaded = json.loads(reader.stdout)
    assert loaded == expected
    from appraisal.store.scenario import from_dict

    assert from_dict(loaded[s2.name]) == s2.with_changes(reason="saved in process one")
    assert from_dict(loaded[s1.name]) == s1.with_changes(reason="saved in process one")


def test_versions_are_kept_and_unchanged_saves_store_nothing(repo):
    s = make_scenario()
    r1 = repo.save(s, actor="Ann", comment="first")
    assert (r1.version, r1.changed) == (1, True)
    again = repo.save(s.with_changes(author="Bob", created_at="2031-01-01T00:00:00+00:00"), actor="Bob")
    assert (again.version, again.changed) == (1, False)
    r2 = repo.save(s.with_changes(notes="second thoughts"), actor="Bob")
    assert r2.version == 2 and [c.field for c in r2.changes] == ["notes"]
    assert repo.load(s.name, 1) == s.with_changes(reason="first")
    assert repo.load(s.name).reason == ""
    assert repo.load(s.name).notes == "second thoughts"
    assert [v.version for v in repo.versions(s.name)] == [1, 2]
    assert [(e.action, e.actor, e.version) for e in repo.audit(s.name)] == [
        ("create", "Ann", 1),
        ("save", "Bob", 2),
    ]


def test_score_change_needs_a_comment_and_is_audited(repo):
    s = make_scenario()
    repo.save(s, actor="Ann", comment="first")
    changed = s.with_changes(
        inputs=s.inputs.with_changes(score_edits=(ScoreEdit("north", "alpha", "reach", 9.0),))
    )
    with pytest.raises(StoreError, match="comment"):
        repo.save(changed, actor="Ann")
    with pytest.raises(StoreError, match="comment"):
        repo.save(changed, actor="Ann", comment="   ")
    assert repo.latest_version(s.name) == 1
    res = repo.save(changed, actor="Ann", comment="team now fully staffed")
    entry = repo.audit(s.name)[-1]
    assert entry.comment == "team now fully staffed"
    score = next(c for c in entry.changes if c.field == "score_edits.north.alpha.reach.score")
    assert (score.old, score.new) == (7.0, 9.0)
    assert res.version == 2
    assert repo.load(s.name).reason == "team now fully staffed"


def test_weight_only_change_needs_no_comment_and_diff_names_criterion(repo):
    s = make_scenario()
    repo.save(s, actor="Ann", comment="first")
    w = WeightInputs("swing", {"reach": 100.0, "quality": 80.0, "delay": 20.0})
    res = repo.save(s.with_changes(inputs=s.inputs.with_changes(weights=w)), actor="Ann")
    fields = {c.field: (c.old, c.new) for c in res.changes}
    assert fields["weights.points.quality"] == (60.0, 80.0)
    assert "weights.points.reach" not in fields


def test_the_save_comment_is_the_versions_reason(repo):
    s = make_scenario(reason="a reason the caller set")
    repo.save(s, actor="Ann", comment="first save")
    loaded = repo.load(s.name)
    assert loaded.reason == "first save" and json.loads(repo.export_json(s.name))["reason"] == "first save"
    assert [v.comment for v in repo.versions(s.name)] == ["first save"]
    # a different reason, author, time or language is not a change: nothing is stored
    same = loaded.with_changes(
        reason="again",
        author="Bob",
        created_at="2031-01-01T00:00:00+00:00",
        inputs=loaded.inputs.with_changes(lang="cy"),
    )
    assert not repo.save(same, actor="Bob", comment="again").changed
    # any other input is, and is named in the audit trail
    res = repo.save(
        loaded.with_changes(inputs=loaded.inputs.with_changes(draws=500, smaa_model="ranking")), actor="Bob"
    )
    assert {c.field: (c.old, c.new) for c in res.changes} == {
        "draws": (10_000, 500),
        "smaa.model": ("stated", "ranking"),
    }
    assert repo.load(s.name).reason == "" and repo.load(s.name, 1).reason == "first save"


def test_list_reads_regions_of_both_formats(repo, db):
    repo.save(make_scenario("New"), actor="Ann", comment="first")
    repo.save(make_scenario("Old"), actor="Ann", comment="first")
    from tests.store.conftest import v1_doc

    with db.write() as s:  # a version written before format 2 (not migrated)
        row = s.scalars(select(ScenarioVersionRow).where(ScenarioVersionRow.version == 1)).all()[1]
        row.payload = json.dumps(v1_doc(name="Old", regions=["south"]))
    assert {x.name: x.regions for x in repo.list()} == {"New": ("north", "south"), "Old": ("south",)}
    assert repo.load("Old").inputs.regions == ("south",)


def test_duplicate_and_archive(repo):
    s = make_scenario()
    repo.save(s, actor="Ann", comment="first")
    dup = repo.duplicate(s.name, "Board view (copy)", actor="Bob")
    assert dup.version == 1
    copy = repo.load("Board view (copy)")
    assert copy.author == "Bob" and copy.inputs.weights == s.inputs.weights
    assert copy.inputs.score_edits == s.inputs.score_edits and copy.inputs == s.inputs
    with pytest.raises(StoreError, match="already exists"):
        repo.duplicate(s.name, "Board view (copy)", actor="Bob")
    res = repo.archive(s.name, actor="Ann", comment="superseded")
    assert res.version == 2 and repo.load(s.name).archived
    assert [x.name for x in repo.list()] == ["Board view (copy)"]
    assert {x.name: x.archived for x in repo.list(include_archived=True)} == {
        "Board view": True,
        "Board view (copy)": False,
    }
    assert not repo.archive(s.name, actor="Ann").changed  # already archived
    repo.archive(s.name, actor="Ann", archived=False)
    assert not repo.load(s.name).archived
    assert [e.action for e in repo.audit(s.name)] == ["create", "archive", "restore"]
    assert repo.audit("Board view (copy)")[0].action == "duplicate"


def test_load_unknown_name_is_a_clear_error(repo):
    with pytest.raises(StoreError, match="no scenario called 'nope'"):
        repo.load("nope")
    repo.save(make_scenario(), actor="Ann", comment="first")
    with pytest.raises(StoreError, match="Version 5"):
        repo.load("Board view", 5)


def test_audit_log_is_append_only(repo, db):
    repo.save(make_scenario(), actor="Ann", comment="first")
    assert not hasattr(repo, "delete")
    # the ORM refuses ...
    with pytest.raises(AppendOnlyError), db.write() as s:
        row = s.scalars(select(AuditRow)).first()
        row.comment = "rewritten"
        s.flush()
    with pytest.raises(AppendOnlyError), db.write() as s:
        s.delete(s.scalars(select(AuditRow)).first())
        s.flush()
    # ... and so does the database, even for raw SQL
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(update(AuditRow).values(comment="x"))
    with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
        conn.execute(delete(AuditRow))
    assert repo.audit()[0].comment == "first"


def test_failure_mid_save_leaves_no_partial_scenario(repo, db, monkeypatch):
    repo.save(make_scenario("Kept"), actor="Ann", comment="first")
    before = _counts(db)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(repository_module, "append_audit", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        repo.save(make_scenario("New one"), actor="Ann", comment="x")
    with pytest.raises(RuntimeError):
        repo.save(make_scenario("Kept", notes="changed"), actor="Ann", comment="x")
    assert _counts(db) == before
    assert not repo.exists("New one")
    assert repo.load("Kept").notes == make_scenario().notes
    assert repo.latest_version("Kept") == 1


def test_process_killed_mid_save_leaves_no_partial_scenario(db_url):
    """A hard crash (os._exit) after the rows are written but before commit."""
    url = db_url
    res = _run(
        """
        import os, sys
        sys.path.insert(0, ".")
        from tests.store.conftest import make_scenario
        from appraisal.store import Repository
        import appraisal.store.repository as rep
        r = Repository.open()
        r.save(make_scenario("Kept"), actor="Ann", comment="first")
        real = rep.append_audit
        def crash(s, **kw):
            real(s, **kw)
            s.flush()
            os._exit(7)
        rep.append_audit = crash
        r.save(make_scenario("Half written"), actor="Ann", comment="x")
        """,
        PAIR_DATABASE_URL=url,
    )
    assert res.returncode == 7, res.stderr
    r = Repository.open(url)
    try:
        assert [s.name for s in r.list(include_archived=True)] == ["Kept"]
        assert len(r.audit()) == 1 and r.verify_audit().ok
        assert _counts(r.db) == (1, 1, 1)
        if r.db.dialect == "sqlite":
            con = sqlite3.connect(r.db.engine.url.database)
            assert con.execute("pragma integrity_check").fetchone() == ("ok",)
            con.close()
    finally:
        r.db.dispose()
        from appraisal.store.db import close_all

        close_all()


def test_export_json_round_trips_through_import(repo):
    s = make_scenario()
    repo.save(s, actor="Ann", comment="first")
    text_ = repo.export_json(s.name)
    res = repo.import_json(text_, actor="Bob", rename="Imported copy")
    assert res.version == 1
    assert repo.load("Imported copy") == s.with_changes(name="Imported copy", reason="imported from file")
    entry = repo.audit("Imported copy")[0]
    assert entry.action == "import" and entry.actor == "Bob"


def test_list_reports_latest_author(repo):
    repo.save(make_scenario("A"), actor="Ann", comment="first")
    repo.save(make_scenario("A", notes="x"), actor="Bob")
    (summary,) = repo.list()
    assert (summary.name, summary.latest_version, summary.created_by, summary.updated_by) == (
        "A",
        2,
        "Ann",
        "Bob",
    )
    assert summary.regions == ("north", "south") and summary.data_version == "abc123"


def test_actor_and_comment_are_validated(repo):
    with pytest.raises(StoreError, match="actor"):
        repo.save(make_scenario(), actor="")
    with pytest.raises(StoreError, match="actor"):
        repo.save(make_scenario(), actor="<b>x</b>")
    with pytest.raises(StoreError, match="comment"):
        repo.save(make_scenario(), actor="Ann", comment="x" * 3000)
    assert repo.list() == []


@pytest.mark.sqlite_only
def test_wal_and_busy_timeout_are_set(tmp_path):
    """SQLite only: WAL journal, 30 s busy timeout and foreign keys on every connection."""
    from appraisal.store.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'wal.sqlite'}", cached=False)
    with db.engine.connect() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma busy_timeout")).scalar() == 30000
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1
    db.dispose()


def test_default_location_and_env_url(monkeypatch, tmp_path):
    from appraisal.store.db import database_url

    monkeypatch.delenv("PAIR_DATABASE_URL", raising=False)
    monkeypatch.delenv("PAIR_DB_PATH", raising=False)
    assert database_url() == "sqlite:///data/pair_appraisal.sqlite"
    monkeypatch.setenv("PAIR_DB_PATH", str(tmp_path / "sub" / "f.sqlite"))
    assert database_url() == f"sqlite:///{tmp_path / 'sub' / 'f.sqlite'}"
    monkeypatch.setenv("PAIR_DATABASE_URL", "postgresql+psycopg://u:p@h/db")
    assert database_url() == "postgresql+psycopg://u:p@h/db"
    assert database_url("sqlite://") == "sqlite://"


@pytest.mark.sqlite_only
def test_folder_is_created_and_memory_database_works(tmp_path):
    from appraisal.store.db import open_database

    db = open_database(f"sqlite:///{tmp_path / 'new' / 'deeper' / 'f.sqlite'}", cached=False)
    assert (tmp_path / "new" / "deeper" / "f.sqlite").exists()
    db.dispose()
    mem = Repository(open_database("sqlite://", cached=False))
    mem.save(make_scenario(), actor="Ann", comment="first")
    assert mem.load("Board view") == make_scenario(reason="first")


def test_bad_url_is_a_clear_error():
    from appraisal.store.db import open_database

    with pytest.raises(StoreError, match="not a valid SQLAlchemy URL"):
        open_database("not a url at all", cached=False)
