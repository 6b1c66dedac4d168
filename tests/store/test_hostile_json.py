"""Malformed and hostile scenario files are refused with a clear message and change nothing."""

from __future__ import annotations

import json

import pytest

from appraisal.store import StoreError, parse_json
from appraisal.store.scenario import MAX_FILE_BYTES

from .conftest import make_scenario


def _doc(**changes) -> dict:
    d = make_scenario().to_dict()
    d.update(changes)
    return d


def _text(**changes) -> str:
    return json.dumps(_doc(**changes))


def _weights(**values) -> dict:
    return {"method": "points", "values": {"reach": 1, "quality": 1, "delay": 1, **values}}


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
    ("unknown weights key", _text(weights={**_weights(), "extra": 1}), "unknown key 'extra'"),
    ("wrong format", _text(format="something/else"), "not a scenario file"),
    ("newer schema", _text(schema_version=99), "format version 99"),
    ("schema as text", _text(schema_version="1"), "schema_version"),
    ("missing name", json.dumps({k: v for k, v in _doc().items() if k != "name"}), "field 'name'"),
    ("name wrong type", _text(name=["a"]), "field 'name': expected text, got list"),
    ("name too long", _text(name="x" * 121), "too long"),
    ("notes too long", _text(notes="x" * 10_001), "field 'notes'"),
    ("script tag in name", _text(name="<script>alert(1)</script>"), "HTML tags or scripts"),
    ("script tag in notes", _text(notes="hi <script src=//evil.example></script>"), "HTML tags or scripts"),
    ("img onerror", _text(notes='<img src=x onerror="alert(1)">'), "HTML tags or scripts"),
    ("formula name", _text(name='=HYPERLINK("http://evil","x")'), "formula"),
    ("formula author", _text(author="@SUM(A1)"), "field 'author'"),
    ("control char", _text(name="a\u0000b"), "control character"),
    ("bidi override", _text(notes="abc\u202edcb"), "U+202E"),
    ("weights as list", _text(weights=[1, 2]), "field 'weights': expected an object"),
    (
        "weight as text",
        _text(weights=_weights(reach="10")),
        "weights.values.reach': expected a number, got text",
    ),
    ("weight as bool", _text(weights=_weights(reach=True)), "expected a number, got true/false"),
    ("negative weight", _text(weights=_weights(reach=-1)), "below the minimum"),
    ("all zero weights", _text(weights={"method": "points", "values": {"reach": 0}}), "all weights are zero"),
    ("bad criterion id", _text(weights=_weights(**{"re ach": 1})), "not a valid identifier"),
    ("bad method", _text(weights={"method": "<b>", "values": {"reach": 1}}), "weights.method"),
    ("regions not list", _text(regions="north"), "expected a list"),
    ("duplicate region", _text(regions=["north", "north"]), "more than once"),
    ("override not list", _text(score_overrides={"north": {"option": "alpha"}}), "expected a list"),
    (
        "override unknown key",
        _text(score_overrides={"north": [{"option": "alpha", "criterion": "reach", "score": 1, "x": 2}]}),
        "unknown key 'x'",
    ),
    (
        "override missing score",
        _text(score_overrides={"north": [{"option": "alpha", "criterion": "reach"}]}),
        "score_overrides.north[0].score",
    ),
    (
        "override score as text",
        _text(score_overrides={"north": [{"option": "alpha", "criterion": "reach", "score": "7"}]}),
        "expected a number",
    ),
    (
        "duplicate override",
        _text(
            score_overrides={
                "north": [
                    {"option": "alpha", "criterion": "reach", "score": 1},
                    {"option": "alpha", "criterion": "reach", "score": 2},
                ]
            }
        ),
        "more than once",
    ),
    ("econ as text", _text(economic_assumptions={"discount_rate": "0.035"}), "expected a number"),
    ("econ bad id", _text(economic_assumptions={"__proto__ x": 1}), "not a valid identifier"),
    ("archived as text", _text(archived="yes"), "expected true or false"),
    ("bad date", _text(created_at="yesterday"), "ISO 8601"),
    ("inputs too deep", _text(weights={**_weights(), "inputs": {"a": [[[[[[1]]]]]]}}), "nested too deeply"),
    ("inputs with script", _text(weights={**_weights(), "inputs": {"a": "<script>"}}), "HTML tags"),
    (
        "too many criteria",
        _text(weights={"method": "points", "values": {f"c{i}": 1 for i in range(101)}}),
        "too many",
    ),
]


@pytest.mark.parametrize("label,data,message", CASES, ids=[c[0] for c in CASES])
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
