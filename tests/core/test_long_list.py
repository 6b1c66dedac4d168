"""The long list and the Green Book options framework filter (criteria/long_list.yaml).

Green Book (2022) 4.7-4.15: the long list is built on five dimensions and each choice is kept
or dropped with a reason; the shortlist is the delivery dimension's kept choices plus the
comparators. The file is checked where it enters: file, row and field in every message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appraisal.data import BUNDLED_DATA_DIR, collect, load_dataset
from appraisal.model import FILTER_DIMENSIONS


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for sub in ("criteria", "regions"):
        shutil.copytree(BUNDLED_DATA_DIR / sub, tmp_path / sub)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _issues(root: Path) -> list[str]:
    ds, issues = collect(root)
    assert ds is None
    return [str(i) for i in issues]


def test_bundled_long_list_links_every_shortlist_option_once():
    ds = load_dataset()
    linked = [e.option for e in ds.long_list if e.option]
    assert sorted(linked) == sorted(ds.option_ids)
    assert {e.dimension for e in ds.long_list} == set(FILTER_DIMENSIONS)
    by_option = {e.option: e for e in ds.long_list if e.option}
    assert by_option["bau"].outcome == "comparator" and by_option["do_minimum"].outcome == "comparator"
    assert all(by_option[o.id].outcome == "shortlisted" for o in ds.options if o.kind != "comparator")
    dropped = [e for e in ds.long_list if e.outcome == "discounted"]
    assert len(dropped) >= 4  # a long list that drops nothing has not been filtered
    for e in ds.long_list:
        assert e.name and e.name_cy and e.reason and e.reason_cy and e.paper_section and e.paper_section_cy, (
            e.id
        )
        assert e.status == "illustrative", e.id  # the analyst's judgements, labelled as such


def test_a_long_list_is_optional(data_copy):
    (data_copy / "criteria" / "long_list.yaml").unlink()
    ds, issues = collect(data_copy)
    assert issues == [] and ds is not None and ds.long_list == ()


def test_an_unknown_dimension_names_file_row_and_field(data_copy):
    _replace(data_copy / "criteria" / "long_list.yaml", "dimension: solution", "dimension: vibes")
    issues = _issues(data_copy)
    assert any(i.startswith("criteria/long_list.yaml, row 4, field 'dimension'") for i in issues), issues


def test_a_shortlisted_entry_must_name_a_shortlist_option(data_copy):
    _replace(data_copy / "criteria" / "long_list.yaml", "option: camhs", "option: gp_practices")
    issues = _issues(data_copy)
    assert any("row 9, field 'option'" in i and "gp_practices" in i for i in issues), issues
    assert any("'camhs'" in i and "not on the long list" in i for i in issues), issues


def test_a_hosting_option_cannot_be_a_comparator(data_copy):
    path = data_copy / "criteria" / "long_list.yaml"
    text = path.read_text(encoding="utf-8")
    i = text.index("option: camhs")
    head, tail = text[:i], text[i:]
    head = (
        head[: head.rindex("outcome: shortlisted")]
        + "outcome: comparator"
        + head[head.rindex("outcome: shortlisted") + 20 :]
    )
    path.write_text(head + tail, encoding="utf-8")
    issues = _issues(data_copy)
    assert any("row 9, field 'outcome'" in i and "comparator" in i for i in issues), issues


def test_an_option_linked_twice_is_refused(data_copy):
    _replace(data_copy / "criteria" / "long_list.yaml", "option: perinatal_mh", "option: camhs")
    issues = _issues(data_copy)
    assert any("'camhs' is already linked" in i for i in issues), issues
    assert any("'perinatal_mh'" in i and "not on the long list" in i for i in issues), issues


def test_a_discounted_entry_names_no_option(data_copy):
    path = data_copy / "criteria" / "long_list.yaml"
    _replace(
        path, "  - id: delivery_dispersed_posts\n", "  - id: delivery_dispersed_posts\n    option: camhs\n"
    )
    issues = _issues(data_copy)
    assert any("field 'option'" in i and "discounted" in i for i in issues), issues
