"""The Scenario model and its JSON file format: round trips, immutability, validation."""

from __future__ import annotations

import dataclasses
import json

import pytest

from appraisal.store import Scenario, ScenarioWeights, StoreError, parse_json
from appraisal.store.scenario import SCHEMA_VERSION, check_against, from_dict

from .conftest import make_scenario


def test_json_round_trip_is_identical():
    s = make_scenario()
    text = s.to_json()
    back = parse_json(text)
    assert back == s
    assert back.to_json() == text
    doc = json.loads(text)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["score_overrides"]["north"] == [
        {"option": "alpha", "criterion": "reach", "score": 7.0, "comment": "new team started"}
    ]


def test_scenario_is_deeply_immutable():
    s = make_scenario()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.weights.values["reach"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        s.score_overrides["north"][("alpha", "reach")] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        s.economic_assumptions["discount_rate"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        s.weights.inputs["swings"]["reach"] = 5  # type: ignore[index]


def test_create_accepts_plain_float_overrides_and_validates():
    s = make_scenario(score_overrides={"south": {("beta", "delay"): 3}})
    assert s.scores("south") == {("beta", "delay"): 3.0}
    assert s.score_overrides["south"][("beta", "delay")].comment == ""
    with pytest.raises(StoreError, match="name"):
        make_scenario(name="   ")


def test_normalised_weights_follow_criterion_order():
    s = make_scenario()
    w = s.weights.normalised(("delay", "quality", "reach"))
    assert w.tolist() == pytest.approx([20 / 180, 60 / 180, 100 / 180])


def test_content_key_ignores_author_and_time():
    a = make_scenario()
    b = a.with_changes(author="Someone Else", created_at="2030-01-01T00:00:00+00:00")
    assert a.content_key() == b.content_key()
    assert a.content_key() != a.with_changes(notes="other").content_key()


def test_minimal_document_gets_defaults():
    s = from_dict(
        {
            "format": "pair-appraisal/scenario",
            "schema_version": 1,
            "name": "Minimal",
            "weights": {"method": "points", "values": {"reach": 1}},
        }
    )
    assert s.regions == () and s.notes == "" and not s.archived and s.score_overrides == {}


def test_method_link_or_workshop_is_kept_as_provenance():
    s = make_scenario(weights=ScenarioWeights("workshop", {"reach": 1, "quality": 1, "delay": 1}))
    assert parse_json(s.to_json()).weights.method == "workshop"


def test_check_against_dataset(mini_ds):
    check_against(make_scenario(), mini_ds)
    with pytest.raises(StoreError, match="unknown region 'east'"):
        check_against(make_scenario(regions=("east",)), mini_ds)
    with pytest.raises(
        StoreError, match="score_overrides.north.alpha.delay.*outside the criterion's scale 0-24"
    ):
        check_against(make_scenario(score_overrides={"north": {("alpha", "delay"): 30}}), mini_ds)
    with pytest.raises(StoreError, match="unknown option 'gamma'"):
        check_against(make_scenario(score_overrides={"north": {("gamma", "delay"): 3}}), mini_ds)
    w = ScenarioWeights("points", {"reach": 1, "quality": 1})
    with pytest.raises(StoreError, match="weights.values.delay"):
        check_against(make_scenario(weights=w), mini_ds)
    with pytest.raises(StoreError, match="unknown parameter 'discount_rate'"):
        check_against(make_scenario(), mini_ds, assumption_ids={"other"})


def test_error_is_localised_and_names_field():
    with pytest.raises(StoreError) as err:
        make_scenario(author="=cmd|' /C calc'!A0")
    assert err.value.field == "author"
    assert "field 'author'" in str(err.value)
    assert "formula" in str(err.value)
    assert err.value.localised("cy")  # falls back to English until the Welsh catalogue has it


def test_scenario_equality_is_by_value():
    a, b = make_scenario(), make_scenario()
    assert a == b and a is not b
    assert isinstance(a, Scenario)
