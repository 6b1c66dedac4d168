"""Robustness of the ranking: one-way sweeps, exact switching values, distance to a
different answer (LP), SMAA-2 with score uncertainty, method comparison and a tornado.

Every analysis takes a ``Problem`` and weights (a ``WeightSet``, an array, an
``AdditiveResult`` or None for the data's weights) and returns a frozen result with a
``rows()`` table (plain floats and strings) shared by the app, the reports and the CLI.
Tie rule everywhere: equal totals are ranked in data order (the earlier option first).
"""

from appraisal.sensitivity.distance import DistanceResult, RivalDistance, distance_to_change
from appraisal.sensitivity.methods import METHODS, MethodComparison, compare_methods
from appraisal.sensitivity.smaa import MODELS, SCORE_UNCERTAINTY, SMAAResult, smaa
from appraisal.sensitivity.summary import AcrossRegionsResult, RobustnessResult, across_regions, robustness
from appraisal.sensitivity.sweeps import SweepResult, sweep
from appraisal.sensitivity.switching import SwitchingResult, SwitchingRow, switching_values
from appraisal.sensitivity.tornado import TornadoBar, TornadoResult, score_tornado

__all__ = [
    "METHODS",
    "MODELS",
    "SCORE_UNCERTAINTY",
    "AcrossRegionsResult",
    "DistanceResult",
    "MethodComparison",
    "RivalDistance",
    "RobustnessResult",
    "SMAAResult",
    "SweepResult",
    "SwitchingResult",
    "SwitchingRow",
    "TornadoBar",
    "TornadoResult",
    "across_regions",
    "compare_methods",
    "distance_to_change",
    "robustness",
    "score_tornado",
    "smaa",
    "sweep",
    "switching_values",
]
