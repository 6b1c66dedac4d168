"""The national view on the bundled data: coefficients agree with the economics, the
allocation meets every constraint, the result keeps what the page, CLI and report read,
the defaults carry unit, source and status, and bad choices are refused by name."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from appraisal.data import iter_numbers
from appraisal.errors import InputError
from appraisal.model import STATUSES
from appraisal.portfolio import PortfolioChoices, national
from appraisal.portfolio.choices import DEFAULTS_FILE, defaults
from appraisal.portfolio.coefficients import base_region, combined_status

FEW = {"draws": 40}


@pytest.fixture(scope="module")
def nat(results):
    return national(results, PortfolioChoices(**FEW))


def test_defaults_file_has_unit_source_status_and_marks_illustrative():
    doc = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8"))
    found = list(iter_numbers(doc))
    assert len(found) == 6
    for where, q in found:
        for key in ("unit", "source", "status"):
            assert str(q.get(key) or "").strip(), f"{where} has no {key}"
        assert q["status"] in STATUSES
    for key in ("budget_per_year", "workforce_per_year", "min_coverage"):
        assert defaults()[key].status == "illustrative"
        assert "Illustrative" in defaults()[key].source


def test_per_team_coefficients_agree_with_the_economics(results):
    """Every hosting option's NPSV at the run's coverage is its teams x (PV benefit per
    family x families a team sees - PV cost per team): costs and benefits scale with teams."""
    for reg in results:
        rp, _a, wte = base_region(reg, "outcome_chain")
        e = reg.economics
        assert rp.capacity == pytest.approx(e.need.families_per_team)
        assert rp.served_now == pytest.approx(e.need.currently_served)
        assert wte == pytest.approx(e.need.clinical_wte_per_team)
        for h, oid in enumerate(rp.hosts):
            i = e.index(oid)
            teams = float(e.new_teams[i])
            npsv = teams * (rp.pv_benefit[h] * rp.capacity - rp.pv_cost[h])
            assert npsv == pytest.approx(float(e.outcome_chain.npsv[i]), rel=1e-9, abs=1.0)
            assert rp.cost[h] == pytest.approx(float(e.cost_per_team[i] * (1 + e.optimism_bias[i])))
            # the full-coverage sizing holds the run's target sizing
            assert rp.max_teams[h] >= np.ceil(teams - 1e-9)


def test_allocation_meets_every_constraint(nat):
    ch = nat.choices
    assert nat.feasible and nat.agrees
    assert nat.total_cost <= ch.budget + 1e-6
    assert nat.total_wte <= ch.workforce + 1e-9
    for a in nat.allocation:
        assert len(a.picks) <= 1  # one host per region
        assert a.coverage_after >= ch.min_coverage - 1e-9
        assert a.coverage_after >= a.coverage_before  # existing teams kept
        assert a.teams == sum(n for _h, n in a.picks)
    assert nat.total_benefit == pytest.approx(nat.milp.benefit, rel=1e-6)
    assert nat.total_benefit == pytest.approx(nat.dp_benefit, rel=1e-9)


def test_what_one_more_million_buys_is_read_off_the_frontier(nat):
    fr = nat.frontier
    b = nat.choices.budget
    assert nat.marginal.method == "frontier"
    assert nat.marginal.per_million == pytest.approx(fr.at(b + 1e6).benefit - fr.at(b).benefit)
    assert nat.marginal.per_million >= 0 and nat.marginal.loss_per_million >= 0
    assert nat.marginal.lp is not None and nat.marginal.lp.lp_benefit >= nat.total_benefit - 1e-6
    assert nat.marginal.floors_cost >= -1e-9


def test_frontier_runs_from_the_floors_to_full_coverage(nat):
    fr = nat.frontier
    assert len(fr.levels) == nat.choices.levels
    assert fr.levels[0].budget == 0 and fr.levels[-1].budget == pytest.approx(fr.full_budget)
    assert not fr.levels[0].feasible  # below the floors' cost nothing meets them
    vals = [p.benefit for p in fr.levels if p.feasible]
    assert vals == sorted(vals)
    assert fr.floor_cost == pytest.approx(fr.steps[0].cost)
    unlimited = [b for _c, b in fr.unlimited]
    assert max(unlimited) >= fr.max_benefit - 1e-9  # the workforce can only bind
    assert fr.switches and all(s.before != s.after for s in fr.switches)
    assert [i.rank for i in fr.order] == list(range(1, len(fr.order) + 1))


@pytest.mark.parametrize("objective", ["npsv", "reach"])
def test_each_objective_is_named_in_the_result(results, objective):
    n = national(results, PortfolioChoices(objective=objective, **FEW))
    assert n.objective == objective and n.to_dict()["objective"] == objective
    assert n.feasible and n.agrees


def test_mixed_hosts_allow_two_and_never_lose(results, nat):
    mixed = national(results, PortfolioChoices(mixed=True, **FEW))
    assert mixed.choices.max_hosts == 2 and mixed.agrees
    assert mixed.total_benefit >= nat.total_benefit - 1e-9
    assert all(len(a.picks) <= 2 for a in mixed.allocation)


def test_too_small_a_budget_says_what_the_floors_cost(results):
    n = national(results, PortfolioChoices(budget=1e6, **FEW))
    assert not n.feasible and n.reason[0] == "budget"
    assert n.reason[1]["floor_cost"] == pytest.approx(n.frontier.floor_cost)
    assert n.allocation == ()


def test_national_is_memoised_on_inputs_and_choices(results, nat):
    assert national(results, PortfolioChoices(**FEW)) is nat
    assert national(results, PortfolioChoices(budget=6e6, **FEW)) is not nat


def test_provenance_lists_every_default_and_the_derived_figures(nat):
    keys = [p.key for p in nat.provenance]
    assert keys[:3] == ["budget_per_year", "workforce_per_year", "min_coverage"]
    assert {"cost_per_team", "families_per_team", "wte_per_team"} <= set(keys)
    cost = next(p for p in nat.provenance if p.key == "cost_per_team")
    assert cost.low <= cost.value <= cost.high and cost.status in STATUSES
    assert next(p for p in nat.provenance if p.key == "robustness_draws").changed  # 40, not 1,000


def test_combined_status_is_the_weakest():
    assert combined_status(["verified", "secondary"]) == "derived"
    assert combined_status(["verified", "illustrative", "unverified"]) == "illustrative"
    assert combined_status(["derived", "unverified"]) == "unverified"


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"budget": -1}, "national.budget"),
        ({"budget": float("nan")}, "national.budget"),
        ({"objective": "votes"}, "national.objective"),
        ({"workforce": -5}, "national.workforce"),
        ({"min_coverage": 0.9}, "national.min_coverage"),
        ({"draws": 2.5}, "national.draws"),
        ({"levels": 1}, "national.levels"),
        ({"mixed": "yes"}, "national.mixed"),
        ({"seed": -1}, "national.seed"),
    ],
)
def test_bad_choices_are_refused_by_name(kw, field):
    with pytest.raises(InputError) as exc:
        PortfolioChoices(**kw)
    assert exc.value.field == field
    assert field in str(exc.value) and exc.value.localised("cy")


def test_to_dict_is_plain_json(nat):
    import json

    doc = json.loads(json.dumps(nat.to_dict()))
    assert doc["solver"]["status"] == "optimal" and doc["solver"]["agrees"] is True
    assert len(doc["allocation"]) == 7
    assert doc["marginal"]["method"] == "frontier"
    assert doc["robustness"]["draws"] == 40


def test_the_memoised_view_does_not_keep_its_dataset_alive():
    """The memo forgets a dataset's parts when the dataset goes (a weakref finalizer); a
    memoised value that held the dataset would keep it alive, and clearing the memo would
    then finalize the dataset inside the memo's lock. The national view keeps no reference
    to the run or its dataset (the draws take only what they need)."""
    import gc
    import weakref

    from appraisal.data import load_dataset
    from appraisal.run import MEMO, default_inputs, run

    ds = load_dataset()
    res = run(ds, default_inputs(ds, draws=100))
    nat = national(res, PortfolioChoices(draws=10, levels=5))
    assert nat.robustness.draws == 10
    ref = weakref.ref(ds)
    del ds, res, nat
    gc.collect()
    assert ref() is None
    MEMO.clear()  # returns (no finalizer runs under the memo's lock)
