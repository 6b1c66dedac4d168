"""Monte Carlo over every uncertain parameter: NPSV and BCR distributions, fan charts, the
value of information (EVPI, EVPPI) and the cost-effectiveness acceptability curve.

Each parameter with role ``uncertain`` and low < high is drawn independently from a
triangular distribution with mode = value and limits low/high (inverse-CDF sampling of one
(P, D) block of uniforms from ``numpy.random.default_rng(seed)``, so the same seed gives the
same draws, and every region sees the same uniforms: common random numbers across regions).
Region data (need prevalence and coverage share with their low/high) are drawn the same way.
Independence between parameters is an assumption; correlated inputs would widen or narrow
the spread. The probabilistic-sensitivity approach follows Briggs, Claxton & Sculpher (2006),
*Decision Modelling for Health Economic Evaluation*, ch. 4; the Green Book (2022, 5.66-5.70)
recommends Monte Carlo where several uncertainties interact.

All draws go through the same kernel as the base case in one pass of array arithmetic over
(draws, options, years); there is no Python loop over draws. Optimism bias is not applied
to the draws: the cost ranges drawn here carry the same risk, and applying both would count
it twice (Green Book supplementary guidance: optimism bias stands in for a risk analysis
until one is made); the base case carries it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

from appraisal.economics.appraise import MODES, ByOption, prepare_run
from appraisal.economics.assumptions import Assumptions
from appraisal.economics.kernel import components, cumulative_net, increments, present_values, weights
from appraisal.economics.layout import ChoiceError, Run
from appraisal.economics.voi import ceac, evpi, evppi_all
from appraisal.model import Option, Region

QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)
MAX_DRAWS = 1_000_000
#: Values of one improved child's outcomes (PV, GBP) at which the acceptability curve is drawn.
CEAC_LAMBDAS = np.linspace(0.0, 200_000.0, 41)


def _frozen(a, dtype=float) -> np.ndarray:
    """Read-only view; copies only when the dtype differs (the arrays here are fresh)."""
    a = np.asarray(a, dtype=dtype)
    if a.base is not None and a.flags.writeable:
        a = a.copy()  # never freeze a view of someone else's array
    a.setflags(write=False)
    return a


def triangular_ppf(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular(low, mode, high) distribution, row by row.

    F(mode) = (mode - low)/(high - low); below it x = low + sqrt(u (high-low)(mode-low)),
    above it x = high - sqrt((1-u)(high-low)(high-mode)). Requires low < high.
    """
    width = high - low
    fc = (mode - low) / width
    left = low + np.sqrt(u * (width * (mode - low)))
    right = high - np.sqrt((1.0 - u) * (width * (high - mode)))
    return np.where(u < fc, left, right)


def sample_matrix(run: Run, draws: int, rng: np.random.Generator) -> np.ndarray:
    """The (P, D) parameter matrix: base values, with uncertain rows drawn (triangular)."""
    rows = np.flatnonzero(run.uncertain)
    u = rng.random((rows.size, draws))
    X = np.repeat(run.base[:, None], draws, axis=1)
    lo, md, hi = (v[rows][:, None] for v in (run.low, run.base, run.high))
    X[rows] = triangular_ppf(u, lo, md, hi)
    return X


def defined_quantiles(sorted_x: np.ndarray, n_def: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles (linear rule) over the first ``n_def[i]`` entries of each sorted row ``i``
    (undefined values sorted last as +inf); NaN for rows with no defined value."""
    n = np.maximum(n_def, 1)
    rows = np.arange(sorted_x.shape[0])
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, n - 1)
        frac = pos - lo
        upper = np.where(frac > 0, sorted_x[rows, hi], 0.0)  # avoid inf x 0 at an exact position
        v = sorted_x[rows, lo] * (1 - frac) + upper * frac
        out.append(np.where(n_def > 0, v, np.nan))
    return np.stack(out)


def sorted_quantiles(sorted_x: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles (numpy's default 'linear' rule) of data already sorted on the last axis."""
    n = sorted_x.shape[-1]
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        frac = pos - lo
        out.append(sorted_x[..., lo] * (1 - frac) + sorted_x[..., hi] * frac)
    return np.stack(out)


@dataclass(frozen=True)
class McMode:
    """One benefit mode: samples (draws, options), summaries (options,) and the fan."""

    mode: str
    npsv: np.ndarray  # (D, O) incremental NPV over BAU
    bcr: np.ndarray  # (D, O) incremental BCR (NaN where no incremental cost)
    npsv_mean: np.ndarray  # (O,)
    npsv_quantiles: np.ndarray  # (Q, O)
    bcr_quantiles: np.ndarray  # (Q, O)
    prob_bcr_gt_1: np.ndarray  # (O,) NaN where BCR is undefined in every draw (BAU)
    prob_npsv_gt_0: np.ndarray  # (O,) NaN for BAU
    fan: np.ndarray  # (Q, O, G) cumulative discounted incremental net benefit at fan_years
    evpi: float  # expected value of perfect information (GBP, this region's decision)
    evppi: np.ndarray  # (len(param_ids),) expected value of partial perfect information

    def __post_init__(self) -> None:
        for name in (
            "npsv",
            "bcr",
            "npsv_mean",
            "npsv_quantiles",
            "bcr_quantiles",
            "prob_bcr_gt_1",
            "prob_npsv_gt_0",
            "fan",
            "evppi",
        ):
            object.__setattr__(self, name, _frozen(getattr(self, name)))


@dataclass(frozen=True)
class MonteCarloResult(ByOption):
    region: Region
    options: tuple[Option, ...]
    roles: tuple[str, ...]
    draws: int
    seed: int | None
    quantiles: tuple[float, ...]
    fan_years: np.ndarray  # (G,) years of the fan chart
    coverage: float
    horizon: int
    service_years: int
    discount: str
    heckman_preset: str
    param_ids: tuple[str, ...]  # the parameters drawn
    samples: np.ndarray  # (len(param_ids), D) the drawn values
    inc_pv_costs: np.ndarray  # (D, O)
    share_with_cost: np.ndarray  # (O,) share of draws in which the option costs more than BAU
    modes: Mapping[str, McMode]
    ceac_lambdas: np.ndarray  # (L,) values of one improved child's outcomes (PV, GBP)
    ceac: np.ndarray  # (L, O) share of draws in which each option has the highest net benefit
    value_per_child: np.ndarray  # (D,) each draw's PV of one improved child's outcomes
    run: Run = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fan_years", _frozen(self.fan_years, int))
        for name in ("samples", "inc_pv_costs", "share_with_cost", "ceac_lambdas", "ceac", "value_per_child"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        object.__setattr__(self, "modes", MappingProxyType(dict(self.modes)))

    def evppi_rows(self, mode: str = "outcome_chain", top: int | None = None) -> list[dict]:
        """Parameters by EVPPI, largest first (GBP; the share of EVPI in ``share``)."""
        m = self.modes[mode]
        order = np.argsort(-m.evppi, kind="stable")
        rows = [
            {
                "param_id": self.param_ids[k],
                "evppi": float(m.evppi[k]),
                "share": float(m.evppi[k] / m.evpi) if m.evpi > 0 else None,
            }
            for k in order
        ]
        return rows[:top] if top is not None else rows

    def ceac_rows(self) -> list[dict]:
        return [
            {"lambda": float(lam), **{o.id: float(self.ceac[j, i]) for i, o in enumerate(self.options)}}
            for j, lam in enumerate(self.ceac_lambdas)
        ]

    def rows(self) -> list[dict]:
        """One dict per option x mode: NPSV mean and quantiles, BCR quantiles, P(BCR > 1)."""
        out = []
        for m, res in self.modes.items():
            for i, o in enumerate(self.options):
                r = {
                    "region": self.region.id,
                    "option": o.id,
                    "name": o.name,
                    "role": self.roles[i],
                    "mode": m,
                    "npsv_mean": float(res.npsv_mean[i]),
                    "prob_bcr_gt_1": _plain(res.prob_bcr_gt_1[i]),
                    "prob_npsv_gt_0": _plain(res.prob_npsv_gt_0[i]),
                    "evpi": float(res.evpi),
                    "share_with_cost": float(self.share_with_cost[i]),
                }
                for k, q in enumerate(self.quantiles):
                    r[f"npsv_p{round(q * 100):02d}"] = float(res.npsv_quantiles[k, i])
                    r[f"bcr_p{round(q * 100):02d}"] = _plain(res.bcr_quantiles[k, i])
                out.append(r)
        return out

    def fan_rows(self, option_id: str, mode: str) -> list[dict]:
        """Table equivalent of the fan chart for one option and mode."""
        i = self.index(option_id)
        fan = self.modes[mode].fan
        return [
            {
                "year": int(t),
                **{f"p{round(q * 100):02d}": float(fan[k, i, j]) for k, q in enumerate(self.quantiles)},
            }
            for j, t in enumerate(self.fan_years)
        ]


def _plain(x) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def fan_grid(horizon: int, service_years: int, step: int = 5) -> np.ndarray:
    """Years at which the fan chart is computed: every year to the end of the service
    period (where the curves bend) and one year after, then every ``step`` years, and the
    last year. Percentiles at these years use every draw; the chart joins them with lines."""
    dense = np.arange(min(service_years + 2, horizon))
    sparse = np.arange(dense[-1] + step, horizon, step, dtype=int)
    return np.unique(np.concatenate([dense, sparse, [horizon - 1]]).astype(int))


def simulate(
    run: Run,
    X: np.ndarray,
    quantiles: tuple[float, ...] = QUANTILES,
    grid: np.ndarray | None = None,
    *,
    voi: bool = True,
    samples_rows: np.ndarray | None = None,
) -> dict:
    """Kernel + summaries for a parameter matrix (the timed core of the benchmark).

    ``voi``: also EVPI and EVPPI (of the rows ``samples_rows`` of ``X``, default the
    uncertain ones) and the acceptability curve."""
    L = replace(run.layout, apply_ob=False)  # the draws carry the cost risk: no optimism bias
    grid = fan_grid(L.horizon, L.service_years) if grid is None else np.asarray(grid, dtype=int)
    w = weights(L, grid)
    c = components(X, L)
    inc = increments(present_values(c, L, w), L.bau_index)
    cost = inc["costs"]
    has_cost = cost > 0
    n_def = has_cost.sum(axis=0)
    others = np.array([i for i in range(len(run.options)) if i != L.bau_index], dtype=int)
    n_draws, n_opt = cost.shape
    rows = np.flatnonzero(run.uncertain) if samples_rows is None else samples_rows
    out = {"inc_pv_costs": cost, "share_with_cost": n_def / n_draws, "grid": grid, "modes": {}}
    nbs = {m: inc[m] - cost for m in MODES}
    voi_rows = (
        evppi_all([nbs[m] for m in MODES], X[rows]) if voi else [np.full(rows.size, np.nan)] * len(MODES)
    )
    for v, m in enumerate(MODES):
        b = inc[m]
        npsv = b - cost
        with np.errstate(divide="ignore", invalid="ignore"):
            bcr = np.where(has_cost, b / np.where(has_cost, cost, 1.0), np.nan)
            prob = np.where(n_def > 0, (bcr > 1).sum(axis=0) / np.maximum(n_def, 1), np.nan)
        active = np.abs(npsv).max(axis=0) > 0
        p_npsv = np.where(active, (npsv > 0).mean(axis=0), np.nan)
        npsv_q = sorted_quantiles(np.sort(npsv.T, axis=-1), quantiles)
        bcr_q = defined_quantiles(np.sort(np.where(has_cost, bcr, np.inf).T, axis=-1), n_def, quantiles)
        z = cumulative_net(c, L, w, others, view=m)
        fan = np.zeros((len(quantiles), n_opt, grid.size))
        z.sort(axis=-1)  # numpy's float32 sort is faster here than np.partition at ten order statistics
        fan[:, others, :] = sorted_quantiles(z, quantiles)
        out["modes"][m] = McMode(
            mode=m,
            npsv=npsv,
            bcr=bcr,
            npsv_mean=npsv.mean(axis=0),
            npsv_quantiles=npsv_q,
            bcr_quantiles=bcr_q,
            prob_bcr_gt_1=prob,
            prob_npsv_gt_0=p_npsv,
            fan=fan,
            evpi=evpi(npsv) if voi else float("nan"),
            evppi=voi_rows[v],
        )
    # one improved child's outcomes, PV at the year the family is seen, per draw
    dfk = L.df[L.domain_sched]  # (K, T)
    vpc = np.einsum("dk,kt,dt->d", c.domain_values, L.domain_mask * dfk, c.fade)
    out["value_per_child"] = vpc
    out["ceac_lambdas"] = CEAC_LAMBDAS
    out["ceac"] = (
        ceac(inc["outcome_chain"], cost, vpc, CEAC_LAMBDAS) if voi else np.zeros((CEAC_LAMBDAS.size, n_opt))
    )
    return out


def monte_carlo(
    dataset,
    assumptions: Assumptions,
    region_id: str,
    *,
    draws: int = 10_000,
    seed: int | np.random.Generator | None = 0,
    quantiles: tuple[float, ...] = QUANTILES,
    fan_years: np.ndarray | None = None,
    **choices,
) -> MonteCarloResult:
    """Draw every uncertain parameter ``draws`` times and appraise all options at once.

    ``choices`` are those of :func:`~appraisal.economics.appraise.appraise` (coverage,
    horizon, service_years, discount, heckman). ``seed`` is an int or a Generator.
    """
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not 2 <= draws <= MAX_DRAWS:
        raise ChoiceError(f"draws must be a whole number from 2 to {MAX_DRAWS:,}; got {draws!r}")
    if any(not 0 <= q <= 1 for q in quantiles):
        raise ChoiceError(f"quantiles must lie between 0 and 1; got {quantiles!r}")
    run = prepare_run(dataset, assumptions, region_id, **choices)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    X = sample_matrix(run, int(draws), rng)
    if fan_years is not None:
        fy = np.unique(np.asarray(fan_years, dtype=int))
        if fy.size == 0 or fy[0] < 0 or fy[-1] >= run.horizon:
            raise ChoiceError(f"fan_years must lie within 0 .. {run.horizon - 1}")
        fan_years = fy
    sim = simulate(run, X, tuple(quantiles), fan_years)
    rows = np.flatnonzero(run.uncertain)
    return MonteCarloResult(
        region=run.region,
        options=run.options,
        roles=run.roles,
        draws=int(draws),
        seed=seed if isinstance(seed, (int, np.integer)) else None,
        quantiles=tuple(quantiles),
        fan_years=sim["grid"],
        coverage=run.coverage,
        horizon=run.horizon,
        service_years=run.service_years,
        discount=run.discount,
        heckman_preset=run.heckman,
        param_ids=tuple(run.ids[i] for i in rows),
        samples=X[rows],
        inc_pv_costs=sim["inc_pv_costs"],
        share_with_cost=sim["share_with_cost"],
        modes=sim["modes"],
        ceac_lambdas=sim["ceac_lambdas"],
        ceac=sim["ceac"],
        value_per_child=sim["value_per_child"],
        run=run,
    )
