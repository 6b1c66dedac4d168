"""Benchmark the economics Monte Carlo: 10,000 draws x 7 regions x all options x 60 years.

Times ``appraisal.economics.monte_carlo`` for every region (parameter draws, kernel, NPSV and
BCR distributions, P(BCR > 1), fan-chart percentiles, frozen result objects, including the
validating set-up) and a bare-numpy baseline doing the same arithmetic in the same run
(straight-line numpy on plain arrays: no validation, dataclasses or packaging). Prints both
times and their ratio, and checks that the two give the same NPSV samples.

Run: ``.venv/bin/python benchmarks/bench_economics.py`` (or ``make bench``). Target: the
library call under 1 s on the project machine.
"""

from __future__ import annotations

import os

# One BLAS thread: the kernel's matrix products are small, and on a busy 2-core machine
# OpenBLAS threads cost more than they save. Set before numpy is imported (same for both).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

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
from appraisal.economics.montecarlo import QUANTILES, fan_grid  # noqa: E402

DRAWS, HORIZON, SEED, REPEATS = 10_000, 60, 0, 7
TARGET_S = 1.0


def plain_inputs(run) -> dict:
    """Everything the baseline needs as plain numbers and arrays (the problem data)."""
    L = run.layout
    rows = {o: L.option_rows[o] for o in L.option_rows}
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
        "r0": L.r0,
        "k": L.k,
        "floor": L.r_floor,
        "opt": rows,
        "oh_bau": L.overhead_bau,
        "ob_bau": L.optimism_bau,
        "wte": L.wte_rows,
        "pay": L.pay_rows,
        "life": L.life_rows,
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
        "apply": L.apply_share_improved,
        "M": L.life_matrix.copy(),
        "grid": fan_grid(L.horizon, L.service_years),
    }


def bare(p: dict, draws: int, seed: int) -> dict:
    """The same arithmetic as the library, written out in plain numpy."""
    T, S, df, b = p["T"], p["S"], p["df"], p["bau"]
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
    # need and capacity
    need = p["births"] * X[p["prev"]]
    cap = g["families_per_team"] * g["direct_work_share"] / g["reference_direct_work_share"]
    exist = X[p["exist"]]
    served = np.minimum(X[p["cov"]] * need, exist * cap)
    new = np.maximum(p["target"] * need - served, 0.0) / cap
    # costs
    staff = (X[p["wte"]] * X[p["pay"]]).sum(0) * (1 + g["wales_pay_uplift"]) * (1 + g["employer_oncost_rate"])
    staff = staff * g["staff_cost_factor"]
    trav = 1 + X[p["travel"]]
    cpt = (staff * trav)[:, None] * o["pay_factor"] * (1 + o["overhead_rate"])
    ob = 1 + o["optimism_bias"]
    teams = host * new[:, None]
    c_run = teams * cpt * ob
    sb = p["births"] / p["wales"]
    setup = np.where(p["match"][None, :], g["setup_factor_existing_host"][:, None], 1.0)
    c_e0 = teams * g["setup_cost_per_team"][:, None] * o["setup_factor"] * setup * ob
    c_e0 = c_e0 + dm_ * (g["dm_setup_national"] * sb)[:, None] * ob
    bau = exist * staff * (1 + X[p["oh_bau"]]) * trav * (1 + X[p["ob_bau"]])
    dmc = g["dm_national_cost_per_year"] * sb + g["dm_training_cost_per_birth"] * p["births"]
    c_act = bau[:, None] + dm_ * dmc[:, None] * ob
    # families, babies improved, Heckman weights
    dm_fam = g["dm_extra_share_of_need"] * need
    f_run = teams * cap[:, None] * o["reach"] * o["engagement"]
    d, fdm = g["effect_size_d"], g["dm_effect_factor"]
    s, s_dm = (erf(d / 2), erf(d * fdm / 2)) if p["apply"] else (np.ones(draws), fdm)
    a_imp = (s * served)[:, None] + dm_ * (s_dm * dm_fam)[:, None]
    b_imp = s[:, None] * f_run
    a_w = served[:, None] + dm_ * (fdm * dm_fam)[:, None]
    # benefit profile: life-course shares x persistence^a (powers by products)
    lives = X[p["life"]].T[:1]
    base = (lives @ p["M"]) / lives.sum(1, keepdims=True)
    m = int(np.ceil(np.sqrt(T)))
    per = g["benefit_persistence"]
    lo_p = np.cumprod(np.concatenate([np.ones((draws, 1)), np.repeat(per[:, None], m - 1, 1)], 1), 1)
    st = lo_p[:, -1] * per
    hi_p = np.cumprod(np.concatenate([np.ones((draws, 1)), np.repeat(st[:, None], m - 1, 1)], 1), 1)
    prof = base * (hi_p[:, :, None] * lo_p[:, None, :]).reshape(draws, m * m)[:, :T]
    # Heckman rate and annuity
    r = X[p["floor"]] + (X[p["r0"]] - X[p["floor"]]) * np.exp(-X[p["k"]] * g["age_at_intervention"])
    n = np.maximum(np.rint(g["heckman_payoff_years"]), 1.0)
    ann = np.where(np.abs(r) < 1e-12, 1 / n, r / (1 - (1 + r) ** (-n)))
    hk = g["heckman_investment_per_family"] * ann
    gap = 1 - g["first_year_capacity"]
    # draw-independent weights
    grid = p["grid"]
    t = np.arange(T)
    act = (t < S).astype(float)
    ta = t[:, None] + np.arange(S)[None, :]
    dfa = np.where(ta < T, df[np.minimum(ta, T - 1)], 0.0)
    W = dfa.sum(1)
    Wg = (dfa[:, :, None] * (ta[:, :, None] <= grid)).sum(1)
    Cg = df[:, None] * (t[:, None] <= grid)
    nn = np.arange(T + 1)[:, None]
    box = ((t >= 1) & (t <= nn)).astype(float)
    cab = np.maximum(np.minimum(S - 1, t - 1) - np.maximum(0, t - nn) + 1, 0).astype(float)
    pv_act = act @ df
    g_act = np.cumsum(act * df)[grid]
    cab_g, box_g = np.cumsum(cab * df, 1)[:, grid], np.cumsum(box * df, 1)[:, grid]
    # present values and increments over BAU
    ni = np.minimum(n.astype(int), T)
    pp = prof @ np.stack([W, df], 1)
    costs = c_run * (pv_act - gap * df[0])[:, None] + c_e0 * df[0] + c_act * pv_act
    pv_ca, pv_cr = pp[:, 0], pp[:, 0] - gap * pp[:, 1]
    bu = g["lifetime_benefit_per_child"][:, None] * (a_imp * pv_ca[:, None] + b_imp * pv_cr[:, None])
    pv_cab = (cab @ df)[ni]
    he = hk[:, None] * (a_w * pv_cab[:, None] + f_run * (pv_cab - gap * (box @ df)[ni])[:, None])
    cost_i = costs - costs[:, b : b + 1]
    has = cost_i > 0
    nd = has.sum(0)
    # fan: cumulative net at grid years, (option, year, draw) layout, float32
    G = grid.size
    others = np.array([i for i in range(costs.shape[1]) if i != b])
    ppt = np.concatenate([Wg, Cg], 1).T @ prof.T  # (2G, D)
    cum_ca, cum_cr = ppt[:G], ppt[:G] - gap[None, :] * ppt[G:]
    cum_cab = cab_g.T[:, ni]
    cum_crb = cum_cab - gap[None, :] * box_g.T[:, ni]
    P = np.empty((5, G, draws), np.float32)
    P[2], P[3], P[4] = g_act[:, None] - (gap * df[0])[None, :], df[0], g_act[:, None]
    C = np.empty((5, others.size, draws), np.float32)

    def dl(x):
        return (x - x[:, b : b + 1])[:, others].T

    C[2], C[3], C[4] = -dl(c_run), -dl(c_e0), -dl(c_act)
    out = {}
    for mode, pv, (ka, kb), (pa, pb), sc in (
        ("bottom_up", bu, (a_imp, b_imp), (cum_ca, cum_cr), g["lifetime_benefit_per_child"]),
        ("heckman", he, (a_w, f_run), (cum_cab, cum_crb), hk),
    ):
        ben = pv - pv[:, b : b + 1]
        npsv = ben - cost_i
        with np.errstate(divide="ignore", invalid="ignore"):
            bcr = np.where(has, ben / np.where(has, cost_i, 1.0), np.nan)
            prob = np.where(nd > 0, (bcr > 1).sum(0) / np.maximum(nd, 1), np.nan)
        npsv_sorted = np.sort(npsv.T, axis=-1)
        bcr_sorted = np.sort(np.where(has, bcr, np.inf).T, axis=-1)
        C[0], C[1] = dl(ka) * sc, dl(kb) * sc
        P[0], P[1] = pa, pb
        z = np.einsum("kod,kgd->ogd", C, P)
        z.sort(axis=-1)
        pos = np.array(QUANTILES) * (draws - 1)
        fl = np.floor(pos).astype(int)
        fr = pos - fl
        up = np.minimum(fl + 1, draws - 1)
        fan = np.moveaxis(z[..., fl] * (1 - fr) + z[..., up] * fr, -1, 0)
        q_npsv = npsv_sorted[:, fl] * (1 - fr) + npsv_sorted[:, up] * fr
        q_bcr = bcr_sorted[:, fl]  # all hosting draws have a cost in this data set
        out[mode] = (npsv, prob, q_npsv, q_bcr, fan, npsv.mean(0))
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


def main() -> int:
    ds = load_dataset()
    a = load_assumptions()
    regions = ds.region_ids
    inputs = [plain_inputs(prepare_run(ds, a, rid, horizon=HORIZON)) for rid in regions]

    def library():
        return [monte_carlo(ds, a, rid, draws=DRAWS, seed=SEED, horizon=HORIZON) for rid in regions]

    def baseline():
        return [bare(p, DRAWS, SEED) for p in inputs]

    lib_t, base_t, lib_res, base_res = timed_pairs(library, baseline, REPEATS)
    lib_best, lib_med = min(lib_t), statistics.median(lib_t)
    base_best, base_med = min(base_t), statistics.median(base_t)
    pair_ratio = statistics.median(x / y for x, y in zip(lib_t, base_t))
    same = all(
        np.allclose(lr.modes[m].npsv, br[m][0], rtol=1e-10, atol=1e-6)
        and np.allclose(
            lr.modes[m].fan[:, [i for i in range(len(ds.options)) if i != lr.run.layout.bau_index]],
            br[m][4],
            rtol=1e-6,
            atol=1.0,
        )
        for lr, br in zip(lib_res, base_res)
        for m in ("bottom_up", "heckman")
    )
    n_opt = len(ds.options)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"economics Monte Carlo: {DRAWS:,} draws x {len(regions)} regions x {n_opt} options x {HORIZON} years"
    )
    print(
        f"  machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average {load:.2f}"
    )
    print(f"  numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(
        f"  library  (monte_carlo, all regions): best {lib_best:.3f} s, median {lib_med:.3f} s of {REPEATS}"
    )
    print(
        f"  baseline (bare numpy, same maths)  : best {base_best:.3f} s, median {base_med:.3f} s of {REPEATS}"
    )
    print(
        f"  ratio library / baseline: best/best {lib_best / base_best:.2f}, median of paired runs {pair_ratio:.2f}"
    )
    print(f"  same NPSV samples and fan percentiles: {'yes' if same else 'NO'}")
    print(f"  target < {TARGET_S:.0f} s: {'met' if lib_best < TARGET_S else 'NOT met'} (best of {REPEATS})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
