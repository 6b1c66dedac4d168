"""Heckman-style return curves: benchmarks an option's internal rate of return is charted
against, never benefit estimates.

The Heckman curve (Heckman & Mosso 2014, Annu Rev Econ 6:689-733) says the return to
investment in human capital falls with the age at which it is made. The evidence behind it
is a few programmes, each measured over the ages it served (``assumptions/economics.yaml``,
``heckman_curves``): ABC/CARE, birth to 5, 13.7% a year (Garcia, Heckman, Leaf & Prados
2016, NBER w22993); Perry Preschool, ages 3-4, 7-10% (Heckman et al. 2010, J Public Econ
94:114-128); the curve r0 exp(-k a) through those two points (no floor: a floor at the
discount rate would make every benefit-cost ratio at least 1 by construction); and the
Rea & Burton (2020, J Econ Surveys) critique: across 314 programmes in the WSIPP database
there is no age gradient, and on average benefits at least equal costs, so its flat line
sits at the break-even return.

An option is then read off the chart: its IRR (from the outcome chain) at the ages the
service reaches, against the programmes' returns at the ages they were measured and the
break-even return it must clear at the Green Book discount rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.economics.assumptions import Assumptions
from appraisal.economics.kernel import annuity_per_pound, curve_rate

__all__ = ["HeckmanCurve", "annuity_per_pound", "curve_rate", "heckman_curve"]


@dataclass(frozen=True)
class HeckmanCurve:
    """The benchmarks on an age grid: each curve's rate where it applies (NaN elsewhere),
    with its low and high; the service's ages and the year-1 STPR."""

    ages: np.ndarray  # (A,)
    presets: tuple[str, ...]  # curve ids
    kinds: tuple[str, ...]  # programme | curve | breakeven
    spans: tuple[tuple[float, float], ...]  # ages each curve applies to
    rates: np.ndarray  # (C, A) rate where the curve applies, NaN elsewhere
    low: np.ndarray  # (C, A)
    high: np.ndarray  # (C, A)
    service_age: float
    service_ages: tuple[float, float]  # the ages the service reaches (pregnancy .. age 2)
    discount_rate: float  # year-1 STPR

    def rows(self) -> list[dict]:
        return [
            {
                "age": float(a),
                **{
                    p: (None if np.isnan(self.rates[i, j]) else float(self.rates[i, j]))
                    for i, p in enumerate(self.presets)
                },
            }
            for j, a in enumerate(self.ages)
        ]

    def rate_at(self, preset: str, age: float) -> float | None:
        """The curve's rate at ``age`` (None outside the ages it applies to)."""
        i = self.presets.index(preset)
        a0, a1 = self.spans[i]
        if not a0 <= age <= a1:
            return None
        return float(np.interp(age, self.ages, np.nan_to_num(self.rates[i])))


#: The first 1000 days: pregnancy to age 2 (golden thread, section one).
SERVICE_AGES = (0.0, 2.0)


def heckman_curve(assumptions: Assumptions, *, max_age: float = 18.0, step: float = 0.25) -> HeckmanCurve:
    """Every benchmark of ``assumptions`` on ages 0 .. max_age."""
    a = assumptions
    ages = np.arange(0.0, max_age + step / 2, step)
    rows, lows, highs = [], [], []
    for c in a.curves:
        p = a.param(f"heckman_rate.{c.id}")
        inside = (ages >= c.from_age - 1e-9) & (ages <= c.to_age + 1e-9)
        if c.kind == "curve":
            k = a.param(f"heckman_decline.{c.id}")
            mid, lo, hi = (curve_rate(ages, r, k.value) for r in (p.value, p.low, p.high))
        else:
            mid, lo, hi = (np.full(ages.shape, v) for v in (p.value, p.low, p.high))
        rows.append(np.where(inside, mid, np.nan))
        lows.append(np.where(inside, lo, np.nan))
        highs.append(np.where(inside, hi, np.nan))
    stpr = a.value(a.schedules["stpr"][0].param_id)
    return HeckmanCurve(
        ages=ages,
        presets=a.presets,
        kinds=tuple(c.kind for c in a.curves),
        spans=tuple((c.from_age, c.to_age) for c in a.curves),
        rates=np.array(rows),
        low=np.array(lows),
        high=np.array(highs),
        service_age=a.value("age_at_intervention"),
        service_ages=SERVICE_AGES,
        discount_rate=stpr,
    )
