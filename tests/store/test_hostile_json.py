"""Malformed and hostile scenario files (format 2, and format 1 read for old files) are
refused with a clear message naming the field, and change nothing."""

from __future__ import annotations

import copy
import json

import pytest

from appraisal.store import StoreError, parse_json
from appraisal.store.scenario import MAX_FILE_BYTES

from .conftest import make_scenario, v1_doc


def _doc(**changes) -> dict:
    d = make_scenario().to_dict()
    d.update(changes)
    return d


def _text(**changes) -> str:
    return json.dumps(_doc(**changes))


def _inputs(**changes) -> str:
    """A format-2 file whose ``inputs`` has some keys replaced."""
    d = _doc()
    d["inputs"] = {**copy.deepcopy(d["inputs"]), **changes}
    return json.dumps(d)


def _w2(**points) -> dict:
    return {"method": "points", "points": {"reach": 1, "quality": 1, "delay": 1, **points}}


def _edit(**item) -> dict:
    return {"region": "north", "option": "alpha", "criterion": "reach", "score": 1, **item}


def _v1(**changes) -> str:
    return json.dumps(v1_doc(**changes))


def _weights(**values) -> dict:
    return {"method": "points", "values": {"reach": 1, "quality": 1, "delay": 1, **values}}


#: Anything wrong with the file as a whole, or with the scenario's own fields (format 2).
CASES: list[tuple[str, str | bytes, str]] = [
    ("empty", "", "empty"),
    ("whitespace", "   \n", "empty"),
    ("not json", "{name: 'x'}", "not valid JSON"),
    ("truncated", _text()[:-5], "not valid JSON"),
    ("top-level list", "[1, 2, 3]", "expected an object"),
    ("not utf8", b"\xff\xfe\x00{", "UTF-8"),
    ("huge", '{"notes": "' + "x" * (MAX_FILE_BYTES + 10) + '"}', "too big"),
    ("deeply nested list", "[" * 5000 + "]" * 5000, "nested too deeply"),
    ("deeply nested object", '{"a":' * 200 + "1" + "}" * 200, "nested too deeply"),
    ("NaN literal", _text().replace('"score": 7.0', '"score": NaN'), "NaN and Infinity"),
    ("Infinity literal", _text().replace('"reach": 100.0', '"reach": Infinity', 1), "NaN and Infinity"),
    ("-Infinity", _text().replace('"reach": 100.0', '"reach": -Infinity', 1), "NaN and Infinity"),
    ("overflowing float", _text().replace('"reach": 100.0', '"reach": 1e999', 1), "not a finite number"),
    ("giant integer", _text().replace('"reach": 100.0', '"reach": ' + "9" * 5000, 1), "cannot be read"),
    ("duplicate key", _text().replace('"name": "Board view"', '"name": "a", "name": "b"'), "appears twice"),
    ("unknown top key", _text(evil=1), "unknown key 'evil'"),
    ("v1 key in a v2 file", _text(weights=_weights()), "unknown key 'weights'"),
    ("wrong format", _text(format="something/else"), "not a scenario file"),
    ("newer schema", _text(schema_version=99), "format version 99"),
    ("schema as text", _text(schema_version="1"), "schema_version"),
    ("schema zero", _text(schema_version=0), "schema_version"),
    ("missing format", json.dumps({k: v for k, v in _doc().items() if k != "format"}), "field 'format'"),
    ("missing name", json.dumps({k: v for k, v in _doc().items() if k != "name"}), "field 'name'"),
    ("missing inputs", json.dumps({k: v for k, v in _doc().items() if k != "inputs"}), "field 'inputs'"),
    ("name wrong type", _text(name=["a"]), "field 'name': expected text, got list"),
    ("name too long", _text(name="x" * 121), "too long"),
    ("notes too long", _text(notes="x" * 10_001), "field 'notes'"),
    ("reason too long", _text(reason="x" * 2_001), "field 'reason'"),
    ("script tag in name", _text(name="<script>alert(1)</script>"), "HTML tags or scripts"),
    ("script tag in notes", _text(notes="hi <script src=//evil.example></script>"), "HTML tags or scripts"),
    ("script tag in reason", _text(reason="<iframe src=x>"), "field 'reason': must not contain HTML"),
    ("img onerror", _text(notes='<img src=x onerror="alert(1)">'), "HTML tags or scripts"),
    ("formula name", _text(name='=HYPERLINK("http://evil","x")'), "formula"),
    ("formula author", _text(author="@SUM(A1)"), "field 'author'"),
    ("formula data version", _text(data_version="=1+1"), "field 'data_version'"),
    ("control char", _text(name="a\u0000b"), "control character"),
    ("bidi override", _text(notes="abc\u202edcb"), "U+202E"),
    ("archived as text", _text(archived="yes"), "expected true or false"),
    ("bad date", _text(created_at="yesterday"), "ISO 8601"),
]

#: What a format-2 file's ``inputs`` may hold (the AppraisalInputs checks, named under ``inputs.``).
INPUT_CASES: list[tuple[str, str | bytes, str]] = [
    ("inputs as list", _text(inputs=[1]), "field 'inputs': expected an object"),
    ("unknown inputs key", _inputs(extra=1), "field 'inputs': unknown key 'extra'"),
    ("no weights", _inputs(weights=None), "field 'inputs.weights': a value is required"),
    ("weights as list", _inputs(weights=[1, 2]), "field 'inputs.weights': expected an object"),
    ("unknown weights key", _inputs(weights={**_w2(), "extra": 1}), "unknown key 'extra'"),
    (
        "weight as text",
        _inputs(weights=_w2(reach="10")),
        "inputs.weights.points.reach': expected a number, got text",
    ),
    ("weight as bool", _inputs(weights=_w2(reach=True)), "expected a number, got true/false"),
    ("negative weight", _inputs(weights=_w2(reach=-1)), "below the minimum"),
    (
        "all zero weights",
        _inputs(weights={"method": "points", "points": {"reach": 0}}),
        "all weights are zero",
    ),
    ("bad criterion id", _inputs(weights=_w2(**{"re ach": 1})), "not a valid identifier"),
    ("bad method", _inputs(weights={"method": "<b>", "points": {"reach": 1}}), "inputs.weights.method"),
    ("inputs too deep", _inputs(weights={**_w2(), "inputs": {"a": [[[[[[1]]]]]]}}), "nested too deeply"),
    ("inputs with script", _inputs(weights={**_w2(), "inputs": {"a": "<script>"}}), "HTML tags"),
    (
        "too many criteria",
        _inputs(weights={"method": "points", "points": {f"c{i}": 1 for i in range(101)}}),
        "too many",
    ),
    ("regions not list", _inputs(regions="north"), "expected a list"),
    ("duplicate region", _inputs(regions=["north", "north"]), "more than once"),
    ("bad region id", _inputs(regions=["no rth"]), "inputs.regions[0]"),
    ("edits not list", _inputs(score_edits={"north": []}), "field 'inputs.score_edits': expected a list"),
    ("edit unknown key", _inputs(score_edits=[_edit(x=2)]), "unknown key 'x'"),
    (
        "edit missing score",
        _inputs(score_edits=[{k: v for k, v in _edit().items() if k != "score"}]),
        "inputs.score_edits[0].score",
    ),
    ("edit score as text", _inputs(score_edits=[_edit(score="7")]), "expected a number"),
    ("edit score too big", _inputs(score_edits=[_edit(score=1e13)]), "not a finite number"),
    ("duplicate edit", _inputs(score_edits=[_edit(), _edit(score=2)]), "more than once"),
    ("edit reason script", _inputs(score_edits=[_edit(reason="<script>")]), "HTML tags"),
    ("edit reason too long", _inputs(score_edits=[_edit(reason="x" * 2_001)]), "too long"),
    ("edit bad option id", _inputs(score_edits=[_edit(option="al pha")]), "not a valid identifier"),
    (
        "econ as text",
        _inputs(economics={"overrides": {"discount_rate": "0.035"}}),
        "inputs.economics.overrides.discount_rate': expected a number",
    ),
    ("econ bad id", _inputs(economics={"overrides": {"__proto__ x": 1}}), "not a valid identifier"),
    ("econ unknown key", _inputs(economics={"rate": 1}), "field 'inputs.economics': unknown key 'rate'"),
    ("coverage above one", _inputs(economics={"coverage": 1.5}), "inputs.economics.coverage"),
    ("horizon fractional", _inputs(economics={"horizon": 10.5}), "whole number"),
    ("service beyond horizon", _inputs(economics={"horizon": 5, "service_years": 6}), "service_years"),
    ("unknown discount", _inputs(economics={"discount": "zero"}), "inputs.economics.discount"),
    ("unknown benefit view", _inputs(economics={"benefit_view": "x"}), "not allowed"),
    ("draws too few", _inputs(draws=1), "inputs.draws"),
    ("draws too many", _inputs(draws=10**7), "above the maximum"),
    ("seed negative", _inputs(seed=-1), "inputs.seed"),
    ("seed as text", _inputs(seed="1"), "expected a number"),
    ("unknown smaa model", _inputs(smaa={"model": "mixture"}), "inputs.smaa.model"),
    ("spread of one", _inputs(smaa={"spread": 1}), "must be below 1"),
    ("unknown smaa key", _inputs(smaa={"samples": 1}), "unknown key 'samples'"),
    ("unknown language", _inputs(lang="fr"), "inputs.lang"),
]

#: Format 1 (read for old files and stored versions): every check, under the format's own names.
V1_CASES: list[tuple[str, str | bytes, str]] = [
    ("v1 unknown top key", _v1(evil=1), "unknown key 'evil'"),
    ("v1 v2 key", _v1(inputs={}), "unknown key 'inputs'"),
    (
        "v1 missing weights",
        json.dumps({k: v for k, v in v1_doc().items() if k != "weights"}),
        "field 'weights'",
    ),
    ("v1 script tag in name", _v1(name="<script>alert(1)</script>"), "HTML tags or scripts"),
    ("v1 formula author", _v1(author="@SUM(A1)"), "field 'author'"),
    ("v1 unknown weights key", _v1(weights={**_weights(), "extra": 1}), "unknown key 'extra'"),
    ("v1 weights as list", _v1(weights=[1, 2]), "field 'weights': expected an object"),
    (
        "v1 weight as text",
        _v1(weights=_weights(reach="10")),
        "weights.values.reach': expected a number, got text",
    ),
    ("v1 weight as bool", _v1(weights=_weights(reach=True)), "expected a number, got true/false"),
    ("v1 negative weight", _v1(weights=_weights(reach=-1)), "below the minimum"),
    (
        "v1 all zero weights",
        _v1(weights={"method": "points", "values": {"reach": 0}}),
        "all weights are zero",
    ),
    ("v1 bad criterion id", _v1(weights=_weights(**{"re ach": 1})), "not a valid identifier"),
    ("v1 bad method", _v1(weights={"method": "<b>", "values": {"reach": 1}}), "weights.method"),
    ("v1 regions not list", _v1(regions="north"), "expected a list"),
    ("v1 duplicate region", _v1(regions=["north", "north"]), "more than once"),
    ("v1 override not list", _v1(score_overrides={"north": {"option": "alpha"}}), "expected a list"),
    (
        "v1 override unknown key",
        _v1(score_overrides={"north": [{"option": "alpha", "criterion": "reach", "score": 1, "x": 2}]}),
        "unknown key 'x'",
    ),
    (
        "v1 override missing score",
        _v1(score_overrides={"north": [{"option": "alpha", "criterion": "reach"}]}),
        "score_overrides.north[0].score",
    ),
    (
        "v1 override score as text",
        _v1(score_overrides={"north": [{"option": "alpha", "criterion": "reach", "score": "7"}]}),
        "expected a number",
    ),
    (
        "v1 duplicate override",
        _v1(
            score_overrides={
                "north": [
                    {"option": "alpha", "criterion": "reach", "score": 1},
                    {"option": "alpha", "criterion": "reach", "score": 2},
                ]
            }
        ),
        "more than once",
    ),
    (
        "v1 override comment script",
        _v1(
            score_overrides={
                "north": [{"option": "alpha", "criterion": "reach", "score": 1, "comment": "<b>"}]
            }
        ),
        "score_overrides.north[0].comment",
    ),
    ("v1 econ as text", _v1(economic_assumptions={"discount_rate": "0.035"}), "expected a number"),
    ("v1 econ bad id", _v1(economic_assumptions={"__proto__ x": 1}), "not a valid identifier"),
    ("v1 archived as text", _v1(archived="yes"), "expected true or false"),
    ("v1 bad date", _v1(created_at="yesterday"), "ISO 8601"),
    ("v1 inputs too deep", _v1(weights={**_weights(), "inputs": {"a": [[[[[[1]]]]]]}}), "nested too deeply"),
    ("v1 inputs with script", _v1(weights={**_weights(), "inputs": {"a": "<script>"}}), "HTML tags"),
    (
        "v1 too many criteria",
        _v1(weights={"method": "points", "values": {f"c{i}": 1 for i in range(101)}}),
        "too many",
    ),
]

ALL_CASES = CASES + INPUT_CASES + V1_CASES


@pytest.mark.parametrize("label,data,message", ALL_CASES, ids=[c[0] for c in ALL_CASES])
def test_hostile_or_malformed_file_is_refused(label, data, message):
    with pytest.raises(StoreError) as err:
        parse_json(data)
    assert message in str(err.value), f"{label}: {err.value}"
    assert "Traceback" not in str(err.value)


@pytest.mark.parametrize("label,data,message", CASES[:12], ids=[c[0] for c in CASES[:12]])
def test_refused_import_changes_nothing(repo, label, data, message):
    repo.save(make_scenario("Existing"), actor="Ann", comment="first")
    before_list, before_audit = repo.list(include_archived=True), repo.audit()
    with pytest.raises(StoreError):
        repo.import_json(data, actor="Mallory")
    assert repo.list(include_archived=True) == before_list
    assert repo.audit() == before_audit


def test_import_of_existing_name_is_refused_and_changes_nothing(repo):
    s = make_scenario()
    repo.save(s, actor="Ann", comment="first")
    with pytest.raises(StoreError, match="already exists"):
        repo.import_json(s.to_json(), actor="Bob")
    assert len(repo.versions(s.name)) == 1


def test_import_against_dataset_refuses_unknown_ids(repo, mini_ds):
    s = make_scenario(regions=("atlantis",))
    with pytest.raises(StoreError, match="unknown region 'atlantis'"):
        repo.import_json(s.to_json(), actor="Bob", dataset=mini_ds)
    assert repo.list(include_archived=True) == []


def test_multiline_free_text_may_begin_with_minus_but_export_neutralises_it(repo):
    """A comment like '-2 because...' is legitimate; the CSV export defuses it."""
    from appraisal.store.audit import audit_to_csv

    s = make_scenario(notes="-2 points since the team closed")
    repo.import_json(s.to_json(), actor="Bob")
    csv_text = audit_to_csv(repo.audit())
    assert "'-2 points since the team closed" in csv_text
    assert ",-2 points" not in csv_text


def test_bytes_with_bom_are_read():
    s = make_scenario()
    assert parse_json(b"\xef\xbb\xbf" + s.to_json().encode("utf-8")) == s
    assert parse_json(b"\xef\xbb\xbf" + _v1().encode("utf-8")) == s


def test_labels_are_unique():
    labels = [c[0] for c in ALL_CASES]
    assert len(labels) == len(set(labels))
