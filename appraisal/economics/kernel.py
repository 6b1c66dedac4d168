"""The numerical kernel: array arithmetic over (draws, options, years), no checks inside.

Pattern after scikit-criteria: a thin wrapper (:mod:`~appraisal.economics.layout`,
:mod:`~appraisal.economics.appraise`, :mod:`~appraisal.economics.montecarlo`) validates
inputs and packages results; this module holds only numpy. The base case is the same
kernel with one draw, so the base case, the Monte Carlo, the switching values and the
tornado cannot disagree.

Parameter values arrive as one matrix ``X`` of shape (P, D): one row per parameter (the
:class:`Layout` maps names to rows, plus a row of ones and a row of zeros for defaults),
one column per draw.

Model (per region; d = draw, o = option, t = year 0 .. T-1, S service years; the report
prints the chain step by step)::

    need          = births x prevalence
    F             = families_per_team x direct_work_share / reference x (1 - travel_time_share)
    served_now    = min(coverage_share x need, existing_teams x F)             (today: every option)
    target (new)  = max(target_coverage x need - served_now, 0)
    engaged_o     = target x reach_o x engagement_o        (hosting options; the outcome chain's
                                                             reached -> engaged steps)
    new_teams_o   = engaged_o / F                            (teams sized to the engaged caseload)
    staff/team    = sum_roles wte x pay(band) x (1 + award) / (1 + deflator) x (1 + on-costs)
                    x staff_cost_factor                      (real 2025/26 prices)
    cost/team_o   = staff/team x pay_factor_o x (1 + overhead_o) x (1 + travel_uplift)
    OB_o          = optimism_bias_upper x (1 - optimism_mitigation_o), applied once: to the
                    base case (``Layout.apply_ob``), not to Monte Carlo draws of the cost ranges
    costs_o(t)    = BAU(t) + new_teams_o x cost/team_o x (1 + OB_o) x run(t)
                    + set-up in year 0 (x setup_factor_existing_host where the host already runs a team)
    improved      = engaged x erf(d / 2)                     (Kraemer & Kupfer 2006: 2 Phi(d/sqrt 2) - 1;
                                                             d on attachment security)
    chain(t)      = sum_s improved(s) x sum_k v_k x [age(t - s) in domain k] x p^(t - s) x (1 - displacement)
                    v_k: yearly cost avoided (GBP), or QALYs x qaly_value for health domains;
                    fiscal and economic domains discounted on the main schedule, health on the health rate
    supported(t)  = sum_s engaged(s) x cmh_value x band_share(t - s) / band length   (no share improved)
    what-if(t)    = Heckman-style stream on the option's own incremental costs: each pound of
                    year s returns b = r / (1 - (1 + r)^-N) a year in years s+1 .. s+N

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
    "pay_award_2026_27",
    "gdp_deflator_2026_27",
    "employer_oncost_rate",
    "staff_cost_factor",
    "setup_cost_per_team",
    "setup_factor_existing_host",
    "optimism_bias_upper",
    "dm_national_cost_per_year",
    "dm_setup_national",
    "dm_training_cost_per_birth",
    "dm_extra_share_of_need",
    "dm_effect_factor",
    "effect_attachment_d",
    "benefit_persistence",
    "displacement_share",
    "cmh_value_per_child_supported",
    "qaly_value",
    "heckman_payoff_years",
)
#: Option-specific parameters and the value used where an option has none.
OPTION_FIELDS: dict[str, str] = {
    "reach": "one",
    "engagement": "one",
    "overhead_rate": "zero",
    "pay_factor": "one",
    "setup_factor": "one",
    "optimism_mitigation": "one",
}
#: Discount schedules a stream can use: 0 = the main schedule (costs, fiscal and economic
#: benefits: the Green Book STPR), 1 = the Green Book health rate (health effects only).
MAIN, HEALTH = 0, 1
VIEWS: tuple[str, ...] = ("outcome_chain", "per_child_supported")


@dataclass(frozen=True)
class Layout:
    """Row indices into ``X`` and the constants of one run (region, options, choices)."""

    # rows of X
    scalar: dict[str, int]
    prevalence: int
    coverage: int
    existing_teams: int
    travel: int
    travel_time: int
    rate: int  # heckman_rate.<curve> (the what-if's rate at age 0, or the programme's rate)
    decline: int  # heckman_decline.<curve> (zero row unless the curve declines with age)
    option_rows: dict[str, np.ndarray]  # name -> (O,) rows
    overhead_bau: int
    wte_rows: np.ndarray  # (R,)
    pay_rows: np.ndarray  # (R,) pay row of each role's band
    life_rows: np.ndarray  # (B,)
    domain_rows: np.ndarray  # (K,) value rows (GBP a year, or QALYs a year)
    # constants
    births: float
    wales_births: float
    target: float
    horizon: int
    service_years: int
    age: float  # child's age when the family is seen
    df: np.ndarray  # (2, T): main schedule, health schedule
    domain_qaly: np.ndarray  # (K,) bool: valued at qaly_value
    domain_sched: np.ndarray  # (K,) MAIN or HEALTH
    domain_mask: np.ndarray  # (K, T): 1 where age + lag lies in the domain's ages
    is_bau: np.ndarray  # (O,) 0/1
    is_dm: np.ndarray
    is_host: np.ndarray
    host_match: np.ndarray  # (O,) bool: the region already runs a team in this host
    bau_index: int
    life_matrix: np.ndarray  # (B, T): 1/len on the band's years
    clinical: np.ndarray  # (R,) bool
    curve_kind: str  # programme | curve | breakeven (the what-if's curve)
    apply_ob: bool = True  # optimism bias on the costs (the base case), not on Monte Carlo draws
    life_fixed: bool = False  # life-course shares are the same in every draw


@dataclass(frozen=True)
class Components:
    """Per-draw coefficients (D, O) and profiles (D, ., T) of one run."""

    need: np.ndarray  # (D,)
    capacity: np.ndarray  # (D,) families per team per year
    served_now: np.ndarray  # (D,)
    target_new: np.ndarray  # (D,) families to offer help beyond today's
    reached_new: np.ndarray  # (D, O)
    engaged_new: np.ndarray  # (D, O)
    new_teams: np.ndarray  # (D, O)
    staff_per_team: np.ndarray  # (D,)
    cost_per_team: np.ndarray  # (D, O) running cost per team before optimism bias
    optimism: np.ndarray  # (D, O) optimism bias applied
    c_run: np.ndarray  # (D, O) x run(t)
    c_e0: np.ndarray  # (D, O) in year 0 only
    c_act: np.ndarray  # (D, O) x active(t)
    a_sup: np.ndarray  # (D, O) families supported x active(t)
    b_sup: np.ndarray  # (D, O) families supported x run(t)
    share_improved: np.ndarray  # (D,)
    a_imp: np.ndarray  # (D, O) babies improved x active(t)
    b_imp: np.ndarray  # (D, O) babies improved x run(t)
    domain_values: np.ndarray  # (D, K) yearly value of one improved child in each domain (GBP)
    fade: np.ndarray  # (D, T) persistence^t x (1 - displacement)
    cmh_profile: np.ndarray  # (D, T) value of one supported child, t years after service
    rate: np.ndarray  # (D,) the what-if's rate of return at the service age
    annuity: np.ndarray  # (D,) what-if payment per pound invested
    payoff_years: np.ndarray  # (D,) N, whole years (int)
    ramp_gap: np.ndarray  # (D,) 1 - first_year_capacity


def share_improved(d: np.ndarray) -> np.ndarray:
    """Share of babies with a better outcome than without help: 2 Phi(d/sqrt 2) - 1 = erf(d/2).

    Kraemer & Kupfer 2006, *Biological Psychiatry* 59:990-996 (success-rate difference from
    the area under the curve); NNT = 1 / share. d = 0.20 gives 0.1125 (NNT 8.9).
    """
    return erf(np.asarray(d, dtype=float) / 2.0)


def curve_rate(age, r0, k):
    """r(a) = r0 exp(-k a): the curve through the programmes' points (no floor)."""
    return np.asarray(r0) * np.exp(-np.asarray(k) * np.asarray(age))


def annuity_per_pound(r, n):
    """Level yearly payment for ``n`` years that earns exactly ``r`` on 1 pound: r/(1-(1+r)^-n).

    At r = 0 it is 1/n. Discounted at rate r it is worth exactly 1, so its present value at the
    STPR is above 1 when r exceeds the STPR.
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
    births,
    prevalence,
    coverage_share,
    existing_teams,
    families_per_team,
    direct,
    ref_direct,
    travel_time,
    target,
):
    """Babies in need, capacity per team, families served today and families to offer help to.

    Works on scalars or arrays (one implementation for the need table and the kernel).
    """
    need = births * prevalence
    cap = families_per_team * direct / ref_direct * (1.0 - travel_time)
    served_now = np.minimum(coverage_share * need, existing_teams * cap)
    target_new = np.maximum(target * need - served_now, 0.0)
    return need, cap, served_now, target_new


def components(X: np.ndarray, L: Layout) -> Components:
    """All coefficients for the draws in ``X`` (shape (P, D))."""
    g = {name: X[i] for name, i in L.scalar.items()}
    T = L.horizon
    D = X.shape[1]
    opt = {name: np.ascontiguousarray(X[rows].T) for name, rows in L.option_rows.items()}  # (D, O)
    is_host, is_dm = L.is_host[None, :], L.is_dm[None, :]

    # ---- need and capacity; the chain's first steps
    existing = X[L.existing_teams]
    need, cap, served_now, target_new = need_and_capacity(
        L.births,
        X[L.prevalence],
        X[L.coverage],
        existing,
        g["families_per_team"],
        g["direct_work_share"],
        g["reference_direct_work_share"],
        X[L.travel_time],
        L.target,
    )
    reached = is_host * target_new[:, None] * opt["reach"]
    engaged = reached * opt["engagement"]
    teams = engaged / cap[:, None]

    # ---- costs (real prices: the nominal award deflated)
    pay = (X[L.wte_rows] * X[L.pay_rows]).sum(axis=0)
    real_uplift = (1 + g["pay_award_2026_27"]) / (1 + g["gdp_deflator_2026_27"])
    staff = pay * real_uplift * (1 + g["employer_oncost_rate"]) * g["staff_cost_factor"]
    travel = 1 + X[L.travel]
    cpt = (staff * travel)[:, None] * opt["pay_factor"] * (1 + opt["overhead_rate"])
    ob_share = g["optimism_bias_upper"][:, None] * (1 - opt["optimism_mitigation"])
    ob = 1 + (ob_share if L.apply_ob else 0.0 * ob_share)
    c_run = teams * cpt * ob
    setup = np.where(L.host_match[None, :], g["setup_factor_existing_host"][:, None], 1.0)
    share_births = L.births / L.wales_births
    c_e0 = teams * g["setup_cost_per_team"][:, None] * opt["setup_factor"] * setup * ob
    c_e0 = c_e0 + is_dm * (g["dm_setup_national"] * share_births)[:, None] * ob
    bau = existing * staff * (1 + X[L.overhead_bau]) * travel
    dm = g["dm_national_cost_per_year"] * share_births + g["dm_training_cost_per_birth"] * L.births
    c_act = bau[:, None] + is_dm * dm[:, None] * ob

    # ---- families supported and babies improved
    dm_fam = g["dm_extra_share_of_need"] * need
    fdm = g["dm_effect_factor"]
    s = share_improved(g["effect_attachment_d"])
    s_dm = share_improved(g["effect_attachment_d"] * fdm)
    a_sup = served_now[:, None] + is_dm * (fdm * dm_fam)[:, None]
    a_imp = (s * served_now)[:, None] + is_dm * (s_dm * dm_fam)[:, None]
    b_imp = s[:, None] * engaged

    # ---- value of one improved child, by domain and lag since service
    dvals, fade = domain_parts(X, L)

    # ---- value of one supported child (the published per-child-supported figure)
    lives = X[L.life_rows].T  # (D, B)
    if L.life_fixed:
        lives = lives[:1]
    shape = (lives @ L.life_matrix) / lives.sum(axis=1, keepdims=True)
    cmh_profile = np.broadcast_to(g["cmh_value_per_child_supported"][:, None] * shape, (D, T))

    # ---- Heckman-style what-if: the curve's rate at the service age
    if L.curve_kind == "curve":
        r = curve_rate(L.age, X[L.rate], X[L.decline])
    else:
        r = X[L.rate] + 0.0
    n = np.maximum(np.rint(g["heckman_payoff_years"]), 1.0)

    return Components(
        need=need,
        capacity=cap,
        served_now=served_now,
        target_new=target_new,
        reached_new=reached,
        engaged_new=engaged,
        new_teams=teams,
        staff_per_team=staff,
        cost_per_team=cpt,
        optimism=ob - 1,
        c_run=c_run,
        c_e0=c_e0,
        c_act=c_act,
        a_sup=a_sup,
        b_sup=engaged,
        share_improved=np.broadcast_to(s, (D,)).astype(float),
        a_imp=a_imp,
        b_imp=b_imp,
        domain_values=dvals,
        fade=fade,
        cmh_profile=cmh_profile,
        rate=r,
        annuity=annuity_per_pound(r, n),
        payoff_years=n.astype(int),
        ramp_gap=1.0 - g["first_year_capacity"],
    )


def domain_parts(X: np.ndarray, L: Layout, *, fade: bool = True, displace: bool = True):
    """The value of one improved child as (values (D, K), fade (D, T)): each domain's yearly
    cost avoided (or QALYs x qaly_value), and persistence^t x (1 - displacement) (either
    left out for the waterfall). Profile t years after service: values_k x mask_k(t) x fade(t)."""
    g = {name: X[i] for name, i in L.scalar.items()}
    vals = X[L.domain_rows].T  # (D, K)
    vals = np.where(L.domain_qaly[None, :], vals * g["qaly_value"][:, None], vals)
    D = X.shape[1]
    f = powers(g["benefit_persistence"], L.horizon) if fade else np.ones((D, L.horizon))
    if displace:
        f = f * (1 - g["displacement_share"])[:, None]
    return vals, f


def chain_profile(c: Components, L: Layout, sel: np.ndarray) -> np.ndarray:
    """(D, T): the value of one improved child t years after service, summed over the
    domains ``sel`` (a mask over domains): (values @ mask) x fade, one matrix product."""
    return (c.domain_values[:, sel] @ L.domain_mask[sel]) * c.fade


def domain_profiles(c: Components, L: Layout) -> np.ndarray:
    """(D, K, T): the profile of each domain (base case and streams only: it is large)."""
    return c.domain_values[:, :, None] * L.domain_mask[None, :, :] * c.fade[:, None, :]


# ============================================================================ yearly streams


def _convolve(profile: np.ndarray, S: int, ramp_gap: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """profile (D, ..., T) convolved with active(t < S) and with run(t) (active less the
    first-year ramp): the yearly value of one unit a year of service."""
    cp = np.cumsum(profile, axis=-1)
    conv_a = cp.copy()
    conv_a[..., S:] -= cp[..., : profile.shape[-1] - S]
    gap = ramp_gap.reshape((-1,) + (1,) * (profile.ndim - 1))
    return conv_a, conv_a - gap * profile


def streams(c: Components, L: Layout) -> dict[str, np.ndarray]:
    """Every yearly stream, (D, O, T) (domain streams (D, O, K, T)): costs by kind,
    families, babies improved, both benefit views and the what-if."""
    T, S = L.horizon, L.service_years
    D = c.c_run.shape[0]
    t = np.arange(T)
    active = (t < S).astype(float)
    e0 = (t == 0).astype(float)
    run = active[None, :] - c.ramp_gap[:, None] * e0[None, :]

    def term(coef: np.ndarray, prof: np.ndarray) -> np.ndarray:
        return coef[:, :, None] * prof[:, None, :]

    act = np.broadcast_to(active, (D, T))
    running, setup, continuing = (
        term(c.c_run, run),
        term(c.c_e0, np.broadcast_to(e0, (D, T))),
        term(c.c_act, act),
    )
    costs = running + setup + continuing
    da, dr = _convolve(domain_profiles(c, L), S, c.ramp_gap)  # (D, K, T)
    domains = c.a_imp[:, :, None, None] * da[:, None] + c.b_imp[:, :, None, None] * dr[:, None]
    ca, cr = _convolve(c.cmh_profile, S, c.ramp_gap)
    supported_value = term(c.a_sup, ca) + term(c.b_sup, cr)
    # what-if: the option's incremental costs, each pound earning the annuity for N years
    inc = costs - costs[:, L.bau_index : L.bau_index + 1]
    whatif = np.zeros_like(costs)
    for d in range(D):  # the what-if is a base-case curiosity: a loop over draws is fine
        n = int(c.payoff_years[d])
        kernel = np.zeros(T)
        kernel[1 : min(n, T - 1) + 1] = c.annuity[d]
        for o in range(costs.shape[1]):
            whatif[d, o] = np.convolve(inc[d, o], kernel)[:T]
    return {
        "running": running,
        "setup": setup,
        "continuing": continuing,
        "costs": costs,
        "supported": term(c.a_sup, act) + term(c.b_sup, run),
        "improved": term(c.a_imp, act) + term(c.b_imp, run),
        "domains": domains,
        "outcome_chain": domains.sum(axis=2),
        "per_child_supported": supported_value,
        "whatif": whatif,
    }


# ============================================================================ weights


@dataclass(frozen=True)
class Weights:
    """Draw-independent weights turning profiles into PVs and cumulative PVs at grid years,
    one set per discount schedule (MAIN, HEALTH)."""

    grid: np.ndarray  # (G,) years
    pv_act: float  # sum_{t<S} DF_main(t)
    g_act: np.ndarray  # (G,) cumulative of active x DF_main
    m_prof: np.ndarray  # (2, T, 2 + 2G): [W, DF, Wg..., Cg...] per schedule
    cab_pv: np.ndarray  # (T+1,) PV of the payoff box convolved with active, by N (main schedule)
    box_pv: np.ndarray  # (T+1,) PV of the payoff box, by N
    e0_pv: np.ndarray  # (T+1,) PV of the payoff box from year 0, by N


def weights(L: Layout, grid: np.ndarray | None = None) -> Weights:
    """Build the weights for a run (cheap: T x T arithmetic once per run)."""
    T, S = L.horizon, L.service_years
    grid = np.arange(T) if grid is None else np.asarray(grid, dtype=int)
    t = np.arange(T)
    active = (t < S).astype(float)
    s = np.arange(S)
    ta = t[:, None] + s[None, :]  # (T, S): year s + a
    mats = []
    for df in L.df:
        dfa = np.where(ta < T, df[np.minimum(ta, T - 1)], 0.0)
        W = dfa.sum(axis=1)
        Wg = (dfa[:, :, None] * (ta[:, :, None] <= grid[None, None, :])).sum(axis=1)
        Cg = df[:, None] * (t[:, None] <= grid[None, :])
        mats.append(np.concatenate([W[:, None], df[:, None], Wg, Cg], axis=1))
    df = L.df[MAIN]
    n = np.arange(T + 1)[:, None]
    box = ((t >= 1) & (t <= n)).astype(float)
    cab = np.maximum(np.minimum(S - 1, t - 1) - np.maximum(0, t - n) + 1, 0).astype(float)
    return Weights(
        grid=grid,
        pv_act=float(active @ df),
        g_act=np.cumsum(active * df)[grid],
        m_prof=np.stack(mats),
        cab_pv=cab @ df,
        box_pv=box @ df,
        e0_pv=box @ df,
    )


def _view_pv(
    a: np.ndarray, b: np.ndarray, profile: np.ndarray, m: np.ndarray, ramp: np.ndarray
) -> np.ndarray:
    """PV (D, O) of ``a`` units x active and ``b`` units x run(t) convolved with ``profile`` (D, T)."""
    pp = profile @ m[:, :2]  # (D, 2): [PV of conv with active, PV of profile]
    pv_ca = pp[:, 0]
    pv_cr = pv_ca - ramp * pp[:, 1]
    return a * pv_ca[:, None] + b * pv_cr[:, None]


def present_values(c: Components, L: Layout, w: Weights, *, by_domain: bool = False) -> dict[str, np.ndarray]:
    """PV of costs, of both benefit views and of the what-if, (D, O), without yearly arrays.

    ``by_domain`` adds ``domains`` (D, O, K): the chain's PV by outcome domain."""
    df0 = L.df[MAIN][0]
    pv_run = w.pv_act - c.ramp_gap * df0
    costs = c.c_run * pv_run[:, None] + c.c_e0 * df0 + c.c_act * w.pv_act
    chain = np.zeros_like(costs)
    for sched in (MAIN, HEALTH):
        sel = L.domain_sched == sched
        if sel.any():
            chain += _view_pv(c.a_imp, c.b_imp, chain_profile(c, L, sel), w.m_prof[sched], c.ramp_gap)
    out = {
        "costs": costs,
        "outcome_chain": chain,
        "per_child_supported": _view_pv(c.a_sup, c.b_sup, c.cmh_profile, w.m_prof[MAIN], c.ramp_gap),
    }
    # what-if on the incremental costs: PV of the payoff boxes of each year's pounds
    b = L.bau_index
    n = np.minimum(c.payoff_years, L.horizon)
    pv_cab = w.cab_pv[n]
    pv_crb = pv_cab - c.ramp_gap * w.box_pv[n]
    d_run, d_e0, d_act = (x - x[:, b : b + 1] for x in (c.c_run, c.c_e0, c.c_act))
    out["whatif"] = c.annuity[:, None] * (
        d_run * pv_crb[:, None] + d_e0 * w.e0_pv[n][:, None] + d_act * pv_cab[:, None]
    )
    if by_domain:
        K = c.domain_values.shape[1]
        dom = np.zeros(costs.shape + (K,))
        for k in range(K):
            sel = np.arange(K) == k
            dom[:, :, k] = _view_pv(
                c.a_imp, c.b_imp, chain_profile(c, L, sel), w.m_prof[L.domain_sched[k]], c.ramp_gap
            )
        out["domains"] = dom
    return out


def increments(pv: dict[str, np.ndarray], bau_index: int) -> dict[str, np.ndarray]:
    """Subtract the BAU column: the Green Book compares options with business as usual.
    (The what-if is already on incremental costs.)"""
    out = {}
    for k, v in pv.items():
        out[k] = v if k == "whatif" else v - v[:, bau_index : bau_index + 1, ...]
    return out


def cumulative_net(
    c: Components, L: Layout, w: Weights, options: np.ndarray, view: str = "outcome_chain", dtype=np.float32
) -> np.ndarray:
    """Cumulative discounted incremental net benefit at the grid years, (len(options), G, D),
    in ``view`` (the layout the fan chart sorts along), accumulated in ``dtype``.

    net(o, g, d) = -(dRun + dAct)(o, d) x A(g) + (dRun x gap x DF(0) - dSetup x DF(0))(o, d)
                   + sum over benefit profiles of dA(o, d) x CumA(g, d) + dB(o, d) x CumR(g, d),
    with A(g) the discounted active years to g; every term is one pass over the array."""
    G = w.grid.size
    b = L.bau_index
    df0 = L.df[MAIN][0]

    def delta(x: np.ndarray) -> np.ndarray:  # (D, O) -> (O', D)
        return np.ascontiguousarray((x - x[:, b : b + 1])[:, options].T, dtype=dtype)

    d_run, d_e0, d_act = delta(c.c_run), delta(c.c_e0), delta(c.c_act)
    gap = c.ramp_gap.astype(dtype)
    const = d_run * (gap * dtype(df0))[None, :] - d_e0 * dtype(df0)  # (O', D)
    net = np.empty((len(options), G, c.c_run.shape[0]), dtype=dtype)
    np.multiply(-(d_run + d_act)[:, None, :], w.g_act.astype(dtype)[None, :, None], out=net)
    net += const[:, None, :]
    if view == "outcome_chain":
        profiles = [
            (chain_profile(c, L, L.domain_sched == sched), c.a_imp, c.b_imp, sched)
            for sched in (MAIN, HEALTH)
            if (L.domain_sched == sched).any()
        ]
    else:
        profiles = [(c.cmh_profile, c.a_sup, c.b_sup, MAIN)]
    for prof, a, bb, sched in profiles:
        m = w.m_prof[sched]
        pp = m[:, 2:].T @ prof.T  # (2G, D)
        cum_ca = pp[:G].astype(dtype)
        cum_cr = cum_ca - (c.ramp_gap[None, :] * pp[G:]).astype(dtype)
        net += delta(a)[:, None, :] * cum_ca[None]
        net += delta(bb)[:, None, :] * cum_cr[None]
    return net
