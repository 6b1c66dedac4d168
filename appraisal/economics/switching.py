"""Switching values of key economic assumptions (Green Book 5.60-5.61, Box 12).

For each key assumption and each option, the value at which the option's net present social
value over business as usual (NPSV) is zero, i.e. its incremental BCR is 1, all else at the
base case. Solved by Brent's method (``scipy.optimize.brentq``) on the same kernel as the
base case; ``None`` when NPSV does not change sign within the search interval (the option's
verdict does not depend on that assumption alone). Key assumptions of the outcome chain: the
effect on attachment, the value of an improved child's outcomes (every domain scaled
together; reported in GBP per child, present value at the year the family is seen),
persistence and families per team; the running cost per team
(both views; moved through ``staff_cost_factor`` and reported in GBP per team per year); and
the published value per child supported (its own view).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from appraisal.economics.appraise import MODES, prepare_run
from appraisal.economics.assumptions import Assumptions
from appraisal.economics.kernel import components, increments, present_values, weights
from appraisal.economics.layout import Run
from appraisal.model import Option, Region

XTOL = 1e-12


@dataclass(frozen=True)
class EconSwitchingRow:
    assumption: str  # key: effect_size, value_per_child, persistence, families_per_team,
    #                  cost_per_team, value_per_child_supported
    param_id: str  # the parameter moved
    mode: str  # benefit mode whose NPSV is set to zero
    option: str
    current: float  # in the assumption's unit (GBP per team per year for cost_per_team)
    switching: float | None  # value giving NPSV = 0 (BCR = 1); None if no sign change
    unit: str
    low: float  # the assumption's stated range (same unit)
    high: float
    npsv: float  # NPSV at the current value

    @property
    def change(self) -> float | None:
        """Relative change from the current value to the switching value."""
        if self.switching is None or self.current == 0:
            return None
        return (self.switching - self.current) / abs(self.current)

    @property
    def within_range(self) -> bool | None:
        """True when the switching value lies inside the assumption's low-high range."""
        if self.switching is None:
            return None
        return self.low <= self.switching <= self.high


@dataclass(frozen=True)
class EconSwitchingResult:
    region: Region
    options: tuple[Option, ...]
    discount: str
    heckman_preset: str
    coverage: float
    horizon: int
    table: tuple[EconSwitchingRow, ...]

    def get(self, assumption: str, option: str, mode: str) -> EconSwitchingRow:
        for r in self.table:
            if (r.assumption, r.option, r.mode) == (assumption, option, mode):
                return r
        raise KeyError((assumption, option, mode))

    def rows(self) -> list[dict]:
        names = {o.id: o.name for o in self.options}
        return [
            {
                "region": self.region.id,
                "assumption": r.assumption,
                "param_id": r.param_id,
                "mode": r.mode,
                "option": r.option,
                "name": names[r.option],
                "current": r.current,
                "switching": r.switching,
                "unit": r.unit,
                "low": r.low,
                "high": r.high,
                "change": r.change,
                "within_range": r.within_range,
                "npsv": r.npsv,
            }
            for r in self.table
        ]


def _npsv_fn(run: Run, param_id: str, mode: str, option_index: int, scale_rows: np.ndarray | None = None):
    """NPSV of one option as a function of one parameter's value (or, with ``scale_rows``,
    of a factor multiplying those rows: the value of an improved child, every domain)."""
    L = run.layout
    w = weights(L, np.array([0]))
    x = run.matrix()
    base = x.copy()

    def f(v: float) -> float:
        if scale_rows is not None:
            x[scale_rows, 0] = base[scale_rows, 0] * v
        else:
            x[run.row(param_id), 0] = v
        inc = increments(present_values(components(x, L), L, w), L.bau_index)
        return float(inc[mode][0, option_index] - inc["costs"][0, option_index])

    return f


def _grid(lo: float, hi: float, current: float | None, points: int = 48) -> np.ndarray:
    grid = np.linspace(lo, hi, points)
    if lo > 0 and hi / lo > 100:
        grid = np.unique(np.concatenate([grid, np.geomspace(lo, hi, points)]))
    if current is not None and lo < current < hi:
        grid = np.unique(np.append(grid, current))
    return grid


def _npsv_grid(
    run: Run, param_id: str, mode: str, grid: np.ndarray, scale_rows: np.ndarray | None = None
) -> np.ndarray:
    """NPSV (len(grid), options) with the parameter (or the factor on ``scale_rows``) at each
    grid value: every grid point is one column of a single kernel call."""
    L = run.layout
    x = np.repeat(run.matrix(), grid.size, axis=1)
    if scale_rows is not None:
        x[scale_rows] = x[scale_rows] * grid[None, :]
    else:
        x[run.row(param_id)] = grid
    inc = increments(present_values(components(x, L), L, weights(L, np.array([0]))), L.bau_index)
    return inc[mode] - inc["costs"]


def solve(
    f, lo: float, hi: float, current: float | None = None, points: int = 48, values=None
) -> float | None:
    """The root of ``f`` in [lo, hi] nearest ``current`` (default: the first from ``lo``):
    sign changes are found on a grid (linear, and geometric when the range spans decades;
    ``values`` are ``f`` on that grid when already known), then refined by Brent's method;
    None when ``f`` keeps one sign."""
    grid = _grid(lo, hi, current, points)
    vals = np.array([f(float(x)) for x in grid]) if values is None else np.asarray(values)
    roots = []
    for x0, x1, f0, f1 in zip(grid[:-1], grid[1:], vals[:-1], vals[1:]):
        if not (np.isfinite(f0) and np.isfinite(f1)):
            continue
        if f0 == 0:
            roots.append(float(x0))
        elif np.sign(f0) != np.sign(f1) and f1 != 0:
            roots.append(float(brentq(f, x0, x1, xtol=XTOL, rtol=4 * np.finfo(float).eps, maxiter=200)))
    if np.isfinite(vals[-1]) and vals[-1] == 0 and np.isfinite(vals[-2]) and vals[-2] != 0:
        roots.append(float(grid[-1]))
    if not roots:
        return None
    ref = lo if current is None else current
    return min(roots, key=lambda r: abs(r - ref))


def switching_values(
    dataset,
    assumptions: Assumptions,
    region_id: str,
    *,
    options: tuple[str, ...] | None = None,
    **choices,
) -> EconSwitchingResult:
    """Switching values of the key assumptions for every option except BAU (or ``options``).

    ``choices`` are those of :func:`~appraisal.economics.appraise.appraise`.
    """
    run = prepare_run(dataset, assumptions, region_id, **choices)
    a = assumptions
    L = run.layout
    wanted = options or tuple(o.id for o, r in zip(run.options, run.roles) if r != "bau")
    base = components(run.matrix(), L)
    inc0 = increments(present_values(base, L, weights(L, np.array([0]))), L.bau_index)
    # the value of one improved child, PV at the year the family is seen (all domains)
    dfk = L.df[L.domain_sched]
    vpc = float(np.einsum("k,kt,t->", base.domain_values[0], L.domain_mask * dfk, base.fade[0]))
    chain = ("outcome_chain",)
    table = []
    grids: dict[tuple, np.ndarray] = {}

    def add(
        key, pid, oid, i, mode, lo, hi, *, scale=1.0, unit=None, current=None, low=None, high=None, rows=None
    ):
        npsv0 = float(inc0[mode][0, i] - inc0["costs"][0, i])
        p = a.param(pid) if pid in a.params else None
        cur = 1.0 if rows is not None else (p.value if p else None)
        key_grid = (pid, mode, lo, hi)
        if key_grid not in grids:  # one kernel call per parameter and view, every option at once
            grids[key_grid] = _npsv_grid(run, pid, mode, _grid(lo, hi, cur), rows)
        vals = grids[key_grid][:, i]
        root = solve(_npsv_fn(run, pid, mode, i, rows), lo, hi, cur, values=vals)
        table.append(
            EconSwitchingRow(
                assumption=key,
                param_id=pid,
                mode=mode,
                option=oid,
                current=(p.value * scale) if current is None else current,
                switching=None if root is None else root * scale,
                unit=unit or (p.unit if p else ""),
                low=(p.low * scale) if low is None else low,
                high=(p.high * scale) if high is None else high,
                npsv=npsv0,
            )
        )

    for oid in wanted:
        i = run.option_ids.index(oid)
        role = run.roles[i]
        add("effect_size", "effect_attachment_d", oid, i, "outcome_chain", 0.0, 5.0)
        if vpc > 0:
            rng_lo = vpc * _domain_range(a, "low")
            rng_hi = vpc * _domain_range(a, "high")
            add(
                "value_per_child",
                "outcomes",
                oid,
                i,
                "outcome_chain",
                0.0,
                1e4,
                scale=vpc,
                unit="GBP per improved child (present value at the year the family is seen)",
                current=vpc,
                low=rng_lo,
                high=rng_hi,
                rows=L.domain_rows,
            )
        # reach and engagement are left out: teams are sized to the engaged caseload, so
        # they scale an option's costs and benefits together and cannot switch its sign
        add("persistence", "benefit_persistence", oid, i, "outcome_chain", 1e-6, 1.0)
        if role == "hosting":
            add("families_per_team", "families_per_team", oid, i, "outcome_chain", 1.0, 1e3)
            p = a.param("staff_cost_factor")
            scale = float(base.cost_per_team[0, i]) / p.value
            for mode in MODES:
                add(
                    "cost_per_team",
                    "staff_cost_factor",
                    oid,
                    i,
                    mode,
                    0.0,
                    1e3,
                    scale=scale,
                    unit="GBP per team per year (before optimism bias)",
                )
        add(
            "value_per_child_supported",
            "cmh_value_per_child_supported",
            oid,
            i,
            "per_child_supported",
            0.0,
            1e9,
        )
    del chain
    return EconSwitchingResult(
        region=run.region,
        options=run.options,
        discount=run.discount,
        heckman_preset=run.heckman,
        coverage=run.coverage,
        horizon=run.horizon,
        table=tuple(table),
    )


def _domain_range(a: Assumptions, end: str) -> float:
    """The value of an improved child at every domain's low (or high), relative to the base:
    the ratio of the summed yearly values (a guide to the range, not a PV)."""
    base = sum(a.param(d.param_id).value for d in a.domains)
    if base <= 0:
        return 1.0
    return sum(getattr(a.param(d.param_id), end) for d in a.domains) / base
