"""Switching values of key economic assumptions (Green Book 5.60-5.61, Box 12).

For each key assumption and each option, the value at which the option's net present social
value over business as usual (NPSV) is zero, i.e. its incremental BCR is 1, all else at the
base case. Solved by Brent's method (``scipy.optimize.brentq``) on the same kernel as the
base case; ``None`` when NPSV does not change sign within the search interval (the option's
verdict does not depend on that assumption alone). Key assumptions: effect size and lifetime
benefit per child (bottom-up mode), r0 and k of the chosen Heckman preset (Heckman mode),
and the running cost per team (both modes; moved through ``staff_cost_factor`` and reported
in GBP per team per year).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from appraisal.economics.appraise import prepare_run
from appraisal.economics.assumptions import Assumptions
from appraisal.economics.kernel import components, increments, present_values, weights
from appraisal.economics.layout import Run
from appraisal.model import Option, Region

XTOL = 1e-12


@dataclass(frozen=True)
class EconSwitchingRow:
    assumption: str  # key: effect_size, benefit_per_child, r0, k, cost_per_team
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


def _npsv_fn(run: Run, param_id: str, mode: str, option_index: int):
    L = run.layout
    w = weights(L, np.array([0]))
    row = run.row(param_id)
    x = run.matrix()

    def f(v: float) -> float:
        x[row, 0] = v
        inc = increments(present_values(components(x, L), L, w), L.bau_index)
        return float(inc[mode][0, option_index] - inc["costs"][0, option_index])

    return f


def solve(f, lo: float, hi: float) -> float | None:
    """Root of ``f`` in [lo, hi] by Brent's method; None without a sign change."""
    flo, fhi = f(lo), f(hi)
    if flo == 0:
        return lo
    if fhi == 0:
        return hi
    if np.sign(flo) == np.sign(fhi) or not (np.isfinite(flo) and np.isfinite(fhi)):
        return None
    return float(brentq(f, lo, hi, xtol=XTOL, rtol=4 * np.finfo(float).eps, maxiter=200))


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
    preset = run.heckman
    keys = (
        ("effect_size", "effect_size_d", ("bottom_up",), (0.0, 5.0)),
        ("benefit_per_child", "lifetime_benefit_per_child", ("bottom_up",), (0.0, 1e9)),
        ("r0", f"heckman_r0.{preset}", ("heckman",), (0.0, 1.0)),
        ("k", f"heckman_k.{preset}", ("heckman",), (0.0, 10.0)),
        ("cost_per_team", "staff_cost_factor", ("bottom_up", "heckman"), (0.0, 1e3)),
    )
    wanted = options or tuple(o.id for o, r in zip(run.options, run.roles) if r != "bau")
    base = components(run.matrix(), run.layout)
    inc0 = increments(
        present_values(base, run.layout, weights(run.layout, np.array([0]))), run.layout.bau_index
    )
    table = []
    for key, pid, modes, (lo, hi) in keys:
        p = a.param(pid)
        for oid in wanted:
            i = run.option_ids.index(oid)
            role = run.roles[i]
            for mode in modes:
                npsv0 = float(inc0[mode][0, i] - inc0["costs"][0, i])
                if key == "cost_per_team":
                    if role != "hosting":
                        continue
                    scale = float(base.cost_per_team[0, i]) / p.value
                    unit = "GBP per team per year (before optimism bias)"
                else:
                    scale, unit = 1.0, p.unit
                root = solve(_npsv_fn(run, pid, mode, i), lo, hi)
                table.append(
                    EconSwitchingRow(
                        assumption=key,
                        param_id=pid,
                        mode=mode,
                        option=oid,
                        current=p.value * scale,
                        switching=None if root is None else root * scale,
                        unit=unit,
                        low=p.low * scale,
                        high=p.high * scale,
                        npsv=npsv0,
                    )
                )
    return EconSwitchingResult(
        region=run.region,
        options=run.options,
        discount=run.discount,
        heckman_preset=run.heckman,
        coverage=run.coverage,
        horizon=run.horizon,
        table=tuple(table),
    )
