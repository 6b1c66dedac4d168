"""``economics``: costs, returns (two benefit modes), Monte Carlo and switching values."""

from __future__ import annotations

import argparse

from appraisal.cli._inputs import add_draws, add_economics, inputs_from_args
from appraisal.cli._output import table, to_json
from appraisal.data import load_dataset
from appraisal.economics import collect_assumptions
from appraisal.economics.labels import param_label
from appraisal.errors import DataError
from appraisal.i18n import current_language, t
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
        print(to_json(json_document(ds, results, inputs, skip_mc)))
        return 0
    for res, mc, sv in out:
        _print_region(ds, a, res, mc, sv, inputs)
    return 0


#: EVPPI rows listed per region and view (the parameters whose evidence is worth most).
EVPPI_TOP = 10


def _view_json(res, mc, view: str, i: int) -> dict:
    m = res.modes[view]
    out = {
        "pv_benefits": float(m.inc_pv_benefits[i]),
        "npsv": float(m.npsv[i]),
        "bcr": _num(m.bcr_inc[i]),
        "breakeven_year": m.breakeven_year[i],
    }
    if mc is not None:
        mm = mc.modes[view]
        out.update(
            {
                "npsv_mean": float(mm.npsv_mean[i]),
                "prob_bcr_gt_1": _num(mm.prob_bcr_gt_1[i]),
                "prob_npsv_gt_0": _num(mm.prob_npsv_gt_0[i]),
            }
        )
    return out


def _num(x) -> float | None:
    x = float(x)
    return x if x == x and abs(x) != float("inf") else None


def _region_json(reg, skip_mc: bool) -> dict:
    res = reg.economics
    mc = None if skip_mc else reg.monte_carlo
    options = []
    for i, o in enumerate(res.options):
        row = {
            "option": o.id,
            "name": o.name,
            "role": res.roles[i],
            "new_teams": float(res.new_teams[i]),
            "optimism_bias": float(res.optimism_bias[i]),
            "inc_pv_costs": float(res.inc_pv_costs[i]),
            "cost_per_family": _num(res.cost_per_family[i]),
            "chain": [
                {
                    "step": s.step,
                    "value": s.value,
                    "per_year": s.per_year,
                    "param": s.param,
                    "factor": s.factor,
                }
                for s in res.chain.get(o.id, ())
            ],
            "pv_by_payer": res.pv_by_payer(o.id),
            "views": {v: _view_json(res, mc, v, i) for v in res.modes},
            "whatif": {
                "curve": res.heckman_preset,
                "rate": res.heckman_rate,
                "pv_benefits": float(res.whatif.inc_pv_benefits[i]),
                "bcr": _num(res.whatif.bcr_inc[i]),
            },
            "irr": _num(res.irr[i]),
            "breakeven_return": _num(res.breakeven_return[i]),
        }
        if o.id in res.waterfall:
            row["waterfall"] = res.waterfall[o.id].rows()
        if o.id in res.reconciliation:
            row["cost_reconciliation"] = res.reconciliation[o.id].rows()
        options.append(row)
    doc = {
        "region": res.region.id,
        "name": res.region.name,
        "preferred": reg.winner,
        "need": res.need.rows(),
        "share_improved": res.share_improved,
        "value_per_child": {d.id: float(v) for d, v in zip(res.domains, res.value_per_child)},
        "options": options,
        "switching": reg.econ_switching.rows(),
    }
    if mc is not None:
        doc["monte_carlo"] = mc.rows()
        doc["evpi"] = {v: float(m.evpi) for v, m in mc.modes.items()}
        doc["evppi"] = {v: mc.evppi_rows(v, EVPPI_TOP) for v in mc.modes}
    return doc


def json_document(ds, results, inputs, skip_mc: bool = False) -> dict:
    """Everything ``economics --format json`` prints (the same seed gives the same bytes)."""
    a = results.assumptions
    first = next(iter(results)).economics
    return {
        "data_version": ds.version,
        "assumptions_version": a.version,
        "prices": "real, 2025/26 prices",
        "choices": {
            "coverage": first.coverage,
            "horizon": first.horizon,
            "service_years": first.service_years,
            "discount": first.discount,
            "health_discount": "health effects (QALYs) at the Green Book health rate",
            "heckman": first.heckman_preset,
            "benefit_view": inputs.economics.benefit_view,
            "draws": 0 if skip_mc else inputs.draws,
            "seed": inputs.seed,
        },
        "treatments": {
            "consultation": a.settings.consultation,
            "deadweight": a.settings.deadweight,
            "optimism_bias": "applied once, to the base case; the Monte Carlo draws the cost ranges instead",
            "real_pay_uplift": first.real_pay_uplift,
        },
        "regions": [_region_json(reg, skip_mc) for reg in results],
    }


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
        t("econcli.col.npsv_chain"),
        t("econcli.col.bcr_chain"),
        t("econcli.col.irr"),
        t("econcli.col.breakeven_return"),
        t("econcli.col.bcr_supported"),
        t("econcli.col.bcr_whatif"),
        t("econ.col.cost_per_family"),
    ]

    def pct(x) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    rows = [
        [
            r["name"],
            f"{r['new_teams']:.2f}",
            _k(r["inc_pv_costs"]),
            _k(r["npsv_outcome_chain"]),
            _r(r["bcr_outcome_chain"]),
            pct(r["irr"]),
            pct(r["breakeven_return"]),
            _r(r["bcr_per_child_supported"]),
            _r(r["whatif_bcr"]),
            "-" if r["cost_per_family"] is None else round(r["cost_per_family"]),
        ]
        for r in res.rows()
        if r["role"] != "bau"
    ]
    print(table(headers, rows))
    print(t("econcli.whatif_note", curve=res.heckman_preset, rate=pct(res.heckman_rate)))
    print()
    print(t("econcli.chain_heading"))
    names = {o.id: o.name for o in ds.options}
    chain_rows = []
    for oid, steps in res.chain.items():
        for s_ in steps:
            value = f"{s_.value:,.1f}" if s_.per_year else f"{s_.value:,.0f}"
            factor = "" if s_.factor is None else f"{s_.factor:.3g}"
            chain_rows.append([names[oid], t(f"econcli.step.{s_.step}"), value, s_.param, factor])
    print(
        table(
            [
                t("econ.col.option"),
                t("econcli.col.step"),
                t("econ.col.value"),
                t("econcli.col.param"),
                t("econcli.col.factor"),
            ],
            chain_rows,
        )
    )
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
            t("econcli.col.prob_npsv"),
        ]
        rows = [
            [
                r["name"],
                t(f"econcli.view.{r['mode']}"),
                _k(r["npsv_mean"]),
                _k(r["npsv_p05"]),
                _k(r["npsv_p50"]),
                _k(r["npsv_p95"]),
                _r(r["prob_bcr_gt_1"]),
                _r(r["prob_npsv_gt_0"]),
            ]
            for r in mc.rows()
            if r["role"] != "bau"
        ]
        print(table(headers, rows))
        view = inputs.economics.benefit_view
        print(t("econcli.evpi", view=t(f"econcli.view.{view}"), evpi=_k(mc.modes[view].evpi)))
        rows = [
            [param_label(r["param_id"], current_language(), roles=a.roles), _k(r["evppi"]), pct(r["share"])]
            for r in mc.evppi_rows(view, EVPPI_TOP)
        ]
        print(table([t("econcli.col.param"), t("econcli.col.evppi"), t("econcli.col.share_evpi")], rows))
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
            t(f"econcli.assumption.{r.assumption}"),
            t(f"econcli.view.{r.mode}"),
            names[r.option],
            fmt(r.current),
            fmt(r.switching),
            "-" if r.within_range is None else t("econ.yes" if r.within_range else "econ.no"),
        ]
        for r in sv.table
    ]
    print(table(headers, rows))
    print()
