"""Value for money: MCDA value against incremental cost, with no criterion counted twice."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.mcda import evaluate
from appraisal.mcda.weights import WeightSet
from appraisal.run import default_inputs, run


def test_criteria_the_economics_counts_are_named_with_a_reason(ds):
    counted = {c.id: c.in_economics for c in ds.criteria if c.in_economics}
    assert set(counted) == {"specialist_capacity", "routine_contact", "acceptability", "equitable_coverage"}
    assert all(reason.startswith("The economics counts it") for reason in counted.values())


def test_the_value_for_money_value_leaves_them_out(ds):
    res = run(ds, default_inputs(ds, regions=("gwent",)))
    r = res.region("gwent")
    assert set(r.vfm_excluded) == {
        "specialist_capacity",
        "routine_contact",
        "acceptability",
        "equitable_coverage",
    }
    # the value is the MCDA with those criteria's weights set to zero and the rest renormalised
    w = r.mcda.weights
    keep = np.array([c not in r.vfm_excluded for c in w.criterion_ids], dtype=float)
    manual = evaluate(
        r.problem, WeightSet(w.criterion_ids, w.values * keep / (w.values * keep).sum(), w.method)
    )
    by_id = {v.option: v for v in r.value_for_money}
    for i, o in enumerate(r.problem.options):
        assert by_id[o.id].value == pytest.approx(float(manual.totals[i]))
        assert by_id[o.id].total == pytest.approx(float(r.mcda.totals[i]))
    bau = by_id["bau"]
    assert bau.value_gain == 0 and bau.per_million is None
    phn = by_id["phn_early_years"]
    assert phn.inc_pv_cost > 0 and phn.per_million == pytest.approx(phn.value_gain / (phn.inc_pv_cost / 1e6))
