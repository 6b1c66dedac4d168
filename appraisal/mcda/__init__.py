"""Multi-criteria analysis: value functions, weights and the weighted additive model."""

from appraisal.mcda.additive import AdditiveResult, additive_totals, evaluate, rank_with_ties

__all__ = ["AdditiveResult", "additive_totals", "evaluate", "rank_with_ties"]
