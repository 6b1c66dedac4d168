"""Robustness of the allocation: seeded joint draws of the weights and the economic
figures, each draw re-solved exactly; the shares read from them."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.portfolio import PortfolioChoices, national
from appraisal.portfolio.coefficients import arrays, draw_matrices
from appraisal.portfolio.milp import solve_milp
from appraisal.portfolio.problem import NationalProblem, RegionProblem


def _rob(results, **kw):
    return national(results, PortfolioChoices(draws=60, **kw)).robustness


def test_same_seed_same_draws_other_seed_other_draws(results):
    a = _rob(results, seed=11)
    b = national(results, PortfolioChoices(draws=60, seed=11, levels=20)).robustness  # recomputed
    c = _rob(results, seed=12)
    assert np.array_equal(a.teams, b.teams)
    assert not np.array_equal(a.teams, c.teams)
    assert a.seed == 11 and a.draws == 60


def test_shares_are_shares(results):
    rb = _rob(results)
    for r in range(len(rb.regions)):
        teams = rb.teams_share(r)
        assert sum(teams.values()) == pytest.approx(1.0)
        picks = rb.pick_share(r)
        assert sum(s for _p, s in picks) == pytest.approx(1.0)
        hosts = rb.host_share(r)
        assert all(0.0 <= v <= 1.0 for v in hosts.values())
        # one host per region: the host shares and 'none' add up to one
        assert sum(hosts.values()) == pytest.approx(1.0)
        assert 0.0 <= rb.same_as_base(r) <= 1.0
    assert rb.feasible.mean() > 0.5
    lo, mid, hi = rb.benefit_quantiles()
    assert lo <= mid <= hi


def test_national_parameters_take_one_value_per_draw(results):
    """Common random numbers: a national parameter (families a team sees, pay) is drawn
    once per draw, the same in every region."""
    runs = [r.economics.run for r in results]
    Xs = draw_matrices(runs, 30, np.random.default_rng(3))
    for pid in ("families_per_team", "employer_oncost_rate", "effect_attachment_d"):
        rows = [X[run.row(pid)] for run, X in zip(runs, Xs)]
        assert all(np.array_equal(rows[0], r) for r in rows[1:])
        assert rows[0].std() > 0


def test_a_draw_re_solved_by_the_milp_gives_the_same_benefit(results):
    """Rebuild one draw's national problem from its coefficients and solve it with HiGHS:
    the dynamic programme's benefit for that draw is the MILP's."""
    ch = PortfolioChoices(draws=12, seed=5, objective="reach")
    rb = national(results, ch).robustness
    runs = [r.economics.run for r in results]
    w_rng, x_rng, e_rng = (np.random.default_rng(s) for s in np.random.SeedSequence(5).spawn(3))
    Xs = draw_matrices(runs, 12, e_rng)
    arrs = [arrays(run, X, "outcome_chain", base_case=True, npsv=False) for run, X in zip(runs, Xs)]
    for d in (0, 7):
        regs = tuple(
            RegionProblem(
                reg.region_id,
                a.hosts,
                float(a.need[d]),
                float(a.served[d]),
                float(a.existing[d]),
                float(a.capacity[d]),
                a.yield_[d],
                a.cost[d],
                a.setup[d],
                np.zeros(len(a.hosts)),
                np.zeros(len(a.hosts)),
                np.zeros(len(a.hosts)),
            )
            for reg, a in zip(results, arrs)
        )
        p = NationalProblem(
            regs, float(arrs[0].wte_clinical[d]), "reach", ch.budget, ch.workforce, ch.min_coverage
        )
        sol = solve_milp(p)
        assert sol.benefit == pytest.approx(rb.benefit[d], rel=1e-7)
