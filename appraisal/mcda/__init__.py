"""Multi-criteria analysis: value functions, weights and the weighted additive model."""

from appraisal.mcda.additive import (
    TIE_TOLERANCE,
    AdditiveResult,
    BatchRanking,
    additive_totals,
    evaluate,
    evaluate_many,
    order_of,
    rank_many,
    rank_totals,
    rank_with_ties,
    top_of,
)

__all__ = [
    "TIE_TOLERANCE",
    "AdditiveResult",
    "BatchRanking",
    "additive_totals",
    "evaluate",
    "evaluate_many",
    "order_of",
    "rank_many",
    "rank_totals",
    "rank_with_ties",
    "top_of",
]
