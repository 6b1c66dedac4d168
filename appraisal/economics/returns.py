"""Rates of return: an option's internal rate of return (IRR) from the outcome chain and its
break-even return, the benchmarks it is charted against (Heckman-style curves).

- IRR: the constant rate r at which the option's incremental net flows (chain benefits less
  costs, real, undiscounted) have a present value of zero (HM Treasury Green Book, A6: the
  IRR is shown beside the NPV, never instead of it).
- Break-even return: the constant rate of return r* that each pound of the option's
  incremental cost would have to earn, as a level stream over N years (the Heckman-style
  what-if), for its present value at the Green Book schedule to equal the cost's: the line
  an IRR must clear for the option to pay its way. It depends only on the cost's timing,
  N and the schedule (about the STPR), and is computed, not assumed.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from appraisal.economics.kernel import annuity_per_pound

IRR_BOUNDS = (-0.95, 2.0)


def npv_at(flows: np.ndarray, r: float) -> float:
    """Present value of ``flows`` (year 0 first) at a flat rate ``r``."""
    t = np.arange(len(flows))
    return float(np.asarray(flows, dtype=float) @ (1.0 + r) ** -t)


def irr(flows: np.ndarray, bounds: tuple[float, float] = IRR_BOUNDS) -> float | None:
    """The internal rate of return of ``flows`` (None when the flows have no sign change or
    the present value does not cross zero within ``bounds``)."""
    f = np.asarray(flows, dtype=float)
    scale = float(np.abs(f).max()) if f.size else 0.0
    if scale == 0.0:
        return None
    nz = f[np.abs(f) > 1e-9 * scale]
    if nz.size == 0 or not ((nz > 0).any() and (nz < 0).any()):
        return None
    lo, hi = bounds
    f_lo, f_hi = npv_at(f, lo), npv_at(f, hi)
    if not np.isfinite(f_lo) or not np.isfinite(f_hi) or f_lo * f_hi > 0:
        return None
    return float(brentq(lambda r: npv_at(f, r), lo, hi, xtol=1e-10))


def whatif_pv_per_annuity(inc_costs: np.ndarray, df: np.ndarray, payoff_years: int) -> float:
    """PV at ``df`` of a stream paying 1 a year in years s+1 .. s+N for each pound spent in
    year s (within the horizon): the what-if's PV divided by the annuity payment."""
    T = len(df)
    n = int(payoff_years)
    box = np.zeros(T)
    box[1 : min(n, T - 1) + 1] = 1.0
    stream = np.convolve(np.asarray(inc_costs, dtype=float), box)[:T]
    return float(stream @ df)


def breakeven_return(inc_costs: np.ndarray, df: np.ndarray, payoff_years: int) -> float | None:
    """The rate r* at which annuity(r*, N) x what-if PV per annuity = PV of the costs."""
    c = np.asarray(inc_costs, dtype=float)
    pvc = float(c @ df)
    per = whatif_pv_per_annuity(c, df, payoff_years)
    if pvc <= 0 or per <= 0:
        return None
    need = pvc / per  # the yearly payment per pound that breaks even
    n = int(payoff_years)

    def f(r: float) -> float:
        return float(annuity_per_pound(r, n)) - need

    lo, hi = -0.5, 1.0
    if f(lo) * f(hi) > 0:
        return None
    return float(brentq(f, lo, hi, xtol=1e-12))
