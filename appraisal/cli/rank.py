"""``rank``: ranking, total value and contributions per option for one or all regions."""

from __future__ import annotations

import argparse

from appraisal.cli._inputs import add_weights, inputs_from_args
from appraisal.cli._output import table, to_csv, to_json
from appraisal.data import load_dataset
from appraisal.i18n import current_language, localised, t
from appraisal.run import run as run_appraisal


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rank", help=t("cli.rank.help"), description=t("cli.rank.help"))
    p.add_argument("--region", required=True, help=t("cli.opt.region"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    add_weights(p)
    p.add_argument(
        "--format",
        choices=("table", "json", "csv", "markdown"),
        default="table",
        help=t("cli.rank.opt.format"),
    )
    p.set_defaults(func=run)


def _scores(reg, lang: str) -> dict[str, list[dict]]:
    """Per option, every criterion's score with its level, value, range, rationale,
    evidence, status and origin (baseline, the region's override or the user's edit)."""
    p = reg.problem
    out: dict[str, list[dict]] = {}
    for i, o in enumerate(p.option_ids):
        rows = []
        for j, c in enumerate(p.criteria):
            cell = p.cells[i][j]
            vf = c.value_function
            level = ""
            if vf.constructed:
                k = int(round(cell.score))
                level = localised(vf.levels[k], "name", lang) if 0 <= k < len(vf.levels) else ""
            rows.append(
                {
                    "criterion": c.id,
                    "score": cell.score,
                    "level": level,
                    "unit": localised(c, "unit", lang),
                    "value": float(p.values[i, j]),
                    "low": cell.low,
                    "high": cell.high,
                    "rationale": cell.rationale,
                    "evidence": cell.evidence,
                    "status": cell.status,
                    "origin": cell.origin,
                }
            )
        out[o] = rows
    return out


def _drivers(reg) -> dict:
    d = reg.drivers
    return {
        "winner": d.winner,
        "runner_up": d.runner_up,
        "margin": d.margin,
        "lead_for": [{"criterion": x.criterion, "points": x.points} for x in d.lead_for],
        "lead_against": [{"criterion": x.criterion, "points": x.points} for x in d.lead_against],
        "winner_without_overrides": d.winner_without_overrides,
        "decisive_overrides": [
            {
                "option": x.option,
                "criterion": x.criterion,
                "baseline_score": x.baseline_score,
                "region_score": x.region_score,
                "change_in_total": x.change_in_total,
                "winner_if_reverted": x.winner_if_reverted,
            }
            for x in d.decisive
        ],
    }


def run(args: argparse.Namespace) -> int:
    ds = load_dataset(args.data_dir)
    regs = list(run_appraisal(ds, inputs_from_args(args, ds)))
    results = [r.mcda for r in regs]
    lang = current_language()
    names = {o.id: localised(o, "name", lang) for o in ds.options}
    if args.format == "markdown":
        from appraisal.cli._rank_markdown import ranking_markdown

        print(ranking_markdown(ds, regs, lang), end="")
        return 0
    if args.format == "json":
        print(
            to_json(
                {
                    "data_version": ds.version,
                    "weights": {
                        "method": results[0].weights.method,
                        "values": results[0].weights.as_dict(),
                    },
                    "regions": [
                        {
                            "region": res.problem.region.id,
                            "name": localised(res.problem.region, "name", lang),
                            "ranking": [
                                {**r, "name": names[r["option"]], "scores": scores[r["option"]]}
                                for r in res.rows()
                            ],
                            "drivers": _drivers(reg),
                        }
                        for reg, res in zip(regs, results)
                        for scores in (_scores(reg, lang),)
                    ],
                }
            )
        )
        return 0
    crit = ds.criterion_ids
    if args.format == "csv":
        headers = ["region", "rank", "option", "name", "total", *crit]
        rows = [
            [res.problem.region.id, r["rank"], r["option"], names[r["option"]], round(r["total"], 6)]
            + [round(r["contributions"][c], 6) for c in crit]
            for res in results
            for r in res.rows()
        ]
        print(to_csv(headers, rows), end="")
        return 0
    groups = [g.id for g in ds.groups]
    group_names = [localised(g, "name", lang) for g in ds.groups]
    for res in results:
        region = localised(res.problem.region, "name", lang)
        print(t("cli.rank.heading", region=region, version=ds.version))
        headers = [t("col.rank"), t("col.option"), t("col.total"), *group_names]
        rows = [
            [r["rank"], names[r["option"]], r["total"], *(r["group_contributions"][g] for g in groups)]
            for r in res.rows()
        ]
        print(table(headers, rows))
        print()
    return 0
