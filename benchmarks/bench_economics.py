"""Benchmark the economics Monte Carlo: 10,000 draws x 7 regions x all options x 60 years,
value of information included.

Times ``appraisal.economics.monte_carlo`` for every region (the validating set-up, parameter
draws, the kernel, NPSV and BCR distributions of both benefit views, P(BCR > 1),
P(NPSV > 0), fan-chart percentiles, EVPI, the EVPPI of every drawn parameter by spline
regression, the acceptability curve and the frozen result objects) against a bare-numpy
baseline doing the same arithmetic in the same run (straight-line numpy on plain arrays:
no validation, dataclasses or packaging; ``np.percentile`` where the library reads order
statistics off one sort). Prints both times, their ratio, and checks that the two agree
(NPSV samples, fan percentiles, EVPI, EVPPI and the acceptability curve).

Also timed: the switching values of every region (``switching_values``: the brackets of
every assumption, option and view refined together, one kernel call an iteration) against
the scalar search they replaced, in the same run (the same grid, then one ``brentq`` a
bracket on a one-column kernel call: ``switching.solve``), with the values compared.

Run: ``.venv/bin/python benchmarks/bench_economics.py`` (or ``make bench``). Targets: the
library at most 1.5x the baseline, and under 2 s for all seven regions; the switching
values no slower than the scalar search, and the same to 1e-9. Exit status 1 when
the two disagree; with ``--strict`` also when a target is missed.
"""

from __future__ import annotations

import os

# One BLAS thread: the kernel's matrix products are small, and on a busy 2-core machine
# OpenBLAS threads cost more than they save. Set before numpy is imported (same for both).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy.special import erf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from appraisal.data import load_dataset  # noqa: E402
from appraisal.economics import load_assumptions, monte_carlo  # noqa: E402
from appraisal.economics.appraise import prepare_run  # noqa: E402
from appraisal.economics.kernel import HEALTH, MAIN  # noqa: E402
from appraisal.economics.montecarlo import CEAC_LAMBDAS, QUANTILES, fan_grid  # noqa: E402
from appraisal.economics.voi import QUANTILE_POINTS, RCS_PERCENTILES  # noqa: E402

DRAWS, HORIZON, SEED = 10_000, 60, 0
TARGET_S, TARGET_RATIO = 2.0, 1.5
VIEWS = ("outcome_chain", "per_child_supported")


def plain_inputs(run) -> dict:
    """Everything the baseline needs as plain numbers and arrays (the problem data)."""
    L = run.layout
    return {
        "base": run.base.copy(),
        "low": run.low.copy(),
        "high": run.high.copy(),
        "unc": np.flatnonzero(run.uncertain),
        "s": dict(L.scalar),
        "prev": L.prevalence,
        "cov": L.coverage,
        "exist": L.existing_teams,
        "travel": L.travel,
        "travel_time": L.travel_time,
        "rate": L.rate,
        "opt": {o: L.option_rows[o] for o in L.option_rows},
        "oh_bau": L.overhead_bau,
        "wte": L.wte_rows,
        "pay": L.pay_rows,
        "life": L.life_rows,
        "dom": L.domain_rows,
        "qaly": L.domain_qaly.copy(),
        "sched": L.domain_sched.copy(),
        "mask": L.domain_mask.copy(),
        "births": L.births,
        "wales": L.wales_births,
        "target": L.target,
        "T": L.horizon,
        "S": L.service_years,
        "df": L.df.copy(),
        "is_dm": L.is_dm.copy(),
        "is_host": L.is_host.copy(),
        "match": L.host_match.copy(),
        "bau": L.bau_index,
        "M": L.life_matrix.copy(),
        "grid": fan_grid(L.horizon, L.service_years),
    }


def _basis(Z: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Restricted cubic spline basis (Harrell 2015), rows of Z (p, n), knots t (p, 5): (p, n, 5)."""
    k = t.shape[1]
    span = (t[:, k - 1] - t[:, k - 2])[:, None]
    scale = ((t[:, -1] - t[:, 0]) ** 2)[:, None]
    cube = [np.maximum(Z - t[:, j : j + 1], 0.0) ** 3 for j in range(k)]
    cols = [np.ones_like(Z), Z]
    for j in range(k - 2):
        a = (t[:, k - 1 : k] - t[:, j : j + 1]) / span
        b = (t[:, k - 2 : k - 1] - t[:, j : j + 1]) / span
        cols.append((cube[j] - cube[k - 2] * a + cube[k - 1] * b) / scale)
    return np.stack(cols, axis=-1)


def bare_evppi(Y: np.ndarray, widths: list[int], S: np.ndarray, chunk: int = 16) -> np.ndarray:
    """EVPPI by spline regression (Strong, Oakley & Brennan 2014), plain numpy."""
    out = np.zeros((len(widths), S.shape[0]))
    D = S.shape[1]
    probs = 100.0 * (np.arange(min(QUANTILE_POINTS, D)) + 0.5) / min(QUANTILE_POINTS, D)
    for start in range(0, S.shape[0], chunk):
        rows = np.arange(start, min(start + chunk, S.shape[0]))
        Z = (S[rows] - S[rows].mean(1, keepdims=True)) / S[rows].std(1, keepdims=True)
        knots = np.percentile(Z, RCS_PERCENTILES, axis=1).T
        B = _basis(Z, knots)
        Bt = B.transpose(0, 2, 1)
        coef = np.linalg.pinv(Bt @ B) @ (Bt @ Y)
        g = _basis(np.percentile(Z, probs, axis=1).T, knots) @ coef
        mean_g = B.mean(axis=1)[:, None, :] @ coef
        pos = 0
        for v, w in enumerate(widths):
            out[v, rows] = np.maximum(
                0.0, g[:, :, pos : pos + w].max(2).mean(1) - mean_g[:, 0, pos : pos + w].max(1)
            )
            pos += w
    return out


def bare(p: dict, draws: int, seed: int) -> dict:
    """The same arithmetic as the library, written out in plain numpy."""
    T, S, b = p["T"], p["S"], p["bau"]
    dfs = p["df"]
    df = dfs[MAIN]
    rng = np.random.default_rng(seed)
    u = rng.random((p["unc"].size, draws))
    X = np.repeat(p["base"][:, None], draws, axis=1)
    lo, md, hi = (v[p["unc"]][:, None] for v in (p["low"], p["base"], p["high"]))
    w = hi - lo
    X[p["unc"]] = np.where(
        u < (md - lo) / w, lo + np.sqrt(u * (w * (md - lo))), hi - np.sqrt((1 - u) * (w * (hi - md)))
    )
    g = {k: X[i] for k, i in p["s"].items()}
    o = {k: np.ascontiguousarray(X[r].T) for k, r in p["opt"].items()}
    host, dm_ = p["is_host"][None, :], p["is_dm"][None, :]
    # need, capacity and the chain's first steps
    need = p["births"] * X[p["prev"]]
    cap = g["families_per_team"] * g["direct_work_share"] / g["reference_direct_work_share"]
    cap = cap * (1 - X[p["travel_time"]])
    exist = X[p["exist"]]
    served = np.minimum(X[p["cov"]] * need, exist * cap)
    target = np.maximum(p["target"] * need - served, 0.0)
    engaged = host * target[:, None] * o["reach"] * o["engagement"]
    teams = engaged / cap[:, None]
    # costs (real prices; no optimism bias on the draws)
    real = (1 + g["pay_award_2026_27"]) / (1 + g["gdp_deflator_2026_27"])
    staff = (
        (X[p["wte"]] * X[p["pay"]]).sum(0) * real * (1 + g["employer_oncost_rate"]) * g["staff_cost_factor"]
    )
    trav = 1 + X[p["travel"]]
    cpt = (staff * trav)[:, None] * o["pay_factor"] * (1 + o["overhead_rate"])
    c_run = teams * cpt
    sb = p["births"] / p["wales"]
    setup = np.where(p["match"][None, :], g["setup_factor_existing_host"][:, None], 1.0)
    c_e0 = teams * g["setup_cost_per_team"][:, None] * o["setup_factor"] * setup
    c_e0 = c_e0 + dm_ * (g["dm_setup_national"] * sb)[:, None]
    bau = exist * staff * (1 + X[p["oh_bau"]]) * trav
    dmc = g["dm_national_cost_per_year"] * sb + g["dm_training_cost_per_birth"] * p["births"]
    c_act = bau[:, None] + dm_ * dmc[:, None]
    # families supported and babies improved
    dm_fam = g["dm_extra_share_of_need"] * need
    fdm = g["dm_effect_factor"]
    s, s_dm = erf(g["effect_attachment_d"] / 2), erf(g["effect_attachment_d"] * fdm / 2)
    a_sup = served[:, None] + dm_ * (fdm * dm_fam)[:, None]
    a_imp = (s * served)[:, None] + dm_ * (s_dm * dm_fam)[:, None]
    b_imp = s[:, None] * engaged
    # one improved child's yearly values by domain, faded (powers by products) and displaced
    vals = X[p["dom"]].T
    vals = np.where(p["qaly"][None, :], vals * g["qaly_value"][:, None], vals)
    m = int(np.ceil(np.sqrt(T)))
    per = g["benefit_persistence"]
    lo_p = np.cumprod(np.concatenate([np.ones((draws, 1)), np.repeat(per[:, None], m - 1, 1)], 1), 1)
    st = lo_p[:, -1] * per
    hi_p = np.cumprod(np.concatenate([np.ones((draws, 1)), np.repeat(st[:, None], m - 1, 1)], 1), 1)
    fade = (hi_p[:, :, None] * lo_p[:, None, :]).reshape(draws, m * m)[:, :T]
    fade = fade * (1 - g["displacement_share"])[:, None]
    lives = X[p["life"]].T[:1]
    cmh = g["cmh_value_per_child_supported"][:, None] * ((lives @ p["M"]) / lives.sum(1, keepdims=True))
    # the what-if's annuity
    r = X[p["rate"]]
    n = np.maximum(np.rint(g["heckman_payoff_years"]), 1.0)
    ann = np.where(np.abs(r) < 1e-12, 1 / n, r / (1 - (1 + r) ** (-n)))
    gap = 1 - g["first_year_capacity"]
    # draw-independent weights per discount schedule
    grid = p["grid"]
    G = grid.size
    t = np.arange(T)
    act = (t < S).astype(float)
    ta = t[:, None] + np.arange(S)[None, :]
    mats = []
    for d in dfs:
        dfa = np.where(ta < T, d[np.minimum(ta, T - 1)], 0.0)
        Wg = (dfa[:, :, None] * (ta[:, :, None] <= grid)).sum(1)
        Cg = d[:, None] * (t[:, None] <= grid)
        mats.append(np.concatenate([dfa.sum(1)[:, None], d[:, None], Wg, Cg], 1))
    nn = np.arange(T + 1)[:, None]
    box = ((t >= 1) & (t <= nn)).astype(float)
    cab = np.maximum(np.minimum(S - 1, t - 1) - np.maximum(0, t - nn) + 1, 0).astype(float)
    pv_act = act @ df
    g_act = np.cumsum(act * df)[grid]
    # present values: costs, the chain (each schedule's domains), per child supported, what-if
    costs = c_run * (pv_act - gap * df[0])[:, None] + c_e0 * df[0] + c_act * pv_act
    chain_terms = []
    for sched in (MAIN, HEALTH):
        sel = p["sched"] == sched
        if sel.any():
            chain_terms.append(((vals[:, sel] @ p["mask"][sel]) * fade, sched))

    def view_pv(a, bb, prof, mat):
        pp = prof @ mat[:, :2]
        return a * pp[:, :1] + bb * (pp[:, :1] - gap[:, None] * pp[:, 1:2])

    pv = {
        "outcome_chain": sum(view_pv(a_imp, b_imp, prof, mats[sc]) for prof, sc in chain_terms),
        "per_child_supported": view_pv(a_sup, engaged, cmh, mats[MAIN]),
    }
    cost_i = costs - costs[:, b : b + 1]
    has = cost_i > 0
    nd = has.sum(0)
    others = np.array([i for i in range(costs.shape[1]) if i != b])

    def dl(x):
        return (x - x[:, b : b + 1])[:, others].T.astype(np.float32)

    out = {"nb": {}}
    pos = np.array(QUANTILES) * (draws - 1)
    fl = np.floor(pos).astype(int)
    fr = pos - fl
    up = np.minimum(fl + 1, draws - 1)
    for view in VIEWS:
        ben = pv[view] - pv[view][:, b : b + 1]
        npsv = ben - cost_i
        with np.errstate(divide="ignore", invalid="ignore"):
            bcr = np.where(has, ben / np.where(has, cost_i, 1.0), np.nan)
            prob = np.where(nd > 0, (bcr > 1).sum(0) / np.maximum(nd, 1), np.nan)
        p_npsv = (npsv > 0).mean(0)
        npsv_sorted = np.sort(npsv.T, axis=-1)
        bcr_sorted = np.sort(np.where(has, bcr, np.inf).T, axis=-1)
        # fan: cumulative discounted incremental net benefit at the grid years (float32)
        z = -(dl(c_run) + dl(c_act))[:, None, :] * g_act.astype(np.float32)[None, :, None]
        z += (dl(c_run) * (gap * df[0]).astype(np.float32) - dl(c_e0) * np.float32(df[0]))[:, None, :]
        terms = chain_terms if view == "outcome_chain" else [(cmh, MAIN)]
        ka, kb = (a_imp, b_imp) if view == "outcome_chain" else (a_sup, engaged)
        for prof, sc in terms:
            pp = mats[sc][:, 2:].T @ prof.T
            ca = pp[:G].astype(np.float32)
            cr = ca - (gap[None, :] * pp[G:]).astype(np.float32)
            z += dl(ka)[:, None, :] * ca[None]
            z += dl(kb)[:, None, :] * cr[None]
        z.sort(axis=-1)
        fan = np.moveaxis(z[..., fl] * (1 - fr) + z[..., up] * fr, -1, 0)
        q_npsv = npsv_sorted[:, fl] * (1 - fr) + npsv_sorted[:, up] * fr
        evpi = npsv.max(1).mean() - npsv.mean(0).max()
        out[view] = (npsv, prob, p_npsv, q_npsv, bcr_sorted[:, fl], fan, evpi)
        out["nb"][view] = npsv
    # the what-if's PV (computed by the library too)
    ni = np.minimum(n.astype(int), T)
    pv_cab = (cab @ df)[ni]
    d_run, d_e0, d_act = (x - x[:, b : b + 1] for x in (c_run, c_e0, c_act))
    _ = ann[:, None] * (
        d_run * (pv_cab - gap * (box @ df)[ni])[:, None]
        + d_e0 * (box @ df)[ni][:, None]
        + d_act * pv_cab[:, None]
    )
    # EVPPI of every drawn parameter (both views in one regression)
    Y = np.concatenate([out["nb"][v] for v in VIEWS], axis=1)
    out["evppi"] = bare_evppi(Y, [costs.shape[1]] * len(VIEWS), X[p["unc"]])
    # acceptability over the value of one improved child (PV at the year the family is seen)
    dfk = dfs[p["sched"]]
    vpc = np.einsum("dk,kt,dt->d", vals, p["mask"] * dfk, fade)
    ben = pv["outcome_chain"] - pv["outcome_chain"][:, b : b + 1]
    ce = np.zeros((CEAC_LAMBDAS.size, costs.shape[1]))
    for j, lam in enumerate(CEAC_LAMBDAS):
        best = (lam / vpc[:, None] * ben - cost_i).argmax(1)
        ce[j] = np.bincount(best, minlength=costs.shape[1]) / draws
    out["ceac"] = ce
    return out


def timed_pairs(a, b, repeats: int) -> tuple[list[float], list[float], object, object]:
    """Run ``a`` and ``b`` alternately (after a warm-up of each) so that both meet the same
    machine load; return their times and last results."""
    a(), b()
    ta, tb, ra, rb = [], [], None, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        ra = a()
        t1 = time.perf_counter()
        rb = b()
        t2 = time.perf_counter()
        ta.append(t1 - t0)
        tb.append(t2 - t1)
    return ta, tb, ra, rb


def agree(lib_res, base_res, runs) -> dict[str, bool]:
    """Library and baseline agree, region by region (each region's own shortlist)."""
    checks = {"npsv": True, "fan": True, "evpi": True, "evppi": True, "ceac": True}
    for lr, br, run in zip(lib_res, base_res, runs):
        others = [i for i in range(len(lr.option_ids)) if i != run.layout.bau_index]
        for v, view in enumerate(VIEWS):
            m = lr.modes[view]
            npsv, prob, p_npsv, q_npsv, q_bcr, fan, evpi = br[view]
            checks["npsv"] &= bool(np.allclose(m.npsv, npsv, rtol=1e-10, atol=1e-6))
            checks["npsv"] &= bool(np.allclose(m.prob_bcr_gt_1[others], prob[others]))
            checks["fan"] &= bool(np.allclose(m.fan[:, others], fan, rtol=1e-5, atol=1.0))
            checks["evpi"] &= bool(np.isclose(m.evpi, evpi, rtol=1e-9, atol=1e-6))
            scale = max(1.0, float(np.abs(br["evppi"][v]).max()))
            checks["evppi"] &= bool(np.allclose(m.evppi, br["evppi"][v], rtol=1e-6, atol=1e-6 * scale))
        checks["ceac"] &= bool(np.allclose(lr.ceac, br["ceac"]))
    return checks


def scalar_switching(ds, a, rid: str, table) -> list[float | None]:
    """The switching values of ``table``'s rows by the scalar search (the baseline)."""
    from appraisal.economics import switching as S

    run = prepare_run(ds, a, rid)
    grids: dict[tuple, np.ndarray] = {}
    out = []
    for row in table:
        i = run.option_ids.index(row.option)
        rows = run.layout.domain_rows if row.assumption == "value_per_child" else None
        cur = 1.0 if rows is not None else a.param(row.param_id).value
        lo, hi = S.SEARCH[row.assumption]
        key = (row.param_id, row.mode, lo, hi)
        if key not in grids:
            grids[key] = S._npsv_grid(run, row.param_id, row.mode, S._grid(lo, hi, cur), rows)
        out.append(
            S.solve(S._npsv_fn(run, row.param_id, row.mode, i, rows), lo, hi, cur, values=grids[key][:, i])
        )
    return out


def switching_part(ds, a, repeats: int) -> dict:
    from appraisal.economics.switching import switching_values

    regions = ds.region_ids
    batched = [switching_values(ds, a, rid) for rid in regions]  # warm
    t_b, t_s = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        batched = [switching_values(ds, a, rid) for rid in regions]
        t_b.append(time.perf_counter() - t)
        t = time.perf_counter()
        scalar = [scalar_switching(ds, a, rid, res.table) for rid, res in zip(regions, batched)]
        t_s.append(time.perf_counter() - t)
    worst, same = 0.0, True
    for res, ref in zip(batched, scalar):
        for row, want in zip(res.table, ref):
            if (row.switching is None) != (want is None):
                same = False
            elif want is not None:
                scale = (
                    row.current
                    if row.assumption == "value_per_child"
                    else row.current / a.param(row.param_id).value
                )
                worst = max(worst, abs(row.switching / scale - want) / max(abs(want), 1e-12))
    rows = sum(len(r.table) for r in batched)
    return {
        "batched": min(t_b),
        "scalar": min(t_s),
        "rows": rows,
        "same": same and worst <= 1e-9,
        "worst": worst,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=DRAWS)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    ds = load_dataset()
    a = load_assumptions()
    regions = ds.region_ids
    runs = [prepare_run(ds, a, rid, horizon=HORIZON) for rid in regions]
    inputs = [plain_inputs(r) for r in runs]

    def library():
        return [monte_carlo(ds, a, rid, draws=args.draws, seed=SEED, horizon=HORIZON) for rid in regions]

    def baseline():
        return [bare(p, args.draws, SEED) for p in inputs]

    lib_t, base_t, lib_res, base_res = timed_pairs(library, baseline, args.repeats)
    lib_best, lib_med = min(lib_t), statistics.median(lib_t)
    base_best, base_med = min(base_t), statistics.median(base_t)
    pair_ratio = statistics.median(x / y for x, y in zip(lib_t, base_t))
    checks = agree(lib_res, base_res, runs)
    sizes = sorted({len(r.option_ids) for r in lib_res})
    n_opt = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]}-{sizes[-1]}"
    n_par = int(np.mean([r.uncertain.sum() for r in runs]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"economics Monte Carlo: {args.draws:,} draws x {len(regions)} regions x {n_opt} options x {HORIZON} years,"
        f" EVPPI of about {n_par} parameters per region"
    )
    print(
        f"  machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load:.2f}"
    )
    print(f"  numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(
        f"  library  (monte_carlo, all regions): best {lib_best:.3f} s, median {lib_med:.3f} s of {args.repeats}"
    )
    print(
        f"  baseline (bare numpy, same maths)  : best {base_best:.3f} s, median {base_med:.3f} s of {args.repeats}"
    )
    print(
        f"  ratio library / baseline: best/best {lib_best / base_best:.2f}, median of paired runs {pair_ratio:.2f}"
    )
    print("  agree: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in checks.items()))
    ratio_ok = pair_ratio <= TARGET_RATIO
    time_ok = lib_best < TARGET_S
    agreed = all(checks.values())
    print(
        f"RATIO economics_mc/same_maths_numpy = {pair_ratio:.2f}x (median of paired runs; "
        f"target <= {TARGET_RATIO}x): {'PASS' if ratio_ok and agreed else 'MISS'}"
    )
    print(
        f"TIME economics_mc_7_regions = {lib_best:.2f} s (best of {args.repeats}; "
        f"target < {TARGET_S:.0f} s): {'PASS' if time_ok else 'MISS'}"
    )
    sw = switching_part(ds, a, min(args.repeats, 3))
    sw_ratio = sw["batched"] / sw["scalar"]
    sw_ok = sw_ratio <= 1.0 and sw["same"]
    print(
        f"  switching values, {sw['rows']} rows x {len(regions)} regions: batched {sw['batched']:.3f} s, "
        f"scalar search {sw['scalar']:.3f} s (best of {min(args.repeats, 3)}); largest relative difference "
        f"{sw['worst']:.1e}, same rows without a switching value: {'yes' if sw['same'] else 'NO'}"
    )
    print(
        f"RATIO switching_batched/scalar = {sw_ratio:.2f}x (target <= 1x, same values to 1e-9): "
        f"{'PASS' if sw_ok else 'MISS'}"
    )
    if not all(checks.values()) or not sw["same"]:
        return 1
    return 1 if args.strict and not (ratio_ok and time_ok and sw_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
