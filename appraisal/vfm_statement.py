"""One value-for-money statement per region, reconciling the MCDA with the cost-benefit
analysis (the economic case of the Five Case Model).

HM Treasury's Green Book (2022, 5.7-5.10 and A1) asks the economic case to end in a
preferred option whose value for money weighs the monetised net present social value
(NPSV) and benefit-cost ratio (BCR) with the unmonetised benefits, and says how sure it
is. Here the unmonetised benefits are the MCDA's; the statement says:

* which option the MCDA prefers and how robust that is (SMAA first-rank acceptability);
* which option has the highest NPSV in the headline benefit view, and whether it is the same;
* the preferred option's BCR, placed in the value-for-money categories of the Department
  for Transport's *Value for Money Framework* (2015, table 1: poor < 1, low 1-1.5,
  medium 1.5-2, high 2-4, very high > 4), the convention UK public bodies use to word a
  BCR; and the chance the BCR exceeds 1 over the Monte Carlo draws;
* how sure the whole statement is: ``high`` when the MCDA result is robust and the BCR is
  above 1 in at least 80% of draws, ``low`` when the MCDA result is fragile or that chance
  is below 50%, ``medium`` otherwise.

Every number comes from the run (``RegionResults``): the statement changes when a weight,
a score or an economic assumption does. The wording is catalogue text with these numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: DfT Value for Money Framework (2015), table 1: lower BCR bound of each category.
VFM_CATEGORIES: tuple[tuple[str, float], ...] = (
    ("very_high", 4.0),
    ("high", 2.0),
    ("medium", 1.5),
    ("low", 1.0),
    ("poor", -math.inf),
)
SURE_AT = 0.8  # chance BCR > 1 for a "high" confidence statement
UNSURE_BELOW = 0.5


def vfm_category(bcr: float) -> str:
    """The DfT value-for-money category of a BCR ('poor' ... 'very_high'); '' when undefined."""
    if bcr is None or not math.isfinite(bcr):
        return ""
    return next(name for name, lo in VFM_CATEGORIES if bcr >= lo)


@dataclass(frozen=True)
class VfmStatement:
    """The region's value-for-money statement and every number it rests on."""

    region: str
    preferred: str  # the MCDA winner
    acceptability: float  # its SMAA first-rank acceptability
    verdict: str  # robust / moderate / fragile
    view: str  # the headline benefit view of the economics
    best_npsv: str  # the option with the highest NPSV in that view ('' without economics)
    agree: bool  # the MCDA winner is the NPSV leader
    npsv: float  # the preferred option's NPSV (GBP)
    bcr: float  # its incremental BCR (NaN for business as usual)
    category: str  # DfT category of that BCR
    prob_bcr_gt_1: float  # over the Monte Carlo draws (NaN without them)
    confidence: str  # high / medium / low
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """The catalogue keys of the statement's sentences, in order."""
        out = ["vfm.s.mcda"]
        if not self.best_npsv:
            return (*out, "vfm.s.no_economics", f"vfm.s.confidence.{self.confidence}")
        out.append("vfm.s.agree" if self.agree else "vfm.s.differ")
        out.append("vfm.s.bcr" if self.category else "vfm.s.no_bcr")
        if math.isfinite(self.prob_bcr_gt_1):
            out.append("vfm.s.chance")
        out.append(f"vfm.s.confidence.{self.confidence}")
        return tuple(out)


def vfm_statement(reg) -> VfmStatement:
    """The statement of one region (``appraisal.results.RegionResults``)."""
    acc = float(reg.acceptability)
    win = reg.winner
    econ = reg.economics
    if econ is None:
        conf = "low" if reg.verdict == "fragile" else "medium"
        return VfmStatement(
            reg.region_id, win, acc, reg.verdict, "", "", False, math.nan, math.nan, "", math.nan, conf
        )
    view = reg.inputs.economics.benefit_view
    mode = econ.modes[view]
    ids = econ.option_ids
    npsv = [float(x) for x in mode.npsv]
    best = ids[max(range(len(ids)), key=lambda i: (npsv[i], -i))]
    i = econ.index(win)
    bcr = float(mode.bcr_inc[i])
    mc = reg.monte_carlo
    p = float(mc.modes[view].prob_bcr_gt_1[mc.index(win)]) if mc is not None else math.nan
    if (
        reg.verdict == "fragile"
        or (math.isfinite(p) and p < UNSURE_BELOW)
        or (math.isfinite(bcr) and bcr < 1)
    ):
        conf = "low"
    elif reg.verdict == "robust" and math.isfinite(p) and p >= SURE_AT:
        conf = "high"
    else:
        conf = "medium"
    return VfmStatement(
        region=reg.region_id,
        preferred=win,
        acceptability=acc,
        verdict=reg.verdict,
        view=view,
        best_npsv=best,
        agree=best == win,
        npsv=npsv[i],
        bcr=bcr,
        category=vfm_category(bcr),
        prob_bcr_gt_1=p,
        confidence=conf,
    )


__all__ = ["VFM_CATEGORIES", "VfmStatement", "vfm_category", "vfm_statement"]
