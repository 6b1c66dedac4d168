"""Economics of hosting options: need, costs, two benefit modes, Green Book discounting,
Monte Carlo, switching values and tornado (issue 4).

Public API (everything a page, report or CLI needs; results are frozen and keep every
intermediate, so nothing downstream recomputes)::

    a = load_assumptions()                      # or collect_assumptions(root) -> (a | None, issues)
    a.param("reach.camhs"); a.with_overrides({"effect_size_d": 0.4}); a.rows()
    need(region, a, coverage=0.3)               -> NeedResult
    appraise(ds, a, "gwent", horizon=60, discount="stpr", heckman="abc_care") -> EconomicsResult
    appraise_all(ds, a, **kw)                   -> {region id: EconomicsResult}
    monte_carlo(ds, a, "gwent", draws=10_000, seed=0) -> MonteCarloResult
    switching_values(ds, a, "gwent")            -> EconSwitchingResult
    tornado(ds, a, "gwent", mode="bottom_up")   -> EconTornadoResult
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
from appraisal.economics.heckman import HeckmanCurve, heckman_curve, implied_bcr
from appraisal.economics.kernel import annuity_per_pound, heckman_rate, share_improved
from appraisal.economics.layout import ChoiceError
from appraisal.economics.montecarlo import McMode, MonteCarloResult, monte_carlo
from appraisal.economics.need import NeedResult, need
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
    "heckman_curve",
    "heckman_rate",
    "implied_bcr",
    "load_assumptions",
    "monte_carlo",
    "need",
    "npv",
    "rates_by_year",
    "share_improved",
    "switching_values",
    "tornado",
]
