"""``portfolio``: the national view, a Wales-wide budget a year allocated across regions and
hosting models (MILP via HiGHS), with the frontier, EQUITY's order of preference and the
robustness of the allocation over weight and economic draws."""

from __future__ import annotations

import argparse
import math

from appraisal.cli._inputs import add_economics, add_weights, inputs_from_args
from appraisal.cli._output import table, to_json
from appraisal.i18n import current_language, t
from appraisal.portfolio.choices import OBJECTIVES


def _number(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("national.cli.err.number", value=text)) from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(t("national.cli.err.number", value=text))
    return v


def _workforce(text: str) -> float | str:
    """A number of clinical WTE, or 'none' (no limit)."""
    return "none" if text.strip().lower() in ("none", "no", "off") else _number(text)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("national.cli.err.whole", value=text)) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("portfolio", help=t("national.cli.help"), description=t("national.cli.help"))
    p.add_argument("--budget", type=_number, default=None, help=t("national.cli.opt.budget"))
    p.add_argument("--objective", choices=OBJECTIVES, default="value", help=t("national.cli.opt.objective"))
    p.add_argument("--workforce", type=_workforce, default=None, help=t("national.cli.opt.workforce"))
    p.add_argument("--min-coverage", type=_number, default=None, help=t("national.cli.opt.min_coverage"))
    p.add_argument("--mixed", action="store_true", help=t("national.cli.opt.mixed"))
    p.add_argument(
        "--draws", dest="portfolio_draws", type=_whole, default=None, help=t("national.cli.opt.draws")
    )
    p.add_argument("--levels", type=_whole, default=None, help=t("national.cli.opt.levels"))
    p.add_argument("--seed", type=_whole, default=None, help=t("national.cli.opt.seed"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    add_weights(p)
    add_economics(p)
    p.add_argument("--format", choices=("table", "json"), default="table", help=t("cli.opt.format"))
    p.set_defaults(func=run)


def choices_from(args: argparse.Namespace):
    """The national choices of the flags (validated: one line naming the flag's field)."""
    from appraisal.portfolio import PortfolioChoices

    kw: dict = {"objective": args.objective, "mixed": bool(args.mixed), "seed": args.seed}
    if args.budget is not None:
        kw["budget"] = args.budget
    if args.workforce is not None:
        kw["workforce"] = None if args.workforce == "none" else args.workforce
    if args.min_coverage is not None:
        kw["min_coverage"] = args.min_coverage
    if args.portfolio_draws is not None:
        kw["draws"] = args.portfolio_draws
    if args.levels is not None:
        kw["levels"] = args.levels
    return PortfolioChoices(**kw)


def run(args: argparse.Namespace) -> int:
    from appraisal.data import load_dataset
    from appraisal.portfolio import national
    from appraisal.run import run as run_appraisal

    ch = choices_from(args)  # before loading anything: a bad flag fails at once
    ds = load_dataset(args.data_dir)
    args.region = None
    results = run_appraisal(ds, inputs_from_args(args, ds))
    nat = national(results, ch)
    if args.format == "json":
        doc = {"data_version": ds.version, **nat.to_dict()}
        print(to_json(doc))
        return 0
    _print(ds, nat)
    return 0


def _m(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e6:,.2f}"


def _ben(nat, x: float | None) -> str:
    if x is None:
        return "-"
    if nat.objective == "npsv":
        return f"{x / 1e6:,.2f}"
    return f"{x:,.0f}" if nat.objective == "reach" else f"{x:,.1f}"


def _pick(pr, pick) -> str:
    if not pick:
        return t("national.pick.none")
    return " + ".join(t("national.pick.host", host=pr.option(h), n=n) for h, n in pick)


def _print(ds, nat) -> None:
    from appraisal.present import Presenter

    pr = Presenter(ds, current_language())
    ch = nat.choices
    unit = t(f"national.unit.{nat.objective}") + (" (£m)" if nat.objective == "npsv" else "")
    print(
        t(
            "national.cli.heading",
            budget=_m(ch.budget),
            objective=t(f"national.objective.{nat.objective}"),
            workforce="-" if ch.workforce is None else f"{ch.workforce:,.0f}",
            floor=f"{ch.min_coverage:.0%}",
            hosts=ch.max_hosts,
            version=ds.version,
        )
    )
    print()
    if not nat.feasible:
        key, params = nat.reason or ("solver", {})
        params = dict(params)
        if "regions" in params:
            params["regions"] = ", ".join(pr.region(r) for r in params["regions"])
        if "floor_cost" in params:
            params["floor_cost"] = f"£{params['floor_cost']:,.0f}"
        print(t(f"national.infeasible.{key}", **params))
        return
    headers = [
        t("national.col.region"),
        t("national.col.choice"),
        t("national.col.teams"),
        t("national.col.reached"),
        t("national.col.coverage_before"),
        t("national.col.coverage_after"),
        t("national.col.cost_m"),
        t("national.col.benefit", unit=unit),
    ]
    rows = [
        [
            pr.region(a.region),
            _pick(pr, a.picks),
            a.teams,
            f"{a.reached:,.0f}",
            f"{a.coverage_before:.0%}",
            f"{a.coverage_after:.0%}",
            _m(a.cost),
            _ben(nat, a.benefit),
        ]
        for a in nat.allocation
    ]
    rows.append(
        [
            t("national.cli.total"),
            "",
            nat.total_teams,
            f"{nat.total_reached:,.0f}",
            "",
            "",
            _m(nat.total_cost),
            _ben(nat, nat.total_benefit),
        ]
    )
    print(table(headers, rows))
    print(t("national.cli.solver", status=nat.milp.status, agrees=t("econ.yes" if nat.agrees else "econ.no")))
    m = nat.marginal
    print(
        t(
            "national.cli.marginal",
            more=_ben(nat, m.per_million),
            less=_ben(nat, m.loss_per_million),
            unit=unit,
        )
    )
    if m.lp is not None:
        print(t("national.cli.lp", per_m=_ben(nat, m.lp.per_million), unit=unit))
    print()
    fr = nat.frontier
    print(t("national.cli.frontier", floor=_m(fr.floor_cost), full=_m(fr.full_budget), steps=len(fr.steps)))
    headers = [
        t("national.col.rank"),
        t("national.col.region"),
        t("national.col.from"),
        t("national.col.to"),
        t("national.col.extra_cost_m"),
        t("national.col.per_million"),
        t("national.col.total_cost_m"),
    ]
    rows = [
        [
            i.rank,
            pr.region(i.region),
            _pick(pr, i.before),
            _pick(pr, i.after),
            _m(i.cost),
            _ben(nat, i.ratio),
            _m(i.total_cost),
        ]
        for i in fr.order
    ]
    print(table(headers, rows))
    print()
    rb = nat.robustness
    print(t("national.cli.robust", draws=f"{rb.draws:,}", seed=rb.seed, same=f"{rb.same_as_base():.0%}"))
    headers = [
        t("national.col.region"),
        t("national.col.choice"),
        t("national.col.same_share"),
        t("national.col.most_often"),
    ]
    rows = []
    for r, rid in enumerate(rb.regions):
        top = rb.pick_share(r)
        rows.append(
            [
                pr.region(rid),
                _pick(pr, rb.base[r]),
                f"{rb.same_as_base(r):.0%}",
                f"{_pick(pr, top[0][0])} ({top[0][1]:.0%})" if top else "-",
            ]
        )
    print(table(headers, rows))
