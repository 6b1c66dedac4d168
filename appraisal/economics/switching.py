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

Cost: each assumption's sign changes are found on a grid, one kernel call for every option
(:func:`_npsv_grid`); then every bracket of the region (every assumption, option and view)
is refined together, one kernel call an iteration for all of them (:func:`refine_many`,
the Illinois method), instead of one scalar Brent search a bracket. :func:`solve` is the
scalar search, kept as the reference the batched one is tested against.
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
RTOL = 4 * np.finfo(float).eps
#: Where each assumption's switching value is searched for (in the parameter's own unit;
#: for the value of an improved child, a factor on every domain's value).
SEARCH: dict[str, tuple[float, float]] = {
    "effect_size": (0.0, 5.0),
    "value_per_child": (0.0, 1e4),
    "persistence": (1e-6, 1.0),
    "families_per_team": (1.0, 1e3),
    "cost_per_team": (0.0, 1e3),
    "value_per_child_supported": (0.0, 1e9),
}


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
    zeros, brackets = _brackets(grid, vals)
    roots = zeros + [float(brentq(f, x0, x1, xtol=XTOL, rtol=RTOL, maxiter=200)) for x0, x1, _, _ in brackets]
    if not roots:
        return None
    ref = lo if current is None else current
    return min(roots, key=lambda r: abs(r - ref))


def refine_many(F, a, b, fa, fb, xtol: float = XTOL, rtol: float = RTOL, maxiter: int = 200) -> np.ndarray:
    """Roots of many brackets at once: ``F(x, k)`` gives f at ``x[j]`` of bracket ``k[j]``
    (one vectorised call for every bracket still open), ``fa``/``fb`` are f at the ends.

    The Illinois method (Dowell & Jarratt 1971, BIT 11:168-174): regula falsi, with the
    value kept at an end that is retained twice halved, so both ends close in (order about
    1.44), and a bisection step whenever the secant leaves the bracket. Stops as Brent's
    method (``brentq``) does: when the bracket is within ``2 (xtol + rtol |x|)``; returns
    its middle (an exact zero as soon as one is hit)."""
    a, b = np.array(a, dtype=float), np.array(b, dtype=float)
    fa, fb = np.array(fa, dtype=float), np.array(fb, dtype=float)
    n = a.size
    root = np.full(n, np.nan)
    root[fa == 0] = a[fa == 0]
    root[(fb == 0) & np.isnan(root)] = b[(fb == 0) & np.isnan(root)]
    side = np.zeros(n, dtype=int)  # +1: b kept last step, -1: a kept
    for _ in range(maxiter):
        open_ = np.isnan(root) & (np.abs(b - a) > 2 * (xtol + rtol * np.maximum(np.abs(a), np.abs(b))))
        if not open_.any():
            break
        k = np.flatnonzero(open_)
        x = b[k] - fb[k] * (b[k] - a[k]) / (fb[k] - fa[k])
        lo, hi = np.minimum(a[k], b[k]), np.maximum(a[k], b[k])
        out = ~((x > lo) & (x < hi))
        x[out] = 0.5 * (a[k][out] + b[k][out])
        fx = np.asarray(F(x, k), dtype=float)
        hit = fx == 0
        root[k[hit]] = x[hit]
        same_a = ~hit & (np.sign(fx) == np.sign(fa[k]))  # the root is between x and b
        ka, kb = k[same_a], k[~hit & ~same_a]
        fb[ka] = np.where(side[ka] == 1, 0.5 * fb[ka], fb[ka])  # b kept twice: halve its f
        a[ka], fa[ka], side[ka] = x[same_a], fx[same_a], 1
        xb, fxb = x[~hit & ~same_a], fx[~hit & ~same_a]
        fa[kb] = np.where(side[kb] == -1, 0.5 * fa[kb], fa[kb])
        b[kb], fb[kb], side[kb] = xb, fxb, -1
    rest = np.isnan(root)  # closed to the tolerance: the middle is within it of the root
    root[rest] = 0.5 * (a[rest] + b[rest])
    return root


@dataclass(frozen=True)
class _Column:
    """One bracket's place in the batched kernel call: the parameter's row (or the rows a
    factor scales), the view whose NPSV is set to zero and the option read."""

    row: int | None
    rows: np.ndarray | None
    mode: str
    option: int


def _npsv_columns(run: Run, cols: list[_Column]):
    """``F(x, k)`` for :func:`refine_many`: NPSV of bracket ``k[j]``'s option with its
    parameter at ``x[j]``, every open bracket one column of a single kernel call."""
    L = run.layout
    base = run.matrix()
    w = weights(L, np.array([0]))
    direct = np.array([c.row if c.row is not None else -1 for c in cols])
    scaled = np.array([c.rows is not None for c in cols])
    scale_rows = next((c.rows for c in cols if c.rows is not None), None)
    modes = [c.mode for c in cols]
    option = np.array([c.option for c in cols])

    def F(x: np.ndarray, k: np.ndarray) -> np.ndarray:
        m = np.repeat(base, k.size, axis=1)
        j = np.arange(k.size)
        d = ~scaled[k]
        m[direct[k][d], j[d]] = x[d]
        if scale_rows is not None and (~d).any():
            m[np.ix_(scale_rows, j[~d])] = base[scale_rows, :1] * x[~d][None, :]
        inc = increments(present_values(components(m, L), L, w), L.bau_index)
        net = np.empty(k.size)
        for mode in set(modes[i] for i in k):
            sel = np.array([modes[i] == mode for i in k])
            net[sel] = inc[mode][j[sel], option[k[sel]]] - inc["costs"][j[sel], option[k[sel]]]
        return net

    return F


def _brackets(
    grid: np.ndarray, vals: np.ndarray
) -> tuple[list[float], list[tuple[float, float, float, float]]]:
    """Exact zeros on the grid, and the sign changes between grid points (both searches)."""
    zeros, brackets = [], []
    for x0, x1, f0, f1 in zip(grid[:-1], grid[1:], vals[:-1], vals[1:]):
        if not (np.isfinite(f0) and np.isfinite(f1)):
            continue
        if f0 == 0:
            zeros.append(float(x0))
        elif np.sign(f0) != np.sign(f1) and f1 != 0:
            brackets.append((float(x0), float(x1), float(f0), float(f1)))
    if np.isfinite(vals[-1]) and vals[-1] == 0 and np.isfinite(vals[-2]) and vals[-2] != 0:
        zeros.append(float(grid[-1]))
    return zeros, brackets


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
    pending = []  # (row fields, the grid's exact zeros, this row's brackets, reference)
    grids: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    cols: list[_Column] = []
    ends: list[tuple[float, float, float, float]] = []

    def add(key, pid, oid, i, mode, *, scale=1.0, unit=None, current=None, low=None, high=None, rows=None):
        lo, hi = SEARCH[key]
        npsv0 = float(inc0[mode][0, i] - inc0["costs"][0, i])
        p = a.param(pid) if pid in a.params else None
        cur = 1.0 if rows is not None else (p.value if p else None)
        key_grid = (pid, mode, lo, hi)
        if key_grid not in grids:  # one kernel call per parameter and view, every option at once
            grid = _grid(lo, hi, cur)
            grids[key_grid] = (grid, _npsv_grid(run, pid, mode, grid, rows))
        grid, vals = grids[key_grid]
        zeros, brackets = _brackets(grid, vals[:, i])
        col = _Column(None if rows is not None else run.row(pid), rows, mode, i)
        first = len(ends)
        for br in brackets:
            cols.append(col)
            ends.append(br)
        fields = dict(
            assumption=key,
            param_id=pid,
            mode=mode,
            option=oid,
            current=(p.value * scale) if current is None else current,
            unit=unit or (p.unit if p else ""),
            low=(p.low * scale) if low is None else low,
            high=(p.high * scale) if high is None else high,
            npsv=npsv0,
        )
        pending.append((fields, scale, zeros, range(first, len(ends)), lo if cur is None else cur))

    for oid in wanted:
        i = run.option_ids.index(oid)
        role = run.roles[i]
        add("effect_size", "effect_attachment_d", oid, i, "outcome_chain")
        if vpc > 0:
            rng_lo = vpc * _domain_range(a, "low")
            rng_hi = vpc * _domain_range(a, "high")
            add(
                "value_per_child",
                "outcomes",
                oid,
                i,
                "outcome_chain",
                scale=vpc,
                unit="GBP per improved child (present value at the year the family is seen)",
                current=vpc,
                low=rng_lo,
                high=rng_hi,
                rows=L.domain_rows,
            )
        # reach and engagement are left out: teams are sized to the engaged caseload, so
        # they scale an option's costs and benefits together and cannot switch its sign
        add("persistence", "benefit_persistence", oid, i, "outcome_chain")
        if role == "hosting":
            add("families_per_team", "families_per_team", oid, i, "outcome_chain")
            p = a.param("staff_cost_factor")
            scale = float(base.cost_per_team[0, i]) / p.value
            for mode in MODES:
                add(
                    "cost_per_team",
                    "staff_cost_factor",
                    oid,
                    i,
                    mode,
                    scale=scale,
                    unit="GBP per team per year (before optimism bias)",
                )
        add(
            "value_per_child_supported",
            "cmh_value_per_child_supported",
            oid,
            i,
            "per_child_supported",
        )
    del chain
    if ends:  # every bracket of the region refined together
        e = np.array(ends)
        roots = refine_many(_npsv_columns(run, cols), e[:, 0], e[:, 1], e[:, 2], e[:, 3])
    else:
        roots = np.empty(0)
    table = []
    for fields, scale, zeros, where, ref in pending:
        found = zeros + [float(roots[k]) for k in where]
        root = min(found, key=lambda r: abs(r - ref)) if found else None
        table.append(EconSwitchingRow(switching=None if root is None else root * scale, **fields))
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
