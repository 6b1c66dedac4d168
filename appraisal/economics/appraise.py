"""Deterministic appraisal per region: costs, both benefit modes, NPV/NPSV, BCR, break-even.

HM Treasury *Green Book* (2022): real prices; discounting on the declining STPR schedule (or
the health rate); business as usual and do minimum on the shortlist; options compared by
their increments over business as usual (net present social value, NPSV) with optimism bias
on costs. Benefits are shown in two modes side by side (see :mod:`appraisal.economics.kernel`
for the formulas): *bottom-up* (families x share improved x lifetime benefit over life-course
bands with persistence) and *Heckman* (a rate of return r(age) on a fixed investment per
family, turned into a level annuity over N years).

Break-even year: the first year from which the cumulative discounted incremental net benefit
stays at or above zero to the end of the horizon (None when it never does, or for BAU).
Cost per family: incremental cost over the service years / incremental families reached
(undiscounted, real), comparable with the Parent-Infant Foundation's cost per family.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from appraisal.economics.assumptions import Assumptions
from appraisal.economics.discounting import discount_factors, rates_by_year
from appraisal.economics.kernel import Components, annuity_per_pound, components, streams
from appraisal.economics.layout import Run, prepare, wales_births
from appraisal.economics.need import NeedResult, build_need
from appraisal.errors import UnknownIdError
from appraisal.model import Option, Region

MODES: tuple[str, ...] = ("bottom_up", "heckman")


def _frozen(a, dtype=float) -> np.ndarray:
    a = np.array(a, dtype=dtype, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class ModeResult:
    """One benefit mode for every option (arrays are (options,) or (options, years))."""

    mode: str
    benefits: np.ndarray  # yearly benefits, real GBP
    pv_benefits: np.ndarray
    npv: np.ndarray  # PV benefits - PV costs of the option on its own
    bcr: np.ndarray  # PV benefits / PV costs of the option on its own
    inc_benefits: np.ndarray  # yearly, over BAU
    inc_pv_benefits: np.ndarray
    npsv: np.ndarray  # incremental NPV over BAU (net present social value)
    bcr_inc: np.ndarray  # incremental BCR over BAU (NaN when there is no incremental cost)
    cum_inc_benefits: np.ndarray  # cumulative discounted incremental benefits by year
    cum_inc_net: np.ndarray  # cumulative discounted incremental net benefit by year
    breakeven_year: tuple[int | None, ...]

    def __post_init__(self) -> None:
        for name in (
            "benefits",
            "pv_benefits",
            "npv",
            "bcr",
            "inc_benefits",
            "inc_pv_benefits",
            "npsv",
            "bcr_inc",
            "cum_inc_benefits",
            "cum_inc_net",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))


class ByOption:
    """Option lookups shared by the economics results (which hold ``options``)."""

    options: tuple[Option, ...]

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def index(self, option_id: str) -> int:
        """Position of ``option_id`` in the result's arrays (UnknownIdError if absent)."""
        if option_id not in self.option_ids:
            raise UnknownIdError("option", option_id, self.option_ids)
        return self.option_ids.index(option_id)


@dataclass(frozen=True)
class EconomicsResult(ByOption):
    """The appraisal of every option in one region, keeping every intermediate."""

    region: Region
    options: tuple[Option, ...]
    roles: tuple[str, ...]
    need: NeedResult
    coverage: float
    horizon: int
    service_years: int
    discount: str
    heckman_preset: str
    years: np.ndarray  # (T,)
    rates: np.ndarray  # (T,) discount rate applied from year t-1 to t
    df: np.ndarray  # (T,) discount factors, DF(0) = 1
    new_teams: np.ndarray  # (O,) new teams funded (0 for BAU and do minimum)
    staff_cost_per_team: float  # template staff cost incl. uplift and on-costs
    cost_per_team: np.ndarray  # (O,) running cost per new team per year before optimism bias
    costs: np.ndarray  # (O, T) total yearly cost, incl. optimism bias
    costs_running: np.ndarray  # new teams' running costs
    costs_setup: np.ndarray  # one-off costs in year 0
    costs_continuing: np.ndarray  # BAU provision and do-minimum programme
    pv_costs: np.ndarray
    inc_costs: np.ndarray  # (O, T) over BAU
    inc_pv_costs: np.ndarray
    cum_inc_costs: np.ndarray  # cumulative discounted incremental costs by year
    families_seen: np.ndarray  # (O, T) by specialist teams (capacity used)
    families_reached: np.ndarray  # (O, T) babies in need reached in the first 1000 days
    babies_improved: np.ndarray  # (O, T)
    inc_families_reached: np.ndarray
    cost_per_family: np.ndarray  # (O,) incremental cost / incremental families reached
    share_improved: float
    heckman_rate: float  # r(age at intervention)
    heckman_annuity: float  # yearly payoff per pound invested
    heckman_payoff_years: int
    heckman_implied_bcr: float  # PV of the annuity per pound at this discount schedule
    modes: Mapping[str, ModeResult]
    data_version: str
    assumptions_version: str
    run: Run = field(repr=False, compare=False)
    parts: Components = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", _frozen(self.years, int))
        for name in (
            "rates",
            "df",
            "new_teams",
            "cost_per_team",
            "costs",
            "costs_running",
            "costs_setup",
            "costs_continuing",
            "pv_costs",
            "inc_costs",
            "inc_pv_costs",
            "cum_inc_costs",
            "families_seen",
            "families_reached",
            "babies_improved",
            "inc_families_reached",
            "cost_per_family",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "modes", MappingProxyType(dict(self.modes)))

    @property
    def bottom_up(self) -> ModeResult:
        return self.modes["bottom_up"]

    @property
    def heckman(self) -> ModeResult:
        return self.modes["heckman"]

    def rows(self) -> list[dict]:
        """One dict per option: costs, families and both benefit modes (plain floats)."""
        out = []
        for i, o in enumerate(self.options):
            r = {
                "region": self.region.id,
                "option": o.id,
                "name": o.name,
                "role": self.roles[i],
                "new_teams": float(self.new_teams[i]),
                "pv_costs": float(self.pv_costs[i]),
                "inc_pv_costs": float(self.inc_pv_costs[i]),
                "families_reached": float(self.families_reached[i].sum()),
                "inc_families_reached": float(self.inc_families_reached[i].sum()),
                "cost_per_family": _plain(self.cost_per_family[i]),
            }
            for m, res in self.modes.items():
                r[f"pv_benefits_{m}"] = float(res.pv_benefits[i])
                r[f"inc_pv_benefits_{m}"] = float(res.inc_pv_benefits[i])
                r[f"npsv_{m}"] = float(res.npsv[i])
                r[f"bcr_{m}"] = _plain(res.bcr_inc[i])
                r[f"breakeven_year_{m}"] = res.breakeven_year[i]
            out.append(r)
        return out

    def yearly_rows(self, option_id: str) -> list[dict]:
        """Year-by-year streams of one option (table equivalent of the cumulative chart)."""
        i = self.index(option_id)
        return [
            {
                "year": int(t),
                "discount_factor": float(self.df[t]),
                "cost": float(self.costs[i, t]),
                "inc_cost": float(self.inc_costs[i, t]),
                "families_reached": float(self.families_reached[i, t]),
                **{f"inc_benefit_{m}": float(res.inc_benefits[i, t]) for m, res in self.modes.items()},
                "cum_inc_cost_pv": float(self.cum_inc_costs[i, t]),
                **{
                    f"cum_inc_benefit_pv_{m}": float(res.cum_inc_benefits[i, t])
                    for m, res in self.modes.items()
                },
            }
            for t in self.years
        ]


def _plain(x: float) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def breakeven_years(cum_net: np.ndarray, active: np.ndarray, tol: float = 1e-6) -> tuple[int | None, ...]:
    """First year from which each row of ``cum_net`` stays >= 0 (None if never or inactive)."""
    out: list[int | None] = []
    T = cum_net.shape[-1]
    for row, act in zip(cum_net, active):
        if not act:
            out.append(None)
            continue
        scale = max(1.0, float(np.abs(row).max()))
        neg = np.flatnonzero(row < -tol * scale)
        if neg.size == 0:
            out.append(0)
        elif neg[-1] == T - 1:
            out.append(None)
        else:
            out.append(int(neg[-1] + 1))
    return tuple(out)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def result_from_run(run: Run, X: np.ndarray | None = None, *, data_version: str = "") -> EconomicsResult:
    """Evaluate one draw (the base case unless ``X`` is given) and package every intermediate."""
    L = run.layout
    X = run.matrix() if X is None else X
    c = components(X, L)
    df = L.df
    b = L.bau_index
    st = {k: v[0] for k, v in streams(c, L).items()}
    running, setup, cont, costs = st["running"], st["setup"], st["continuing"], st["costs"]
    bu, hk = st["bottom_up"], st["heckman"]
    reached, seen, improved = st["reached"], st["seen"], st["improved"]
    pv_costs = costs @ df
    inc_costs = costs - costs[b]
    inc_pv_costs = inc_costs @ df
    cum_inc_costs = np.cumsum(inc_costs * df, axis=1)
    inc_reached = reached - reached[b]
    active = (np.abs(inc_costs).sum(axis=1) + np.abs(inc_reached).sum(axis=1)) > 0
    modes = {}
    for m, ben in (("bottom_up", bu), ("heckman", hk)):
        pv_b = ben @ df
        inc_b = ben - ben[b]
        inc_pv_b = inc_b @ df
        cum_b = np.cumsum(inc_b * df, axis=1)
        cum_net = cum_b - cum_inc_costs
        modes[m] = ModeResult(
            mode=m,
            benefits=ben,
            pv_benefits=pv_b,
            npv=pv_b - pv_costs,
            bcr=_ratio(pv_b, pv_costs),
            inc_benefits=inc_b,
            inc_pv_benefits=inc_pv_b,
            npsv=inc_pv_b - inc_pv_costs,
            bcr_inc=_ratio(inc_pv_b, inc_pv_costs),
            cum_inc_benefits=cum_b,
            cum_inc_net=cum_net,
            breakeven_year=breakeven_years(cum_net, active),
        )
    n = int(c.payoff_years[0])
    x = X[:, 0]
    wte = x[L.wte_rows]
    nd = build_need(
        run.region,
        births=L.births,
        prevalence=float(x[L.prevalence]),
        coverage_share=float(x[L.coverage]),
        existing_teams=float(x[L.existing_teams]),
        capacity=float(c.capacity[0]),
        direct_work_share=float(x[L.scalar["direct_work_share"]]),
        served=float(c.served_now[0]),
        new_teams=float(c.new_teams[0]),
        target=L.target,
        clinical_wte=float(wte[L.clinical].sum()),
        wte=float(wte.sum()),
    )
    return EconomicsResult(
        region=run.region,
        options=run.options,
        roles=run.roles,
        need=nd,
        coverage=run.coverage,
        horizon=run.horizon,
        service_years=run.service_years,
        discount=run.discount,
        heckman_preset=run.heckman,
        years=np.arange(run.horizon),
        rates=rates_by_year(_schedule(run), run.horizon),
        df=df,
        new_teams=c.new_teams[0] * L.is_host,
        staff_cost_per_team=float(c.staff_per_team[0]),
        cost_per_team=np.where(L.is_host > 0, c.cost_per_team[0], np.nan),
        costs=costs,
        costs_running=running,
        costs_setup=setup,
        costs_continuing=cont,
        pv_costs=pv_costs,
        inc_costs=inc_costs,
        inc_pv_costs=inc_pv_costs,
        cum_inc_costs=cum_inc_costs,
        families_seen=seen,
        families_reached=reached,
        babies_improved=improved,
        inc_families_reached=inc_reached,
        cost_per_family=_ratio(inc_costs.sum(axis=1), inc_reached.sum(axis=1)),
        share_improved=float(c.share_improved[0]),
        heckman_rate=float(c.rate[0]),
        heckman_annuity=float(c.annuity[0]),
        heckman_payoff_years=n,
        heckman_implied_bcr=float(c.annuity[0]) * _df_sum(run, n),
        modes=modes,
        data_version=data_version,
        assumptions_version=run.assumptions.version,
        run=run,
        parts=c,
    )


def _schedule(run: Run) -> list[tuple[int, int, float]]:
    a = run.assumptions
    return [(b.from_year, b.to_year, a.value(b.param_id)) for b in a.schedules[run.discount]]


def _df_sum(run: Run, n: int) -> float:
    """Sum of DF(1..n) under the run's schedule (beyond the horizon if need be)."""
    return float(discount_factors(_schedule(run), n + 1)[1:].sum())


def appraise(
    dataset,
    assumptions: Assumptions,
    region_id: str,
    *,
    coverage: float | None = None,
    horizon: int | None = None,
    service_years: int | None = None,
    discount: str | None = None,
    heckman: str | None = None,
) -> EconomicsResult:
    """Appraise every option of ``dataset`` in one region.

    ``coverage`` (share of babies in need to offer help to), ``horizon`` (years, default 60),
    ``service_years`` (default 10), ``discount`` ('stpr' or 'health') and ``heckman``
    ('abc_care', 'perry' or 'flat') default to ``assumptions/economics.yaml``.
    """
    run = prepare_run(
        dataset,
        assumptions,
        region_id,
        coverage=coverage,
        horizon=horizon,
        service_years=service_years,
        discount=discount,
        heckman=heckman,
    )
    return result_from_run(run, data_version=getattr(dataset, "version", ""))


def prepare_run(dataset, assumptions: Assumptions, region_id: str, **choices) -> Run:
    """Validate and lay out one region's run (shared by appraise, Monte Carlo, switching)."""
    region = dataset.region(region_id)
    return prepare(assumptions, region, tuple(dataset.options), wales_births=wales_births(dataset), **choices)


def appraise_all(dataset, assumptions: Assumptions, **kw) -> dict[str, EconomicsResult]:
    """:func:`appraise` for every region, in data order."""
    return {rid: appraise(dataset, assumptions, rid, **kw) for rid in dataset.region_ids}


def implied_bcr_per_pound(rate: float, payoff_years: int, df_sum: float) -> float:
    """The Heckman mode's BCR per pound invested: annuity(rate, N) x sum of DF(1..N)."""
    return float(annuity_per_pound(rate, payoff_years) * df_sum)
