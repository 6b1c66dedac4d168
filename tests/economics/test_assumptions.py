"""assumptions/: every number with provenance, faithful to sources.md, and clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from appraisal.economics import collect_assumptions
from appraisal.economics.assumptions import _BOUNDS
from appraisal.errors import DataError
from appraisal.i18n import language
from appraisal.model import STATUSES


def test_bundled_assumptions_load_cleanly(ds):
    a, issues = collect_assumptions(ds.data_dir, option_ids=ds.option_ids, region_ids=ds.region_ids)
    assert issues == []
    assert a is not None
    assert set(a.region_ids) == set(ds.region_ids)
    assert set(a.option_ids) == set(ds.option_ids)


def test_every_parameter_has_value_low_high_unit_source_status(assumptions):
    for p in assumptions.params.values():
        assert p.low <= p.value <= p.high, p.id
        assert p.unit.strip() and p.source.strip(), p.id
        assert p.status in STATUSES, p.id


def test_figures_and_statuses_follow_sources_md(assumptions):
    a = assumptions

    def check(pid, value, status, low=None, high=None):
        p = a.param(pid)
        assert p.value == pytest.approx(value), pid
        assert p.status == status, pid
        if low is not None:
            assert (p.low, p.high) == (pytest.approx(low), pytest.approx(high)), pid

    check("families_per_team", 100, "verified", 25, 300)
    check("direct_work_share", 0.5, "verified", 0.4, 0.6)
    check("reference_cost_per_team", 480_000, "unverified", 250_000, 600_000)
    # GBP 73m / 39,200 babies = GBP 1,862 (sources.md: about GBP 1,860)
    check("reference_cost_per_family", 1_860, "derived")
    check("pay_award_2026_27", 0.033, "secondary")
    check("gdp_deflator_2026_27", 0.020, "unverified")
    check("employer_oncost_rate", 0.28, "unverified", 0.25, 0.32)
    # Bakermans-Kranenburg et al. 2003: attachment security d = 0.20 (the outcome valued);
    # sensitivity d = 0.33 kept for reference only
    check("effect_attachment_d", 0.20, "verified", 0.0, 0.65)
    check("effect_sensitivity_d", 0.33, "verified")
    check("cmh_value_per_child_supported", 40_000, "verified", 20_000, 75_000)
    check("heckman_rate.abc_care", 0.137, "verified")
    check("heckman_rate.perry", 0.085, "verified", 0.07, 0.10)
    # ln(13.7 / 8.5) / 3.5 = ln(1.611765) / 3.5 = 0.477329 / 3.5 = 0.136380
    check("heckman_decline.fitted", 0.1364, "derived")
    check("abc_care_bcr", 7.3, "verified")
    check("optimism_bias_upper", 0.41, "verified")
    check("qaly_value", 70_000, "unverified")
    # AfC 2025/26 band 7: GBP 47,810-54,710 (secondary), midpoint 51,260
    check("pay.7", 51_260, "secondary", 47_810, 54_710)
    check("pay.8c", 82_823.5, "secondary", 76_965, 88_682)
    # optimism bias: only named mitigations reduce the 41% upper bound, each with its note
    for o in a.option_ids:
        p = a.param(f"optimism_mitigation.{o}")
        assert 0 <= p.low <= p.value <= p.high <= 1
        assert p.note.startswith("Mitigations:"), o


def test_the_fitted_curve_passes_through_both_programmes(assumptions):
    import math

    k = assumptions.value("heckman_decline.fitted")
    assert math.log(0.137 / 0.085) / 3.5 == pytest.approx(k, abs=1e-4)
    assert {c.id: c.kind for c in assumptions.curves} == {
        "abc_care": "programme",
        "perry": "programme",
        "fitted": "curve",
        "flat": "breakeven",
    }
    perry = assumptions.curve("perry")
    assert (perry.from_age, perry.to_age) == (3, 4)  # placed where it was measured


def test_every_outcome_domain_names_a_payer_a_kind_and_its_ages(assumptions):
    kinds = {d.id: d.kind for d in assumptions.domains}
    assert kinds["child_wellbeing"] == "health"  # the only domain on the health rate
    assert [d.id for d in assumptions.domains if d.kind == "health"] == ["child_wellbeing"]
    assert {d.payer for d in assumptions.domains} >= {"nhs", "social_care", "education", "justice", "family"}
    for d in assumptions.domains:
        p = assumptions.param(d.param_id)
        assert d.from_age <= d.to_age and p.unit and p.source and d.name and d.name_cy


def test_the_template_team_costs_about_the_sources_md_figure(ds, assumptions):
    from appraisal.economics import appraise

    # staff cost of the template at band midpoints with uplift and on-costs, hand-worked:
    # 0.6 x 82,823.5 + 69,675.5 + 0.8 x 59,186 + 2 x 51,260 + 42,631 + 28,823.5 = 340,692.9
    # x (1.033 / 1.020) real uplift x 1.28 = 441,644.9
    r = appraise(ds, assumptions, "powys")
    assert r.staff_cost_per_team == pytest.approx(340_692.9 * 1.033 / 1.020 * 1.28, rel=1e-6)
    assert r.staff_cost_per_team == pytest.approx(441_644.9, abs=0.5)
    ref = assumptions.param("reference_cost_per_team")
    assert ref.low <= r.staff_cost_per_team <= ref.high


def test_the_register_lists_every_parameter(assumptions):
    rows = assumptions.rows()
    assert len(rows) == len(assumptions.params)
    assert {"id", "value", "low", "high", "unit", "source", "status", "file", "row"} <= set(rows[0])


def test_with_overrides_returns_a_new_object_and_widens_the_range(assumptions):
    b = assumptions.with_overrides({"effect_attachment_d": 0.9})
    assert assumptions.value("effect_attachment_d") == 0.20
    assert b.value("effect_attachment_d") == 0.9
    assert b.param("effect_attachment_d").high == 0.9
    c = assumptions.with_overrides({"effect_attachment_d": {"low": 0.1, "high": 0.35}})
    assert (c.param("effect_attachment_d").low, c.param("effect_attachment_d").high) == (0.1, 0.35)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"nonexistent": 1.0}, "nonexistent"),
        ({"reach.camhs": 1.5}, "reach.camhs"),  # a share above 1
        ({"effect_attachment_d": "big"}, "effect_attachment_d.value"),
        ({"effect_attachment_d": {"low": 0.5}}, "effect_attachment_d"),  # low above the value
        ({"life_course_share.adulthood": 0.9}, "life_course"),  # shares no longer add to 1
    ],
)
def test_bad_overrides_name_the_parameter(assumptions, change, field):
    with pytest.raises(DataError) as exc:
        assumptions.with_overrides(change)
    assert any(i.field == field for i in exc.value.issues), exc.value.issues


def test_every_parameter_has_a_physical_domain(assumptions):
    """Files and overrides are checked against one domain per parameter name."""
    assert not sorted({p.name for p in assumptions.params.values()} - set(_BOUNDS))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_an_override_with_a_negative_effect_size_is_refused_naming_the_parameter(assumptions, lang):
    from appraisal.economics.labels import param_label

    words = param_label("effect_attachment_d", lang)
    assert words != "effect_attachment_d"  # a readable name from the catalogue
    with language(lang), pytest.raises(DataError) as exc:
        assumptions.with_overrides({"effect_attachment_d": -0.2})
    (issue,) = exc.value.issues
    assert issue.field == "effect_attachment_d"
    assert words in issue.message and "'effect_attachment_d'" in issue.message and "-0.2" in issue.message
    assert assumptions.value("effect_attachment_d") == 0.20  # unchanged


@pytest.mark.parametrize(
    "change",
    [
        {"effect_attachment_d": {"low": -0.1}},  # Cohen's d of the benefit is never negative
        {"target_coverage": 1.2},  # shares within 0..1
        {"engagement.camhs": -0.1},
        {"setup_cost_per_team": -1.0},  # costs, counts and years are not negative
        {"pay.7": -100.0},
        {"wte.psychologist": -0.5},
        {"existing_teams.powys": -1.0},
        {"horizon_years": 0},
        {"families_per_team": 0},  # capacity must be positive
        {"discount_rate.stpr.0_30": 0.9},  # rates within plausible bounds
        {"optimism_mitigation.camhs": 1.5},  # a share of the upper bound
        {"travel_time_share.powys": 0.95},  # a team cannot spend all its time travelling
        {"outcome_cost.youth_justice": -10.0},
    ],
)
def test_overrides_outside_the_physical_domain_are_refused(assumptions, change):
    (pid,) = change
    with pytest.raises(DataError) as exc:
        assumptions.with_overrides(change)
    assert [i.field for i in exc.value.issues] == [pid]
    assert f"'{pid}'" in exc.value.issues[0].message


# ----------------------------------------------------------------------------- broken files


def _edit_yaml(path: Path, fn) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _edit_csv(path: Path, fn) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fn(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _issues(root: Path):
    a, issues = collect_assumptions(root)
    assert a is None
    return issues


def test_a_bad_status_names_file_row_and_field(data_copy):
    path = data_copy / "assumptions" / "economics.yaml"
    _edit_yaml(path, lambda d: d["parameters"][3].update(status="sure"))  # 4th entry
    issues = _issues(data_copy)
    assert [(i.file, i.row, i.field) for i in issues] == [("assumptions/economics.yaml", 4, "status")]
    assert "verified" in issues[0].message


def test_low_above_value_is_reported(data_copy):
    path = data_copy / "assumptions" / "options.yaml"
    _edit_yaml(path, lambda d: d["options"][2]["reach"].update(low=0.99))
    issues = _issues(data_copy)
    assert [(i.file, i.row, i.field) for i in issues] == [("assumptions/options.yaml", 3, "reach.value")]
    assert "low <= value <= high" in issues[0].message


def test_a_missing_option_parameter_is_reported(data_copy):
    path = data_copy / "assumptions" / "options.yaml"
    _edit_yaml(path, lambda d: d["options"][4].pop("engagement"))
    issues = _issues(data_copy)
    assert [(i.file, i.row, i.field) for i in issues] == [("assumptions/options.yaml", 5, "engagement")]


def test_a_bad_number_in_a_csv_names_the_line(data_copy):
    _edit_csv(data_copy / "assumptions" / "team_template.csv", lambda rows: rows[1].update(value="one"))
    issues = _issues(data_copy)
    # header is line 1, so the second data row is line 3
    assert [(i.file, i.row, i.field) for i in issues] == [("assumptions/team_template.csv", 3, "value")]


def test_a_pay_band_value_must_be_the_midpoint(data_copy):
    path = data_copy / "assumptions" / "pay_bands.csv"
    text = path.read_text(encoding="utf-8").replace("51260,47810", "52000,47810")
    path.write_text(text, encoding="utf-8")
    issues = _issues(data_copy)
    assert [(i.file, i.row, i.field) for i in issues] == [("assumptions/pay_bands.csv", 5, "value")]


def test_life_course_shares_must_add_to_one(data_copy):
    path = data_copy / "assumptions" / "economics.yaml"
    _edit_yaml(path, lambda d: d["life_course"][0]["share"].update(value=0.2, low=0.2, high=0.2))
    issues = _issues(data_copy)
    assert [(i.file, i.field) for i in issues] == [("assumptions/economics.yaml", "life_course")]


def test_malformed_yaml_is_one_clear_issue(data_copy):
    (data_copy / "assumptions" / "regions.yaml").write_text("regions: [unclosed\n", encoding="utf-8")
    issues = _issues(data_copy)
    assert len(issues) == 1 and issues[0].file == "assumptions/regions.yaml"
    assert "malformed YAML" in issues[0].message


def test_a_region_without_economic_parameters_is_reported(data_copy, ds):
    path = data_copy / "assumptions" / "regions.yaml"
    _edit_yaml(path, lambda d: d["regions"].pop())
    a, issues = collect_assumptions(data_copy, option_ids=ds.option_ids, region_ids=ds.region_ids)
    assert a is None
    assert [(i.file, i.message) for i in issues] == [
        ("assumptions/regions.yaml", "region 'cwm_taf_morgannwg' (regions/) has no entry")
    ]


def test_a_bad_assumptions_file_gives_welsh_messages(data_copy):
    path = data_copy / "assumptions" / "economics.yaml"
    _edit_yaml(path, lambda d: d["parameters"][3].update(status="sure"))  # generic check (data.*)
    _edit_yaml(path, lambda d: d["life_course"][1].update(from_year=6))  # economics check (econ.data.*)
    pay = data_copy / "assumptions" / "pay_bands.csv"
    pay.write_text(pay.read_text(encoding="utf-8").replace("51260,47810", "52000,47810"), encoding="utf-8")
    with language("cy"):
        issues = _issues(data_copy)
        text = [str(i) for i in issues]
    assert [(i.file, i.row, i.field) for i in issues] == [
        ("assumptions/economics.yaml", 4, "status"),
        ("assumptions/economics.yaml", 2, "from_year"),
        ("assumptions/pay_bands.csv", 5, "value"),
    ]
    assert text[0].startswith(
        "assumptions/economics.yaml, rhes 4, maes 'status': rhaid i'r statws fod yn un o"
    )
    assert "rhaid i'r bandiau ddilyn ei gilydd heb fylchau" in text[1]
    assert "rhaid i'r gwerth fod hanner ffordd rhwng yr isaf a'r uchaf (51260); cafwyd 52000" in text[2]
    english = [i.message for i in _issues(data_copy)]
    assert english[1] == "bands must follow on without gaps; expected from_year 5, got 6"


def test_team_roles_have_english_and_welsh_names(assumptions, data_copy):
    assert all(r.label and r.label_cy and r.label != r.label_cy for r in assumptions.roles)
    _edit_csv(data_copy / "assumptions" / "team_template.csv", lambda rows: rows[2].update(label=" "))
    assert [(i.file, i.row, i.field) for i in _issues(data_copy)] == [
        ("assumptions/team_template.csv", 4, "label")
    ]


def test_a_missing_folder_is_reported(tmp_path):
    a, issues = collect_assumptions(tmp_path)
    assert a is None and len(issues) == 1
