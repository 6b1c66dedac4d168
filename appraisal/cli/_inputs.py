"""Command-line flags -> one validated ``AppraisalInputs`` (the same object the app holds).

Every command that appraises (``rank``, ``sensitivity``, ``economics``, ``report``) adds
the flags it needs with ``add_*`` and builds its inputs with ``inputs_from_args``; a bad
value is refused here, where it enters, with one line naming the flag's field (exit 2).
Defaults are those of ``AppraisalInputs``, so the CLI, the app and every report give
the same figures for the same choices.
"""

from __future__ import annotations

import argparse
from typing import Any

from appraisal.i18n import current_language, t
from appraisal.inputs import (
    BENEFIT_VIEWS,
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    DEFAULT_SPREAD,
    DISCOUNTS,
    SCORE_UNCERTAINTY,
    SMAA_MODELS,
    AppraisalInputs,
    EconomicInputs,
    WeightInputs,
    jsonable,
)
from appraisal.mcda.weights import WeightSet


def add_weights(p: argparse.ArgumentParser) -> None:
    p.add_argument("--weights", default=None, help=t("cli.opt.weights"))


def add_draws(p: argparse.ArgumentParser, *, draws_flag: str = "--draws", alias: str | None = None) -> None:
    names = [draws_flag] + ([alias] if alias else [])
    p.add_argument(*names, dest="draws", type=int, default=None, help=t("cli.opt.draws", n=DEFAULT_DRAWS))
    p.add_argument("--seed", type=int, default=None, help=t("cli.opt.seed", seed=DEFAULT_SEED))


def add_weight_model(p: argparse.ArgumentParser, *, models: tuple[str, ...] = SMAA_MODELS) -> None:
    p.add_argument("--model", choices=models, default=None, help=t("sens.opt.model"))
    p.add_argument(
        "--spread", type=float, default=None, help=t("sens.opt.spread", pct=f"{100 * DEFAULT_SPREAD:g}")
    )
    p.add_argument(
        "--score-uncertainty", choices=SCORE_UNCERTAINTY, default=None, help=t("sens.opt.score_uncertainty")
    )


def add_economics(p: argparse.ArgumentParser) -> None:
    p.add_argument("--coverage", type=float, default=None, help=t("econ.cli.opt.coverage"))
    p.add_argument("--horizon", type=int, default=None, help=t("econ.cli.opt.horizon"))
    p.add_argument("--service-years", type=int, default=None, help=t("econ.cli.opt.service_years"))
    p.add_argument("--discount", choices=DISCOUNTS, default=None, help=t("econ.cli.opt.discount"))
    p.add_argument("--heckman", default=None, help=t("econ.cli.opt.heckman"))
    p.add_argument("--benefit-view", choices=BENEFIT_VIEWS, default=None, help=t("cli.opt.benefit_view"))


def weight_inputs(ws: WeightSet) -> WeightInputs:
    """A WeightSet read from a file as the inputs' weights (points sum to 100)."""
    pts = {c: float(v) * 100.0 for c, v in zip(ws.criterion_ids, ws.values)}
    return WeightInputs(ws.method, pts, jsonable(dict(ws.inputs or {})))


def inputs_from_args(
    args: argparse.Namespace, dataset, base: AppraisalInputs | None = None
) -> AppraisalInputs:
    """The run's inputs: ``base`` (e.g. a scenario's) with every flag the user gave on top."""
    base = base if base is not None else AppraisalInputs()
    changes: dict[str, Any] = {"lang": current_language()}
    path = getattr(args, "weights", None)
    if path:
        from appraisal.weights_io import load_weights_file

        changes["weights"] = weight_inputs(load_weights_file(path, dataset.criteria))
    regions = getattr(args, "region", None)
    if regions:
        changes["regions"] = () if regions == "all" else (dataset.region(regions).id,)
    for flag, field in (
        ("draws", "draws"),
        ("seed", "seed"),
        ("model", "smaa_model"),
        ("spread", "smaa_spread"),
        ("score_uncertainty", "score_uncertainty"),
    ):
        v = getattr(args, flag, None)
        if v is not None:
            changes[field] = v
    econ = {}
    for flag, field in (
        ("coverage", "coverage"),
        ("horizon", "horizon"),
        ("service_years", "service_years"),
        ("discount", "discount"),
        ("heckman", "heckman"),
        ("benefit_view", "benefit_view"),
    ):
        v = getattr(args, flag, None)
        if v is not None:
            econ[field] = v
    if econ:
        e = base.economics
        changes["economics"] = EconomicInputs(**{**_econ_fields(e), **econ})
    return base.with_changes(**changes)


def _econ_fields(e: EconomicInputs) -> dict[str, Any]:
    return {
        "coverage": e.coverage,
        "horizon": e.horizon,
        "service_years": e.service_years,
        "discount": e.discount,
        "heckman": e.heckman,
        "benefit_view": e.benefit_view,
        "overrides": dict(e.overrides),
    }
