"""Every message key the store, its CLI and its pages use exists; the app's work as a scenario
(the reason rule on save, JSON-safe weight inputs)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from appraisal.i18n import catalogue, has
from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs, jsonable
from appraisal.store import Scenario, StoreError
from appraisal.store.scenario import reasons_since

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
    "page.scenarios.npv_mode.": ("outcome_chain", "per_child_supported"),
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
    """Saving the app's work: its inputs start from the loaded version, the page edits them,
    and ``Scenario.from_inputs(previous=..., comment=...)`` settles each edit's reason."""
    prev = make_scenario(
        score_edits=(
            ScoreEdit("north", "alpha", "reach", 7.0, "old reason"),
            ScoreEdit("north", "beta", "delay", 3.0, "kept"),
        )
    )
    raw = {"swings": (100, np.int64(50)), ("a", "b"): np.array([1.5])}
    work = (
        prev.inputs.with_changes(
            weights=WeightInputs(
                "swing", {"reach": np.float64(2.0), "quality": 1, "delay": 1}, jsonable(raw)
            ),
            economics=EconomicInputs(overrides={"discount_rate": 0.03}),
            regions=("north",),
        )
        .with_region_edits("north", {("alpha", "reach"): 8.0, ("beta", "delay"): 3.0})
        .with_region_edits("south", {("bau", "reach"): 4})
        .with_region_edits("x", {})
    )
    s = Scenario.from_inputs(
        "Board view", work, author="Ann", data_version="v1", previous=prev, comment="new evidence"
    )
    edits = {(e.region, *e.cell): e for e in s.inputs.score_edits}
    assert edits[("north", "alpha", "reach")] == ScoreEdit("north", "alpha", "reach", 8.0, "new evidence")
    assert edits[("north", "beta", "delay")] == ScoreEdit("north", "beta", "delay", 3.0, "kept")
    assert edits[("south", "bau", "reach")] == ScoreEdit("south", "bau", "reach", 4.0, "new evidence")
    assert "x" not in s.inputs.edited_regions()
    assert dict(s.inputs.weights.inputs) == {"swings": (100, 50), "a|b": (1.5,)}
    assert reasons_since(work, prev, "new evidence") == s.inputs
    # loading it back: every region of the data gets its edits (none = cleared)
    assert s.inputs.edits_for("east") == {} and s.inputs.edits_for("north")[("alpha", "reach")] == 8.0
    assert dict(s.inputs.weights.points) == {"reach": 2.0, "quality": 1.0, "delay": 1.0}
    assert s.inputs.weights.method == "swing"


def test_inputs_that_cannot_be_stored_become_a_note():
    from appraisal.ui.state import safe_inputs

    # a scenario refuses such inputs, so the app keeps a note in their place
    with pytest.raises(StoreError, match="weights.inputs.html.*HTML"):
        WeightInputs("points", {"reach": 1}, {"html": "<b>x</b>"})
    assert safe_inputs({"html": "<b>x</b>"}) == {"note": "inputs not stored (too large or not plain values)"}
    assert safe_inputs(None) == {}
    assert safe_inputs([1, 2]) == {"value": [1, 2]}
    assert jsonable({1: {2, 3}, "o": object()})["1"] in ([2, 3], [3, 2])


def test_invalid_work_is_refused():
    with pytest.raises(StoreError, match="all weights are zero"):
        Scenario.from_inputs(
            "x", AppraisalInputs(weights=WeightInputs("points", {"reach": 0}, {})), author="a"
        )
