"""Load and validate ``assumptions/``: every economic parameter as data.

Files (all human-edited; YAML read with ``yaml.safe_load`` only):

- ``economics.yaml``: global parameters, settings (with the stated treatment of
  consultation and deadweight), Heckman-style benchmark curves, the life-course bands of
  the "per child supported" view and the discount schedules;
- ``outcomes.yaml``: the monetised outcome domains of the chain (yearly cost or QALYs a
  child improved avoids, by payer and kind, over its ages);
- ``options.yaml``: option-specific parameters (role, host, reach, engagement, overheads,
  set-up, optimism bias);
- ``regions.yaml``: region-specific parameters (travel uplift, existing team capacity);
- ``pay_bands.csv``: Agenda for Change pay by band (value = midpoint);
- ``team_template.csv``: roles x band x WTE of one standard team (``label`` and the
  optional ``label_cy``: the role's plain name in English and Welsh).

Every number is a :class:`Param` with value, low, high, unit, source and status, addressable
by id: ``name`` for a global parameter, ``name.scope`` for a scoped one
(``reach.camhs``, ``travel_uplift.powys``, ``heckman_rate.perry``, ``outcome_cost.youth_justice``, ``pay.8a``,
``wte.psychologist``, ``life_course_share.adulthood``, ``discount_rate.stpr.0_30``).
Problems are collected as :class:`~appraisal.errors.DataIssue` naming file, row (1-based
list entry or CSV line) and field, in the current language: the generic checks are those
of :mod:`appraisal.validation` (shared with :mod:`appraisal.data`, messages ``data.*``),
the economics ones have messages ``econ.data.*``. Each parameter name has one allowed
domain (``_BOUNDS``), checked on the files and on :meth:`Assumptions.with_overrides`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from appraisal import validation as V
from appraisal.errors import DataError, DataIssue, UnknownIdError
from appraisal.i18n import current_language, t
from appraisal.model import HOSTS, Quantity

DIR_NAME = "assumptions"
ROLES: tuple[str, ...] = ("uncertain", "policy", "reference")
OPTION_ROLES: tuple[str, ...] = ("bau", "do_minimum", "hosting")
DISCOUNT_SCHEDULES: tuple[str, ...] = ("stpr", "health")
#: Longest horizon the app offers (the Green Book schedule is tabled to year 200).
MAX_HORIZON = 200

# Allowed bounds per parameter name (inclusive), checked on value, low and high.
# Every parameter name has its physically meaningful domain here: the files and
# Assumptions.with_overrides are checked against it.
_ABOVE_ZERO = 1e-9  # lower bound of a quantity that must be more than 0
_SHARE = (0.0, 1.0)
_NONNEG = (0.0, math.inf)
_BOUNDS: dict[str, tuple[float, float]] = {
    "funding_share": _SHARE,
    "capital_share": _SHARE,
    "committed_funding": _NONNEG,
    "cash_inflation": (-0.5, 1.0),
    "horizon_years": (1, MAX_HORIZON),
    "service_years": (1, MAX_HORIZON),
    "target_coverage": _SHARE,
    "families_per_team": (_ABOVE_ZERO, math.inf),
    "direct_work_share": (_ABOVE_ZERO, 1.0),
    "reference_direct_work_share": (_ABOVE_ZERO, 1.0),
    "first_year_capacity": _SHARE,
    "pay_award_2026_27": (-0.5, 1.0),
    "gdp_deflator_2026_27": (-0.5, 1.0),
    "employer_oncost_rate": (0.0, 1.0),
    "staff_cost_factor": _NONNEG,
    "setup_cost_per_team": _NONNEG,
    "setup_factor_existing_host": _NONNEG,
    "optimism_bias_upper": (0.0, 5.0),
    "reference_cost_per_team": _NONNEG,
    "reference_cost_per_family": _NONNEG,
    "dm_national_cost_per_year": _NONNEG,
    "dm_setup_national": _NONNEG,
    "dm_training_cost_per_birth": _NONNEG,
    "dm_extra_share_of_need": _SHARE,
    "dm_effect_factor": _NONNEG,
    "effect_attachment_d": (0.0, 5.0),  # Cohen's d of the benefit; a harm is not modelled
    "effect_sensitivity_d": (0.0, 5.0),
    "benefit_persistence": (_ABOVE_ZERO, 1.0),
    "age_at_intervention": (0.0, 100.0),
    "displacement_share": _SHARE,
    "cmh_value_per_child_supported": _NONNEG,
    "qaly_value": _NONNEG,
    "heckman_payoff_years": (1.0, MAX_HORIZON),
    "abc_care_bcr": _NONNEG,
    # scoped
    "heckman_rate": (-0.5, 1.0),
    "heckman_decline": (0.0, 10.0),
    "outcome_cost": _NONNEG,
    "outcome_qaly": (0.0, 1.0),
    "life_course_share": _SHARE,
    "discount_rate": (-0.05, 0.5),
    "reach": _SHARE,
    "engagement": _SHARE,
    "overhead_rate": (0.0, 5.0),
    "pay_factor": _NONNEG,
    "setup_factor": _NONNEG,
    "optimism_mitigation": _SHARE,
    "travel_uplift": (0.0, 5.0),
    "travel_time_share": (0.0, 0.9),
    "existing_teams": _NONNEG,
    "pay": _NONNEG,
    "wte": _NONNEG,
}
GLOBAL_NAMES: tuple[str, ...] = (
    "horizon_years",
    "service_years",
    "target_coverage",
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
    "reference_cost_per_team",
    "reference_cost_per_family",
    "dm_national_cost_per_year",
    "dm_setup_national",
    "dm_training_cost_per_birth",
    "dm_extra_share_of_need",
    "dm_effect_factor",
    "effect_attachment_d",
    "effect_sensitivity_d",
    "benefit_persistence",
    "age_at_intervention",
    "displacement_share",
    "cmh_value_per_child_supported",
    "qaly_value",
    "heckman_payoff_years",
    "abc_care_bcr",
)
#: Kinds of Heckman-style benchmark: a programme's measured return over the ages it
#: served, a curve r0 exp(-k a) through the programmes' points, or a flat line drawn at
#: each option's break-even return (Rea & Burton 2020: no age gradient).
CURVE_KINDS: tuple[str, ...] = ("programme", "curve", "breakeven")
OUTCOME_PAYERS: tuple[str, ...] = ("nhs", "social_care", "education", "justice", "economy", "family")
#: How an outcome domain is valued and discounted: fiscal and economic costs avoided at the
#: STPR; health effects (QALYs at qaly_value) at the Green Book health rate.
OUTCOME_KINDS: tuple[str, ...] = ("fiscal", "economic", "health")
OPTION_PARAMS: dict[str, tuple[str, ...]] = {
    "bau": ("overhead_rate", "optimism_mitigation"),
    "do_minimum": ("optimism_mitigation",),
    "hosting": ("reach", "engagement", "overhead_rate", "pay_factor", "setup_factor", "optimism_mitigation"),
}
REGION_PARAMS: tuple[str, ...] = ("travel_uplift", "travel_time_share", "existing_teams")
#: The host of "build on what exists": the region's current host, resolved per region.
EXISTING_HOST = "existing"
#: Parameters such an option may take from the hosting option with the region's host.
INHERITABLE: tuple[str, ...] = ("reach", "engagement", "overhead_rate", "pay_factor")
PAY_COLUMNS = ("band", "value", "low", "high", "unit", "source", "status")
TEMPLATE_COLUMNS = ("role", "label", "band", "value", "low", "high", "clinical", "unit", "source", "status")
# optional column of team_template.csv: label_cy (the role's name in Welsh)


@dataclass(frozen=True)
class Param:
    """One economic parameter (Quantity-like: value, low, high, unit, source, status).

    ``name`` is the generic parameter name and ``scope`` the option, region, preset, band or
    role it belongs to ('' for a global parameter); ``id`` is ``name`` or ``name.scope``.
    """

    id: str
    name: str
    scope: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    status: str
    role: str = "uncertain"
    note: str = ""
    file: str = ""
    row: int | None = None

    @property
    def uncertain(self) -> bool:
        """Drawn in the Monte Carlo and moved in the tornado (role uncertain, low < high)."""
        return self.role == "uncertain" and self.high > self.low

    def quantity(self) -> Quantity:
        return Quantity(self.value, self.unit, self.source, self.status, self.low, self.high, None, self.note)


@dataclass(frozen=True)
class OptionEcon:
    id: str
    role: str  # bau | do_minimum | hosting
    host: str  # HOSTS key for hosting options ('existing': the region's current host); 'current' or 'none' otherwise
    #: parameters taken from the hosting option with the region's current host ("build on what exists")
    inherit: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateRole:
    id: str
    label: str  # the role's plain name (label_cy in Welsh; see i18n.localised)
    band: str
    clinical: bool
    label_cy: str = ""


@dataclass(frozen=True)
class LifeBand:
    id: str
    from_year: int
    to_year: int

    @property
    def length(self) -> int:
        return self.to_year - self.from_year + 1


@dataclass(frozen=True)
class DiscountBand:
    schedule: str
    from_year: int
    to_year: int

    @property
    def param_id(self) -> str:
        return f"discount_rate.{self.schedule}.{self.from_year}_{self.to_year}"


@dataclass(frozen=True)
class Settings:
    """Choices and stated treatments: the discount schedule of costs and fiscal benefits,
    the what-if's return curve, and why consultation and deadweight are treated as they are."""

    default_discount: str = "stpr"
    default_heckman: str = "abc_care"
    consultation: str = ""
    deadweight: str = ""


@dataclass(frozen=True)
class CurveSpec:
    """One Heckman-style benchmark (see ``CURVE_KINDS``); its rate is ``heckman_rate.<id>``
    (and, for a curve, its decline ``heckman_decline.<id>``)."""

    id: str
    kind: str
    from_age: float
    to_age: float


@dataclass(frozen=True)
class OutcomeDomain:
    """A cost (or QALY loss) a child improved avoids: ``outcome_cost.<id>`` GBP a year, or
    ``outcome_qaly.<id>`` QALYs a year valued at ``qaly_value``, over ages from..to."""

    id: str
    name: str
    name_cy: str
    payer: str
    kind: str
    from_age: int
    to_age: int
    measure: str  # "cost" or "qaly"

    @property
    def param_id(self) -> str:
        return f"outcome_{self.measure}.{self.id}"


@dataclass(frozen=True)
class Funding:
    """``funding.yaml``: who pays for an option (HM Treasury 2018, *Guide to developing the
    project business case*, the financial case). The shares and committed sums are params
    (``funding_share.<arrangement>.<funder>``, ``committed_funding.<funder>``,
    ``cash_inflation``), so they carry unit, source and status and can be overridden."""

    funders: tuple[str, ...]
    hosts: Mapping[str, str]  # host -> arrangement id
    arrangements: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "hosts", MappingProxyType(dict(self.hosts)))


@dataclass(frozen=True, eq=False)
class Assumptions:
    """Every economic parameter, validated and immutable (see the module docstring)."""

    root: Path | None
    params: Mapping[str, Param]
    options: tuple[OptionEcon, ...]
    region_ids: tuple[str, ...]
    roles: tuple[TemplateRole, ...]
    bands: tuple[str, ...]
    presets: tuple[str, ...]  # ids of the Heckman-style curves
    life_course: tuple[LifeBand, ...]
    schedules: Mapping[str, tuple[DiscountBand, ...]]
    settings: Settings
    version: str
    curves: tuple[CurveSpec, ...] = ()
    domains: tuple[OutcomeDomain, ...] = ()
    funding: Funding | None = None  # ``funding.yaml`` (the financial case); None when absent

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "schedules", MappingProxyType(dict(self.schedules)))

    @property
    def fingerprint(self) -> str:
        """Short hash of every parameter's value, low and high and the settings: the same
        numbers give the same fingerprint (use it as a cache key, e.g. in the app)."""
        h = hashlib.sha256(self.version.encode())
        for p in self.params.values():
            h.update(f"{p.id}={p.value!r},{p.low!r},{p.high!r};".encode())
        h.update(repr(self.settings).encode())
        return h.hexdigest()[:16]

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Assumptions) and self.fingerprint == other.fingerprint

    # -------------------------------------------------------------- access
    def param(self, param_id: str) -> Param:
        try:
            return self.params[param_id]
        except KeyError:
            raise UnknownIdError("parameter", param_id, tuple(self.params)) from None

    def value(self, param_id: str) -> float:
        return self.param(param_id).value

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    def option(self, option_id: str) -> OptionEcon:
        for o in self.options:
            if o.id == option_id:
                return o
        raise UnknownIdError("option (assumptions/options.yaml)", option_id, self.option_ids)

    def curve(self, curve_id: str) -> CurveSpec:
        for c in self.curves:
            if c.id == curve_id:
                return c
        raise UnknownIdError("Heckman curve", curve_id, self.presets)

    def uncertain_ids(self) -> tuple[str, ...]:
        """Ids of the parameters the Monte Carlo draws, in a fixed (file) order."""
        return tuple(p.id for p in self.params.values() if p.uncertain)

    # -------------------------------------------------------------- edits
    def with_overrides(self, overrides: Mapping[str, Any], *, source: str = "user") -> Assumptions:
        """A copy with some parameters changed (e.g. from the app or a scenario file).

        Each override is a number (the new value; low/high widen to include it) or a mapping
        with any of ``value``, ``low``, ``high``. Raises :class:`DataError` naming the
        parameter when an id is unknown, a value is not a number or lies outside the
        parameter's allowed domain (the bounds the files are checked against), or low <=
        value <= high fails.
        """
        issues: list[DataIssue] = []
        col = V.FileIssues(Path(), Path(source), issues)
        params = dict(self.params)
        for pid, raw in overrides.items():
            p = params.get(pid)
            if p is None:
                col.add(t("econ.data.unknown_param", id=pid), None, pid)
                continue
            new = {"value": p.value, "low": p.low, "high": p.high}
            given = raw if isinstance(raw, Mapping) else {"value": raw}
            before = len(issues)
            for key, v in given.items():
                if key not in new:
                    col.add(t("econ.data.override_key", key=key), None, pid)
                    continue
                num = V.number(col, v, None, f"{pid}.{key}")
                if num is not None:
                    new[key] = num
            if len(issues) > before:
                continue
            if not isinstance(raw, Mapping):
                new["low"] = min(new["low"], new["value"])
                new["high"] = max(new["high"], new["value"])
            msg = _bound_problem(p.name, new["value"], new["low"], new["high"], _named(p, self.roles))
            if msg:
                col.add(msg, None, pid)
                continue
            params[pid] = replace(p, **new)
        if issues:
            raise DataError(issues)
        for msg, field in [*_cross_checks(params, self.life_course), *_funding_sums(params)]:
            col.add(msg, None, field)
        if issues:
            raise DataError(issues)
        return replace(self, params=params)

    # -------------------------------------------------------------- register
    def rows(self) -> list[dict]:
        """The assumptions register: one dict per parameter (for tables and reports)."""
        return [
            {
                "id": p.id,
                "name": p.name,
                "scope": p.scope,
                "value": p.value,
                "low": p.low,
                "high": p.high,
                "unit": p.unit,
                "source": p.source,
                "status": p.status,
                "role": p.role,
                "note": p.note,
                "file": p.file,
                "row": p.row,
            }
            for p in self.params.values()
        ]


def _named(p: Param, roles: tuple[TemplateRole, ...]) -> str:
    """How an override message names a parameter: readable label and id."""
    from appraisal.economics.labels import param_label

    label = param_label(p.id, current_language(), roles=roles)
    return t("econ.data.param_named", label=label, id=p.id)


_KEY_WORDS = {"value": "econ.data.key.value", "low": "econ.data.key.low", "high": "econ.data.key.high"}


def _bound_problem(name: str, value: float, low: float, high: float, param: str | None = None) -> str:
    """The first problem with a parameter's (value, low, high): outside the allowed domain
    of ``name`` (``_BOUNDS``), or not low <= value <= high; '' when there is none.
    ``param`` names the parameter in the message (default: ``name`` in quotes)."""
    lo, hi = _BOUNDS.get(name, (-math.inf, math.inf))
    for key, v in (("value", value), ("low", low), ("high", high)):
        if not lo <= v <= hi:
            if lo == _ABOVE_ZERO:
                msg = "econ.data.range_positive" if hi == math.inf else "econ.data.range_positive_max"
            else:
                msg = "econ.data.range_min" if hi == math.inf else "econ.data.range"
            return t(
                msg,
                key=t(_KEY_WORDS[key]),
                got=f"{v:g}",
                low=f"{lo:g}",
                high=f"{hi:g}",
                param=param or f"'{name}'",
            )
    if not low <= value <= high:
        return t("econ.data.order", low=f"{low:g}", value=f"{value:g}", high=f"{high:g}")
    return ""


def _cross_checks(params: Mapping[str, Param], bands: tuple[LifeBand, ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    shares = [params.get(f"life_course_share.{b.id}") for b in bands]
    if bands and all(s is not None for s in shares):
        total = sum(s.value for s in shares)  # type: ignore[union-attr]
        if abs(total - 1.0) > 1e-6:
            out.append((t("econ.data.life_course_sum", total=f"{total:g}"), "life_course"))
    h, s = params.get("horizon_years"), params.get("service_years")
    if h is not None and s is not None and s.value > h.value:
        out.append(
            (t("econ.data.service_too_long", service=f"{s.value:g}", horizon=f"{h.value:g}"), "service_years")
        )
    return out


def _funding_sums(params: Mapping[str, Param]) -> list[tuple[str, str]]:
    """Each arrangement's funder shares add to 1 (checked on overrides; the loader checks the
    file, naming its row)."""
    totals: dict[str, float] = {}
    for p in params.values():
        if p.name == "funding_share":
            arrangement = p.scope.partition(".")[0]
            totals[arrangement] = totals.get(arrangement, 0.0) + p.value
    return [
        (t("econ.data.funding_share_sum", total=f"{v:.3f}"), f"funding_share.{a}")
        for a, v in totals.items()
        if abs(v - 1.0) > 1e-9
    ]


# ============================================================================ loading
# Generic checks (files, YAML/CSV, numbers, text, status, choices, lists, ids) are those of
# appraisal.validation, shared with appraisal.data; only the economics-specific ones are here.


def _col(root: Path, name: str, issues: list[DataIssue]) -> V.FileIssues:
    return V.FileIssues(root, root / DIR_NAME / name, issues)


def _param(
    col: V.FileIssues, d: Any, row: int | None, field: str, name: str, scope: str, out: dict[str, Param]
) -> Param | None:
    """Parse ``{value, low, high, unit, source, status, [role, note]}`` into ``out``."""
    prefix = f"{field}." if field else ""
    if not isinstance(d, dict):
        col.add(t("econ.data.param_mapping"), row, field or None)
        return None
    before = len(col.issues)
    value, low, high = (V.number(col, d.get(k), row, prefix + k) for k in ("value", "low", "high"))
    unit = V.text(col, d, "unit", row, prefix)
    source = V.text(col, d, "source", row, prefix)
    status = V.status(col, d.get("status"), row, prefix + "status")
    role = d.get("role", "uncertain")
    V.choice(col, role, ROLES, row, prefix + "role")
    pid = f"{name}.{scope}" if scope else name
    if pid in out:
        other = out[pid]
        col.add(t("econ.data.duplicate_param", id=pid, file=other.file, row=other.row), row, field or "id")
    if len(col.issues) > before or value is None or low is None or high is None:
        return None
    msg = _bound_problem(name, value, low, high)
    if msg:
        col.add(msg, row, prefix + "value")
        return None
    p = Param(
        id=pid,
        name=name,
        scope=scope,
        value=value,
        low=low,
        high=high,
        unit=unit,
        source=source,
        status=status,
        role=str(role),
        note=str(d.get("note") or "").strip(),
        file=col.name,
        row=row,
    )
    out[pid] = p
    return p


def _entries(col: V.FileIssues, doc: dict, key: str) -> list[tuple[int, dict]]:
    """The mapping entries of the non-empty list ``doc[key]`` (others reported and skipped)."""
    raw = doc.get(key)
    return [(i, item) for i, item in V.list_of_maps(col, doc, key) if isinstance(raw[i - 1], dict)]


def _with_ids(col: V.FileIssues, doc: dict, key: str) -> list[tuple[int, dict, str]]:
    """``(entry, mapping, id)`` of each entry of ``doc[key]`` with a usable, unrepeated id."""
    items = _entries(col, doc, key)
    return [(i, item, eid) for (i, item), eid in zip(items, V.unique_ids(col, items)) if eid]


def _yaml_entries(
    root: Path, issues: list[DataIssue], name: str, key: str
) -> tuple[V.FileIssues, list[tuple[int, dict, str]]]:
    """The file's collector and ``(entry, mapping, id)`` of its list ``key`` ([] if unreadable)."""
    col = _col(root, name, issues)
    doc = V.read_yaml(col, mapping=True)
    return col, [] if doc is None else _with_ids(col, doc, key)


def _settings(col: V.FileIssues, s: Any) -> Settings:
    if not isinstance(s, dict):
        col.msg("expected_mapping", None, "settings")
        return Settings()
    settings = Settings(
        default_discount=str(s.get("default_discount", "stpr")),
        default_heckman=str(s.get("default_heckman", "abc_care")),
        consultation=str(s.get("consultation") or "").strip(),
        deadweight=str(s.get("deadweight") or "").strip(),
    )
    V.choice(col, settings.default_discount, DISCOUNT_SCHEDULES, None, "settings.default_discount")
    for key in ("consultation", "deadweight"):
        if not getattr(settings, key):
            col.msg("key_required", None, f"settings.{key}", key=key)
    return settings


def _load_economics(root: Path, issues: list[DataIssue], params: dict[str, Param]):
    col = _col(root, "economics.yaml", issues)
    doc = V.read_yaml(col, mapping=True)
    if doc is None:
        return Settings(), (), (), {}
    settings = _settings(col, doc.get("settings") or {})
    # global parameters
    seen: set[str] = set()
    for i, item, pid in _with_ids(col, doc, "parameters"):
        if pid not in GLOBAL_NAMES:
            known = ", ".join(GLOBAL_NAMES)
            col.msg("unknown_id", i, "id", kind=t("data.kind.parameter"), value=pid, known=known)
            continue
        seen.add(pid)
        _param(col, item, i, "", pid, "", params)
    if "parameters" in doc:
        for name in GLOBAL_NAMES:
            if name not in seen:
                col.add(t("econ.data.param_missing", name=name), None, "parameters")
    curves = _curves(col, doc, params)
    if curves:
        V.choice(col, settings.default_heckman, tuple(c.id for c in curves), None, "settings.default_heckman")
    return settings, curves, _life_course(col, doc, params), _schedules(col, doc, params)


def _curves(col: V.FileIssues, doc: dict, params: dict[str, Param]) -> tuple[CurveSpec, ...]:
    """The Heckman-style benchmarks: kind, the ages they apply to, their rate (and decline)."""
    out: list[CurveSpec] = []
    for i, item, cid in _with_ids(col, doc, "heckman_curves"):
        kind = item.get("kind")
        if not V.choice(col, kind, CURVE_KINDS, i, "kind"):
            continue
        a0 = V.number(col, item.get("from_age"), i, "from_age")
        a1 = V.number(col, item.get("to_age"), i, "to_age")
        if a0 is None or a1 is None:
            continue
        if a1 < a0:
            col.add(t("econ.data.age_order", start=f"{a0:g}", end=f"{a1:g}"), i, "to_age")
            continue
        _param(col, item.get("rate"), i, "heckman_curves.rate", "heckman_rate", cid, params)
        if kind == "curve":
            _param(col, item.get("decline"), i, "heckman_curves.decline", "heckman_decline", cid, params)
        out.append(CurveSpec(cid, str(kind), a0, a1))
    return tuple(out)


def _load_outcomes(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[OutcomeDomain]:
    """``outcomes.yaml``: the monetised outcome domains of the chain (see that file)."""
    col, entries = _yaml_entries(root, issues, "outcomes.yaml", "domains")
    out: list[OutcomeDomain] = []
    for i, item, did in entries:
        payer, kind = item.get("payer"), item.get("kind")
        ok = V.choice(col, payer, OUTCOME_PAYERS, i, "payer") & V.choice(col, kind, OUTCOME_KINDS, i, "kind")
        a0 = V.whole_number(col, item.get("from_age"), i, "from_age")
        a1 = V.whole_number(col, item.get("to_age"), i, "to_age")
        name = V.text(col, item, "name", i)
        name_cy = V.text(col, item, "name_cy", i)
        measure = "qaly" if kind == "health" else "cost"
        if measure not in item:
            col.msg("key_required", i, measure, key=measure)
            ok = False
        if not ok or a0 is None or a1 is None or not name:
            continue
        if a1 < a0:
            col.add(t("econ.data.age_order", start=a0, end=a1), i, "to_age")
            continue
        if _param(col, item[measure], i, measure, f"outcome_{measure}", did, params) is None:
            continue
        out.append(OutcomeDomain(did, name, name_cy, str(payer), str(kind), a0, a1, measure))
    return out


#: The arrangements the financial case knows (business case, commercial case): see funding.yaml.
FUNDING_ARRANGEMENTS: tuple[str, ...] = ("health", "council", "pooled", "contract", "national")


def _load_funding(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> Funding | None:
    """``funding.yaml`` (optional: a data folder without it has no split by funder)."""
    if not (root / DIR_NAME / "funding.yaml").is_file():
        return None
    col = _col(root, "funding.yaml", issues)
    doc = V.read_yaml(col, mapping=True)
    if doc is None:
        return None
    before = len(col.issues)
    funders = doc.get("funders")
    if not isinstance(funders, list) or not funders or not all(isinstance(f, str) and f for f in funders):
        col.msg("list_required", None, "funders", key="funders")
        return None
    if len(set(funders)) != len(funders):
        col.add(t("econ.data.funding_duplicate_funder"), None, "funders")
    _param(col, doc.get("cash_inflation"), None, "cash_inflation", "cash_inflation", "", params)
    _param(
        col, doc.get("capital_share_of_setup"), None, "capital_share_of_setup", "capital_share", "", params
    )
    hosts = doc.get("hosts")
    if not isinstance(hosts, dict):
        col.msg("expected_mapping", None, "hosts")
        hosts = {}
    for h, arr in hosts.items():
        V.choice(col, h, HOSTS[:-1], None, f"hosts.{h}")
        V.choice(col, arr, FUNDING_ARRANGEMENTS, None, f"hosts.{h}")
    for h in HOSTS[:-1]:
        if h not in hosts:
            col.add(t("econ.data.funding_host_missing", host=h), None, "hosts")
    seen: list[str] = []
    for i, item, aid in _with_ids(col, doc, "arrangements"):
        if not V.choice(col, aid, FUNDING_ARRANGEMENTS, i, "id"):
            continue
        shares = item.get("shares")
        if not isinstance(shares, dict):
            col.msg("expected_mapping", i, "shares")
            continue
        total = 0.0
        for f in funders:
            if f not in shares:
                col.add(t("econ.data.funding_share_missing", funder=f), i, "shares")
                continue
            p = _param(col, shares[f], i, f"shares.{f}", "funding_share", f"{aid}.{f}", params)
            total += p.value if p is not None else math.nan
        for f in shares:
            if f not in funders:
                col.add(
                    t("econ.data.funding_unknown_funder", funder=f, known=", ".join(funders)), i, "shares"
                )
        if math.isfinite(total) and abs(total - 1.0) > 1e-9:
            col.add(t("econ.data.funding_share_sum", total=f"{total:.3f}"), i, "shares")
        seen.append(aid)
    for aid in {*hosts.values(), "national"}:
        if aid in FUNDING_ARRANGEMENTS and aid not in seen:
            col.add(t("econ.data.funding_arrangement_missing", id=aid), None, "arrangements")
    committed = doc.get("committed")
    if not isinstance(committed, dict):
        col.msg("expected_mapping", None, "committed")
        committed = {}
    for f in funders:
        if f not in committed:
            col.add(t("econ.data.funding_share_missing", funder=f), None, "committed")
            continue
        _param(col, committed[f], None, f"committed.{f}", "committed_funding", f, params)
    if len(col.issues) > before:
        return None
    return Funding(tuple(funders), {str(h): str(a) for h, a in hosts.items()}, tuple(seen))


def _life_course(col: V.FileIssues, doc: dict, params: dict[str, Param]) -> tuple[LifeBand, ...]:
    bands: list[LifeBand] = []
    expect = 0
    items = _entries(col, doc, "life_course")
    for (i, item), bid in zip(items, V.unique_ids(col, items)):
        fy = V.whole_number(col, item.get("from_year"), i, "life_course.from_year")
        ty = V.whole_number(col, item.get("to_year"), i, "life_course.to_year")
        if not bid or fy is None or ty is None:
            continue
        if fy != expect:
            col.add(t("econ.data.band_gap", expected=expect, start=fy), i, "from_year")
        if ty < fy:
            col.add(t("econ.data.band_order", start=fy, end=ty), i, "to_year")
            continue
        expect = ty + 1
        bands.append(LifeBand(bid, fy, ty))
        _param(col, item.get("share"), i, "life_course.share", "life_course_share", bid, params)
    return tuple(bands)


def _schedules(col: V.FileIssues, doc: dict, params: dict[str, Param]) -> dict[str, tuple[DiscountBand, ...]]:
    schedules: dict[str, tuple[DiscountBand, ...]] = {}
    for i, item, sid in _with_ids(col, doc, "discount_schedules"):
        if not V.choice(col, sid, DISCOUNT_SCHEDULES, i, "id"):
            continue
        raw = item.get("bands")
        if not isinstance(raw, list) or not raw:
            col.msg("list_required", i, "bands", key="bands")
            continue
        out: list[DiscountBand] = []
        expect = 0
        for j, b in enumerate(raw):
            f = f"bands[{j}]"
            if not isinstance(b, dict):
                col.msg("expected_mapping", i, f)
                continue
            fy = V.whole_number(col, b.get("from_year"), i, f + ".from_year")
            ty = V.whole_number(col, b.get("to_year"), i, f + ".to_year")
            if fy is None or ty is None:
                continue
            if fy != expect or ty < fy:
                col.add(t("econ.data.schedule_gap", expected=expect, start=fy, end=ty), i, f)
                continue
            expect = ty + 1
            band = DiscountBand(sid, fy, ty)
            if _param(col, b.get("rate"), i, f + ".rate", "discount_rate", f"{sid}.{fy}_{ty}", params):
                out.append(band)
        schedules[sid] = tuple(out)
    for sid in DISCOUNT_SCHEDULES:
        if sid not in schedules:
            col.add(t("econ.data.schedule_missing", id=sid), None, "discount_schedules")
    return schedules


def _scoped_params(
    col: V.FileIssues, item: dict, row: int, names: tuple[str, ...], scope: str, params: dict[str, Param]
) -> list[str]:
    """Parse the parameters ``names`` of one option or region entry; return those missing."""
    missing = []
    for name in names:
        if name in item:
            _param(col, item[name], row, name, name, scope, params)
        else:
            missing.append(name)
    return missing


def _load_options(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[OptionEcon]:
    col, entries = _yaml_entries(root, issues, "options.yaml", "options")
    out: list[OptionEcon] = []
    for i, item, oid in entries:
        role = item.get("role")
        if not V.choice(col, role, OPTION_ROLES, i, "role"):
            continue
        host = str(item.get("host") or "")
        inherit: tuple[str, ...] = ()
        if role == "hosting":
            V.choice(col, host, (*HOSTS[:-1], EXISTING_HOST), i, "host")
        if "inherit_from_host" in item:
            raw = item.get("inherit_from_host")
            if host != EXISTING_HOST:
                col.add(t("econ.data.inherit_needs_existing", host=EXISTING_HOST), i, "inherit_from_host")
            elif not isinstance(raw, list) or any(n not in INHERITABLE for n in raw):
                col.add(t("econ.data.inherit_names", known=", ".join(INHERITABLE)), i, "inherit_from_host")
            else:
                inherit = tuple(raw)
        names = tuple(n for n in OPTION_PARAMS[role] if n not in inherit)
        for name in _scoped_params(col, item, i, names, oid, params):
            col.add(t("econ.data.option_param_required", name=name, role=role), i, name)
        for key in sorted(set(item) - {"id", "role", "host", "inherit_from_host", *names}):
            col.add(t("econ.data.option_unknown_key", key=key, role=role), i, key)
        out.append(OptionEcon(oid, str(role), host, inherit))
    roles = [o.role for o in out]
    for r in ("bau", "do_minimum"):
        if out and roles.count(r) != 1:
            col.add(t("econ.data.option_role_count", role=r, n=roles.count(r)))
    return out


def _load_regions(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[str]:
    col, entries = _yaml_entries(root, issues, "regions.yaml", "regions")
    out: list[str] = []
    for i, item, rid in entries:
        out.append(rid)
        for name in _scoped_params(col, item, i, REGION_PARAMS, rid, params):
            col.msg("key_required", i, name, key=name)
    return out


def _load_pay(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[str]:
    col = _col(root, "pay_bands.csv", issues)
    rows = V.read_csv(col, PAY_COLUMNS) or []
    out: list[str] = []
    for (line, rec), band in zip(rows, V.unique_ids(col, rows, "band")):
        p = _param(col, rec, line, "", "pay", band, params) if band else None
        if p is None:
            continue
        mid = (p.low + p.high) / 2
        if abs(p.value - mid) > 0.5:
            col.add(t("econ.data.pay_midpoint", mid=f"{mid:g}", got=f"{p.value:g}"), line, "value")
        out.append(band)
    if not out and not any(i.file == col.name for i in issues):
        col.add(t("econ.data.no_pay_bands"))
    return out


def _load_template(
    root: Path, issues: list[DataIssue], params: dict[str, Param], bands: list[str]
) -> list[TemplateRole]:
    col = _col(root, "team_template.csv", issues)
    rows = V.read_csv(col, TEMPLATE_COLUMNS) or []
    out: list[TemplateRole] = []
    for (line, rec), rid in zip(rows, V.unique_ids(col, rows, "role")):
        if not rid:
            continue
        band = (rec.get("band") or "").strip()
        if bands and not V.choice(col, band, tuple(bands), line, "band"):
            continue
        clinical = (rec.get("clinical") or "").strip().lower()
        if not V.choice(col, clinical, ("yes", "no"), line, "clinical"):
            continue
        label = V.text(col, rec, "label", line)
        label_cy = V.text(col, rec, "label_cy", line, required=False)
        fields = {k: v for k, v in rec.items() if k != "role"}  # 'role' here is the job, not the use
        if _param(col, fields, line, "", "wte", rid, params) is None or not label:
            continue
        out.append(TemplateRole(rid, label, band, clinical == "yes", label_cy))
    if not out and not any(i.file == col.name for i in issues):
        col.add(t("econ.data.no_roles"))
    if out and not any(r.clinical for r in out):
        col.add(t("econ.data.no_clinical_role"), None, "clinical")
    return out


def _version(root: Path) -> str:
    h = hashlib.sha256()
    d = root / DIR_NAME
    for p in sorted(d.glob("*")) if d.is_dir() else []:
        if p.suffix in (".yaml", ".yml", ".csv"):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def collect_assumptions(
    root: str | Path | None = None,
    *,
    option_ids: tuple[str, ...] | None = None,
    region_ids: tuple[str, ...] | None = None,
) -> tuple[Assumptions | None, list[DataIssue]]:
    """Load ``<root>/assumptions``; return the assumptions (None when invalid) and every issue.

    ``root`` is the data folder (the one holding criteria/, regions/ and assumptions/);
    default: the bundled data. When ``option_ids``/``region_ids`` are given (from the
    dataset), every one must have its option-/region-specific parameters.
    """
    from appraisal.data import BUNDLED_DATA_DIR

    base = Path(root) if root is not None else BUNDLED_DATA_DIR
    issues: list[DataIssue] = []
    if not (base / DIR_NAME).is_dir():
        return None, [DataIssue(DIR_NAME, t("econ.data.folder_missing", path=base))]
    params: dict[str, Param] = {}
    settings, curves, life, schedules = _load_economics(base, issues, params)
    domains = _load_outcomes(base, issues, params)
    funding = _load_funding(base, issues, params)
    options = _load_options(base, issues, params)
    regions = _load_regions(base, issues, params)
    bands = _load_pay(base, issues, params)
    roles = _load_template(base, issues, params, bands)
    col = _col(base, "economics.yaml", issues)
    for msg, field in _cross_checks(params, life):
        col.add(msg, None, field)
    if option_ids is not None:
        col = _col(base, "options.yaml", issues)
        have = {o.id for o in options}
        for oid in option_ids:
            if oid not in have:
                col.add(t("econ.data.option_no_entry", id=oid))
        for o in options:
            if o.id not in option_ids:
                col.add(t("econ.data.option_not_listed", id=o.id))
    if region_ids is not None:
        col = _col(base, "regions.yaml", issues)
        for rid in region_ids:
            if rid not in regions:
                col.add(t("econ.data.region_no_entry", id=rid))
        for rid in regions:
            if rid not in region_ids:
                col.add(t("econ.data.region_not_listed", id=rid))
    if issues:
        return None, issues
    return (
        Assumptions(
            root=base,
            params=params,
            options=tuple(options),
            region_ids=tuple(regions),
            roles=tuple(roles),
            bands=tuple(bands),
            presets=tuple(c.id for c in curves),
            life_course=life,
            schedules=schedules,
            settings=settings,
            version=_version(base),
            curves=curves,
            domains=tuple(domains),
            funding=funding,
        ),
        [],
    )


def load_assumptions(data_dir: str | Path | None = None) -> Assumptions:
    """Load and validate ``<data_dir>/assumptions``; raise one DataError listing every problem."""
    a, issues = collect_assumptions(data_dir)
    if issues:
        raise DataError(issues)
    assert a is not None
    return a
