"""Per-team coefficients of the national problem, read from the run's economics.

Every figure comes from the economic kernel (:mod:`appraisal.economics.kernel`) on the
region's own run (the user's horizon, service years, discounting, overrides and benefit
view) with the target coverage set to 100%, so the economics sizes each host's teams for
every baby in need it can reach (``ceil(G y / F)``): the portfolio's upper bound on teams.
All of a hosting option's costs and benefits are proportional to its teams (teams are
sized to the engaged caseload), so the cost a year, the PV cost of a team and the PV
benefit of a family a year are the kernel's totals divided by teams or families: the
national problem and the Economics page cannot disagree (a test checks NPSV = teams x
per-team NPSV at the run's coverage). The base case carries optimism bias (Green Book);
draws do not (the Monte Carlo's convention: the drawn cost ranges carry that risk).

Draws (:func:`draw_arrays`) share one uniform per parameter across regions, so a national
parameter (families a team sees, pay, the effect size) takes one value in each draw.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from appraisal.economics.kernel import components, increments, present_values, weights
from appraisal.economics.layout import ONE, ZERO, Run
from appraisal.economics.montecarlo import triangular_ppf
from appraisal.portfolio.problem import RegionProblem

#: Status order, surest first (a derived figure is only as sure as its least sure input).
STATUS_ORDER: tuple[str, ...] = ("verified", "secondary", "derived", "unverified", "illustrative")


def combined_status(statuses) -> str:
    """'derived' when every input is verified, secondary or derived, else the weakest."""
    worst = max((STATUS_ORDER.index(s) for s in statuses if s in STATUS_ORDER), default=0)
    return "derived" if worst <= STATUS_ORDER.index("derived") else STATUS_ORDER[worst]


@dataclass(frozen=True)
class Arrays:
    """One region's coefficients for D draws, (D,) or (D, H) over its hosting options."""

    hosts: tuple[str, ...]
    need: np.ndarray
    served: np.ndarray
    existing: np.ndarray
    capacity: np.ndarray
    yield_: np.ndarray
    cost: np.ndarray
    setup: np.ndarray
    pv_benefit: np.ndarray
    pv_cost: np.ndarray
    wte_clinical: np.ndarray


def _safe(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def arrays(run: Run, X: np.ndarray, view: str, *, base_case: bool, npsv: bool = True) -> Arrays:
    """The coefficients of the draws in ``X`` (P, D) for one region's run."""
    L = replace(run.layout, target=1.0, apply_ob=base_case)
    c = components(X, L)
    hosts = np.flatnonzero(L.is_host > 0)
    D = X.shape[1]
    y = X[L.option_rows["reach"][hosts]].T * X[L.option_rows["engagement"][hosts]].T
    teams = c.new_teams[:, hosts]
    ob = 1.0 + c.optimism[:, hosts]
    if npsv:
        pv = increments(present_values(c, L, weights(L)), L.bau_index)
        pv_b = _safe(pv[view][:, hosts], c.engaged_new[:, hosts])
        pv_c = _safe(pv["costs"][:, hosts], teams)
    else:
        pv_b = pv_c = np.zeros((D, hosts.size))
    wte = X[L.wte_rows]
    return Arrays(
        hosts=tuple(run.options[i].id for i in hosts),
        need=np.asarray(c.need, dtype=float),
        served=np.asarray(c.served_now, dtype=float),
        existing=np.asarray(X[L.existing_teams], dtype=float),
        capacity=np.asarray(c.capacity, dtype=float),
        yield_=y,
        cost=c.cost_per_team[:, hosts] * ob,
        setup=_safe(c.c_e0[:, hosts], teams),
        pv_benefit=pv_b,
        pv_cost=pv_c,
        wte_clinical=wte[L.clinical].sum(axis=0),
    )


def base_region(reg, view: str) -> tuple[RegionProblem, Arrays, float]:
    """(the region's problem in the base case, its arrays, clinical WTE per team)."""
    e = reg.economics
    a = arrays(e.run, e.run.matrix(), view, base_case=True)
    ids = reg.problem.option_ids
    value = np.array([float(reg.mcda.totals[ids.index(h)]) if h in ids else 0.0 for h in a.hosts])
    rp = RegionProblem(
        region_id=reg.region_id,
        hosts=a.hosts,
        babies_in_need=float(a.need[0]),
        served_now=float(a.served[0]),
        existing_teams=float(a.existing[0]),
        capacity=float(a.capacity[0]),
        yield_=a.yield_[0],
        cost=a.cost[0],
        setup=a.setup[0],
        value=value,
        pv_benefit=a.pv_benefit[0],
        pv_cost=a.pv_cost[0],
    )
    return rp, a, float(a.wte_clinical[0])


def draw_matrices(runs: list[Run], draws: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One (P, D) parameter matrix per region's run, every uncertain parameter drawn from
    its triangular(low, value, high) with one uniform per parameter id shared by every
    region (common random numbers; a national parameter has one value per draw)."""
    ids: dict[str, int] = {}
    for run in runs:
        for i in np.flatnonzero(run.uncertain):
            ids.setdefault(run.ids[i], len(ids))
    u = rng.random((len(ids), int(draws)))
    out = []
    for run in runs:
        rows = np.flatnonzero(run.uncertain)
        X = np.repeat(run.base[:, None], int(draws), axis=1)
        if rows.size:
            uu = u[[ids[run.ids[i]] for i in rows]]
            lo, md, hi = (v[rows][:, None] for v in (run.low, run.base, run.high))
            X[rows] = triangular_ppf(uu, lo, md, hi)
        out.append(X)
    return out


def cost_sources(run: Run) -> tuple[str, tuple[str, ...]]:
    """(status, parameter ids) of the figures a team's cost a year is built from."""
    L = run.layout
    rows = [*L.wte_rows, *L.pay_rows, L.travel]
    rows += [L.scalar[n] for n in ("pay_award_2026_27", "gdp_deflator_2026_27", "employer_oncost_rate")]
    rows += [L.scalar[n] for n in ("staff_cost_factor", "optimism_bias_upper")]
    for name in ("pay_factor", "overhead_rate", "optimism_mitigation"):
        rows += list(L.option_rows[name][L.is_host > 0])
    params = [run.params[i] for i in dict.fromkeys(int(r) for r in rows)]
    params = [p for p in params if p.id not in (ONE, ZERO)]
    return combined_status(p.status for p in params), tuple(p.id for p in params)


def capacity_sources(run: Run) -> tuple[str, tuple[str, ...]]:
    """(status, parameter ids) of the families a team sees a year."""
    L = run.layout
    rows = [L.scalar[n] for n in ("families_per_team", "direct_work_share", "reference_direct_work_share")]
    rows.append(L.travel_time)
    params = [run.params[i] for i in rows]
    return combined_status(p.status for p in params), tuple(p.id for p in params)


def wte_sources(run: Run) -> tuple[str, tuple[str, ...]]:
    """(status, parameter ids) of a team's clinical WTE (the team template)."""
    L = run.layout
    params = [run.params[i] for i, cl in zip(L.wte_rows, L.clinical) if cl]
    return combined_status(p.status for p in params), tuple(p.id for p in params)
