"""Value functions elicited in the app travel in AppraisalInputs (issue 13): applied in run(),
checked where they enter, saved and read back; inputs of the earlier criteria model carried over."""

from __future__ import annotations

import pytest

from appraisal.data import load_dataset
from appraisal.errors import InputError
from appraisal.inputs import AppraisalInputs, ScoreEdit, ValueFunctionEdit, WeightInputs
from appraisal.legacy import upgrade
from appraisal.run import default_inputs, run

DS = load_dataset()
BASE = default_inputs(DS, draws=200, regions=("gwent",))
LINEAR_TAIL = ValueFunctionEdit(
    "specialist_capacity",
    {"method": "direct", "points": [0, 1, 2, 3, 4], "ratings": [0, 10, 20, 60, 100]},
    "the board values the last steps to the target most",
)


def test_a_direct_rating_changes_each_total_by_weight_times_the_change_in_value() -> None:
    """By hand: every option's total moves by w_capacity x (new value - old value) of its
    level; the weights are the data's swing points (100 of the 1,140 for capacity)."""
    a = run(DS, BASE).region("gwent")
    b = run(DS, BASE.with_value_function(LINEAR_TAIL)).region("gwent")
    p = a.problem
    j = p.criterion_ids.index("specialist_capacity")
    w = 100 / sum(c.weight.value for c in DS.criteria)
    new = {0: 0, 1: 10, 2: 20, 3: 60, 4: 100}
    for i, _o in enumerate(p.option_ids):
        level = int(p.scores[i, j])
        expected = a.mcda.totals[i] + w * (new[level] - p.values[i, j])
        assert b.mcda.totals[i] == pytest.approx(expected)
    assert b.problem.criteria[j].value_function.method == "direct"
    assert b.problem.criteria[j].value_function.levels == p.criteria[j].value_function.levels


def test_value_function_edits_round_trip_and_leave_old_json_unchanged() -> None:
    x = BASE.with_value_function(LINEAR_TAIL)
    assert AppraisalInputs.from_json(x.to_json()) == x
    assert "value_functions" not in BASE.to_dict()  # inputs saved before keep their JSON
    assert x.with_value_function(None, "specialist_capacity") == BASE


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            ValueFunctionEdit(
                "specialist_capacity",
                {"method": "macbeth", "n_levels": 5, "judgements": [[1, 0, "strong"], [2, 0, "weak"]]},
            ),
            "value_functions.specialist_capacity.spec.judgements",
        ),
        (
            ValueFunctionEdit(
                "specialist_capacity", {"method": "macbeth", "n_levels": 4, "judgements": [[1, 0, "weak"]]}
            ),
            "value_functions.specialist_capacity.spec.n_levels",
        ),
        (
            ValueFunctionEdit(
                "time_to_service", {"method": "macbeth", "n_levels": 5, "judgements": [[1, 0, "weak"]]}
            ),
            "value_functions.time_to_service.spec.method",
        ),
        (
            ValueFunctionEdit(
                "time_to_service", {"method": "bisection", "worst": 30, "best": 0, "midpoints": {"0.5": 9}}
            ),
            "value_functions.time_to_service.spec",
        ),
        (
            ValueFunctionEdit("no_such", {"method": "direct", "points": [0, 1], "ratings": [0, 1]}),
            "value_functions.no_such",
        ),
    ],
)
def test_a_value_function_the_data_cannot_take_is_refused_naming_the_field(edit, field) -> None:
    with pytest.raises(InputError) as err:
        run(DS, BASE.with_value_function(edit))
    assert err.value.field == field


def test_a_bisection_on_the_natural_scale_is_applied() -> None:
    c = next(c for c in DS.criteria if c.id == "time_to_service")
    worst, best = (c.scale_max, c.scale_min)  # a cost scale: more months is worse
    edit = ValueFunctionEdit(
        "time_to_service", {"method": "bisection", "worst": worst, "best": best, "midpoints": {"0.5": 6}}
    )
    p = run(DS, BASE.with_value_function(edit)).region("gwent").problem
    vf = p.criteria[p.criterion_ids.index("time_to_service")].value_function
    assert float(vf(6)) == pytest.approx(50) and float(vf(best)) == 100 and float(vf(worst)) == 0


def test_spec_must_name_a_method_where_it_enters() -> None:
    with pytest.raises(InputError) as err:
        ValueFunctionEdit("specialist_capacity", {"ratings": [0, 1]})
    assert err.value.field == "value_functions.specialist_capacity.spec.method"
    with pytest.raises(InputError):
        ValueFunctionEdit("specialist_capacity", {"method": "guess"})


def test_inputs_of_the_earlier_criteria_model_are_carried_over_with_notes() -> None:
    old = AppraisalInputs(
        weights=WeightInputs(
            "points", {"reach_first_1000_days": 10, "ownership_pathways": 6, "welsh_language": 4}
        ),
        score_edits=(ScoreEdit("gwent", "camhs", "welsh_language", 7, "old 0-10 scale"),),
        draws=200,
        regions=("gwent",),
    )
    res = run(DS, old)
    pts = dict(res.inputs.weights.points)
    assert set(pts) == set(DS.criterion_ids)
    assert pts["routine_contact"] == 10 and pts["ownership"] == pts["pathway_clarity"] == 3
    assert pts["specialist_capacity"] == pytest.approx((10 + 3 + 3 + 4) / 4)  # mean carried over
    assert res.inputs.score_edits == ()  # made on the old 0-10 scale, even where the id was kept
    keys = [k for k, _ in res.upgrade_notes]
    assert keys.count("legacy.weight_renamed") == 2 and "legacy.edit_dropped" in keys
    # today's inputs pass through untouched, and an unknown id is still an error, not an upgrade
    assert not upgrade(BASE, DS.criterion_ids).changed
    typo = dict(BASE.weights.points, no_such=1.0)
    with pytest.raises(InputError):
        run(DS, BASE.with_changes(weights=WeightInputs("swing", typo)))


def test_a_score_edit_for_an_option_not_on_the_regions_shortlist_is_refused() -> None:
    powys = [o.id for o in DS.options_for("powys")]
    assert "build_on_existing" not in powys
    bad = BASE.with_changes(
        regions=("powys",), score_edits=(ScoreEdit("powys", "build_on_existing", "ownership", 1.0),)
    )
    with pytest.raises(InputError) as err:
        run(DS, bad)
    assert err.value.field.startswith("score_edits.powys.build_on_existing")


def test_the_report_lists_value_function_edits_with_their_reason() -> None:
    from appraisal.report.build import build_report

    res = run(DS, BASE.with_value_function(LINEAR_TAIL))
    rep = build_report(res, regions=("gwent",), static_figures=False)
    tables = [b for s in rep.sections for b in s.blocks if getattr(b, "key", "") == "choices_value_functions"]
    assert len(tables) == 1
    (row,) = tables[0].rows
    assert row[-1] == LINEAR_TAIL.reason and "2→20" in row[2]
