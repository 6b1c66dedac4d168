"""Scan the bundled data: every number has a unit, a source and a status; every score a
rationale and evidence; every region its provenance. A missing one fails the build."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from appraisal.data import BUNDLED_DATA_DIR, iter_numbers, load_dataset
from appraisal.model import STATUSES

ROOT = BUNDLED_DATA_DIR
YAML_FILES = sorted(
    [*ROOT.glob("criteria/*.yaml"), *ROOT.glob("regions/*.yaml"), *ROOT.glob("assumptions/*.yaml")]
)
RPB_REGIONS = {
    "north_wales",
    "powys",
    "west_wales",
    "west_glamorgan",
    "cardiff_vale",
    "gwent",
    "cwm_taf_morgannwg",
}


def _rel(p: Path) -> str:
    return str(p.relative_to(ROOT))


@pytest.mark.parametrize("path", YAML_FILES, ids=_rel)
def test_every_number_in_yaml_has_unit_source_status(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    for where, q in iter_numbers(doc):
        for key in ("unit", "source", "status"):
            if not str(q.get(key) or "").strip():
                problems.append(f"{_rel(path)}: {where} has no {key}")
        if q.get("status") not in STATUSES:
            problems.append(f"{_rel(path)}: {where} status {q.get('status')!r} not in {STATUSES}")
    assert not problems, "\n".join(problems)


def _csv_rows(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        yield from enumerate(csv.DictReader(fh), start=2)


def test_every_baseline_score_has_rationale_evidence_status():
    problems = []
    for line, rec in _csv_rows(ROOT / "criteria" / "scores.csv"):
        for key in ("rationale", "evidence", "status"):
            if not (rec.get(key) or "").strip():
                problems.append(f"criteria/scores.csv row {line}: no {key}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", sorted(ROOT.glob("regions/*.yaml")), ids=_rel)
def test_every_region_override_has_rationale_evidence_status(path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, ov in enumerate(doc.get("overrides") or [], start=1):
        for key in ("rationale", "evidence", "status"):
            assert str(ov.get(key) or "").strip(), f"{_rel(path)} override {i}: no {key}"
    cp = doc["current_provision"]
    assert cp.get("source") and cp.get("status") in STATUSES, f"{_rel(path)}: provision provenance"


def test_every_criterion_has_anchors_weight_provenance_and_paper_section():
    ds = load_dataset()
    for c in ds.criteria:
        vf = c.value_function
        assert vf.low.meaning and vf.high.meaning, c.id
        assert c.weight.source and c.weight.status in STATUSES and c.weight.unit, c.id
        assert c.paper_section, c.id
    assert len(ds.groups) >= 4


def test_every_criterion_is_measured_on_described_levels_or_a_natural_scale():
    """Issue 13: a constructed scale of described levels in both languages (DCLG 2009, 6.2.8)
    or a natural scale with its unit; an elicited value function; a swing in words; and the
    criterion named in the independence record."""
    import yaml

    ds = load_dataset()
    record = yaml.safe_load((ds.data_dir / "criteria" / "independence.yaml").read_text(encoding="utf-8"))
    named = {c for chk in record["checks"] for c in chk["pair"]}
    for c in ds.criteria:
        vf = c.value_function
        assert vf.method in ("macbeth", "direct", "bisection"), c.id
        assert vf.rationale, c.id
        if vf.constructed:
            assert len(vf.levels) >= 3 and c.unit_cy, c.id
            assert all(lv.name and lv.name_cy and lv.description and lv.description_cy for lv in vf.levels), (
                c.id
            )
            assert (c.scale_min, c.scale_max) == (0, len(vf.levels) - 1), c.id
        else:
            assert c.unit and c.unit_cy, c.id
        assert c.swing and c.swing_cy, c.id
        assert c.name_cy and c.description_cy, c.id
        # values rise from 0 at the worst to 100 at the best performance
        lo, hi = (c.scale_min, c.scale_max) if c.direction == "benefit" else (c.scale_max, c.scale_min)
        assert float(vf(lo)) == 0 and float(vf(hi)) == 100, c.id
    assert named <= set(ds.criterion_ids)
    assert set(record["tests"]) == {"complete", "non_redundant", "preferentially_independent", "measurable"}


def test_default_weights_are_swing_weights_with_the_largest_at_100():
    ds = load_dataset()
    assert max(c.weight.value for c in ds.criteria) == 100
    assert all("swing" in c.weight.unit for c in ds.criteria)


def test_the_full_shortlist_with_build_on_what_exists_where_a_team_exists():
    """Issue 13: a regional partnership and a third-sector host everywhere; building on the
    established team only where the region has one, in its current host."""
    ds = load_dataset()
    for r in ds.regions:
        ids = [o.id for o in ds.options_for(r.id)]
        assert {"regional_partnership", "third_sector"} <= set(ids) and len(ids) >= 8, r.id
        has_team = r.provision.host != "none"  # an established team in a host to extend
        assert ("build_on_existing" in ids) == has_team, r.id
    assert {r.id for r in ds.regions if r.provision.host != "none"} == {
        "gwent",
        "cardiff_vale",
        "north_wales",
        "west_wales",
    }
    for o in ds.options:
        assert o.name_cy and o.description_cy and o.exemplar_section, o.id


def test_bundled_data_covers_the_seven_rpbs_and_the_green_book_shortlist():
    ds = load_dataset()
    assert set(ds.region_ids) == RPB_REGIONS
    assert {"bau", "do_minimum"} <= set(ds.option_ids)
    hosts = {"phn_early_years", "perinatal_mh", "camhs", "local_authority"}
    assert hosts <= set(ds.option_ids)
    for o in ds.options:
        assert o.description, o.id
        if o.kind == "hosting":
            assert o.exemplar_team, o.id
    # every option x criterion has a baseline score with a rationale, evidence and status
    assert len(ds.baseline) == len(ds.options) * len(ds.criteria)
    assert all(s.rationale and s.evidence and s.status in STATUSES for s in ds.baseline)


def test_births_match_sources_md_where_verified():
    """sources.md (StatsWales 2024): Wales 26,944; North Wales 5,582; Powys 914; West
    Wales 2,913; West Glamorgan 3,233; Cardiff and Vale 4,793; Gwent 5,881 (ONS 2022)."""
    ds = load_dataset()
    expected = {
        "north_wales": 5582,
        "powys": 914,
        "west_wales": 2913,
        "west_glamorgan": 3233,
        "cardiff_vale": 4793,
        "gwent": 5881,
    }
    for rid, births in expected.items():
        assert ds.region(rid).births.value == births, rid
    assert sum(r.births.value for r in ds.regions) == 26944
    assert ds.region("cwm_taf_morgannwg").births.status == "unverified"
    assert ds.region("cwm_taf_morgannwg").need_prevalence.value == pytest.approx(0.20)


def test_welsh_text_is_marked_awaiting_review_until_reviewed():
    for path in YAML_FILES:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        if "_cy:" in text:
            review = (doc or {}).get("welsh_review") or {}
            assert review.get("status") in {"awaiting_review", "reviewed"}, _rel(path)
            if review.get("status") == "reviewed":
                assert review.get("reviewed_by"), f"{_rel(path)}: reviewed needs reviewed_by"
