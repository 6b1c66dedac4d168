"""Green Book discounting with a declining (piecewise) schedule.

HM Treasury, *The Green Book* (2022), Annex A6: the social time preference rate (STPR) is
3.5% for years 0-30, 3.0% for 31-75, 2.5% for 76-125 and 2.0% for 126-200; the health rate
is 1.5%, 1.29% and 1.07%. Convention used here (and in the Green Book's own tables): year 0
is the present and is discounted at 1; the rate of the band holding year ``t`` discounts
year ``t-1`` to year ``t``:

    DF(0) = 1,   DF(t) = DF(t-1) / (1 + r(t))

so DF(10) = 1/1.035**10 = 0.7089 and DF(31) = 1/(1.035**30 * 1.03) = 0.3460. Years beyond
the last band use the last band's rate. Rates are data (``assumptions/economics.yaml``), so
a revised schedule (HM Treasury discount-rate review, 2026) is an edit, not a code change.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rates_by_year(bands: Sequence[tuple[int, int, float]], horizon: int) -> np.ndarray:
    """The rate r(t) for t = 0 .. horizon-1 from ``(from_year, to_year, rate)`` bands.

    ``r(0)`` is reported for completeness but never used (year 0 is not discounted).
    """
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 year; got {horizon}")
    if not bands:
        raise ValueError("a discount schedule needs at least one band")
    years = np.arange(horizon)
    out = np.full(horizon, float(bands[-1][2]))
    for lo, hi, rate in reversed(bands):
        out[(years >= lo) & (years <= hi)] = rate
    return out


def discount_factors(bands: Sequence[tuple[int, int, float]], horizon: int) -> np.ndarray:
    """DF(t) for t = 0 .. horizon-1 under the piecewise schedule (DF(0) = 1)."""
    r = rates_by_year(bands, horizon)
    growth = np.concatenate(([1.0], 1.0 + r[1:]))
    return 1.0 / np.cumprod(growth)


def present_value(flows: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Sum over the last (year) axis of ``flows * df``."""
    return np.asarray(flows, dtype=float) @ df


def npv(flows: Sequence[float], rate: float | Sequence[tuple[int, int, float]]) -> float:
    """NPV of a yearly stream starting in year 0, at a flat rate or a schedule of bands."""
    f = np.asarray(flows, dtype=float)
    bands = [(0, 10**6, float(rate))] if np.isscalar(rate) else list(rate)  # type: ignore[arg-type]
    return float(present_value(f, discount_factors(bands, len(f))))
