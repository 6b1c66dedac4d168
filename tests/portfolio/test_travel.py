"""The national choices travel with the appraisal (issue 18): the National page keeps them
in the session's AppraisalInputs, so the report's chapter, a saved scenario and the CLI read
the same choices the page shows."""

from __future__ import annotations

import json

import pytest

from appraisal.data import load_dataset
from appraisal.errors import InputError
from appraisal.inputs import AppraisalInputs
from appraisal.portfolio import PortfolioChoices, national
from appraisal.report.build import build_report
from appraisal.run import default_inputs, run

DS = load_dataset()


def test_only_changed_choices_are_kept_and_they_round_trip():
    base = PortfolioChoices()
    i = AppraisalInputs(national={"budget": 8e6, "objective": base.objective})
    assert dict(i.national) == {"budget": 8e6}  # a default is not stored
    assert i.national_choices == base.with_changes(budget=8e6)
    doc = json.loads(i.to_json())
    assert doc["national"] == {"budget": 8e6}
    assert AppraisalInputs.from_json(i.to_json()) == i
    assert "national" not in json.loads(AppraisalInputs().to_json())  # old scenarios unchanged
    assert i.compute_key() != AppraisalInputs().compute_key()  # the national numbers change


@pytest.mark.parametrize(
    ("bad", "field"),
    [({"budget": -1}, "national.budget"), ({"objective": "votes"}, "national.objective")],
)
def test_a_bad_choice_is_refused_where_it_enters(bad, field):
    with pytest.raises(InputError) as err:
        AppraisalInputs.from_dict({"national": bad})
    assert err.value.field == field


def test_an_unknown_choice_is_refused():
    with pytest.raises(InputError) as err:
        AppraisalInputs.from_dict({"national": {"budgets": 5e6}})
    assert "national" in (err.value.field or "")


def test_the_report_chapter_uses_the_runs_choices():
    fast = default_inputs(DS, draws=200).with_changes(national={"budget": 8e6, "draws": 40})
    res = run(DS, fast)
    assert national(res).choices.budget == 8e6  # the run's own choices by default
    rep = build_report(res, regions="all", static_figures=False)
    text = " ".join(getattr(b, "text", "") for b in rep.section("national").blocks)
    assert "a budget of £8,000,000 a year" in text
