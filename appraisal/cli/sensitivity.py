"""``sensitivity``: robustness of the ranking for one region or all regions.

Prints, per region, the switching values, the distance to a different answer, SMAA-2
acceptabilities, the ranks under other aggregation methods and the tornado; with
``--region all`` also one line per region. ``--format json`` gives the same tables as
the ``rows()`` of the result objects (the sweep data are left out: use the API).
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from appraisal.cli._inputs import add_draws, add_weight_model, add_weights, inputs_from_args
from appraisal.cli._output import table, to_json
from appraisal.data import load_dataset
from appraisal.errors import AppraisalError
from appraisal.i18n import t
from appraisal.inputs import SMAA_MODELS
from appraisal.run import mixture_acceptability
from appraisal.run import run as run_appraisal
from appraisal.sensitivity import RobustnessResult
from appraisal.weights_io import load_weights_file

TORNADO_LINES = 10


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sensitivity", help=t("sens.help"), description=t("sens.help"))
    p.add_argument("--region", required=True, help=t("cli.opt.region"))
    add_draws(p, draws_flag="--samples", alias="--draws")
    p.add_argument("--format", choices=("table", "json"), default="table", help=t("sens.opt.format"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    add_weights(p)
    add_weight_model(p, models=(*SMAA_MODELS, "mixture"))
    p.add_argument("--stakeholder", action="append", default=[], help=t("sens.opt.stakeholder"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    ds = load_dataset(args.data_dir)
    mixture = args.model == "mixture"
    if mixture:
        if not args.stakeholder:
            raise AppraisalError(t("sens.err.mixture_needs_files"))
        sets = [load_weights_file(f, ds.criteria) for f in args.stakeholder]
        stakeholders = [w.as_dict() for w in sets]
        args.model = None
    inputs = inputs_from_args(args, ds)
    results = []
    for reg in run_appraisal(ds, inputs):
        rob = reg.robustness
        if mixture:
            rob = replace(rob, smaa=mixture_acceptability(ds, inputs, reg.region_id, stakeholders))
        results.append(rob)
    if args.format == "json":
        print(
            to_json(
                {
                    "data_version": ds.version,
                    "samples": inputs.draws,
                    "seed": inputs.seed,
                    "model": "mixture" if mixture else inputs.smaa_model,
                    "score_uncertainty": inputs.score_uncertainty,
                    "regions": [_region_json(r) for r in results],
                    "across_regions": [r.summary_row() for r in results],
                }
            )
        )
        return 0
    for r in results:
        print(_region_text(r, ds.version))
        print()
    if len(results) > 1:
        print(t("sens.across.title"))
        print(_across_table([r.summary_row() for r in results]))
    return 0


def _region_json(r: RobustnessResult) -> dict:
    return {
        "region": r.problem.region.id,
        "name": r.problem.region.name,
        "top": r.top,
        "weights": r.additive.weights.as_dict(),
        "switching": r.switching.rows(),
        "distance": {
            "top": r.distance.top,
            "rival": r.distance.rival,
            "l1_distance": r.distance.l1_distance,
            "weight_moved": r.distance.weight_moved,
            "linf_distance": r.distance.linf_distance,
            "new_weights": r.distance.new_weight_rows(),
            "per_rival": r.distance.rows(),
        },
        "smaa": {
            "model": r.smaa.model,
            "score_uncertainty": r.smaa.score_uncertainty,
            "samples": r.smaa.samples,
            "seed": r.smaa.seed,
            "acceptability": r.smaa.rows(),
            "central_weights": r.smaa.central_weight_rows(),
        },
        "methods": {"ranks": r.methods.rows(), "agreement": r.methods.agreement_rows()},
        "tornado": {
            "top": r.tornado.top,
            "runner_up": r.tornado.runner_up,
            "margin": r.tornado.margin,
            "bars": r.tornado.rows(),
        },
    }


def _pct(x: float | None) -> float | str:
    return "-" if x is None else 100.0 * x


def _yes(b: bool) -> str:
    return t("sens.yes") if b else t("sens.no")


def _model_label(r: RobustnessResult) -> str:
    s = r.smaa
    if s.model == "stated":
        return t("sens.model.stated", pct=f"{100 * (s.spread or 0):g}")
    if s.model == "mixture":
        return t("sens.model.mixture", n=len(s.stakeholders) if s.stakeholders is not None else 0)
    return t(f"sens.model.{s.model}")


def _region_text(r: RobustnessResult, version: str) -> str:
    p = r.problem
    names = {o.id: o.name for o in p.options}
    cnames = {c.id: c.name for c in p.criteria}
    out = [t("sens.heading", region=p.region.name, version=version, top=names[r.top]), ""]

    out.append(t("sens.switching.title"))
    rows = [
        [
            row["criterion_name"],
            100 * row["current_weight"],
            _pct(row["lower_switch"]),
            names.get(row["lower_to"] or "", t("sens.switching.none")),
            _pct(row["upper_switch"]),
            names.get(row["upper_to"] or "", t("sens.switching.none")),
        ]
        for row in r.switching.rows()
    ]
    heads = ["sens.col.criterion", "sens.col.weight", "sens.col.down_at", "sens.col.to", "sens.col.up_at"]
    out.append(table([*(t(h) for h in heads), t("sens.col.to")], rows))
    out.append("")

    out.append(t("sens.distance.title"))
    d = r.distance
    if d.rival is None:
        out.append(t("sens.distance.never"))
    else:
        out.append(
            t(
                "sens.distance.text",
                moved=100 * (d.weight_moved or 0.0),
                rival=names[d.rival],
                l1=d.l1_distance,
                linf=100 * (d.linf_distance or 0.0),
            )
        )
    out.append("")

    s = r.smaa
    out.append(
        t(
            "sens.smaa.title",
            model=_model_label(r),
            scores=s.score_uncertainty,
            samples=f"{s.samples:,}",
            seed=s.seed,
        )
    )
    n_opt = len(s.option_ids)
    heads = [
        t("sens.col.option"),
        *(t("sens.col.rank_n", n=k + 1) for k in range(n_opt)),
        t("sens.col.confidence"),
    ]
    rows = [
        [row["name"], *(100 * row[f"rank_{k + 1}"] for k in range(n_opt)), _pct(row["confidence"])]
        for row in s.rows()
    ]
    out.append(table(heads, rows))
    out.append("")

    m = r.methods
    out.append(t("sens.methods.title"))
    heads = [t("sens.col.option"), *(t(f"sens.method.{k}") for k in m.methods)]
    rows = [[row["name"], *(row[f"rank_{k}"] for k in m.methods)] for row in m.rows()]
    out.append(table(heads, rows))
    taus = ", ".join(
        t("sens.method." + a["method"]) + f" {a['kendall_tau']:.2f}"
        for a in m.agreement_rows()[1:]
        if a["kendall_tau"] is not None
    )
    out.append(f"{t('sens.methods.tau')}: {taus}")
    out.append("")

    tor = r.tornado
    if tor.runner_up is not None:
        out.append(
            t("sens.tornado.title", top=names[tor.top], runner=names[tor.runner_up], margin=tor.margin)
        )
        rows = []
        for b in tor.rows()[:TORNADO_LINES]:
            if b["kind"] == "score":
                label = t("sens.tornado.score", option=names[b["option"]], criterion=cnames[b["criterion"]])
            else:
                label = t("sens.tornado.weight", criterion=cnames[b["criterion"]], pct=25)
            rows.append([label, b["margin_low"], b["margin_high"], _yes(b["flips"])])
        heads = ["sens.col.input", "sens.col.margin_low", "sens.col.margin_high", "sens.col.flips"]
        out.append(table([t(h) for h in heads], rows))
    return "\n".join(out)


def _across_table(rows: list[dict]) -> str:
    heads = [
        "sens.col.region",
        "sens.col.top",
        "sens.col.total",
        "sens.col.first_rank",
        "sens.col.confidence",
        "sens.col.moved",
        "sens.col.rival",
        "sens.col.methods_agree",
    ]
    body = [
        [
            r["region_name"],
            r["top_name"],
            r["total"],
            100 * r["first_rank_acceptability"],
            _pct(r["confidence"]),
            _pct(r["weight_moved"]),
            r["rival_name"] or "-",
            _yes(r["methods_agree"]),
        ]
        for r in rows
    ]
    return table([t(h) for h in heads], body)
