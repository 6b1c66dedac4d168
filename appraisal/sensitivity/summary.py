"""Bundles: every robustness analysis for one region, and one line per region."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from appraisal.mcda import AdditiveResult
from appraisal.mcda.weights import WeightSet
from appraisal.model import Problem
from appraisal.sensitivity._common import WeightsLike, base_result, plain, top_index
from appraisal.sensitivity.distance import DistanceResult, distance_to_change
from appraisal.sensitivity.methods import MethodComparison, compare_methods
from appraisal.sensitivity.smaa import SMAAResult, smaa
from appraisal.sensitivity.sweeps import SweepResult, sweep
from appraisal.sensitivity.switching import SwitchingResult, switching_values
from appraisal.sensitivity.tornado import TornadoResult, score_tornado


@dataclass(frozen=True)
class RobustnessResult:
    """All robustness analyses for one region and one weight set (nothing recomputed)."""

    problem: Problem
    additive: AdditiveResult
    sweep: SweepResult
    switching: SwitchingResult
    distance: DistanceResult
    smaa: SMAAResult
    methods: MethodComparison
    tornado: TornadoResult

    @property
    def top(self) -> str:
        return self.problem.option_ids[top_index(self.additive)]

    def summary_row(self) -> dict:
        """The region's line in the across-regions table."""
        p = self.problem
        names = {o.id: o.name for o in p.options}
        top = self.top
        i = p.option_ids.index(top)
        return {
            "region": p.region.id,
            "region_name": p.region.name,
            "top": top,
            "top_name": names[top],
            "total": float(self.additive.totals[i]),
            "first_rank_acceptability": self.smaa.first_rank(top),
            "confidence": plain(self.smaa.confidence[i]),
            "most_acceptable": self.smaa.most_acceptable,
            "l1_distance": plain(self.distance.l1_distance),
            "weight_moved": plain(self.distance.weight_moved),
            "linf_distance": plain(self.distance.linf_distance),
            "rival": self.distance.rival,
            "rival_name": names.get(self.distance.rival or "", None),
            "methods_agree": bool(self.methods.same_top),
        }

    def rows(self) -> list[dict]:
        return [self.summary_row()]


@dataclass(frozen=True)
class AcrossRegionsResult:
    results: tuple[RobustnessResult, ...]
    samples: int
    seed: int

    def rows(self) -> list[dict]:
        return [r.summary_row() for r in self.results]

    def region(self, region_id: str) -> RobustnessResult:
        for r in self.results:
            if r.problem.region.id == region_id:
                return r
        raise KeyError(region_id)


def robustness(
    problem: Problem,
    weights: WeightsLike | AdditiveResult = None,
    *,
    samples: int = 10_000,
    seed: int = 0,
    model: str = "uniform",
    score_uncertainty: str = "triangular",
    points: int = 101,
    **smaa_options,
) -> RobustnessResult:
    """Sweeps, switching values, distance, SMAA-2, method comparison and tornado."""
    base = base_result(problem, weights)
    return RobustnessResult(
        problem=problem,
        additive=base,
        sweep=sweep(problem, base, points),
        switching=switching_values(problem, base),
        distance=distance_to_change(problem, base),
        smaa=smaa(
            problem,
            base.weights,
            model=model,
            samples=samples,
            seed=seed,
            score_uncertainty=score_uncertainty,
            **smaa_options,
        ),
        methods=compare_methods(problem, base),
        tornado=score_tornado(problem, base),
    )


def across_regions(
    dataset,
    weights: WeightSet | Mapping[str, WeightSet] | None = None,
    *,
    samples: int = 10_000,
    seed: int = 0,
    regions: tuple[str, ...] | None = None,
    **options,
) -> AcrossRegionsResult:
    """Robustness for every region of ``dataset`` (a ``appraisal.data.Dataset``).

    ``weights`` is one weight set for all regions, or a mapping region id -> weight set
    (regions not in the mapping use the data's weights). Every region uses the same seed.
    """
    ids = regions if regions is not None else dataset.region_ids
    out = []
    for rid in ids:
        w = weights.get(rid) if isinstance(weights, Mapping) else weights
        out.append(robustness(dataset.problem(rid), w, samples=samples, seed=seed, **options))
    return AcrossRegionsResult(tuple(out), int(samples), int(seed))
