"""Deterministic appraisal per region: the outcome chain, costs, NPSV, BCR, IRR, break-even.

HM Treasury *Green Book* (2022): real prices of one base year (2025/26); costs and fiscal and
economic benefits discounted on the declining STPR schedule, health effects on the health
rate; business as usual and do minimum on the shortlist; options compared by their
increments over business as usual (net present social value, NPSV) with optimism bias
applied once to the costs. Benefits (see :mod:`appraisal.economics.kernel`):

- ``outcome_chain`` (the headline): families reached -> engaged -> improved (attachment
  effect) -> costs of poor outcomes avoided by domain and payer (``assumptions/outcomes.yaml``);
- ``per_child_supported`` (a cross-check): engaged families x the Centre for Mental Health's
  published lifetime value per child supported, never multiplied by a share improved;
- ``whatif`` (a labelled assumption, never the headline): what the option's incremental
  costs would return if every pound earned the chosen Heckman-style curve's rate.

Each option also gets its internal rate of return from the chain and its break-even return
(:mod:`appraisal.economics.returns`), a step chart from the published view to the chain
(:class:`Waterfall`) and a reconciliation of its cost per family with the Parent-Infant
Foundation's (:class:`CostReconciliation`).

Break-even year: the first year from which the cumulative discounted incremental net benefit
stays at or above zero to the end of the horizon (None when it never does, or for BAU).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from appraisal.economics.assumptions import Assumptions, OutcomeDomain
from appraisal.economics.discounting import rates_by_year
from appraisal.economics.kernel import (
    HEALTH,
    MAIN,
    VIEWS,
    Components,
    Layout,
    _view_pv,
    components,
    domain_parts,
    streams,
    weights,
)
from appraisal.economics.layout import Run, prepare, wales_births
from appraisal.economics.need import NeedResult, build_need
from appraisal.economics.returns import breakeven_return, irr
from appraisal.errors import UnknownIdError
from appraisal.model import Option, Region

#: Benefit views an appraisal reports (the what-if is reported beside them, labelled).
MODES: tuple[str, ...] = VIEWS


def _frozen(a, dtype=float) -> np.ndarray:
    a = np.array(a, dtype=dtype, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class ModeResult:
    """One benefit view for every option (arrays are (options,) or (options, years))."""

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
class ChainStep:
    """One step of the outcome chain for one option: a count a year (or a value) and the
    parameter behind it."""

    step: str  # target | reached | engaged | improved | value_per_child | pv_benefits
    value: float
    per_year: bool  # a count per service year (families) rather than a total
    param: str = ""  # the parameter the step applies ('' for the target, which is need-driven)
    factor: float | None = None  # the parameter's value (the multiplier of this step)


@dataclass(frozen=True)
class Waterfall:
    """From the published per-child-supported view to the outcome chain, assumption by
    assumption, for one option (incremental PV of benefits, GBP): each step replaces one
    assumption of the first view by the chain's."""

    start: float  # per child supported (Centre for Mental Health)
    steps: tuple[tuple[str, float], ...]  # (step id, change)
    end: float  # the outcome chain

    def rows(self) -> list[dict]:
        out = [{"step": "per_child_supported", "change": None, "total": self.start}]
        total = self.start
        for sid, d in self.steps:
            total += d
            out.append({"step": sid, "change": d, "total": total})
        out.append({"step": "outcome_chain", "change": None, "total": self.end})
        return out


@dataclass(frozen=True)
class CostReconciliation:
    """The model's cost per family engaged against the Parent-Infant Foundation's cost per
    baby (GBP 73m / 39,200 babies in England), step by step (real GBP a year)."""

    reference: float  # GBP per baby benefiting (PIF)
    reference_cost_per_team: float
    reference_babies_per_team: float  # implied: reference cost per team / reference per baby
    capacity: float  # families a team here sees directly a year
    cost_per_team: float  # this option's running cost per team incl. optimism bias
    setup_per_family: float  # set-up cost spread over the families the new teams see
    model: float  # cost per family engaged (undiscounted, real)

    def rows(self) -> list[dict]:
        step1 = self.reference * self.reference_babies_per_team / self.capacity
        step2 = step1 * self.cost_per_team / self.reference_cost_per_team
        return [
            {"step": "reference", "value": self.reference},
            {"step": "direct_caseload", "value": step1},
            {"step": "cost_per_team", "value": step2},
            {"step": "setup", "value": step2 + self.setup_per_family},
            {"step": "model", "value": self.model},
        ]


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
    rates: np.ndarray  # (T,) main-schedule rate applied from year t-1 to t
    df: np.ndarray  # (T,) main-schedule discount factors, DF(0) = 1
    df_health: np.ndarray  # (T,) health-rate discount factors (health effects only)
    real_pay_uplift: float  # (1 + award) / (1 + deflator) - 1
    new_teams: np.ndarray  # (O,) new teams funded (0 for BAU and do minimum)
    staff_cost_per_team: float  # template staff cost incl. real uplift and on-costs
    cost_per_team: np.ndarray  # (O,) running cost per new team per year before optimism bias
    optimism_bias: np.ndarray  # (O,) applied to the option's costs
    costs: np.ndarray  # (O, T) total yearly cost, incl. optimism bias
    costs_running: np.ndarray  # new teams' running costs
    costs_setup: np.ndarray  # one-off costs in year 0
    costs_continuing: np.ndarray  # BAU provision and do-minimum programme
    pv_costs: np.ndarray
    inc_costs: np.ndarray  # (O, T) over BAU
    inc_pv_costs: np.ndarray
    cum_inc_costs: np.ndarray  # cumulative discounted incremental costs by year
    families_supported: np.ndarray  # (O, T) families engaged with specialist help
    babies_improved: np.ndarray  # (O, T)
    inc_families_supported: np.ndarray
    cost_per_family: np.ndarray  # (O,) incremental cost / incremental families supported
    share_improved: float
    chain: Mapping[str, tuple[ChainStep, ...]]  # option -> the outcome chain's steps
    domains: tuple[OutcomeDomain, ...]
    value_per_child: np.ndarray  # (K,) PV at the service year of one improved child, by domain
    pv_by_domain: np.ndarray  # (O, K) incremental PV of chain benefits by domain
    heckman_rate: float  # the what-if's rate at the service age
    heckman_annuity: float  # yearly payoff per pound invested
    heckman_payoff_years: int
    irr: np.ndarray  # (O,) internal rate of return of the chain (NaN when none)
    breakeven_return: np.ndarray  # (O,) the return the option's costs must earn (NaN for BAU)
    waterfall: Mapping[str, Waterfall]  # hosting and do-minimum options
    reconciliation: Mapping[str, CostReconciliation]  # hosting options
    modes: Mapping[str, ModeResult]  # the benefit views (outcome_chain, per_child_supported)
    whatif: ModeResult  # labelled what-if: the option's costs earning the Heckman-style rate
    data_version: str
    assumptions_version: str
    run: Run = field(repr=False, compare=False)
    parts: Components = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", _frozen(self.years, int))
        for name in (
            "rates",
            "df",
            "df_health",
            "new_teams",
            "cost_per_team",
            "optimism_bias",
            "costs",
            "costs_running",
            "costs_setup",
            "costs_continuing",
            "pv_costs",
            "inc_costs",
            "inc_pv_costs",
            "cum_inc_costs",
            "families_supported",
            "babies_improved",
            "inc_families_supported",
            "cost_per_family",
            "value_per_child",
            "pv_by_domain",
            "irr",
            "breakeven_return",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "modes", MappingProxyType(dict(self.modes)))
        object.__setattr__(self, "chain", MappingProxyType(dict(self.chain)))
        object.__setattr__(self, "waterfall", MappingProxyType(dict(self.waterfall)))
        object.__setattr__(self, "reconciliation", MappingProxyType(dict(self.reconciliation)))

    @property
    def outcome_chain(self) -> ModeResult:
        return self.modes["outcome_chain"]

    @property
    def per_child_supported(self) -> ModeResult:
        return self.modes["per_child_supported"]

    def pv_by_payer(self, option_id: str) -> dict[str, float]:
        """Incremental PV of the chain's benefits by who bears the cost avoided."""
        i = self.index(option_id)
        out: dict[str, float] = {}
        for k, d in enumerate(self.domains):
            out[d.payer] = out.get(d.payer, 0.0) + float(self.pv_by_domain[i, k])
        return out

    def rows(self) -> list[dict]:
        """One dict per option: costs, families, the chain and every view (plain floats)."""
        out = []
        for i, o in enumerate(self.options):
            r = {
                "region": self.region.id,
                "option": o.id,
                "name": o.name,
                "role": self.roles[i],
                "new_teams": float(self.new_teams[i]),
                "optimism_bias": float(self.optimism_bias[i]),
                "pv_costs": float(self.pv_costs[i]),
                "inc_pv_costs": float(self.inc_pv_costs[i]),
                "families_supported": float(self.families_supported[i].sum()),
                "inc_families_supported": float(self.inc_families_supported[i].sum()),
                "cost_per_family": _plain(self.cost_per_family[i]),
                "irr": _plain(self.irr[i]),
                "breakeven_return": _plain(self.breakeven_return[i]),
                "chain": [
                    {
                        "step": s.step,
                        "value": s.value,
                        "per_year": s.per_year,
                        "param": s.param,
                        "factor": s.factor,
                    }
                    for s in self.chain.get(o.id, ())
                ],
                "pv_by_payer": self.pv_by_payer(o.id),
            }
            for m, res in self.modes.items():
                r[f"pv_benefits_{m}"] = float(res.pv_benefits[i])
                r[f"inc_pv_benefits_{m}"] = float(res.inc_pv_benefits[i])
                r[f"npsv_{m}"] = float(res.npsv[i])
                r[f"bcr_{m}"] = _plain(res.bcr_inc[i])
                r[f"breakeven_year_{m}"] = res.breakeven_year[i]
            r["whatif_pv_benefits"] = float(self.whatif.inc_pv_benefits[i])
            r["whatif_bcr"] = _plain(self.whatif.bcr_inc[i])
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
                "families_supported": float(self.families_supported[i, t]),
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


def _mode(
    name: str,
    ben: np.ndarray,
    inc_b: np.ndarray,
    dfs: np.ndarray,
    pv_costs,
    inc_pv_costs,
    cum_inc_costs,
    active,
    b,
) -> ModeResult:
    """Package one benefit view; ``dfs`` (O, T) or (T,) are the factors its flows use."""
    pv_b = (ben * dfs).sum(axis=-1)
    inc_pv_b = (inc_b * dfs).sum(axis=-1)
    cum_b = np.cumsum(inc_b * dfs, axis=-1)
    cum_net = cum_b - cum_inc_costs
    return ModeResult(
        mode=name,
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


def result_from_run(run: Run, X: np.ndarray | None = None, *, data_version: str = "") -> EconomicsResult:
    """Evaluate one draw (the base case unless ``X`` is given) and package every intermediate."""
    L = run.layout
    X = run.matrix() if X is None else X
    c = components(X, L)
    df, dfh = L.df[MAIN], L.df[HEALTH]
    b = L.bau_index
    st = {k: v[0] for k, v in streams(c, L).items()}
    running, setup, cont, costs = st["running"], st["setup"], st["continuing"], st["costs"]
    supported, improved, dom = st["supported"], st["improved"], st["domains"]  # dom (O, K, T)
    pv_costs = costs @ df
    inc_costs = costs - costs[b]
    inc_pv_costs = inc_costs @ df
    cum_inc_costs = np.cumsum(inc_costs * df, axis=1)
    inc_supported = supported - supported[b]
    active = (np.abs(inc_costs).sum(axis=1) + np.abs(inc_supported).sum(axis=1)) > 0
    a = run.assumptions
    K = len(a.domains)
    sched = L.domain_sched
    dfk = np.where(sched[:, None] == HEALTH, dfh[None, :], df[None, :])  # (K, T)
    inc_dom = dom - dom[b]
    pv_by_domain = (inc_dom * dfk[None]).sum(axis=-1)  # (O, K)
    # the chain view: its flows are discounted domain by domain (one stream, mixed rates)
    chain_flow, inc_chain = dom.sum(axis=1), inc_dom.sum(axis=1)
    chain_pv_flow = (dom * dfk[None]).sum(axis=1)  # (O, T) discounted chain benefits by year
    inc_chain_pv_flow = (inc_dom * dfk[None]).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        eff_df = np.where(
            np.abs(chain_flow) > 0, chain_pv_flow / np.where(chain_flow != 0, chain_flow, 1), df
        )
        eff_inc = np.where(
            np.abs(inc_chain) > 0, inc_chain_pv_flow / np.where(inc_chain != 0, inc_chain, 1), df
        )
    chain = _mode(
        "outcome_chain", chain_flow, inc_chain, eff_df, pv_costs, inc_pv_costs, cum_inc_costs, active, b
    )
    chain = _fix_inc(chain, inc_chain, eff_inc, inc_pv_costs, cum_inc_costs, active)
    modes = {
        "outcome_chain": chain,
        "per_child_supported": _mode(
            "per_child_supported",
            st["per_child_supported"],
            st["per_child_supported"] - st["per_child_supported"][b],
            df,
            pv_costs,
            inc_pv_costs,
            cum_inc_costs,
            active,
            b,
        ),
    }
    wf = st["whatif"]
    whatif = _mode("whatif", wf, wf, df, pv_costs, inc_pv_costs, cum_inc_costs, active, b)
    x = X[:, 0]
    n = int(c.payoff_years[0])
    irrs = np.array(
        [
            np.nan if not act or i == b else (irr(inc_chain[i] - inc_costs[i]) or np.nan)
            for i, act in enumerate(active)
        ]
    )
    brs = np.array(
        [
            np.nan if not act or i == b else (breakeven_return(inc_costs[i], df, n) or np.nan)
            for i, act in enumerate(active)
        ]
    )
    # value of one improved child at the service year, by domain (PV, its own discounting)
    vpc = (c.domain_values[0][:, None] * L.domain_mask * c.fade[0][None, :] * dfk).sum(axis=1)
    wte = x[L.wte_rows]
    hosts = L.is_host > 0
    nd = build_need(
        run.region,
        births=L.births,
        prevalence=float(x[L.prevalence]),
        coverage_share=float(x[L.coverage]),
        existing_teams=float(x[L.existing_teams]),
        capacity=float(c.capacity[0]),
        direct_work_share=float(x[L.scalar["direct_work_share"]]),
        served=float(c.served_now[0]),
        new_teams=float(c.target_new[0] / c.capacity[0]),
        target=L.target,
        clinical_wte=float(wte[L.clinical].sum()),
        wte=float(wte.sum()),
        travel_time_share=float(x[L.travel_time]),
    )
    g = {name: float(x[i]) for name, i in L.scalar.items()}
    opt = {name: x[rows] for name, rows in L.option_rows.items()}
    steps = {}
    for i, o in enumerate(run.options):
        role = run.roles[i]
        if role == "bau":
            continue
        if role == "hosting":
            steps[o.id] = (
                ChainStep("target", float(c.target_new[0]), True),
                ChainStep(
                    "reached", float(c.reached_new[0, i]), True, f"reach.{o.id}", float(opt["reach"][i])
                ),
                ChainStep(
                    "engaged",
                    float(c.engaged_new[0, i]),
                    True,
                    f"engagement.{o.id}",
                    float(opt["engagement"][i]),
                ),
                ChainStep(
                    "improved", float(c.b_imp[0, i]), True, "effect_attachment_d", float(c.share_improved[0])
                ),
                ChainStep("value_per_child", float(vpc.sum()), False, "outcomes", None),
                ChainStep("pv_benefits", float(pv_by_domain[i].sum()), False, "", None),
            )
        else:  # do minimum: families helped by upskilled universal services
            fam = g["dm_extra_share_of_need"] * float(c.need[0])
            steps[o.id] = (
                ChainStep("dm_helped", fam, True, "dm_extra_share_of_need", g["dm_extra_share_of_need"]),
                ChainStep(
                    "improved",
                    float(c.a_imp[0, i] - c.a_imp[0, b]),
                    True,
                    "dm_effect_factor",
                    g["dm_effect_factor"],
                ),
                ChainStep("value_per_child", float(vpc.sum()), False, "outcomes", None),
                ChainStep("pv_benefits", float(pv_by_domain[i].sum()), False, "", None),
            )
    waterfall = {o.id: _waterfall(X, c, L, i, b) for i, o in enumerate(run.options) if run.roles[i] != "bau"}
    ref = a.value("reference_cost_per_family")
    ref_team = a.value("reference_cost_per_team")
    recon = {}
    for i, o in enumerate(run.options):
        if run.roles[i] != "hosting" or c.new_teams[0, i] <= 0:
            continue
        fam_years = c.engaged_new[0, i] * (L.service_years - c.ramp_gap[0])
        recon[o.id] = CostReconciliation(
            reference=ref,
            reference_cost_per_team=ref_team,
            reference_babies_per_team=ref_team / ref,
            capacity=float(c.capacity[0]),
            cost_per_team=float(c.cost_per_team[0, i] * (1 + c.optimism[0, i])),
            setup_per_family=float(setup[i].sum() / fam_years) if fam_years > 0 else 0.0,
            model=float(_ratio(inc_costs[i].sum(), inc_supported[i].sum())),
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
        df_health=dfh,
        real_pay_uplift=(1 + g["pay_award_2026_27"]) / (1 + g["gdp_deflator_2026_27"]) - 1,
        new_teams=c.new_teams[0] * L.is_host,
        staff_cost_per_team=float(c.staff_per_team[0]),
        cost_per_team=np.where(hosts, c.cost_per_team[0], np.nan),
        optimism_bias=c.optimism[0],
        costs=costs,
        costs_running=running,
        costs_setup=setup,
        costs_continuing=cont,
        pv_costs=pv_costs,
        inc_costs=inc_costs,
        inc_pv_costs=inc_pv_costs,
        cum_inc_costs=cum_inc_costs,
        families_supported=supported,
        babies_improved=improved,
        inc_families_supported=inc_supported,
        cost_per_family=_ratio(inc_costs.sum(axis=1), inc_supported.sum(axis=1)),
        share_improved=float(c.share_improved[0]),
        chain=steps,
        domains=a.domains,
        value_per_child=vpc if K else np.zeros(0),
        pv_by_domain=pv_by_domain,
        heckman_rate=float(c.rate[0]),
        heckman_annuity=float(c.annuity[0]),
        heckman_payoff_years=n,
        irr=irrs,
        breakeven_return=brs,
        waterfall=waterfall,
        reconciliation=recon,
        modes=modes,
        whatif=whatif,
        data_version=data_version,
        assumptions_version=run.assumptions.version,
        run=run,
        parts=c,
    )


def _fix_inc(m: ModeResult, inc_flow, eff_inc, inc_pv_costs, cum_inc_costs, active) -> ModeResult:
    """The chain's incremental figures discounted domain by domain (exact, not via the
    blended factors of the option's own flows)."""
    inc_pv = (inc_flow * eff_inc).sum(axis=-1)
    cum_b = np.cumsum(inc_flow * eff_inc, axis=-1)
    cum_net = cum_b - cum_inc_costs
    return ModeResult(
        mode=m.mode,
        benefits=m.benefits,
        pv_benefits=m.pv_benefits,
        npv=m.npv,
        bcr=m.bcr,
        inc_benefits=inc_flow,
        inc_pv_benefits=inc_pv,
        npsv=inc_pv - inc_pv_costs,
        bcr_inc=_ratio(inc_pv, inc_pv_costs),
        cum_inc_benefits=cum_b,
        cum_inc_net=cum_net,
        breakeven_year=breakeven_years(cum_net, active),
    )


#: The waterfall's steps, in the order they are applied.
WATERFALL_STEPS: tuple[str, ...] = ("value_per_child", "fade_out", "displacement", "share_improved")


def _waterfall(X: np.ndarray, c: Components, L: Layout, i: int, b: int) -> Waterfall:
    """Incremental PV of benefits from the per-child-supported view to the chain for option
    ``i``: (1) the published value per child supported replaced by the chain's value of a
    child whose outcome improves, counted for every child supported, without fade-out or
    displacement; (2) fade-out; (3) displacement; (4) only the share improved counts."""
    w = weights(L).m_prof
    ramp = c.ramp_gap[:1]

    def pv(a, bb, parts) -> float:
        vals, fade = parts
        tot = np.zeros((1, a.shape[1]))
        for sched in (MAIN, HEALTH):
            sel = L.domain_sched == sched
            if sel.any():
                prof = (vals[:1, sel] @ L.domain_mask[sel]) * fade[:1]
                tot += _view_pv(a, bb, prof, w[sched], ramp)
        return float(tot[0, i] - tot[0, b])

    a_sup, b_sup = c.a_sup[:1], c.b_sup[:1]
    cmh = _view_pv(a_sup, b_sup, c.cmh_profile[:1], w[MAIN], ramp)
    start = float(cmh[0, i] - cmh[0, b])
    v_raw = pv(a_sup, b_sup, domain_parts(X, L, fade=False, displace=False))
    v_fade = pv(a_sup, b_sup, domain_parts(X, L, displace=False))
    v_disp = pv(a_sup, b_sup, (c.domain_values, c.fade))
    end = pv(c.a_imp[:1], c.b_imp[:1], (c.domain_values, c.fade))
    return Waterfall(
        start=start,
        steps=(
            ("value_per_child", v_raw - start),
            ("fade_out", v_fade - v_raw),
            ("displacement", v_disp - v_fade),
            ("share_improved", end - v_disp),
        ),
        end=end,
    )


def _schedule(run: Run) -> list[tuple[int, int, float]]:
    a = run.assumptions
    return [(b.from_year, b.to_year, a.value(b.param_id)) for b in a.schedules[run.discount]]


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
    ``service_years`` (default 10), ``discount`` (the schedule of costs and fiscal benefits:
    'stpr') and ``heckman`` (the what-if's curve: 'abc_care', 'perry', 'fitted' or 'flat')
    default to ``assumptions/economics.yaml``.
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
    options = dataset.options_for(region_id) if hasattr(dataset, "options_for") else tuple(dataset.options)
    return prepare(assumptions, region, options, wales_births=wales_births(dataset), **choices)


def appraise_all(dataset, assumptions: Assumptions, **kw) -> dict[str, EconomicsResult]:
    """:func:`appraise` for every region, in data order."""
    return {rid: appraise(dataset, assumptions, rid, **kw) for rid in dataset.region_ids}
