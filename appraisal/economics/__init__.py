"""Economics of hosting options: need, costs, the outcome chain and the per-child-supported
view, Green Book discounting, IRR and break-even return against Heckman-style benchmarks,
Monte Carlo with value of information, switching values and tornado.

Public API (everything a page, report or CLI needs; results are frozen and keep every
intermediate, so nothing downstream recomputes)::

    a = load_assumptions()                      # or collect_assumptions(root) -> (a | None, issues)
    a.param("reach.camhs"); a.with_overrides({"effect_size_d": 0.4}); a.rows()
    need(region, a, coverage=0.3)               -> NeedResult
    appraise(ds, a, "gwent", horizon=60, heckman="abc_care") -> EconomicsResult
    appraise_all(ds, a, **kw)                   -> {region id: EconomicsResult}
    monte_carlo(ds, a, "gwent", draws=10_000, seed=0) -> MonteCarloResult
    switching_values(ds, a, "gwent")            -> EconSwitchingResult
    tornado(ds, a, "gwent", mode="outcome_chain") -> EconTornadoResult
    heckman_curve(a)                            -> HeckmanCurve
"""

from appraisal.economics.appraise import MODES, EconomicsResult, ModeResult, appraise, appraise_all
from appraisal.economics.assumptions import (
    Assumptions,
    Param,
    collect_assumptions,
    load_assumptions,
)
from appraisal.economics.discounting import discount_factors, npv, rates_by_year
from appraisal.economics.heckman import HeckmanCurve, heckman_curve
from appraisal.economics.kernel import annuity_per_pound, curve_rate, share_improved
from appraisal.economics.layout import ChoiceError
from appraisal.economics.montecarlo import McMode, MonteCarloResult, monte_carlo
from appraisal.economics.need import NeedResult, need
from appraisal.economics.returns import breakeven_return, irr
from appraisal.economics.switching import EconSwitchingResult, EconSwitchingRow, switching_values
from appraisal.economics.tornado import EconTornadoBar, EconTornadoResult, tornado

__all__ = [
    "MODES",
    "Assumptions",
    "ChoiceError",
    "EconSwitchingResult",
    "EconSwitchingRow",
    "EconTornadoBar",
    "EconTornadoResult",
    "EconomicsResult",
    "HeckmanCurve",
    "McMode",
    "ModeResult",
    "MonteCarloResult",
    "NeedResult",
    "Param",
    "annuity_per_pound",
    "appraise",
    "appraise_all",
    "collect_assumptions",
    "discount_factors",
    "breakeven_return",
    "curve_rate",
    "heckman_curve",
    "irr",
    "load_assumptions",
    "monte_carlo",
    "need",
    "npv",
    "rates_by_year",
    "share_improved",
    "switching_values",
    "tornado",
]
