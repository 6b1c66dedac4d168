"""The spine: ``run(dataset, inputs) -> AppraisalResults``.

Every consumer (the app's pages, the report, the CLI, scenario comparison and the
workshop) turns what the user chose into an :class:`~appraisal.inputs.AppraisalInputs`
and reads an :class:`~appraisal.results.AppraisalResults`; nothing downstream calls an
engine, so a choice made on any page reaches the report unchanged.

Each heavy part is memoised (:class:`appraisal.memo.Memo`) on the slice of the inputs
it depends on: moving a weight recomputes the ranking and SMAA, never the economics;
changing the discount rate recomputes the economics, never SMAA. One seed
(``inputs.seed``) drives every random part in every region, so the app, the CLI and
every report format show the same figures for the same inputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from appraisal.errors import InputError
from appraisal.inputs import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    AppraisalInputs,
    EconomicInputs,
    ScoreEdit,
    WeightInputs,
    check_against,
    check_economics,
    value_functions_for,
)
from appraisal.mcda import evaluate
from appraisal.mcda.weights import WeightSet, normalise
from appraisal.memo import Memo
from appraisal.results import AppraisalResults, RegionResults

MEMO = Memo(512)

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "MEMO",
    "AppraisalInputs",
    "AppraisalResults",
    "EconomicInputs",
    "RegionResults",
    "ScoreEdit",
    "WeightInputs",
    "base_assumptions",
    "clear_cache",
    "default_inputs",
    "rank_many_inputs",
    "run",
    "mixture_acceptability",
    "validate",
]


def clear_cache() -> None:
    """Forget every memoised part (tests use it)."""
    MEMO.clear()


def _slice(**parts: Any) -> str:
    return json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))


def base_assumptions(dataset) -> tuple[Any, str]:
    """(the data folder's economic Assumptions, '') or (None, why they are missing)."""
    if not (dataset.data_dir / "assumptions").is_dir():
        return None, "assumptions/"

    def load():
        from appraisal.economics import load_assumptions

        return load_assumptions(dataset.data_dir)

    return MEMO.get(dataset, _slice(part="assumptions"), load), ""


def default_inputs(dataset, **changes: Any) -> AppraisalInputs:
    """Inputs with the data's default swing weights written out (what the app starts
    from and a scenario saves), plus any ``changes``."""
    pts = {c.id: float(c.weight.value or 0.0) for c in dataset.criteria}
    base = AppraisalInputs(weights=WeightInputs("swing", pts, {"source": "data defaults"}))
    return base.with_changes(**changes) if changes else base


def validate(dataset, inputs: AppraisalInputs) -> Any:
    """Check ``inputs`` against the data and the economic register; return the run's
    Assumptions (with overrides) or None when the data folder has no ``assumptions/``.
    Inputs of an earlier criteria model are checked as :func:`run` will read them."""
    from appraisal.legacy import upgrade

    inputs = upgrade(inputs, dataset.criterion_ids).inputs
    a, _missing = base_assumptions(dataset)
    check_against(inputs, dataset, a)
    return check_economics(inputs.economics, a) if a is not None else None


def _weights(dataset, inputs: AppraisalInputs) -> tuple[WeightSet, bool]:
    ids = dataset.criterion_ids
    default = normalise({c.id: float(c.weight.value or 0.0) for c in dataset.criteria}, ids)
    if inputs.weights is None:
        return WeightSet(ids, default, "swing", {"source": "data defaults"}), True
    w = inputs.weights
    vals = normalise(dict(w.points), ids, source="weights")
    same = bool(max(abs(a - b) for a, b in zip(vals, default)) < 1e-9)
    return WeightSet(ids, vals, w.method, dict(w.inputs)), same


def run(dataset, inputs: AppraisalInputs | None = None) -> AppraisalResults:
    """Validate ``inputs`` against ``dataset`` and set up every region's results.

    The MCDA ranking is computed at once; the other parts on first use (memoised).
    Inputs saved against an earlier criteria model are carried over first
    (:func:`appraisal.legacy.upgrade`; what changed is in ``upgrade_notes``).
    Raises InputError naming the field the data cannot use.
    """
    inputs = inputs if inputs is not None else AppraisalInputs()
    from appraisal.legacy import upgrade

    carried = upgrade(inputs, dataset.criterion_ids)
    inputs = carried.inputs
    assumptions = validate(dataset, inputs)
    _base, missing = base_assumptions(dataset)
    weights, is_default = _weights(dataset, inputs)
    region_ids = inputs.regions or dataset.region_ids
    wkey = _slice(w=[float(x) for x in weights.values])
    by_region = {rid: _region(dataset, inputs, assumptions, weights, wkey, rid) for rid in region_ids}
    extras: dict[str, Callable[[], Any]] = {}
    if assumptions is not None:
        extras["heckman"] = partial(
            MEMO.get,
            dataset,
            _slice(part="heckman", a=assumptions.fingerprint),
            partial(_heckman, assumptions),
        )
    return AppraisalResults(
        inputs=inputs,
        dataset=dataset,
        weights=weights,
        weights_default=is_default,
        assumptions=assumptions,
        economics_missing=missing,
        region_ids=tuple(region_ids),
        by_region=by_region,
        extras=extras,
        upgrade_notes=carried.notes,
    )


def _heckman(assumptions):
    from appraisal.economics import heckman_curve

    return heckman_curve(assumptions)


def _region(
    dataset, inputs: AppraisalInputs, assumptions, weights: WeightSet, wkey: str, rid: str
) -> RegionResults:
    edits = inputs.edits_for(rid)
    vfs = [v.to_dict() for v in inputs.value_functions]
    ekey = _slice(
        e=sorted((o, c, v) for (o, c), v in edits.items()), vf=[(v["criterion"], v["spec"]) for v in vfs]
    )

    def problem():
        base = dataset.problem(rid)
        if inputs.value_functions:
            base = base.with_value_functions(value_functions_for(inputs, dataset))
        return base.with_scores(edits, origin="user") if edits else base

    p = MEMO.get(dataset, _slice(part="problem", r=rid, e=ekey), problem)
    mcda = MEMO.get(dataset, _slice(part="mcda", r=rid, e=ekey, w=wkey), lambda: evaluate(p, weights))
    base = mcda
    smaa_key = _slice(
        n=inputs.draws,
        seed=inputs.seed,
        model=inputs.smaa_model,
        spread=inputs.smaa_spread,
        su=inputs.score_uncertainty,
    )

    def memo(part: str, key: str, fn: Callable[[], Any]) -> Callable[[], Any]:
        return partial(MEMO.get, dataset, _slice(part=part, r=rid, e=ekey, k=key), fn)

    def smaa(model: str):
        from appraisal.sensitivity import smaa as smaa_fn

        opts = {"spread": inputs.smaa_spread} if model == "stated" else {}
        return smaa_fn(
            p,
            base.weights,
            model=model,
            samples=inputs.draws,
            seed=inputs.seed,
            score_uncertainty=inputs.score_uncertainty,
            **opts,
        )

    def sens(name: str):
        from appraisal import sensitivity as S

        fn = {
            "sweep": S.sweep,
            "switching": S.switching_values,
            "distance": S.distance_to_change,
            "methods": S.compare_methods,
            "tornado": S.score_tornado,
        }[name]
        return fn(p, base)

    def vfm_mcda():
        """The MCDA on the criteria the economics does not already count (value for money
        sets it against cost, so no criterion is counted twice)."""
        keep = np.array([not c.in_economics for c in p.criteria], dtype=float)
        w = base.weights.values * keep
        if w.sum() <= 0 or keep.all():
            return base
        ws = WeightSet(
            p.criterion_ids,
            w / w.sum(),
            base.weights.method,
            {"excludes": [c.id for c in p.criteria if c.in_economics]},
        )
        return evaluate(p, ws)

    uni_key = _slice(n=inputs.draws, seed=inputs.seed, su=inputs.score_uncertainty)
    parts: dict[str, Callable[[], Any]] = {
        "smaa": memo("smaa", wkey + smaa_key, partial(smaa, inputs.smaa_model)),
        "smaa_uniform": memo("smaa_uniform", uni_key, partial(smaa, "uniform")),
    }
    for name in ("sweep", "switching", "distance", "methods", "tornado"):
        parts[name] = memo(name, wkey, partial(sens, name))
    parts["vfm_mcda"] = memo("vfm_mcda", wkey, vfm_mcda)

    def region_drivers():
        from appraisal.mcda.drivers import drivers

        return drivers(mcda, {(s.option, s.criterion): s.score for s in dataset.baseline})

    parts["drivers"] = memo("drivers", wkey, region_drivers)
    if assumptions is not None:
        parts.update(_economics_parts(dataset, inputs, assumptions, rid))
    return RegionResults(region=dataset.region(rid), problem=p, mcda=mcda, inputs=inputs, parts=parts)


def _economics_parts(dataset, inputs: AppraisalInputs, a, rid: str) -> dict[str, Callable[[], Any]]:
    from appraisal import economics as E

    econ = inputs.economics
    choices = econ.choices()
    ckey = _slice(a=a.fingerprint, c=choices)

    def memo(part: str, key: str, fn: Callable[[], Any]) -> Callable[[], Any]:
        return partial(MEMO.get, dataset, _slice(part=part, r=rid, k=key), fn)

    def guarded(fn: Callable[[], Any]) -> Callable[[], Any]:
        def call():
            try:
                return fn()
            except E.ChoiceError as exc:  # a choice the economics cannot use, named
                raise InputError("inputs.err.economics", field="economics", problem=str(exc)) from None

        return call

    mc_key = ckey + _slice(n=inputs.draws, seed=inputs.seed)
    return {
        "assumptions": lambda: a,
        "economics": memo("economics", ckey, guarded(lambda: E.appraise(dataset, a, rid, **choices))),
        "monte_carlo": memo(
            "monte_carlo",
            mc_key,
            guarded(lambda: E.monte_carlo(dataset, a, rid, draws=inputs.draws, seed=inputs.seed, **choices)),
        ),
        "econ_switching": memo(
            "econ_switching", ckey, guarded(lambda: E.switching_values(dataset, a, rid, **choices))
        ),
        "econ_tornado": memo(
            "econ_tornado",
            ckey + econ.benefit_view,
            guarded(lambda: E.tornado(dataset, a, rid, mode=econ.benefit_view, **choices)),
        ),
    }


def rank_many_inputs(dataset, inputs: list[AppraisalInputs], region: str) -> list[RegionResults]:
    """One region's results under each of several inputs (scenario comparison, workshops)."""
    return [run(dataset, i.with_changes(regions=(region,))).region(region) for i in inputs]


def mixture_acceptability(
    dataset, inputs: AppraisalInputs, region: str, stakeholders: list[dict[str, float]]
):
    """SMAA-2 with each draw taking one stakeholder's weight set (a workshop's
    submissions), perturbed by ``inputs.smaa_spread``, on the region's problem with the
    inputs' score edits; seeded by ``inputs.seed``. Memoised like every other part."""
    from appraisal.sensitivity import smaa as smaa_fn

    res = run(dataset, inputs.with_changes(regions=(region,))).region(region)
    key = _slice(
        part="mixture_acceptability",
        r=region,
        e=sorted((o, c, v) for (o, c), v in inputs.edits_for(region).items()),
        s=[sorted(w.items()) for w in stakeholders],
        n=inputs.draws,
        seed=inputs.seed,
        spread=inputs.smaa_spread,
        su=inputs.score_uncertainty,
    )
    return MEMO.get(
        dataset,
        key,
        lambda: smaa_fn(
            res.problem,
            model="mixture",
            stakeholder_weights=stakeholders,
            samples=inputs.draws,
            seed=inputs.seed,
            spread=inputs.smaa_spread,
            score_uncertainty=inputs.score_uncertainty,
        ),
    )
