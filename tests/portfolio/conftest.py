"""Shared fixtures of the national-view tests: the bundled data's run (loaded once) and
small hand-made national problems."""

from __future__ import annotations

import numpy as np
import pytest

from appraisal.data import load_dataset
from appraisal.portfolio.problem import NationalProblem, RegionProblem
from appraisal.run import default_inputs, run


@pytest.fixture(scope="session")
def ds():
    return load_dataset()


@pytest.fixture(scope="session")
def results(ds):
    """The data's defaults with fewer SMAA/Monte Carlo draws (the national view draws its own)."""
    return run(ds, default_inputs(ds, draws=500))


def region(
    rid: str,
    need: float,
    served: float,
    capacity: float,
    hosts: dict[str, tuple[float, float, float]],
    *,
    pv_benefit: float = 0.0,
    pv_cost: float = 0.0,
) -> RegionProblem:
    """A region from {host: (yield, cost a year, MCDA value)}."""
    names = tuple(hosts)
    y, c, v = (np.array([hosts[h][k] for h in names], dtype=float) for k in range(3))
    return RegionProblem(
        region_id=rid,
        hosts=names,
        babies_in_need=need,
        served_now=served,
        existing_teams=served / capacity,
        capacity=capacity,
        yield_=y,
        cost=c,
        setup=0.1 * c,
        value=v,
        pv_benefit=np.full(len(names), pv_benefit),
        pv_cost=np.full(len(names), pv_cost),
    )


def problem(
    regions, *, objective="value", budget=2e6, workforce=None, min_coverage=0.0, max_hosts=1, wte=5.0
):
    return NationalProblem(tuple(regions), wte, objective, budget, workforce, min_coverage, max_hosts)
