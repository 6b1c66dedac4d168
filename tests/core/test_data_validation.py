"""Bad data gives one clear error naming the file, row and field; nothing crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appraisal.data import BUNDLED_DATA_DIR, collect, load_dataset
from appraisal.errors import DataError, UnknownIdError


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for sub in ("criteria", "regions"):
        shutil.copytree(BUNDLED_DATA_DIR / sub, tmp_path / sub)
    return tmp_path


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _issues(root: Path) -> list[str]:
    ds, issues = collect(root)
    assert ds is None
    return [str(i) for i in issues]


def _score_line(root: Path, prefix: str) -> int:
    lines = (root / "criteria" / "scores.csv").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


def test_bundled_data_is_valid():
    ds, issues = collect()
    assert issues == []
    assert ds is not None and len(ds.regions) == 7


def test_score_outside_scale_names_file_row_field(data_copy):
    path = data_copy / "criteria" / "scores.csv"
    line = _score_line(data_copy, "bau,routine_contact,")
    _replace(path, "bau,routine_contact,0,0,1,", "bau,routine_contact,11,0,12,")
    issues = _issues(data_copy)
    assert any(
        i.startswith(f"criteria/scores.csv, row {line}, field 'score'") and "outside the scale" in i
        for i in issues
    ), issues


def test_nan_score_is_refused(data_copy):
    _replace(
        data_copy / "criteria" / "scores.csv",
        "bau,routine_contact,0,",
        "bau,routine_contact,nan,",
    )
    assert any("field 'score': expected a finite number" in i for i in _issues(data_copy))


def test_unknown_option_in_scores(data_copy):
    _replace(data_copy / "criteria" / "scores.csv", "\nbau,routine_contact,", "\nbaux,routine_contact,")
    issues = _issues(data_copy)
    assert any("field 'option': unknown option 'baux'" in i for i in issues), issues


def test_missing_score_is_reported(data_copy):
    path = data_copy / "criteria" / "scores.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(line for line in lines if not line.startswith("camhs,welsh_language,")), encoding="utf-8"
    )
    assert any("no score for option 'camhs' x criterion 'welsh_language'" in i for i in _issues(data_copy))


def test_duplicate_criterion_id(data_copy):
    _replace(data_copy / "criteria" / "criteria.yaml", "- id: equitable_coverage", "- id: routine_contact")
    issues = _issues(data_copy)
    assert any("criteria/criteria.yaml" in i and "duplicate id 'routine_contact'" in i for i in issues)


def test_missing_id(data_copy):
    _replace(data_copy / "criteria" / "options.yaml", "- id: camhs", "- idx: camhs")
    assert any("criteria/options.yaml, row 5, field 'id': id is required" in i for i in _issues(data_copy))


def test_negative_default_weight(data_copy):
    path = data_copy / "criteria" / "criteria.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: equitable_coverage")
    wpos = text.index("value:", text.index("weight:", start))
    end = text.index(",", wpos) if text[wpos:].split("\n", 1)[0].count(",") else text.index("\n", wpos)
    path.write_text(text[:wpos] + "value: -3" + text[end:], encoding="utf-8")
    assert any("weight must not be negative" in i for i in _issues(data_copy))


def test_malformed_yaml_names_the_file_and_line(data_copy):
    (data_copy / "regions" / "powys.yaml").write_text("id: powys\nname: [unclosed\n", encoding="utf-8")
    issues = _issues(data_copy)
    assert any(i.startswith("regions/powys.yaml: malformed YAML") and "line" in i for i in issues), issues


def test_malformed_csv_header(data_copy):
    (data_copy / "criteria" / "scores.csv").write_text("option;criterion;score\n", encoding="utf-8")
    assert any("criteria/scores.csv, row 1: missing column(s)" in i for i in _issues(data_copy))


def test_region_override_with_unknown_criterion(data_copy):
    path = data_copy / "regions" / "gwent.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("criterion:", text.index("overrides:"))
    line_end = text.index("\n", first)
    path.write_text(text[:first] + "criterion: no_such_thing" + text[line_end:], encoding="utf-8")
    issues = _issues(data_copy)
    assert any(
        i.startswith(
            "regions/gwent.yaml, row 1, field 'overrides.criterion': unknown criterion 'no_such_thing'"
        )
        for i in issues
    ), issues


def test_region_id_must_match_file_name(data_copy):
    _replace(data_copy / "regions" / "powys.yaml", "id: powys", "id: powis")
    assert any("regions/powys.yaml, field 'id'" in i for i in _issues(data_copy))


def test_inconsistent_macbeth_judgements_are_refused_with_a_repair(data_copy):
    # specialist capacity: four steps judged strong, moderate, moderate, moderate cannot add
    # up to a 'weak' difference between the worst and the best level
    _replace(data_copy / "criteria" / "criteria.yaml", "- [4, 0, extreme]", "- [4, 0, weak]")
    issues = _issues(data_copy)
    assert any(
        "criteria/criteria.yaml" in i and "field 'value_function.judgements'" in i and "inconsistent" in i
        for i in issues
    ), issues


def test_load_dataset_raises_one_error_listing_every_issue(data_copy):
    _replace(data_copy / "regions" / "powys.yaml", "id: powys", "id: powis")
    (data_copy / "criteria" / "scores.csv").write_text("nonsense\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_dataset(data_copy)
    assert len(exc.value.issues) >= 2
    assert "regions/powys.yaml" in str(exc.value) and "criteria/scores.csv" in str(exc.value)


def test_unknown_region_is_a_clear_error():
    ds = load_dataset()
    with pytest.raises(UnknownIdError, match="unknown region 'atlantis'"):
        ds.problem("atlantis")


def test_region_overrides_replace_baseline_cells():
    ds = load_dataset()
    for region in ds.regions:
        p = ds.problem(region.id)
        for ov in region.overrides:
            i, j = p.option_ids.index(ov.option), p.criterion_ids.index(ov.criterion)
            assert p.scores[i, j] == ov.score
            assert p.cells[i][j].origin == region.id


def test_edited_score_outside_scale_is_refused_and_problem_unchanged():
    ds = load_dataset()
    p = ds.problem("gwent")
    before = p.scores.copy()
    with pytest.raises(ValueError, match="between 0 and 4"):
        p.with_scores({("camhs", "welsh_language"): 12})
    assert (p.scores == before).all()
    p2 = p.with_scores({("camhs", "welsh_language"): 3})
    j = p.criterion_ids.index("welsh_language")
    assert p2.scores[p.option_ids.index("camhs"), j] == 3
    assert p2.cells[p.option_ids.index("camhs")][j].origin == "user"


def test_welsh_name_is_required_like_the_rest(data_copy):
    """Issue 8: Welsh names are validated like the English ones."""
    path = data_copy / "criteria" / "options.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: camhs")
    line_start = text.index("name_cy:", start)
    line_end = text.index("\n", line_start)
    path.write_text(text[:line_start] + "name_cy: ''" + text[line_end:], encoding="utf-8")
    assert any("criteria/options.yaml, row 5, field 'name_cy'" in i for i in _issues(data_copy))


def test_validation_messages_follow_the_language(data_copy):
    from appraisal.i18n import language

    _replace(data_copy / "regions" / "powys.yaml", "id: powys", "id: powis")
    with language("cy"):
        issues = _issues(data_copy)
    assert any("regions/powys.yaml, maes 'id': rhaid i'r dynodydd gyd-fynd" in i for i in issues), issues
