"""Turn (assumptions, region, choices) into the kernel's parameter matrix and Layout.

This is the validating wrapper around :mod:`appraisal.economics.kernel`: it checks that the
data folder's options and regions have their economic parameters, resolves the user's
choices (coverage, horizon, service years, discount schedule, Heckman-style curve) and lays the
parameters out as rows of a (P, D) matrix. Region data (need prevalence, coverage share)
join the parameters as ``need_prevalence.<region>`` and ``coverage_share.<region>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from appraisal.economics.assumptions import EXISTING_HOST, MAX_HORIZON, Assumptions, Param
from appraisal.economics.discounting import discount_factors
from appraisal.economics.kernel import HEALTH, MAIN, OPTION_FIELDS, SCALARS, Layout
from appraisal.errors import AppraisalError, DataError, DataIssue
from appraisal.i18n import t
from appraisal.model import Option, Quantity, Region

DISCOUNTS: tuple[str, ...] = ("stpr",)  # health effects always use the health schedule
ONE, ZERO = "__one__", "__zero__"


class ChoiceError(AppraisalError):
    """A user choice (coverage, horizon, discount, preset...) that cannot be used."""


@dataclass(frozen=True)
class Run:
    """Everything one appraisal run needs: parameter table, layout and the choices made."""

    ids: tuple[str, ...]  # row ids of X
    params: tuple[Param, ...]  # one per row (ONE/ZERO rows hold dummies)
    base: np.ndarray  # (P,) central values
    low: np.ndarray
    high: np.ndarray
    uncertain: np.ndarray  # (P,) bool: drawn in the Monte Carlo
    layout: Layout
    region: Region
    options: tuple[Option, ...]
    roles: tuple[str, ...]  # economic role per option
    coverage: float
    horizon: int
    service_years: int
    discount: str
    heckman: str
    assumptions: Assumptions

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def row(self, param_id: str) -> int:
        return self.ids.index(param_id)

    def matrix(self, overrides: dict[str, float] | None = None) -> np.ndarray:
        """The (P, 1) base-case matrix, with optional {param id: value} changes."""
        x = self.base.copy()
        for pid, v in (overrides or {}).items():
            x[self.row(pid)] = v
        return x[:, None]


def _region_param(region: Region, name: str, q) -> Param:
    value = float(q.value)
    low = float(q.low) if q.low is not None else value
    high = float(q.high) if q.high is not None else value
    return Param(
        id=f"{name}.{region.id}",
        name=name,
        scope=region.id,
        value=value,
        low=min(low, value),
        high=max(high, value),
        unit=q.unit,
        source=q.source,
        status=q.status,
        file=f"regions/{region.id}.yaml",
    )


def _number(x) -> float | None:
    if isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if np.isfinite(v) else None


def _whole(x) -> int | None:
    v = _number(x)
    return int(v) if v is not None and v == int(v) else None


def _dummy(pid: str, value: float) -> Param:
    return Param(pid, pid, "", value, value, value, "", "", "derived", role="reference")


def prepare(
    assumptions: Assumptions,
    region: Region,
    options: tuple[Option, ...],
    *,
    wales_births: float,
    coverage: float | None = None,
    horizon: int | None = None,
    service_years: int | None = None,
    discount: str | None = None,
    heckman: str | None = None,
) -> Run:
    """Validate the choices and build the parameter table and Layout for one region."""
    a = assumptions
    issues = []
    for o in options:
        if o.id not in a.option_ids:
            issues.append(
                DataIssue("assumptions/options.yaml", f"option '{o.id}' has no economic parameters")
            )
    if region.id not in a.region_ids:
        issues.append(
            DataIssue("assumptions/regions.yaml", f"region '{region.id}' has no economic parameters")
        )
    if region.births.value is None or region.need_prevalence.value is None:
        issues.append(DataIssue(f"regions/{region.id}.yaml", "births and need_prevalence are needed"))
    # "build on what exists": its host is the region's, its inherited parameters that host's option's
    here = region.provision.host
    source = next((o.id for o in a.options if o.role == "hosting" and o.host == here), None)
    for o in options:
        econ = a.option(o.id) if o.id in a.option_ids else None
        if econ is not None and econ.inherit and source is None:
            issues.append(
                DataIssue(
                    "assumptions/options.yaml",
                    t("econ.data.no_host_to_inherit", option=o.id, host=here, region=region.id),
                )
            )
    if issues:
        raise DataError(issues)
    roles = tuple(a.option(o.id).role for o in options)
    if roles.count("bau") != 1:
        raise ChoiceError("the options must include exactly one business-as-usual option")

    discount = discount or a.settings.default_discount
    if discount not in DISCOUNTS:
        raise ChoiceError(f"discount must be one of {', '.join(DISCOUNTS)}; got {discount!r}")
    heckman = heckman or a.settings.default_heckman
    if heckman not in a.presets:
        raise ChoiceError(f"heckman preset must be one of {', '.join(a.presets)}; got {heckman!r}")
    cov_value = a.value("target_coverage") if coverage is None else _number(coverage)
    if cov_value is None or not 0 <= cov_value <= 1:
        raise ChoiceError(f"coverage is a share of babies in need between 0 and 1; got {coverage!r}")
    coverage = cov_value
    h = _whole(a.value("horizon_years") if horizon is None else horizon)
    if h is None or not 1 <= h <= MAX_HORIZON:
        raise ChoiceError(f"horizon must be a whole number of years from 1 to {MAX_HORIZON}; got {horizon!r}")
    horizon = h
    sy = _whole(a.value("service_years") if service_years is None else service_years)
    if sy is None or sy < 1:
        raise ChoiceError(f"service years must be a whole number of at least 1; got {service_years!r}")
    service = min(sy, horizon)

    params: list[Param] = list(a.params.values())
    params.append(_region_param(region, "need_prevalence", region.need_prevalence))
    cov = region.provision.coverage_share
    if cov.value is None:  # a validated data set always has one; be safe with hand-made regions
        cov = Quantity(0.0, cov.unit or "share", cov.source or "none", cov.status or "illustrative")
    params.append(_region_param(region, "coverage_share", cov))
    params += [_dummy(ONE, 1.0), _dummy(ZERO, 0.0)]
    ids = tuple(p.id for p in params)
    idx = {pid: i for i, pid in enumerate(ids)}

    def opt_rows(name: str, default: str) -> np.ndarray:
        def row(o: Option) -> int:
            scope = source if name in a.option(o.id).inherit else o.id
            return idx.get(f"{name}.{scope}", idx[default])

        return np.array([row(o) for o in options], dtype=int)

    life = a.life_course
    life_matrix = np.zeros((len(life), horizon))
    for j, b in enumerate(life):
        lo, hi = b.from_year, min(b.to_year, horizon - 1)
        if lo <= hi:
            life_matrix[j, lo : hi + 1] = 1.0 / b.length
    schedules = np.stack(
        [
            discount_factors([(b.from_year, b.to_year, a.value(b.param_id)) for b in a.schedules[s]], horizon)
            for s in (discount, "health")
        ]
    )
    host_match = np.array(
        [
            r == "hosting"
            and a.option(o.id).host in (region.provision.host, EXISTING_HOST)
            and here != "none"
            for o, r in zip(options, roles)
        ]
    )
    age = a.value("age_at_intervention")
    lags = np.arange(horizon)
    domain_mask = np.array(
        [((age + lags >= d.from_age) & (age + lags <= d.to_age)).astype(float) for d in a.domains]
    ).reshape(len(a.domains), horizon)
    curve = a.curve(heckman)
    layout = Layout(
        scalar={name: idx[name] for name in SCALARS},
        prevalence=idx[f"need_prevalence.{region.id}"],
        coverage=idx[f"coverage_share.{region.id}"],
        existing_teams=idx[f"existing_teams.{region.id}"],
        travel=idx[f"travel_uplift.{region.id}"],
        travel_time=idx[f"travel_time_share.{region.id}"],
        rate=idx[f"heckman_rate.{heckman}"],
        decline=idx.get(f"heckman_decline.{heckman}", idx[ZERO]),
        option_rows={name: opt_rows(name, ONE if d == "one" else ZERO) for name, d in OPTION_FIELDS.items()},
        overhead_bau=idx[f"overhead_rate.{options[roles.index('bau')].id}"],
        wte_rows=np.array([idx[f"wte.{r.id}"] for r in a.roles], dtype=int),
        pay_rows=np.array([idx[f"pay.{r.band}"] for r in a.roles], dtype=int),
        life_rows=np.array([idx[f"life_course_share.{b.id}"] for b in life], dtype=int),
        domain_rows=np.array([idx[d.param_id] for d in a.domains], dtype=int),
        births=float(region.births.value),
        wales_births=float(wales_births),
        target=coverage,
        horizon=horizon,
        service_years=service,
        age=float(age),
        df=schedules,
        domain_qaly=np.array([d.measure == "qaly" for d in a.domains], dtype=bool),
        domain_sched=np.array([HEALTH if d.kind == "health" else MAIN for d in a.domains], dtype=int),
        domain_mask=domain_mask,
        is_bau=np.array([r == "bau" for r in roles], dtype=float),
        is_dm=np.array([r == "do_minimum" for r in roles], dtype=float),
        is_host=np.array([r == "hosting" for r in roles], dtype=float),
        host_match=host_match,
        bau_index=roles.index("bau"),
        life_matrix=life_matrix,
        clinical=np.array([r.clinical for r in a.roles]),
        curve_kind=curve.kind,
    )
    # Parameters for other regions and other curves are laid out but never read; only the
    # ones this run uses are drawn, so the tornado and Monte Carlo show what matters here.
    unused_prefixes = tuple(
        f"{n}.{rid}"
        for rid in a.region_ids
        if rid != region.id
        for n in ("travel_uplift", "travel_time_share", "existing_teams")
    ) + tuple(f"{n}.{p}" for p in a.presets if p != heckman for n in ("heckman_rate", "heckman_decline"))
    run_ids = {o.id for o in options}
    unused = set(unused_prefixes) | {
        f"{n}.{o}" for n in OPTION_FIELDS for o in a.option_ids if o not in run_ids
    }
    uncertain = np.array([p.uncertain and p.id not in unused for p in params])
    layout = replace(layout, life_fixed=not uncertain[layout.life_rows].any())
    return Run(
        ids=ids,
        params=tuple(params),
        base=np.array([p.value for p in params], dtype=float),
        low=np.array([p.low for p in params], dtype=float),
        high=np.array([p.high for p in params], dtype=float),
        uncertain=uncertain,
        layout=layout,
        region=region,
        options=tuple(options),
        roles=roles,
        coverage=coverage,
        horizon=horizon,
        service_years=service,
        discount=discount,
        heckman=heckman,
        assumptions=a,
    )


def wales_births(dataset) -> float:
    """Births in all regions of the data set (for sharing national costs)."""
    return float(sum(r.births.value or 0.0 for r in dataset.regions))
