"""Every message key the store, its CLI and its pages use exists; work <-> scenario rules."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from appraisal.i18n import catalogue, has
from appraisal.store import ScoreOverride, StoreError
from appraisal.store.work import jsonable, safe_inputs, scenario_from_work, work_from_scenario

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((ROOT / "appraisal" / "store").rglob("*.py")),
    ROOT / "appraisal" / "cli" / "scenario.py",
    ROOT / "appraisal" / "ui" / "pages" / "scenarios.py",
    ROOT / "appraisal" / "ui" / "pages" / "workshop.py",
]
KEY = re.compile(r"""["']((?:store|page\.scenarios|page\.workshop)\.[a-z0-9_.]+[a-z0-9_])["']""")
DYNAMIC = {
    "page.scenarios.action.": ("create", "save", "duplicate", "archive", "restore", "import", "workshop"),
    "page.scenarios.audit_col.": (
        "id",
        "at",
        "actor",
        "action",
        "subject",
        "version",
        "comment",
        "field",
        "old",
        "new",
    ),
    "page.scenarios.npv_mode.": ("bottom_up", "heckman"),
    "page.workshop.method.": ("points", "swing", "rank"),
    "page.workshop.method_help.": ("points", "swing", "rank"),
    "page.workshop.role.": ("participant", "facilitator"),
    "store.cli.col.": ("name", "version", "updated_at", "updated_by", "archived"),
}


def test_every_literal_key_is_in_the_english_catalogue():
    missing = []
    for path in SOURCES:
        for key in KEY.findall(path.read_text(encoding="utf-8")):
            if not has(key, "en"):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, missing


def test_dynamic_keys_exist_and_match_the_code():
    from appraisal.store.audit import AUDIT_COLUMNS
    from appraisal.store.repository import ACTIONS
    from appraisal.store.workshop import PARTICIPANT_METHODS

    assert DYNAMIC["page.scenarios.action."] == ACTIONS
    assert DYNAMIC["page.scenarios.audit_col."] == AUDIT_COLUMNS
    assert DYNAMIC["page.workshop.method."] == PARTICIPANT_METHODS
    for prefix, names in DYNAMIC.items():
        for n in names:
            assert has(prefix + n, "en"), prefix + n


def test_catalogue_placeholders_are_filled():
    """Every {placeholder} in a store message is a name the code passes (spot check via StoreError)."""
    text = StoreError("store.err.too_long", field="name", limit=5, length=9).localised("en")
    assert text == "field 'name': is too long (9 characters; the limit is 5)."
    for key, value in catalogue("en").items():
        if key.startswith(("store.", "page.scenarios.", "page.workshop.")):
            assert value.count("{") == value.count("}"), key


def test_new_or_changed_scores_take_the_save_comment():
    prev = make_scenario(
        score_overrides={
            "north": {
                ("alpha", "reach"): ScoreOverride(7.0, "old reason"),
                ("beta", "delay"): ScoreOverride(3.0, "kept"),
            }
        }
    )
    s = scenario_from_work(
        name="Board view",
        author="Ann",
        notes="",
        regions=["north"],
        points={"reach": np.float64(2.0), "quality": 1, "delay": 1},
        method="swing",
        inputs={"swings": (100, np.int64(50)), ("a", "b"): np.array([1.5])},
        score_edits={
            "north": {("alpha", "reach"): 8.0, ("beta", "delay"): 3.0},
            "south": {("bau", "reach"): 4},
            "x": {},
        },
        econ={"discount_rate": 0.03},
        data_version="v1",
        comment="new evidence",
        previous=prev,
    )
    assert s.score_overrides["north"][("alpha", "reach")] == ScoreOverride(8.0, "new evidence")
    assert s.score_overrides["north"][("beta", "delay")] == ScoreOverride(3.0, "kept")
    assert s.score_overrides["south"][("bau", "reach")] == ScoreOverride(4.0, "new evidence")
    assert "x" not in s.score_overrides
    assert dict(s.weights.inputs) == {"swings": (100, 50), "a|b": (1.5,)}
    w = work_from_scenario(s, ("north", "south", "east"))
    assert w.score_edits["east"] == {} and w.score_edits["north"][("alpha", "reach")] == 8.0
    assert w.points == {"reach": 2.0, "quality": 1.0, "delay": 1.0} and w.method == "swing"


def test_inputs_that_cannot_be_stored_become_a_note():
    assert safe_inputs({"html": "<b>x</b>"}) == {"note": "inputs not stored (too large or not plain values)"}
    assert safe_inputs(None) == {}
    assert safe_inputs([1, 2]) == {"value": [1, 2]}
    assert jsonable({1: {2, 3}, "o": object()})["1"] in ([2, 3], [3, 2])


def test_invalid_work_is_refused():
    with pytest.raises(StoreError, match="all weights are zero"):
        scenario_from_work(
            name="x",
            author="a",
            notes="",
            regions=[],
            points={"reach": 0},
            method="points",
            inputs={},
            score_edits={},
            econ={},
            data_version="",
        )
