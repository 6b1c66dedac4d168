"""The numerical kernel: array arithmetic over (draws, options, years), no checks inside.

Pattern after scikit-criteria: a thin wrapper (:mod:`appraisal.economics.layout`,
:mod:`~appraisal.economics.appraise`, :mod:`~appraisal.economics.montecarlo`) validates
inputs and packages results; this module holds only numpy. The deterministic appraisal is
the same kernel with one draw, so the base case, the Monte Carlo, the switching values and
the tornado cannot disagree.

Parameter values arrive as one matrix ``X`` of shape (P, D): one row per parameter (the
:class:`Layout` maps names to rows, plus a row of ones and a row of zeros for defaults),
one column per draw.

Model (per region; d = draw, o = option, t = year 0 .. T-1; S = service years)::

    need        = births x prevalence
    F           = families_per_team x direct_work_share / reference_direct_work_share
    served_now  = min(coverage_share x need, existing_teams x F)         (today)
    new_teams   = max(target_coverage x need - served_now, 0) / F        (hosting options)
    staff/team  = sum_roles wte x pay(band) x (1 + uplift)(1 + on-costs) x staff_cost_factor
    cost/team_o = staff/team x pay_factor_o x (1 + overhead_o) x (1 + travel_uplift)
    active(t)   = 1 for t < S;  run(t) = active(t), but first_year_capacity in year 0
    costs_o(t)  = BAU(t) + new_teams x cost/team_o x (1 + OB_o) x run(t)
                  + set-up in year 0 (x setup_factor_existing_host where the host already runs a team)
    reached_o(t)= served_now + new_teams x F x reach_o x engagement_o x run(t)
    improved    = reached x erf(d / 2)            (Kraemer & Kupfer 2006: 2 Phi(d/sqrt2) - 1)
    bottom-up   = sum_s improved(s) x benefit x profile(t - s),
                  profile(a) = band share(a) / band length x persistence^a
    Heckman     = sum_s reached(s) x investment x b, paid in years s+1 .. s+N,
                  b = r / (1 - (1 + r)^-N),  r = r_floor + (r0 - r_floor) exp(-k x age)

Do minimum: BAU plus a national cost and training (by births) and extra families helped by
upskilled universal services with the effect size scaled by ``dm_effect_factor``.

Every stream is a sum of (draw, option) coefficients times a few time profiles, so present
values and cumulative values need only weights that do not depend on the draw: e.g.
PV(profile convolved with active) = profile @ W with W[a] = sum_{s<S, s+a<T} DF(s+a).
:func:`streams` builds the full yearly arrays (for the base case and for tests);
:func:`present_values` and :func:`cumulative_net` use the weights (for the Monte Carlo).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import erf

#: Scalar (per draw) parameters the kernel reads, by Layout attribute.
SCALARS: tuple[str, ...] = (
    "families_per_team",
    "direct_work_share",
    "reference_direct_work_share",
    "first_year_capacity",
    "wales_pay_uplift",
    "employer_oncost_rate",
    "staff_cost_factor",
    "setup_cost_per_team",
    "setup_factor_existing_host",
    "dm_national_cost_per_year",
    "dm_setup_national",
    "dm_training_cost_per_birth",
    "dm_extra_share_of_need",
    "dm_effect_factor",
    "effect_size_d",
    "lifetime_benefit_per_child",
    "benefit_persistence",
    "age_at_intervention",
    "heckman_payoff_years",
    "heckman_investment_per_family",
)
#: Option-specific parameters and the value used where an option has none.
OPTION_FIELDS: dict[str, str] = {
    "reach": "one",
    "engagement": "one",
    "overhead_rate": "zero",
    "pay_factor": "one",
    "setup_factor": "one",
    "optimism_bias": "zero",
}


@dataclass(frozen=True)
class Layout:
    """Row indices into ``X`` and the constants of one run (region, options, choices)."""

    # rows of X
    scalar: dict[str, int]
    prevalence: int
    coverage: int
    existing_teams: int
    travel: int
    r0: int
    k: int
    r_floor: int
    option_rows: dict[str, np.ndarray]  # name -> (O,) rows
    overhead_bau: int
    optimism_bau: int
    wte_rows: np.ndarray  # (R,)
    pay_rows: np.ndarray  # (R,) pay row of each role's band
    life_rows: np.ndarray  # (B,)
    # constants
    births: float
    wales_births: float
    target: float
    horizon: int
    service_years: int
    df: np.ndarray  # (T,)
    is_bau: np.ndarray  # (O,) 0/1
    is_dm: np.ndarray
    is_host: np.ndarray
    host_match: np.ndarray  # (O,) bool: the region already runs a team in this host
    bau_index: int
    apply_share_improved: bool
    life_matrix: np.ndarray  # (B, T): 1/len on the band's years
    clinical: np.ndarray  # (R,) bool
    life_fixed: bool = False  # life-course shares are the same in every draw


@dataclass(frozen=True)
class Components:
    """Per-draw coefficients (D, O) and the benefit profile (D, T)."""

    need: np.ndarray  # (D,)
    capacity: np.ndarray  # (D,) families per team per year
    served_now: np.ndarray  # (D,)
    new_teams: np.ndarray  # (D,)
    staff_per_team: np.ndarray  # (D,)
    cost_per_team: np.ndarray  # (D, O) running cost per team before optimism bias
    c_run: np.ndarray  # (D, O) x run(t)
    c_e0: np.ndarray  # (D, O) in year 0 only
    c_act: np.ndarray  # (D, O) x active(t)
    f_act: np.ndarray  # (D, O) families reached x active(t)
    f_run: np.ndarray  # (D, O) families reached x run(t)
    seen_run: np.ndarray  # (D, O) families seen by new teams x run(t)
    share_improved: np.ndarray  # (D,)
    a_imp: np.ndarray  # (D, O) babies improved x active(t)
    b_imp: np.ndarray  # (D, O) babies improved x run(t)
    benefit: np.ndarray  # (D,) lifetime benefit per child
    profile: np.ndarray  # (D, T) share of lifetime benefit a years after service
    a_w: np.ndarray  # (D, O) Heckman family weights x active(t)
    b_w: np.ndarray  # (D, O) Heckman family weights x run(t)
    rate: np.ndarray  # (D,) r(age)
    annuity: np.ndarray  # (D,) b per pound invested
    payoff_years: np.ndarray  # (D,) N, whole years (int)
    hk_scale: np.ndarray  # (D,) investment per family x b
    ramp_gap: np.ndarray  # (D,) 1 - first_year_capacity


def share_improved(d: np.ndarray) -> np.ndarray:
    """Share of babies with a better outcome than without help: 2 Phi(d/sqrt 2) - 1 = erf(d/2).

    Kraemer & Kupfer 2006, *Biological Psychiatry* 59:990-996 (success-rate difference from
    the area under the curve); NNT = 1 / share. d = 0.33 gives 0.1846 (NNT 5.4).
    """
    return erf(np.asarray(d, dtype=float) / 2.0)


def heckman_rate(age, r0, k, r_floor):
    """r(a) = r_floor + (r0 - r_floor) exp(-k a) (Heckman & Mosso 2014 shape; k = 0 is flat)."""
    return r_floor + (r0 - r_floor) * np.exp(-np.asarray(k) * np.asarray(age))


def annuity_per_pound(r, n):
    """Level yearly payment for ``n`` years that earns exactly ``r`` on 1 pound: r/(1-(1+r)^-n).

    At r = 0 it is 1/n. Discounted at rate r it is worth exactly 1, so its present value at the
    STPR is above 1 when r exceeds the STPR (the implied benefit-cost ratio).
    """
    r = np.asarray(r, dtype=float)
    n = np.asarray(n, dtype=float)
    small = np.abs(r) < 1e-12
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        b = r / (1.0 - (1.0 + r) ** (-n))
    return np.where(small, 1.0 / n, b)


def powers(p: np.ndarray, n: int) -> np.ndarray:
    """``p[:, None] ** arange(n)`` by products only (exact to rounding, and much faster than
    ``exp``/``power`` on large arrays): p^(m i + j) = (p^m)^i x p^j with m = ceil(sqrt(n))."""
    p = np.asarray(p, dtype=float)
    m = max(1, int(np.ceil(np.sqrt(n))))
    low = np.empty((p.size, m))
    low[:, 0] = 1.0
    low[:, 1:] = p[:, None]
    np.cumprod(low, axis=1, out=low)  # p^0 .. p^(m-1)
    step = low[:, -1] * p  # p^m
    high = np.empty((p.size, m))
    high[:, 0] = 1.0
    high[:, 1:] = step[:, None]
    np.cumprod(high, axis=1, out=high)  # p^0, p^m, p^2m, ...
    return (high[:, :, None] * low[:, None, :]).reshape(p.size, m * m)[:, :n]


def need_and_capacity(
    births, prevalence, coverage_share, existing_teams, families_per_team, direct, ref_direct, target
):
    """Babies in need, capacity per team, families served today and new teams for the target.

    Works on scalars or arrays (one implementation for the need table and the kernel).
    """
    need = births * prevalence
    cap = families_per_team * direct / ref_direct
    served_now = np.minimum(coverage_share * need, existing_teams * cap)
    new_teams = np.maximum(target * need - served_now, 0.0) / cap
    return need, cap, served_now, new_teams


def components(X: np.ndarray, L: Layout) -> Components:
    """All coefficients for the draws in ``X`` (shape (P, D))."""
    g = {name: X[i] for name, i in L.scalar.items()}
    T = L.horizon
    D = X.shape[1]
    opt = {name: np.ascontiguousarray(X[rows].T) for name, rows in L.option_rows.items()}  # (D, O)
    is_host, is_dm = L.is_host[None, :], L.is_dm[None, :]

    # ---- need and capacity
    existing = X[L.existing_teams]
    need, cap, served_now, new_teams = need_and_capacity(
        L.births,
        X[L.prevalence],
        X[L.coverage],
        existing,
        g["families_per_team"],
        g["direct_work_share"],
        g["reference_direct_work_share"],
        L.target,
    )

    # ---- costs
    pay = (X[L.wte_rows] * X[L.pay_rows]).sum(axis=0)
    staff = pay * (1 + g["wales_pay_uplift"]) * (1 + g["employer_oncost_rate"]) * g["staff_cost_factor"]
    travel = 1 + X[L.travel]
    cpt = (staff * travel)[:, None] * opt["pay_factor"] * (1 + opt["overhead_rate"])
    ob = 1 + opt["optimism_bias"]
    teams = is_host * new_teams[:, None]
    c_run = teams * cpt * ob
    setup = np.where(L.host_match[None, :], g["setup_factor_existing_host"][:, None], 1.0)
    share_births = L.births / L.wales_births
    c_e0 = teams * g["setup_cost_per_team"][:, None] * opt["setup_factor"] * setup * ob
    c_e0 = c_e0 + is_dm * (g["dm_setup_national"] * share_births)[:, None] * ob
    bau = existing * staff * (1 + X[L.overhead_bau]) * travel * (1 + X[L.optimism_bau])
    dm = g["dm_national_cost_per_year"] * share_births + g["dm_training_cost_per_birth"] * L.births
    c_act = bau[:, None] + is_dm * dm[:, None] * ob

    # ---- families and babies improved
    dm_fam = g["dm_extra_share_of_need"] * need
    seen_run = teams * cap[:, None]
    f_run = seen_run * opt["reach"] * opt["engagement"]
    f_act = served_now[:, None] + is_dm * dm_fam[:, None]
    d, fdm = g["effect_size_d"], g["dm_effect_factor"]
    if L.apply_share_improved:
        s, s_dm = share_improved(d), share_improved(d * fdm)
    else:
        s, s_dm = np.ones(D), fdm
    a_imp = (s * served_now)[:, None] + is_dm * (s_dm * dm_fam)[:, None]
    b_imp = s[:, None] * f_run
    a_w = served_now[:, None] + is_dm * (fdm * dm_fam)[:, None]

    # ---- bottom-up benefit profile over years since service
    lives = X[L.life_rows].T  # (D, B)
    if L.life_fixed:  # shares not drawn: one profile shape for every draw
        lives = lives[:1]
    base = (lives @ L.life_matrix) / lives.sum(axis=1, keepdims=True)
    profile = base * powers(g["benefit_persistence"], T)

    # ---- Heckman mode
    r = heckman_rate(g["age_at_intervention"], X[L.r0], X[L.k], X[L.r_floor])
    n = np.maximum(np.rint(g["heckman_payoff_years"]), 1.0)
    b = annuity_per_pound(r, n)

    return Components(
        need=need,
        capacity=cap,
        served_now=served_now,
        new_teams=new_teams,
        staff_per_team=staff,
        cost_per_team=cpt,
        c_run=c_run,
        c_e0=c_e0,
        c_act=c_act,
        f_act=f_act,
        f_run=f_run,
        seen_run=seen_run,
        share_improved=np.broadcast_to(s, (D,)).astype(float),
        a_imp=a_imp,
        b_imp=b_imp,
        benefit=g["lifetime_benefit_per_child"],
        profile=profile,
        a_w=a_w,
        b_w=f_run,
        rate=r,
        annuity=b,
        payoff_years=n.astype(int),
        hk_scale=g["heckman_investment_per_family"] * b,
        ramp_gap=1.0 - g["first_year_capacity"],
    )


# ============================================================================ yearly streams


def time_profiles(c: Components, L: Layout) -> dict[str, np.ndarray]:
    """The yearly profiles (D, T): active, run, profile convolved with active/run, and the
    Heckman payoff box convolved with active/run (closed forms, no loops over draws)."""
    T, S = L.horizon, L.service_years
    D = c.profile.shape[0]
    t = np.arange(T)
    active = (t < S).astype(float)
    e0 = (t == 0).astype(float)
    run = active[None, :] - c.ramp_gap[:, None] * e0[None, :]
    cp = np.cumsum(c.profile, axis=1)
    conv_a = cp.copy()
    conv_a[:, S:] -= cp[:, : T - S]
    conv_r = conv_a - c.ramp_gap[:, None] * c.profile
    n = c.payoff_years[:, None]
    box = ((t >= 1) & (t <= n)).astype(float)
    cab = np.maximum(np.minimum(S - 1, t - 1) - np.maximum(0, t - n) + 1, 0).astype(float)
    crb = cab - c.ramp_gap[:, None] * box
    return {
        "active": np.broadcast_to(active, (D, T)),
        "e0": np.broadcast_to(e0, (D, T)),
        "run": run,
        "conv_a": conv_a,
        "conv_r": conv_r,
        "cab": cab,
        "crb": crb,
    }


def streams(c: Components, L: Layout) -> dict[str, np.ndarray]:
    """Every yearly stream, (D, O, T): costs by kind, families and both benefit modes."""
    p = time_profiles(c, L)

    def term(coef: np.ndarray, prof: np.ndarray) -> np.ndarray:
        return coef[:, :, None] * prof[:, None, :]

    running, setup, continuing = term(c.c_run, p["run"]), term(c.c_e0, p["e0"]), term(c.c_act, p["active"])
    return {
        "running": running,
        "setup": setup,
        "continuing": continuing,
        "costs": running + setup + continuing,
        "reached": term(c.f_act, p["active"]) + term(c.f_run, p["run"]),
        "seen": term(np.broadcast_to(c.served_now[:, None], c.f_act.shape), p["active"])
        + term(c.seen_run, p["run"]),
        "improved": term(c.a_imp, p["active"]) + term(c.b_imp, p["run"]),
        "bottom_up": c.benefit[:, None, None] * (term(c.a_imp, p["conv_a"]) + term(c.b_imp, p["conv_r"])),
        "heckman": c.hk_scale[:, None, None] * (term(c.a_w, p["cab"]) + term(c.b_w, p["crb"])),
    }


# ============================================================================ weights


@dataclass(frozen=True)
class Weights:
    """Draw-independent weights turning profiles into PVs and cumulative PVs at grid years.

    For grid year g (year t_g): cumulative discounted value up to and including t_g.
    """

    grid: np.ndarray  # (G,) years
    pv_act: float  # sum_{t<S} DF(t)
    g_act: np.ndarray  # (G,) cumulative of active x DF
    m_prof: np.ndarray  # (T, 2 + 2G): [W, DF, Wg..., Cg...] for profile @ m_prof
    cab_pv: np.ndarray  # (T+1,) PV of the payoff box convolved with active, by N
    box_pv: np.ndarray  # (T+1,) PV of the payoff box, by N
    cab_g: np.ndarray  # (T+1, G) cumulative PV at grid years, by N
    box_g: np.ndarray  # (T+1, G)


def weights(L: Layout, grid: np.ndarray | None = None) -> Weights:
    """Build the weights for a run (cheap: T x T arithmetic once per run)."""
    T, S, df = L.horizon, L.service_years, L.df
    grid = np.arange(T) if grid is None else np.asarray(grid, dtype=int)
    t = np.arange(T)
    active = (t < S).astype(float)
    cum_act = np.cumsum(active * df)
    # conv with active: value at year t of a unit profile entry at lag a = #{s<S : s + a = t}
    # W[a] = sum_{s<S, s+a<T} DF(s+a);  Wg[a, g] = sum_{s<S, s+a<=t_g} DF(s+a)
    s = np.arange(S)
    ta = t[:, None] + s[None, :]  # (T, S): year s + a
    dfa = np.where(ta < T, df[np.minimum(ta, T - 1)], 0.0)
    W = dfa.sum(axis=1)
    Wg = (dfa[:, :, None] * (ta[:, :, None] <= grid[None, None, :])).sum(axis=1)
    Cg = df[:, None] * (t[:, None] <= grid[None, :])
    m_prof = np.concatenate([W[:, None], df[:, None], Wg, Cg], axis=1)
    # Heckman payoff tables by N = 0 .. T (N >= T - 1 behaves as N = T - 1 within the horizon)
    n = np.arange(T + 1)[:, None]
    box = ((t >= 1) & (t <= n)).astype(float)
    cab = np.maximum(np.minimum(S - 1, t - 1) - np.maximum(0, t - n) + 1, 0).astype(float)
    cum_cab, cum_box = np.cumsum(cab * df, axis=1), np.cumsum(box * df, axis=1)
    return Weights(
        grid=grid,
        pv_act=float(active @ df),
        g_act=cum_act[grid],
        m_prof=m_prof,
        cab_pv=cab @ df,
        box_pv=box @ df,
        cab_g=cum_cab[:, grid],
        box_g=cum_box[:, grid],
    )


def present_values(c: Components, L: Layout, w: Weights) -> dict[str, np.ndarray]:
    """PV of costs and of both benefit modes, (D, O), without building yearly arrays."""
    df0 = L.df[0]
    pv_run = w.pv_act - c.ramp_gap * df0
    costs = c.c_run * pv_run[:, None] + c.c_e0 * df0 + c.c_act * w.pv_act
    pp = c.profile @ w.m_prof[:, :2]  # (D, 2): [PV of conv with active, PV of profile]
    pv_ca = pp[:, 0]
    pv_cr = pv_ca - c.ramp_gap * pp[:, 1]
    bu = c.benefit[:, None] * (c.a_imp * pv_ca[:, None] + c.b_imp * pv_cr[:, None])
    n = np.minimum(c.payoff_years, L.horizon)
    pv_cab = w.cab_pv[n]
    pv_crb = pv_cab - c.ramp_gap * w.box_pv[n]
    hk = c.hk_scale[:, None] * (c.a_w * pv_cab[:, None] + c.b_w * pv_crb[:, None])
    return {"costs": costs, "bottom_up": bu, "heckman": hk}


def increments(pv: dict[str, np.ndarray], bau_index: int) -> dict[str, np.ndarray]:
    """Subtract the BAU column: the Green Book compares options with business as usual."""
    return {k: v - v[:, bau_index : bau_index + 1] for k, v in pv.items()}


def cumulative_net(
    c: Components, L: Layout, w: Weights, options: np.ndarray, dtype=np.float32
) -> dict[str, np.ndarray]:
    """Cumulative discounted incremental net benefit at the grid years, both modes.

    Returned in the layout the fan chart sorts on: (len(options), G, D), ``dtype``.
    """
    G = w.grid.size
    b = L.bau_index
    df0 = L.df[0]
    D = c.profile.shape[0]
    # profiles in (year, draw) layout straight from the products (no transposes)
    pp = w.m_prof[:, 2:].T @ c.profile.T  # (2G, D)
    cum_ca = pp[:G]
    cum_cr = cum_ca - c.ramp_gap[None, :] * pp[G:]
    n = np.minimum(c.payoff_years, L.horizon)
    cum_cab = w.cab_g.T[:, n]  # (G, D)
    cum_crb = cum_cab - c.ramp_gap[None, :] * w.box_g.T[:, n]
    # net[o, g, d] = sum_k coef[k, o, d] x prof[k, g, d]: one einsum per mode, written
    # straight into the (option, year, draw) layout the fan chart sorts along.
    prof = np.empty((5, G, D), dtype=dtype)
    prof[2] = w.g_act[:, None] - (c.ramp_gap * df0)[None, :]
    prof[3] = df0
    prof[4] = w.g_act[:, None]
    coef = np.empty((5, len(options), D), dtype=dtype)

    def delta(x: np.ndarray) -> np.ndarray:  # (D, O) -> (O', D)
        return (x - x[:, b : b + 1])[:, options].T

    coef[2] = -delta(c.c_run)
    coef[3] = -delta(c.c_e0)
    coef[4] = -delta(c.c_act)
    out = {}
    for mode, (ka, kb), (pa, pb), scale in (
        ("bottom_up", (c.a_imp, c.b_imp), (cum_ca, cum_cr), c.benefit),
        ("heckman", (c.a_w, c.b_w), (cum_cab, cum_crb), c.hk_scale),
    ):
        coef[0] = delta(ka) * scale
        coef[1] = delta(kb) * scale
        prof[0] = pa
        prof[1] = pb
        out[mode] = np.einsum("kod,kgd->ogd", coef, prof)
    return out
