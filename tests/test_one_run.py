"""One appraisal run (issue 11): validated inputs, one run, derived facts computed once,
one seed, and no consumer calling an engine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal.data import load_dataset
from appraisal.errors import InputError
from appraisal.inputs import AppraisalInputs, EconomicInputs, ScoreEdit, WeightInputs
from appraisal.run import MEMO, default_inputs, run, validate

ROOT = Path(__file__).resolve().parents[1]
DS = load_dataset()
FAST = AppraisalInputs(draws=300)


def field_of(exc: pytest.ExceptionInfo) -> str:
    assert isinstance(exc.value, InputError)
    return exc.value.field or ""


# ----------------------------------------------------------------------------- consumers only consume


def test_no_engine_call_outside_run() -> None:
    """The issue's own check: grep finds no engine call in report, ui, store or cli."""
    dirs = [str(ROOT / "appraisal" / d) for d in ("report", "ui", "store", "cli")]
    res = subprocess.run(
        ["grep", "-rn", r"smaa(\|monte_carlo(\|appraise(\|evaluate(", *dirs, "--include=*.py"],
        capture_output=True,
        text=True,
    )
    assert res.stdout == "", res.stdout


def test_report_package_has_no_import_circle() -> None:
    """report/ is a document model plus renderers: no module imports a module that imports it back."""
    pkg = ROOT / "appraisal" / "report"
    imports: dict[str, set[str]] = {}
    for f in pkg.rglob("*.py"):
        mod = "appraisal." + ".".join(f.relative_to(ROOT / "appraisal").with_suffix("").parts)
        text = f.read_text(encoding="utf-8")
        imports[mod] = set(re.findall(r"^\s*from (appraisal\.report[\w.]*) import", text, re.M))
    for a, deps in imports.items():
        for b in deps:
            assert a not in imports.get(b, set()) or b.endswith("__init__"), f"{a} <-> {b}"


# ----------------------------------------------------------------------------- validation at the boundary


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: EconomicInputs(coverage=1.5), "economics.coverage"),
        (lambda: EconomicInputs(coverage=0.0), "economics.coverage"),  # a bound meant to exclude 0
        (lambda: EconomicInputs(horizon=0), "economics.horizon"),
        (lambda: EconomicInputs(horizon=12.5), "economics.horizon"),
        (lambda: EconomicInputs(horizon=10, service_years=11), "economics.service_years"),
        (lambda: EconomicInputs(discount="3.5%"), "economics.discount"),
        (lambda: EconomicInputs(benefit_view="wishful"), "economics.benefit_view"),
        (
            lambda: EconomicInputs(overrides={"effect_attachment_d": float("nan")}),
            "economics.overrides.effect_attachment_d",
        ),
        (lambda: AppraisalInputs(draws=1), "draws"),
        (lambda: AppraisalInputs(seed=-1), "seed"),
        (lambda: AppraisalInputs(smaa_spread=1.0), "smaa.spread"),  # below 1: 1 is excluded
        (lambda: AppraisalInputs(smaa_model="mixture"), "smaa.model"),
        (lambda: AppraisalInputs(lang="fr"), "lang"),
        (lambda: WeightInputs("points", {"a": -1.0}), "weights.points.a"),
        (lambda: WeightInputs("points", {"a": 0.0}), "weights.points"),
        (
            lambda: ScoreEdit("gwent", "bau", "equitable_coverage", 5, "<script>"),
            "score_edits.gwent.bau.equitable_coverage.reason",
        ),
        (
            lambda: AppraisalInputs(
                score_edits=(ScoreEdit("gwent", "bau", "x", 1.0), ScoreEdit("gwent", "bau", "x", 2.0))
            ),
            "score_edits",
        ),
    ],
)
def test_bad_values_are_refused_where_they_enter(build, field: str) -> None:
    with pytest.raises(InputError) as exc:
        build()
    assert field_of(exc) == field


def test_bounds_meant_to_include_include() -> None:
    assert EconomicInputs(coverage=1.0).coverage == 1.0
    assert AppraisalInputs(smaa_spread=0.0).smaa_spread == 0.0
    assert AppraisalInputs(draws=2, seed=0).draws == 2


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        (AppraisalInputs(weights=WeightInputs("points", {"nope": 1.0})), "weights.points.nope"),
        (AppraisalInputs(regions=("atlantis",)), "regions[0]"),
        (
            AppraisalInputs(score_edits=(ScoreEdit("gwent", "bau", "equitable_coverage", 11.0),)),
            "score_edits.gwent.bau.equitable_coverage.score",
        ),
        (
            AppraisalInputs(score_edits=(ScoreEdit("gwent", "nope", "equitable_coverage", 1.0),)),
            "score_edits.gwent.nope.equitable_coverage",
        ),
        (AppraisalInputs(economics=EconomicInputs(heckman="moonshot")), "economics.heckman"),
        (
            AppraisalInputs(economics=EconomicInputs(overrides={"effect_attachment_d": -3.0})),
            "economics.overrides.effect_attachment_d",
        ),
        (
            AppraisalInputs(economics=EconomicInputs(overrides={"direct_work_share": 2.0})),
            "economics.overrides.direct_work_share",
        ),
        (
            AppraisalInputs(economics=EconomicInputs(overrides={"no_such_parameter": 1.0})),
            "economics.overrides.no_such_parameter",
        ),
        (AppraisalInputs(economics=EconomicInputs(service_years=100)), "economics.service_years"),
    ],
)
def test_data_checks_name_the_field(inputs: AppraisalInputs, field: str) -> None:
    with pytest.raises(InputError) as exc:
        run(DS, inputs)
    assert field_of(exc) == field
    with pytest.raises(InputError):
        validate(DS, inputs)


def test_model_objects_validate_themselves() -> None:
    from appraisal.errors import WeightError
    from appraisal.mcda.weights import WeightSet
    from appraisal.model import Quantity

    with pytest.raises(ValueError, match="low 5 is above its value 3"):
        Quantity(3.0, "x", "s", "verified", low=5.0)
    with pytest.raises(ValueError, match="finite"):
        Quantity(float("inf"), "x", "s", "verified")
    with pytest.raises(ValueError, match="status"):
        Quantity(1.0, "x", "s", "probably")
    with pytest.raises(WeightError):
        WeightSet(("a", "b"), [0.7, 0.7], "points")
    with pytest.raises(WeightError):
        WeightSet(("a", "b"), [1.2, -0.2], "points")


def test_serialised_inputs_round_trip_and_keys() -> None:
    i = default_inputs(DS, draws=500, seed=9).with_economics(
        coverage=0.4, overrides={"effect_attachment_d": 0.3}
    )
    i = i.with_region_edits(
        "gwent", {("bau", "equitable_coverage"): 4.0}, {("bau", "equitable_coverage"): "why"}
    )
    again = AppraisalInputs.from_dict(json.loads(i.to_json()))
    assert again == i and again.key() == i.key()
    assert i.with_changes(lang="cy").compute_key() == i.compute_key()  # words, not numbers
    assert i.with_changes(lang="cy").key() != i.key()
    with pytest.raises(InputError) as exc:
        AppraisalInputs.from_dict({**i.to_dict(), "economics": {"coverage": 2}}, where="inputs")
    assert field_of(exc) == "inputs.economics.coverage"


# ----------------------------------------------------------------------------- derived facts, computed once


def test_need_gap_is_one_fact() -> None:
    """Gwent, by hand: 5,881 births x 15% = 882.15 babies in need; one existing team sees
    100 families a year less the 4% of its time spent travelling = 96 (tests/economics/test_need.py),
    so 786.15 get no specialist help.
    The Overview (today wrongly: 0, because G-PIMHS's area covers every birth) and the
    Economics page now read this one number."""
    g = run(DS, FAST).region("gwent")
    assert g.need.babies_in_need == pytest.approx(5881 * 0.15)
    assert g.need.served == pytest.approx(96.0)
    assert g.need.gap == pytest.approx(786.15)
    assert g.need.gap == pytest.approx(g.economics.need.gap)


def test_winner_margin_and_verdict_come_from_the_run() -> None:
    r = run(DS, FAST).region("powys")
    t = r.mcda.totals
    order = r.mcda.order
    assert r.winner == r.problem.option_ids[order[0]]
    assert r.runner_up == r.problem.option_ids[order[1]]
    assert r.margin == pytest.approx(float(t[order[0]] - t[order[1]]))
    assert r.verdict in ("robust", "moderate", "fragile")
    assert r.acceptability == pytest.approx(r.smaa.first_rank(r.winner))


def test_parts_are_computed_for_the_inputs_they_depend_on() -> None:
    """A weight change recomputes the ranking and SMAA, never the economics; a coverage
    change recomputes the economics, never SMAA (the memo is keyed on each slice)."""
    base = default_inputs(DS, draws=300, seed=3)
    a = run(DS, base).region("powys")
    pts = dict(base.weights.points)
    first = DS.criterion_ids[0]
    pts[first] = pts[first] + 19.0
    b = run(DS, base.with_changes(weights=WeightInputs("points", pts))).region("powys")
    assert a.economics is b.economics and a.monte_carlo is b.monte_carlo
    assert a.smaa is not b.smaa
    c = run(DS, base.with_economics(coverage=0.5)).region("powys")
    assert c.smaa is a.smaa and c.economics is not a.economics
    before = MEMO.hits
    run(DS, base).region("powys").economics  # noqa: B018 - read again: from the memo
    assert MEMO.hits > before


def _cli_json(*args: str) -> dict:
    res = subprocess.run(
        [sys.executable, "-m", "appraisal", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_one_seed_everywhere() -> None:
    """The CLI's economics and sensitivity figures equal the run's for the same seed."""
    r = run(DS, AppraisalInputs(draws=500, seed=12, regions=("powys",))).region("powys")
    doc = _cli_json("economics", "--region", "powys", "--draws", "500", "--seed", "12")
    assert doc["regions"][0]["monte_carlo"] == json.loads(json.dumps(r.monte_carlo.rows()))
    doc = _cli_json("sensitivity", "--region", "powys", "--samples", "500", "--seed", "12")
    assert doc["across_regions"] == [r.robustness.summary_row()]


def test_inputs_saved_before_the_economic_case_was_rebuilt_read_as_today() -> None:
    """Issue 12 renamed two parameters with the same meaning and retired two choices: an old
    scenario's ``effect_size_d`` (parental sensitivity) is today's ``effect_sensitivity_d``,
    ``lifetime_benefit_per_child`` is the per-child-supported value, the bottom-up view is
    the outcome chain and the health schedule is no longer a schedule for costs."""
    old = {
        "benefit_view": "bottom_up",
        "discount": "health",
        "overrides": {"effect_size_d": 0.4, "lifetime_benefit_per_child": 30000},
    }
    e = EconomicInputs.from_dict(old)
    assert dict(e.overrides) == {"effect_sensitivity_d": 0.4, "cmh_value_per_child_supported": 30000}
    assert (e.benefit_view, e.discount) == ("outcome_chain", "stpr")
