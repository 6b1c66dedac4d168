"""The national view: allocate a Wales-wide budget a year across the seven regions and
their hosting models (issue 18).

Per region, a hosting option and a number of whole teams (sized by the economics), to
maximise the total benefit (``value``: MCDA value x babies in need reached; ``npsv``: the
Green Book NPSV; ``reach``: babies in need reached) within the budget, each region's
minimum coverage, the clinical workforce that can be recruited in a year and one host per
region (two when mixing is allowed), existing teams kept. The allocation is a MILP solved
exactly by HiGHS (:mod:`.milp`); the frontier over budgets and the robustness re-solves use
an exact dynamic programme (:mod:`.exact`) that reaches the same optimum (tested)::

    from appraisal.portfolio import PortfolioChoices, national
    nat = national(results, PortfolioChoices(budget=5e6, objective="value"))
    nat.allocation, nat.marginal.per_million, nat.frontier.order, nat.robustness.host_share(0)

``national(results, choices)`` is a part of the run computed on first use and memoised on
the run's inputs and the choices (like the economics of ``RegionResults``): the National
page, the ``portfolio`` command and the report's chapter read the same object for the
same inputs and choices. Its defaults (``defaults.yaml``) carry unit, source and status.
"""

from __future__ import annotations

import json

from appraisal.portfolio.choices import OBJECTIVES, PortfolioChoices, defaults
from appraisal.portfolio.result import NationalResult, RegionAllocation

__all__ = ["OBJECTIVES", "NationalResult", "PortfolioChoices", "RegionAllocation", "defaults", "national"]


def national(results, choices: PortfolioChoices | None = None) -> NationalResult:
    """The national view of ``results`` (an ``AppraisalResults``) under ``choices`` (default:
    the run's own, ``AppraisalInputs.national``)."""
    from appraisal.portfolio.assemble import build
    from appraisal.run import MEMO

    ch = choices if choices is not None else results.inputs.national_choices
    key = json.dumps(
        {
            "part": "national",
            "inputs": results.inputs.compute_key(),
            "regions": list(results.region_ids),
            "choices": ch.to_dict(),
        },
        sort_keys=True,
    )
    return MEMO.get(results.dataset, key, lambda: build(results, ch))
