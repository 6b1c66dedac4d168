"""The Heckman curve: rate of return by age of investment, for the chart and the table.

``r(a) = r_floor + (r0 - r_floor) exp(-k a)`` (shape after Heckman & Mosso 2014, Annu Rev
Econ 6:689-733). Presets (``assumptions/economics.yaml``): ABC/CARE (r0 = 13.7%, Garcia,
Heckman, Leaf & Prados 2016, NBER w22993), Perry Preschool (8.5%, Heckman et al. 2010,
J Public Econ 94:114-128) and the flat critique (k = 0, Rea & Burton 2020, J Econ Surveys).
k = 0.20 is fitted through ABC/CARE at age 0 and Perry at age 3-4 with a 3.5% floor.

How a rate becomes a benefit (transparent and checkable by hand): one pound invested at
age a that earns r(a) a year for N years pays the level annuity b = r / (1 - (1+r)^-N);
the present value of that annuity at the Green Book discount rate is the implied
benefit-cost ratio per pound. Example: r = 13.7%, N = 40, flat 3.5%: b = 0.1378 and the
annuity factor is (1 - 1.035^-40)/0.035 = 21.355, so BCR = 2.94. When r equals the discount
rate, BCR = 1 exactly.

The later-life positions marked on the chart are points on the same curve at typical ages
of later interventions; they are illustrations of the curve's shape, not estimates.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from appraisal.economics.assumptions import Assumptions
from appraisal.economics.discounting import discount_factors
from appraisal.economics.kernel import annuity_per_pound, heckman_rate

#: (key, age) of later-life interventions shown beside this service (labels in i18n).
LATER_LIFE: tuple[tuple[str, float], ...] = (
    ("preschool", 4.0),
    ("school", 10.0),
    ("youth", 18.0),
    ("adult", 30.0),
)

__all__ = ["HeckmanCurve", "LATER_LIFE", "annuity_per_pound", "heckman_curve", "heckman_rate", "implied_bcr"]


@dataclass(frozen=True)
class HeckmanCurve:
    ages: np.ndarray  # (A,)
    presets: tuple[str, ...]
    params: dict[str, tuple[float, float, float]]  # preset -> (r0, k, r_floor)
    rates: np.ndarray  # (len(presets), A)
    service_age: float
    service_rates: np.ndarray  # (len(presets),) r at the service's age
    later_life: tuple[tuple[str, float], ...]
    later_rates: np.ndarray  # (len(presets), len(later_life))
    discount_rate: float  # year-1 STPR, drawn as the line where returns break even

    def rows(self) -> list[dict]:
        return [
            {"age": float(a), **{p: float(self.rates[i, j]) for i, p in enumerate(self.presets)}}
            for j, a in enumerate(self.ages)
        ]


def heckman_curve(
    assumptions: Assumptions,
    presets: tuple[str, ...] | None = None,
    *,
    max_age: float = 40.0,
    step: float = 0.5,
    service_age: float | None = None,
) -> HeckmanCurve:
    """r(a) for each preset on ages 0 .. max_age, with the service's and later positions."""
    a = assumptions
    presets = presets or a.presets
    ages = np.arange(0.0, max_age + step / 2, step)
    params = {
        p: (a.value(f"heckman_r0.{p}"), a.value(f"heckman_k.{p}"), a.value(f"heckman_floor.{p}"))
        for p in presets
    }
    rates = np.array([heckman_rate(ages, *params[p]) for p in presets])
    s_age = a.value("age_at_intervention") if service_age is None else float(service_age)
    service = np.array([float(heckman_rate(s_age, *params[p])) for p in presets])
    later = np.array([[float(heckman_rate(age, *params[p])) for _, age in LATER_LIFE] for p in presets])
    stpr = a.value(a.schedules["stpr"][0].param_id)
    return HeckmanCurve(
        ages=ages,
        presets=tuple(presets),
        params=params,
        rates=rates,
        service_age=s_age,
        service_rates=service,
        later_life=LATER_LIFE,
        later_rates=later,
        discount_rate=stpr,
    )


def implied_bcr(rate: float, payoff_years: int, bands: list[tuple[int, int, float]]) -> float:
    """PV per pound of the annuity that earns ``rate`` for ``payoff_years`` (paid years 1..N)."""
    df = discount_factors(bands, payoff_years + 1)
    return float(annuity_per_pound(rate, payoff_years) * df[1:].sum())
