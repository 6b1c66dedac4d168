"""``economics``: costs, returns (two benefit modes), Monte Carlo and switching values."""

from __future__ import annotations

import argparse

from appraisal.cli._inputs import add_draws, add_economics, inputs_from_args
from appraisal.cli._output import table, to_json
from appraisal.data import load_dataset
from appraisal.economics import collect_assumptions
from appraisal.errors import DataError
from appraisal.i18n import t
from appraisal.run import run as run_appraisal


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("economics", help=t("econ.cli.help"), description=t("econ.cli.help"))
    p.add_argument("--region", required=True, help=t("cli.opt.region"))
    p.add_argument("--data-dir", default=None, help=t("cli.opt.data_dir"))
    add_draws(p)
    add_economics(p)
    p.add_argument("--format", choices=("table", "json"), default="table", help=t("cli.opt.format"))
    p.set_defaults(func=run)


def _k(x: float | None) -> object:
    """GBP thousands, whole numbers (text tables)."""
    return "-" if x is None else round(x / 1000)


def _r(x: float | None, places: int = 2) -> str:
    return "-" if x is None else f"{x:.{places}f}"


def _year(y: int | None) -> object:
    return t("econ.never") if y is None else y


def run(args: argparse.Namespace) -> int:
    skip_mc = args.draws == 0  # --draws 0: no Monte Carlo
    if skip_mc:
        args.draws = None
    ds = load_dataset(args.data_dir)
    a, issues = collect_assumptions(ds.data_dir, option_ids=ds.option_ids, region_ids=ds.region_ids)
    if issues:
        raise DataError(issues)
    inputs = inputs_from_args(args, ds)
    results = run_appraisal(ds, inputs)
    a = results.assumptions
    out = [(r.economics, None if skip_mc else r.monte_carlo, r.econ_switching) for r in results]
    if args.format == "json":
        first = out[0][0]
        print(
            to_json(
                {
                    "data_version": ds.version,
                    "assumptions_version": a.version,
                    "choices": {
                        "coverage": first.coverage,
                        "horizon": first.horizon,
                        "service_years": first.service_years,
                        "discount": first.discount,
                        "heckman": first.heckman_preset,
                        "benefit_view": inputs.economics.benefit_view,
                        "draws": 0 if skip_mc else inputs.draws,
                        "seed": inputs.seed,
                    },
                    "regions": [
                        {
                            "region": res.region.id,
                            "name": res.region.name,
                            "need": res.need.rows(),
                            "appraisal": res.rows(),
                            "heckman": {
                                "rate_at_service_age": res.heckman_rate,
                                "annuity_per_pound": res.heckman_annuity,
                                "payoff_years": res.heckman_payoff_years,
                                "implied_bcr_per_pound": res.heckman_implied_bcr,
                            },
                            "share_improved": res.share_improved,
                            "monte_carlo": mc.rows() if mc is not None else None,
                            "switching": sv.rows(),
                        }
                        for res, mc, sv in out
                    ],
                }
            )
        )
        return 0
    for res, mc, sv in out:
        _print_region(ds, a, res, mc, sv, inputs)
    return 0


def _print_region(ds, a, res, mc, sv, inputs) -> None:
    print(
        t(
            "econ.cli.heading",
            region=res.region.name,
            version=ds.version,
            aversion=a.version,
            coverage=f"{res.coverage:.0%}",
            horizon=res.horizon,
            service=res.service_years,
            discount=res.discount,
            preset=res.heckman_preset,
        )
    )
    print()
    print(t("econ.cli.need_heading"))
    rows = []
    for r in res.need.rows():
        v = r["value"]
        shown = f"{v:.0%}" if "share" in r["unit"] else (f"{v:.2f}" if "teams" == r["unit"] else round(v, 1))
        rows.append([t(f"econ.need.{r['quantity']}"), shown])
    print(table([t("econ.col.quantity"), t("econ.col.value")], rows))
    print()
    print(t("econ.cli.appraisal_heading"))
    headers = [
        t("econ.col.option"),
        t("econ.col.new_teams"),
        t("econ.col.inc_pv_costs"),
        t("econ.col.npsv_bottom_up"),
        t("econ.col.bcr_bottom_up"),
        t("econ.col.breakeven_bottom_up"),
        t("econ.col.npsv_heckman"),
        t("econ.col.bcr_heckman"),
        t("econ.col.breakeven_heckman"),
        t("econ.col.cost_per_family"),
    ]
    rows = [
        [
            r["name"],
            f"{r['new_teams']:.2f}",
            _k(r["inc_pv_costs"]),
            _k(r["npsv_bottom_up"]),
            _r(r["bcr_bottom_up"]),
            _year(r["breakeven_year_bottom_up"]),
            _k(r["npsv_heckman"]),
            _r(r["bcr_heckman"]),
            _year(r["breakeven_year_heckman"]),
            "-" if r["cost_per_family"] is None else round(r["cost_per_family"]),
        ]
        for r in res.rows()
        if r["role"] != "bau"
    ]
    print(table(headers, rows))
    print()
    if mc is not None:
        print(t("econ.cli.mc_heading", draws=f"{mc.draws:,}", seed=inputs.seed))
        headers = [
            t("econ.col.option"),
            t("econ.col.mode"),
            t("econ.col.npsv_mean"),
            t("econ.col.npsv_p05"),
            t("econ.col.npsv_p50"),
            t("econ.col.npsv_p95"),
            t("econ.col.prob_bcr"),
        ]
        rows = [
            [
                r["name"],
                t(f"econ.mode.short.{r['mode']}"),
                _k(r["npsv_mean"]),
                _k(r["npsv_p05"]),
                _k(r["npsv_p50"]),
                _k(r["npsv_p95"]),
                _r(r["prob_bcr_gt_1"]),
            ]
            for r in mc.rows()
            if r["role"] != "bau"
        ]
        print(table(headers, rows))
        print()
    print(t("econ.cli.switching_heading"))
    names = {o.id: o.name for o in ds.options}
    headers = [
        t("econ.col.assumption"),
        t("econ.col.mode"),
        t("econ.col.option"),
        t("econ.col.current"),
        t("econ.col.switching"),
        t("econ.col.in_range"),
    ]

    def fmt(v: float | None) -> str:
        if v is None:
            return t("econ.none")
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}"

    rows = [
        [
            t(f"econ.assumption.{r.assumption}"),
            t(f"econ.mode.short.{r.mode}"),
            names[r.option],
            fmt(r.current),
            fmt(r.switching),
            "-" if r.within_range is None else t("econ.yes" if r.within_range else "econ.no"),
        ]
        for r in sv.table
    ]
    print(table(headers, rows))
    print()
