"""The Scenario model and its JSON file format: round trips, immutability, validation,
formats 1 and 2 read into format 3, dissent, the reason rule, and reading a scenario's
work from its inputs."""

from __future__ import annotations

import dataclasses
import json

import pytest

from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs
from appraisal.store import Scenario, StoreError, parse_json
from appraisal.store.dissent import Dissent
from appraisal.store.scenario import SCHEMA_VERSION, check_against, from_dict, reasons_since

from .conftest import WEIGHTS, make_inputs, make_scenario, v1_doc


def test_json_round_trip_is_identical():
    s = make_scenario(reason="first look", lang="cy", draws=500, seed=7, smaa_model="ranking")
    text = s.to_json()
    back = parse_json(text)
    assert back == s
    assert back.to_json() == text
    doc = json.loads(text)
    assert doc["schema_version"] == SCHEMA_VERSION == 3
    assert list(doc) == [
        "format",
        "schema_version",
        "name",
        "author",
        "notes",
        "reason",
        "data_version",
        "created_at",
        "archived",
        "dissent",
        "inputs",
    ]
    assert doc["dissent"] == []
    assert doc["inputs"] == s.inputs.to_dict()
    assert doc["inputs"]["score_edits"] == [
        {
            "region": "north",
            "option": "alpha",
            "criterion": "reach",
            "score": 7.0,
            "reason": "new team started",
        }
    ]
    assert doc["reason"] == "first look" and doc["inputs"]["lang"] == "cy"


def test_v1_file_is_read_into_v2():
    v1 = v1_doc(
        score_overrides={
            "north": [{"option": "alpha", "criterion": "reach", "score": 7.0, "comment": "new team started"}],
            "south": [{"option": "beta", "criterion": "delay", "score": 3}],
        }
    )
    s = parse_json(json.dumps(v1))
    assert s.inputs.weights == WeightInputs(
        "swing", {"reach": 100.0, "quality": 60.0, "delay": 20.0}, {"swings": {"reach": 100}}
    )
    assert s.inputs.score_edits == (
        ScoreEdit("north", "alpha", "reach", 7.0, "new team started"),
        ScoreEdit("south", "beta", "delay", 3.0, ""),
    )
    assert dict(s.inputs.economics.overrides) == {"discount_rate": 0.035, "staff.salary_band7": 48000.0}
    assert s.inputs.regions == ("north", "south")
    # every other input at its default; the file says nothing about why it was saved
    defaults = AppraisalInputs()
    assert (s.inputs.draws, s.inputs.seed, s.inputs.smaa_model, s.inputs.lang) == (
        defaults.draws,
        defaults.seed,
        defaults.smaa_model,
        "en",
    )
    assert s.inputs.economics.choices() == {} and s.reason == ""
    assert (s.name, s.author, s.notes, s.data_version, s.archived) == (
        "Board view",
        "Ann Evans",
        "First look.\nSecond line.",
        "abc123",
        False,
    )
    # writing always gives the current format, which reads back identically
    out = json.loads(s.to_json())
    assert out["schema_version"] == 3 and "weights" not in out and "score_overrides" not in out
    assert s.dissent == ()
    assert parse_json(s.to_json()) == s


def test_scenario_is_deeply_immutable():
    s = make_scenario()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.inputs.seed = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.inputs.weights.points["reach"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        s.inputs.economics.overrides["discount_rate"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        s.inputs.weights.inputs["swings"]["reach"] = 5  # type: ignore[index]
    assert isinstance(s.inputs.score_edits, tuple)
    # the score edits and regions are tuples of frozen values
    with pytest.raises(TypeError):
        s.inputs.score_edits[0] = None  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.inputs.score_edits[0].reason = "rewritten"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.inputs.economics.overrides = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.inputs.regions[0] = "east"  # type: ignore[index]


def test_a_scenario_needs_explicit_weights_and_valid_fields():
    with pytest.raises(StoreError) as err:
        Scenario.from_inputs("No weights", AppraisalInputs())
    assert err.value.field == "inputs.weights"
    with pytest.raises(StoreError, match="name"):
        make_scenario(name="   ")
    with pytest.raises(StoreError, match="field 'reason'.*HTML"):
        make_scenario(reason="<script>x</script>")
    with pytest.raises(StoreError, match="ISO 8601"):
        make_scenario(created_at="yesterday")
    with pytest.raises(StoreError, match="field 'inputs'"):
        Scenario(name="x", inputs={"weights": None})  # type: ignore[arg-type]


def test_from_inputs_reason_rule():
    prev = make_scenario(
        score_edits=(
            ScoreEdit("north", "alpha", "reach", 7.0, "old reason"),
            ScoreEdit("north", "beta", "delay", 3.0, "kept"),
            ScoreEdit("south", "beta", "quality", 5.0, "was five"),
        )
    )
    inputs = make_inputs(
        score_edits=(
            ScoreEdit("north", "alpha", "reach", 8.0),  # changed, no reason: the comment
            ScoreEdit("north", "beta", "delay", 3.0),  # unchanged: keeps its reason
            ScoreEdit("south", "beta", "quality", 6.0, "was five"),  # changed, reason carried over: comment
            ScoreEdit("south", "bau", "reach", 4.0),  # new: the comment
            ScoreEdit("south", "alpha", "delay", 2.0, "its own"),  # new with its own reason: kept
        )
    )
    s = Scenario.from_inputs("Board view", inputs, previous=prev, comment="  new evidence  ")
    reasons = {(e.region, e.option, e.criterion): e.reason for e in s.inputs.score_edits}
    assert reasons == {
        ("north", "alpha", "reach"): "new evidence",
        ("north", "beta", "delay"): "kept",
        ("south", "beta", "quality"): "new evidence",
        ("south", "bau", "reach"): "new evidence",
        ("south", "alpha", "delay"): "its own",
    }
    # without a previous version every edit lacking a reason takes the comment
    first = Scenario.from_inputs(
        "x", make_inputs(score_edits=(ScoreEdit("north", "bau", "reach", 1),)), comment="c"
    )
    assert first.inputs.score_edits[0].reason == "c"
    # with neither, the edits are as given; the rule is the same as reasons_since
    assert Scenario.from_inputs("x", inputs).inputs == inputs
    assert reasons_since(inputs, prev, "new evidence") == s.inputs
    assert s.created_at  # stamped now


def test_from_inputs_accepts_plain_numbers_and_validates():
    s = make_scenario(score_edits=(ScoreEdit("south", "beta", "delay", 3),))
    assert s.inputs.edits_for("south") == {("beta", "delay"): 3.0}
    assert isinstance(s.inputs.edits_for("south")[("beta", "delay")], float)
    assert s.inputs.reasons_for("south") == {("beta", "delay"): ""}
    c = Scenario.from_inputs(
        "Plain",
        AppraisalInputs(
            weights=WeightInputs("points", {"reach": 1, "quality": 1, "delay": 1}),
            score_edits=(ScoreEdit("north", "alpha", "reach", 7, "why"),),
            economics=EconomicInputs(overrides={"discount_rate": 0.03}),
            regions=["north"],
        ),
    )
    assert c.inputs.score_edits == (ScoreEdit("north", "alpha", "reach", 7.0, "why"),)
    assert dict(c.inputs.economics.overrides) == {"discount_rate": 0.03}
    assert c.inputs.regions == ("north",) and c.inputs.weights.method == "points"
    with pytest.raises(StoreError, match="name"):
        Scenario.from_inputs("   ", AppraisalInputs(weights=WeightInputs("points", {"reach": 1})))


def test_a_scenarios_work_is_read_from_its_inputs():
    s = make_scenario()
    assert s.inputs.weights == WeightInputs("swing", dict(WEIGHTS.points), {"swings": {"reach": 100}})
    assert WeightInputs.from_dict(s.inputs.weights.to_dict()) == s.inputs.weights
    assert s.inputs.score_edits == (ScoreEdit("north", "alpha", "reach", 7.0, "new team started"),)
    assert s.inputs.edits_for("north") == {("alpha", "reach"): 7.0} and s.inputs.edits_for("south") == {}
    assert s.inputs.reasons_for("north") == {("alpha", "reach"): "new team started"}
    assert dict(s.inputs.economics.overrides) == {"discount_rate": 0.035, "staff.salary_band7": 48000.0}
    assert s.inputs.regions == ("north", "south")
    # with_changes replaces the inputs (changed with AppraisalInputs.with_changes) and the
    # scenario's own fields alike
    b = s.with_changes(
        inputs=s.inputs.with_changes(
            weights=WeightInputs("points", {"reach": 1, "quality": 2, "delay": 3}),
            score_edits=(ScoreEdit("south", "beta", "delay", 2.0, "x"),),
            economics=EconomicInputs(),
            regions=("south",),
        ),
        notes="changed",
    )
    assert b.inputs.weights == WeightInputs("points", {"reach": 1, "quality": 2, "delay": 3})
    assert b.inputs.score_edits == (ScoreEdit("south", "beta", "delay", 2.0, "x"),)
    assert b.inputs.economics.overrides == {} and b.inputs.regions == ("south",) and b.notes == "changed"
    c = s.with_changes(inputs=s.inputs.with_changes(seed=1), reason="why")
    assert c.inputs.seed == 1 and c.reason == "why" and c.inputs.weights == s.inputs.weights
    # the old keyword names are gone: a typo or a stale caller fails loudly
    for old in ("weights", "score_overrides", "economic_assumptions", "regions"):
        with pytest.raises(TypeError):
            s.with_changes(**{old: None})


def test_normalised_weights_follow_criterion_order():
    s = make_scenario()
    w = s.inputs.weights.normalised(("delay", "quality", "reach"))
    assert w == pytest.approx((20 / 180, 60 / 180, 100 / 180))
    assert sum(w) == pytest.approx(1.0)


def test_content_key_ignores_author_time_reason_and_language():
    a = make_scenario()
    b = a.with_changes(
        author="Someone Else",
        created_at="2030-01-01T00:00:00+00:00",
        reason="saved again",
        inputs=a.inputs.with_changes(lang="cy"),
    )
    assert a.content_key() == b.content_key()
    assert a.content_key() != a.with_changes(notes="other").content_key()
    assert a.content_key() != a.with_changes(inputs=a.inputs.with_changes(seed=1)).content_key()
    assert a.content_key() != a.with_changes(archived=True).content_key()
    edited = a.inputs.with_region_edits(
        "north", {("alpha", "reach"): 7.0}, {("alpha", "reach"): "other reason"}
    )
    assert a.content_key() != a.with_changes(inputs=edited).content_key()


def test_minimal_documents_get_defaults():
    s = from_dict(
        {
            "format": "pair-appraisal/scenario",
            "schema_version": 1,
            "name": "Minimal",
            "weights": {"method": "points", "values": {"reach": 1}},
        }
    )
    assert s.inputs.regions == () and s.notes == "" and not s.archived and s.inputs.score_edits == ()
    v2 = from_dict(
        {
            "format": "pair-appraisal/scenario",
            "schema_version": 2,
            "name": "Minimal",
            "inputs": {"weights": {"method": "points", "points": {"reach": 1}}},
        }
    )
    assert v2 == s
    assert v2.inputs == AppraisalInputs(weights=WeightInputs("points", {"reach": 1}))


def test_v2_errors_name_the_field_under_inputs():
    doc = make_scenario().to_dict()
    doc["inputs"]["weights"]["points"]["reach"] = "10"
    with pytest.raises(StoreError) as err:
        from_dict(doc)
    assert err.value.field == "inputs.weights.points.reach"
    doc = make_scenario().to_dict()
    doc["inputs"]["economics"]["coverage"] = 1.5
    with pytest.raises(StoreError) as err:
        from_dict(doc)
    assert err.value.field == "inputs.economics.coverage"
    doc = make_scenario().to_dict()
    doc["inputs"]["weights"] = None
    with pytest.raises(StoreError) as err:
        from_dict(doc)
    assert err.value.field == "inputs.weights"


def test_method_link_or_workshop_is_kept_as_provenance():
    s = make_scenario(weights=WeightInputs("workshop", {"reach": 1, "quality": 1, "delay": 1}))
    assert parse_json(s.to_json()).inputs.weights.method == "workshop"
    assert json.loads(s.to_json())["inputs"]["weights"]["method"] == "workshop"


def test_check_against_dataset(mini_ds):
    from appraisal.data import load_dataset

    check_against(make_scenario(), mini_ds)
    with pytest.raises(StoreError, match="unknown region 'east'"):
        check_against(make_scenario(regions=("east",)), mini_ds)
    with pytest.raises(
        StoreError, match="score_edits.north.alpha.delay.score.*outside the criterion's scale 0-24"
    ):
        check_against(make_scenario(score_edits=(ScoreEdit("north", "alpha", "delay", 30),)), mini_ds)
    with pytest.raises(StoreError, match="unknown option 'gamma'"):
        check_against(make_scenario(score_edits=(ScoreEdit("north", "gamma", "delay", 3),)), mini_ds)
    with pytest.raises(StoreError, match="weights.points.delay"):
        check_against(make_scenario(weights=WeightInputs("points", {"reach": 1, "quality": 1})), mini_ds)
    # with the economic register, an override naming no parameter of it is refused
    from appraisal.run import base_assumptions

    register, _ = base_assumptions(load_dataset())
    with pytest.raises(StoreError, match="unknown parameter 'discount_rate'") as err:
        check_against(make_scenario(), mini_ds, register)
    assert err.value.field == "economics.overrides.discount_rate"


def test_check_against_assumptions_checks_each_override_domain():
    """With the economic register, every override is checked against its parameter's domain."""
    from appraisal.data import load_dataset
    from appraisal.run import base_assumptions

    ds = load_dataset()
    a, _ = base_assumptions(ds)
    weights = WeightInputs("points", {c: 1.0 for c in ds.criterion_ids})
    ok = Scenario.from_inputs("ok", AppraisalInputs(weights=weights, economics=EconomicInputs(overrides={})))
    check_against(ok, ds, a)
    bad = ok.with_changes(inputs=ok.inputs.with_economics(overrides={"effect_attachment_d": -3}))
    check_against(bad, ds)  # without the register only ids and scales are checked
    with pytest.raises(StoreError) as err:
        check_against(bad, ds, a)
    assert err.value.field == "economics.overrides.effect_attachment_d" and "allowed range" in str(err.value)
    with pytest.raises(StoreError, match="economics.overrides.nope.*unknown parameter"):
        check_against(ok.with_changes(inputs=ok.inputs.with_economics(overrides={"nope": 1})), ds, a)


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


# ----------------------------------------------------------------------------- dissent (format 3)

DISSENT = (
    Dissent("Bryn Jones", "The health board cannot staff it before 2028.", option="beta", region="north"),
    Dissent("Cai (Lewis)", "Too little weight on the Welsh language.\nSecond line.", about="weights"),
)


def test_round_trip_with_dissent():
    s = make_scenario(reason="board").with_changes(dissent=DISSENT)
    text = s.to_json()
    back = parse_json(text)
    assert back == s and back.to_json() == text
    assert back.dissent == DISSENT
    doc = json.loads(text)
    assert doc["dissent"] == [
        {
            "who": "Bryn Jones",
            "region": "north",
            "option": "beta",
            "about": "",
            "reason": "The health board cannot staff it before 2028.",
        },
        {
            "who": "Cai (Lewis)",
            "region": "",
            "option": "",
            "about": "weights",
            "reason": "Too little weight on the Welsh language.\nSecond line.",
        },
    ]
    # dissent is part of what the scenario says: recording one is a change to save
    assert s.content_key() != s.with_changes(dissent=()).content_key()
    assert s.with_dissent(DISSENT[0]).dissent == (*DISSENT, DISSENT[0])


def test_format_2_file_reads_as_no_dissent():
    """A file written before dissent could be recorded (format 2, by hand) reads as the
    same scenario with no dissent; format 2 never had the key, so a format-2 file that
    carries one is refused."""
    doc = make_scenario().to_dict()
    doc.pop("dissent")
    doc["schema_version"] = 2
    s = from_dict(doc)
    assert s.dissent == () and s == make_scenario()
    assert json.loads(s.to_json())["schema_version"] == 3
    with pytest.raises(StoreError, match="unknown key 'dissent'"):
        from_dict({**doc, "dissent": []})
    newer = {**make_scenario().to_dict(), "schema_version": 4}
    with pytest.raises(StoreError, match="format version 4"):
        from_dict(newer)


def test_dissent_is_validated_where_it_enters():
    doc = make_scenario().with_changes(dissent=DISSENT).to_dict()
    bad = [
        ({"who": "", "reason": "r", "option": "beta"}, "dissent[0].who", "required"),
        ({"who": "Ann", "reason": "", "option": "beta"}, "dissent[0].reason", "required"),
        ({"who": "Ann", "reason": "r"}, "dissent[0].option", "which option you prefer"),
        ({"who": "Ann", "reason": "<script>x</script>", "option": "beta"}, "dissent[0].reason", "HTML"),
        ({"who": "=1+1", "reason": "r", "option": "beta"}, "dissent[0].who", "formula"),
        ({"who": "Ann", "reason": "x" * 2001, "option": "beta"}, "dissent[0].reason", "too long"),
        ({"who": "Ann", "reason": "r", "about": "y" * 201}, "dissent[0].about", "too long"),
        ({"who": "Ann", "reason": "r", "option": "no such/option"}, "dissent[0].option", "valid identifier"),
        ({"who": "Ann", "reason": "r", "option": "beta", "extra": 1}, "dissent[0]", "unknown key"),
    ]
    for entry, field, msg in bad:
        with pytest.raises(StoreError, match=msg) as err:
            from_dict({**doc, "dissent": [entry]})
        assert err.value.field == field
    with pytest.raises(StoreError, match="too many"):
        from_dict({**doc, "dissent": [DISSENT[0].to_dict()] * 201})


def test_check_against_checks_dissent_ids(mini_ds):
    check_against(make_scenario().with_changes(dissent=DISSENT), mini_ds)
    with pytest.raises(StoreError, match="unknown option 'gamma'") as err:
        check_against(make_scenario().with_changes(dissent=(Dissent("Ann", "r", option="gamma"),)), mini_ds)
    assert err.value.field == "dissent[0].option"
    with pytest.raises(StoreError, match="unknown region 'east'"):
        check_against(
            make_scenario().with_changes(dissent=(Dissent("Ann", "r", option="beta", region="east"),)),
            mini_ds,
        )


def test_diff_covers_dissent():
    from appraisal.store.audit import diff_scenarios

    a = make_scenario()
    b = a.with_dissent(DISSENT[0])
    changes = {c.field: (c.old, c.new) for c in diff_scenarios(a, b)}
    assert changes == {
        "dissent.1.who": (None, "Bryn Jones"),
        "dissent.1.region": (None, "north"),
        "dissent.1.option": (None, "beta"),
        "dissent.1.about": (None, ""),
        "dissent.1.reason": (None, "The health board cannot staff it before 2028."),
    }
    c = b.with_changes(
        dissent=(Dissent("Bryn Jones", "Now: 2029 at the earliest.", option="beta", region="north"),)
    )
    assert [(x.field, x.new) for x in diff_scenarios(b, c)] == [
        ("dissent.1.reason", "Now: 2029 at the earliest.")
    ]
    first = [x.field for x in diff_scenarios(None, b)]  # a first save: empty fields left out
    assert "dissent.1.reason" in first and "dissent.1.about" not in first
