"""The holes a hostile-input pass found (issue 16), each with the test that failed before its fix.

- the facilitator secret could be guessed without limit (20,000 wrong guesses in 0.7 s);
- with two participants and reveal off, the aggregate gave the other person's weights away;
- link notices rendered query-parameter text as Markdown (a clickable link, an image fetch);
- the JSON nesting pre-check was quadratic on an unterminated run of backslash-quotes;
- a read-only or missing database folder gave a two-line internal error (exit 3), and even
  ``scenario list`` failed on a read-only database;
- a negative local-authority birth count passed ``validate``; an AHP judgement of 1e6 in a
  weights file was taken without a word; a UTF-8 byte-order mark at the start of
  ``scores.csv`` gave a misleading "missing column"; one broken ``options.yaml`` was
  followed by dozens of follow-on errors.

(The audit trail's holes are in ``test_audit_chain.py``; the concurrency ones in
``test_concurrency.py``.)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from appraisal.data import collect
from appraisal.errors import DataError
from appraisal.store import Repository, StoreError
from appraisal.store.db import close_all, open_database
from appraisal.store.scenario import MAX_FILE_BYTES, check_depth, loads_limited
from appraisal.store.workshop import (
    MIN_GROUP_MEAN,
    MIN_GROUP_SPREAD,
    SecretGuard,
    Workshop,
    aggregate,
    participant_aggregate,
)

from .conftest import SECRET, make_scenario, write_mini_data

ROOT = Path(__file__).resolve().parents[2]
CRIT = ("reach", "quality", "delay")


# ----------------------------------------------------------------------------- the facilitator secret


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _open(ws: Workshop, secret: str, client: str = "api"):
    return ws.open_session(
        secret=secret, configured_secret=SECRET, title="T", facilitator="Fay", region="north", client=client
    )


def test_twenty_thousand_guesses_through_the_api_are_locked_out(db):
    """Before: all 20,000 wrong guesses were checked (0.7 s). Now 5 are, then the client
    is locked out, and while it is, the right secret is refused too (no oracle)."""
    clock = Clock()
    ws = Workshop(db, guard=SecretGuard(clock=clock))
    outcomes: dict[str, int] = {}
    for i in range(20_000):
        try:
            _open(ws, f"guess-{i:05d}")
        except StoreError as exc:
            outcomes[exc.key] = outcomes.get(exc.key, 0) + 1
    assert outcomes.get("store.err.bad_secret", 0) <= 4
    assert outcomes["store.err.secret_locked"] >= 20_000 - 5
    with pytest.raises(StoreError, match="locked here for 5 minute") as exc:
        _open(ws, SECRET)
    assert "even the right secret is refused" in str(exc.value)
    # the lock lifts by itself; the next lockout lasts twice as long
    clock.now += 301
    assert _open(ws, SECRET).is_open
    for _ in range(5):
        with pytest.raises(StoreError):
            _open(ws, "wrong-again")
    with pytest.raises(StoreError, match="for 10 minute"):
        _open(ws, SECRET)


def test_new_sessions_do_not_buy_more_guesses_but_unlocked_facilitators_keep_working(db):
    clock = Clock()
    guard = SecretGuard(clock=clock)
    ws = Workshop(db, guard=guard)
    session = _open(ws, SECRET, client="facilitator")  # a facilitator already in
    for k in range(30):  # 30 sessions, one wrong guess each: the server-wide budget
        with pytest.raises(StoreError):
            _open(ws, "guess", client=f"attacker-{k}")
    with pytest.raises(StoreError, match="tried on this server") as exc:
        _open(ws, SECRET, client="attacker-new")
    assert exc.value.key == "store.err.secret_busy"
    # the facilitator who had unlocked carries on
    assert ws.facilitator_view(
        session.code, CRIT, secret=SECRET, configured_secret=SECRET, client="facilitator"
    )
    clock.now += 601
    assert _open(ws, SECRET, client="attacker-new").is_open


def test_secret_guard_memory_is_bounded():
    guard = SecretGuard(max_clients=100)
    for k in range(1000):
        with pytest.raises(StoreError):
            guard.check("wrong", SECRET, f"client-{k}")
    assert len(guard._clients) == 100


WORKSHOP_PAGE = """
from appraisal.ui.pages import workshop
workshop.render()
"""


@pytest.fixture()
def page_env(db_url, monkeypatch):
    monkeypatch.setenv("PAIR_DATABASE_URL", db_url)
    monkeypatch.setenv("PAIR_FACILITATOR_SECRET", SECRET)
    yield db_url
    close_all()


def test_workshop_page_locks_out_after_five_wrong_secrets(page_env):
    """Before: the Unlock button took any number of guesses."""
    at = AppTest.from_string(WORKSHOP_PAGE, default_timeout=30).run()
    at.radio(key="ws_role").set_value("facilitator").run()
    for i in range(5):
        at.text_input(key="ws_fac_secret").input(f"wrong-guess-{i}")
        at.button(key="ws_fac_unlock").click().run()
    errors = [e.value for e in at.error]
    assert any("Too many wrong facilitator secrets" in e for e in errors), errors
    assert at.button(key="ws_fac_unlock").disabled and at.text_input(key="ws_fac_secret").disabled
    assert any("locked on this device" in w.value for w in at.warning)
    # another browser session is not locked out by this one
    other = AppTest.from_string(WORKSHOP_PAGE, default_timeout=30).run()
    other.radio(key="ws_role").set_value("facilitator").run()
    other.text_input(key="ws_fac_secret").input(SECRET)
    other.button(key="ws_fac_unlock").click().run()
    assert not other.error and other.text_input(key="ws_new_title")


# ----------------------------------------------------------------------------- small groups


def _session_with(ws: Workshop, n: int):
    s = ws.open_session(secret=SECRET, configured_secret=SECRET, title="T", facilitator="Fay", region="north")
    tokens = []
    for i in range(n):
        _, tok = ws.join(s.code, name=f"P{i}", role="r", organisation="o")
        ws.submit(tok, "points", {"reach": 10 + 7 * i, "quality": 30 - 3 * i, "delay": 5 + i}, CRIT)
        tokens.append(tok)
    return s, tokens


def test_two_participants_cannot_work_out_each_others_weights(workshop):
    """Before: the participant view gave the mean (2 x mean - mine = the other's weights),
    min and max (one of them is the other's) and the rest."""
    s, (ta, tb) = _session_with(workshop, 2)
    view = workshop.participant_view(ta, CRIT)
    assert view.aggregate is None and view.withheld == "all" and view.others is None
    # the facilitator sees everything
    fac = workshop.facilitator_view(s.code, CRIT, secret=SECRET, configured_secret=SECRET)
    assert fac.aggregate.n == 2 and fac.aggregate.spread is not None


@pytest.mark.parametrize("n", [MIN_GROUP_MEAN, MIN_GROUP_SPREAD - 1])
def test_small_groups_see_the_mean_only(workshop, n):
    s, tokens = _session_with(workshop, n)
    view = workshop.participant_view(tokens[0], CRIT)
    agg = view.aggregate
    assert view.withheld == "spread" and agg.withheld
    assert agg.geometric is None and agg.median is None and agg.spread is None
    assert all(r["min"] is None and r["max"] is None and r["sd"] is None for r in agg.rows())
    full = workshop.facilitator_view(s.code, CRIT, secret=SECRET, configured_secret=SECRET).aggregate
    assert np.allclose(agg.arithmetic, full.arithmetic)


def test_a_large_group_or_revealed_submissions_show_everything(workshop):
    s, tokens = _session_with(workshop, MIN_GROUP_SPREAD)
    view = workshop.participant_view(tokens[0], CRIT)
    assert view.withheld is None and view.aggregate.spread is not None and not view.aggregate.withheld
    subs = workshop.latest_submissions(s.code)[:2]
    agg, withheld = participant_aggregate(subs, CRIT, reveal=True)  # the facilitator chose to show all
    assert withheld is None and agg.spread == aggregate(subs, CRIT).spread and not agg.withheld


# ----------------------------------------------------------------------------- link notices


@pytest.mark.parametrize(
    "param, value",
    [
        ("region", "[Sign in](https://evil.example/login)"),
        ("region", "![x](https://evil.example/pixel.png)"),
        ("lang", "<img src=https://evil.example/p.png>"),
        ("lang", "[a]: https://evil.example"),
    ],
)
def test_link_notices_show_query_text_as_text(param, value):
    """Before: ``?region=[Sign in](https://...)`` rendered as a clickable link in the notice,
    and an image reference made the browser fetch an address."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params[param] = value
    at.run()
    notices = [w.value for w in at.warning if "link" in w.value]
    assert notices, [w.value for w in at.warning]
    for text in notices:
        # every Markdown/HTML character of the link's text is escaped: without the escaped
        # characters nothing is left that could be a link, an image, a reference or a tag
        bare = re.sub(r"\\.", "", text)
        for raw in ("](", "![", "<", "]:", "://"):
            assert raw not in bare, text
        assert "evil" in text  # still shown, as text


# ----------------------------------------------------------------------------- JSON pre-check


@pytest.mark.timeout(120)
def test_one_megabyte_of_adversarial_json_is_checked_in_linear_time():
    """Before: an unterminated run of \\" made the depth pre-check quadratic (30 KB froze the
    server for 18 s, 1 MB ran past 2 minutes). The bound is generous; the scan is linear."""
    size = MAX_FILE_BYTES - 10
    payloads = {
        "unterminated backslash-quotes": '"' + '\\"' * (size // 2),
        "backslash-quotes in a list": '["' + '\\"' * (size // 2 - 2),
        "quotes and brackets": '"[' * (size // 2),
        "backslashes": '"' + "\\" * (size - 1),
        "brackets in strings": ('"' + "[{" * 20 + '",') * (size // 44),
    }
    for label, text in payloads.items():
        assert len(text.encode()) <= MAX_FILE_BYTES
        t0 = time.perf_counter()
        with contextlib.suppress(StoreError):
            check_depth(text)
        with pytest.raises(StoreError):
            loads_limited(text)
        elapsed = time.perf_counter() - t0
        assert elapsed < 2.0, f"{label}: {elapsed:.2f} s"


def test_depth_check_still_counts_brackets_outside_strings_only():
    check_depth('{"a": "[[[[[[[[[[[[[[[[[[[[[", "b": "\\\\"}')
    check_depth('["\\"[[[[[[[[[[[[["]')
    with pytest.raises(StoreError, match="nested too deeply"):
        check_depth("[" * 11 + "]" * 11)
    with pytest.raises(StoreError, match="nested too deeply"):
        check_depth('["\\\\"' + ", [" * 10 + "]" * 11)


# ----------------------------------------------------------------------------- read-only / missing folders


def _drop_file_override() -> None:  # pragma: no cover - runs in the child
    """In the child, as root: give up the capabilities that let root write anywhere, so
    file permissions apply to it as to anyone (prctl PR_CAPBSET_DROP before exec)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            libc.prctl(24, cap, 0, 0, 0)


def _run_limited(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_drop_file_override,
    )


@pytest.fixture()
def read_only_db(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "pair.sqlite"
    db = open_database(f"sqlite:///{path}", cached=False)
    Repository(db).save(make_scenario("Kept"), actor="Ann", comment="first")
    db.dispose()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    probe = _run_limited("-c", f"open({str(folder / 'probe')!r}, 'w')")
    if probe.returncode == 0:
        folder.chmod(0o755)
        pytest.skip("cannot make a folder read-only here (capabilities could not be dropped)")
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.sqlite_only
def test_scenario_list_and_verify_work_on_a_read_only_database(read_only_db):
    """Before: 'internal error ... attempt to write a readonly database' on two lines, exit 3
    (opening always took the write lock)."""
    url = f"sqlite:///{read_only_db}"
    res = _run_limited("-m", "appraisal", "scenario", "list", "--db", url)
    assert res.returncode == 0, res.stderr
    assert "Kept" in res.stdout and res.stderr == ""
    res = _run_limited("-m", "appraisal", "audit", "verify", "--db", url)
    assert res.returncode == 0 and "intact: 1 entries" in res.stdout, res.stderr
    # and a write is one clear line, exit 2, changing nothing
    f = read_only_db.parent.parent / "in.json"
    f.write_text(make_scenario("New").to_json(), encoding="utf-8")
    data = write_mini_data(read_only_db.parent.parent / "data")
    res = _run_limited(
        "-m",
        "appraisal",
        "scenario",
        "import",
        str(f),
        "--db",
        url,
        "--data-dir",
        str(data),
        "--comment",
        "x",
    )
    assert res.returncode == 2, res.stderr
    assert (
        len(res.stderr.strip().splitlines()) == 1
        and "read-only" in res.stderr
        and "internal" not in res.stderr
    )


@pytest.mark.sqlite_only
def test_a_missing_folder_that_cannot_be_made_is_one_line_exit_2(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        res = _run_limited(
            "-m", "appraisal", "scenario", "list", env={"PAIR_DB_PATH": str(parent / "sub" / "x.sqlite")}
        )
        if res.returncode == 0:
            pytest.skip("cannot make a folder read-only here")
        assert res.returncode == 2, res.stderr
        line = res.stderr.strip()
        assert len(line.splitlines()) == 1 and "cannot be created" in line and str(parent / "sub") in line
    finally:
        parent.chmod(0o755)


def test_read_only_database_in_process_reads_and_refuses_writes(tmp_path, monkeypatch):
    """The same in this process, without changing permissions: a file we may not write."""
    path = tmp_path / "pair.sqlite"
    db = open_database(f"sqlite:///{path}", cached=False)
    Repository(db).save(make_scenario("Kept"), actor="Ann", comment="first")
    db.dispose()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode & os.W_OK else real(p, mode))
    db = open_database(f"sqlite:///{path}", cached=False)
    assert db.read_only
    repo = Repository(db)
    assert [s.name for s in repo.list()] == ["Kept"] and repo.verify_audit().ok
    with pytest.raises(StoreError, match="read-only here"):
        repo.save(make_scenario("New"), actor="Ann", comment="x")
    db.dispose()


# ----------------------------------------------------------------------------- data files


def _mini(tmp_path: Path) -> Path:
    return write_mini_data(tmp_path / "data")


def _issues(root: Path) -> list[str]:
    ds, issues = collect(root)
    return [str(i) for i in issues]


def test_negative_local_authority_births_are_refused(tmp_path):
    root = _mini(tmp_path)
    f = root / "regions" / "north.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("births: {value: 1000", "births: {value: -1000", 1),
        encoding="utf-8",
    )
    issues = _issues(root)
    assert any("regions/north.yaml" in i and "local_authorities.births.value" in i for i in issues), issues


def test_a_byte_order_mark_in_scores_csv_is_not_a_missing_column(tmp_path):
    root = _mini(tmp_path)
    f = root / "criteria" / "scores.csv"
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    assert _issues(root) == []


def test_one_broken_yaml_gives_one_error_not_dozens(tmp_path):
    root = _mini(tmp_path)
    for rid in ("north", "south"):  # regions that refer to options and criteria
        f = root / "regions" / f"{rid}.yaml"
        overrides = "".join(
            f"  - {{option: alpha, criterion: reach, score: {k}, low: 0, high: 10, rationale: r, evidence: e, "
            "status: illustrative}\n"
            for k in (5,)
        )
        f.write_text(
            f.read_text(encoding="utf-8").replace("overrides: []\n", "overrides:\n" + overrides),
            encoding="utf-8",
        )
    assert _issues(root) == []
    for broken in ("options.yaml", "criteria.yaml"):
        copy = tmp_path / f"copy-{broken}"
        shutil.copytree(root, copy)
        (copy / "criteria" / broken).write_text("options: [ {id: x\n", encoding="utf-8")
        issues = _issues(copy)
        assert len(issues) == 1 and f"criteria/{broken}" in issues[0] and "malformed YAML" in issues[0], (
            issues
        )


def test_an_ahp_judgement_off_saatys_scale_in_a_weights_file_is_refused(tmp_path, mini_data_dir, capsys):
    """Before: a judgement of 1e6 in a weights file was used by ``rank`` without a word
    (the API refuses values over 9)."""
    from appraisal.cli import main
    from appraisal.data import load_dataset
    from appraisal.weights_io import load_weights_file

    f = tmp_path / "ahp.yaml"
    f.write_text(
        textwrap.dedent(
            """
            method: ahp
            criteria: [reach, quality, delay]
            matrix: [[1, 1000000, 3], [0.000001, 1, 2], [0.3333333333, 0.5, 1]]
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as exc:
        load_weights_file(f, load_dataset(mini_data_dir).criteria)
    assert str(f) in str(exc.value) and "matrix[0][1]" in str(exc.value) and "1/9 and 9" in str(exc.value)
    code = main(["rank", "--region", "north", "--weights", str(f), "--data-dir", str(mini_data_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "matrix[0][1]" in err and len(err.strip().splitlines()) == 1
    # a weights CSV written by Excel (with a byte-order mark) is read
    g = tmp_path / "w.csv"
    g.write_bytes(b"\xef\xbb\xbfcriterion,weight\nreach,3\nquality,2\ndelay,1\n")
    assert load_weights_file(g, load_dataset(mini_data_dir).criteria).as_dict()["reach"] == pytest.approx(0.5)
