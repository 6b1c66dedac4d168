"""Load and validate ``assumptions/``: every economic parameter as data.

Files (all human-edited; YAML read with ``yaml.safe_load`` only):

- ``economics.yaml``: global parameters, settings, Heckman presets, life-course bands and
  discount schedules;
- ``options.yaml``: option-specific parameters (role, host, reach, engagement, overheads,
  set-up, optimism bias);
- ``regions.yaml``: region-specific parameters (travel uplift, existing team capacity);
- ``pay_bands.csv``: Agenda for Change pay by band (value = midpoint);
- ``team_template.csv``: roles x band x WTE of one standard team.

Every number is a :class:`Param` with value, low, high, unit, source and status, addressable
by id: ``name`` for a global parameter, ``name.scope`` for a scoped one
(``reach.camhs``, ``travel_uplift.powys``, ``heckman_r0.perry``, ``pay.8a``,
``wte.psychologist``, ``life_course_share.adulthood``, ``discount_rate.stpr.0_30``).
Problems are collected as :class:`~appraisal.errors.DataIssue` naming file, row (1-based
list entry or CSV line) and field, as :mod:`appraisal.data` does (PolicyEngine-style
parameters; pint-style checks in one place).
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from appraisal.errors import DataError, DataIssue, UnknownIdError
from appraisal.model import HOSTS, STATUSES, Quantity

DIR_NAME = "assumptions"
ROLES: tuple[str, ...] = ("uncertain", "policy", "reference")
OPTION_ROLES: tuple[str, ...] = ("bau", "do_minimum", "hosting")
DISCOUNT_SCHEDULES: tuple[str, ...] = ("stpr", "health")
#: Longest horizon the app offers (the Green Book schedule is tabled to year 200).
MAX_HORIZON = 200

# Allowed bounds per parameter name (inclusive), checked on value, low and high.
_SHARE = (0.0, 1.0)
_NONNEG = (0.0, math.inf)
_BOUNDS: dict[str, tuple[float, float]] = {
    "horizon_years": (1, MAX_HORIZON),
    "service_years": (1, MAX_HORIZON),
    "target_coverage": _SHARE,
    "families_per_team": (1e-9, math.inf),
    "direct_work_share": (1e-9, 1.0),
    "reference_direct_work_share": (1e-9, 1.0),
    "first_year_capacity": _SHARE,
    "wales_pay_uplift": (-0.5, 1.0),
    "employer_oncost_rate": (0.0, 1.0),
    "staff_cost_factor": _NONNEG,
    "setup_cost_per_team": _NONNEG,
    "setup_factor_existing_host": _NONNEG,
    "reference_cost_per_team": _NONNEG,
    "dm_national_cost_per_year": _NONNEG,
    "dm_setup_national": _NONNEG,
    "dm_training_cost_per_birth": _NONNEG,
    "dm_extra_share_of_need": _SHARE,
    "dm_effect_factor": _NONNEG,
    "effect_size_d": (-5.0, 5.0),
    "lifetime_benefit_per_child": _NONNEG,
    "benefit_persistence": (1e-9, 1.0),
    "age_at_intervention": (0.0, 100.0),
    "heckman_payoff_years": (1.0, MAX_HORIZON),
    "heckman_investment_per_family": _NONNEG,
    "abc_care_bcr": _NONNEG,
    # scoped
    "heckman_r0": (-0.5, 1.0),
    "heckman_k": (0.0, 10.0),
    "heckman_floor": (-0.5, 1.0),
    "life_course_share": _SHARE,
    "discount_rate": (-0.05, 0.5),
    "reach": _SHARE,
    "engagement": _SHARE,
    "overhead_rate": (0.0, 5.0),
    "pay_factor": _NONNEG,
    "setup_factor": _NONNEG,
    "optimism_bias": (0.0, 5.0),
    "travel_uplift": (0.0, 5.0),
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
    "wales_pay_uplift",
    "employer_oncost_rate",
    "staff_cost_factor",
    "setup_cost_per_team",
    "setup_factor_existing_host",
    "reference_cost_per_team",
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
    "abc_care_bcr",
)
PRESET_KEYS: dict[str, str] = {"r0": "heckman_r0", "k": "heckman_k", "r_floor": "heckman_floor"}
OPTION_PARAMS: dict[str, tuple[str, ...]] = {
    "bau": ("overhead_rate", "optimism_bias"),
    "do_minimum": ("optimism_bias",),
    "hosting": ("reach", "engagement", "overhead_rate", "pay_factor", "setup_factor", "optimism_bias"),
}
REGION_PARAMS: tuple[str, ...] = ("travel_uplift", "existing_teams")
PAY_COLUMNS = ("band", "value", "low", "high", "unit", "source", "status")
TEMPLATE_COLUMNS = ("role", "label", "band", "value", "low", "high", "clinical", "unit", "source", "status")


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
    host: str  # HOSTS key for hosting options; 'current' or 'none' otherwise


@dataclass(frozen=True)
class TemplateRole:
    id: str
    label: str
    band: str
    clinical: bool


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
    default_discount: str = "stpr"
    default_heckman: str = "abc_care"
    apply_share_improved: bool = True


@dataclass(frozen=True, eq=False)
class Assumptions:
    """Every economic parameter, validated and immutable (see the module docstring)."""

    root: Path | None
    params: Mapping[str, Param]
    options: tuple[OptionEcon, ...]
    region_ids: tuple[str, ...]
    roles: tuple[TemplateRole, ...]
    bands: tuple[str, ...]
    presets: tuple[str, ...]
    life_course: tuple[LifeBand, ...]
    schedules: Mapping[str, tuple[DiscountBand, ...]]
    settings: Settings
    version: str

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

    def uncertain_ids(self) -> tuple[str, ...]:
        """Ids of the parameters the Monte Carlo draws, in a fixed (file) order."""
        return tuple(p.id for p in self.params.values() if p.uncertain)

    # -------------------------------------------------------------- edits
    def with_overrides(self, overrides: Mapping[str, Any], *, source: str = "user") -> Assumptions:
        """A copy with some parameters changed (e.g. from the app or a scenario file).

        Each override is a number (the new value; low/high widen to include it) or a mapping
        with any of ``value``, ``low``, ``high``. Raises :class:`DataError` naming the
        parameter when an id is unknown or a value breaks a bound.
        """
        issues: list[DataIssue] = []
        params = dict(self.params)
        for pid, raw in overrides.items():
            if pid not in params:
                issues.append(DataIssue(source, f"unknown parameter '{pid}'", None, pid))
                continue
            p = params[pid]
            new = dict(value=p.value, low=p.low, high=p.high)
            given = raw if isinstance(raw, Mapping) else {"value": raw}
            bad = False
            for key, v in given.items():
                if key not in new:
                    issues.append(DataIssue(source, f"unknown key '{key}' (use value, low, high)", None, pid))
                    bad = True
                    continue
                if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
                    issues.append(
                        DataIssue(source, f"expected a finite number, got {v!r}", None, f"{pid}.{key}")
                    )
                    bad = True
                    continue
                new[key] = float(v)
            if bad:
                continue
            if "value" in given and not isinstance(raw, Mapping):
                new["low"] = min(new["low"], new["value"])
                new["high"] = max(new["high"], new["value"])
            msg = _bound_problem(p.name, new["value"], new["low"], new["high"])
            if msg:
                issues.append(DataIssue(source, msg, None, pid))
                continue
            params[pid] = replace(p, **new)
        if issues:
            raise DataError(issues)
        extra = _cross_checks(params, self.life_course)
        if extra:
            raise DataError([DataIssue(source, m, None, f) for m, f in extra])
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


def _bound_problem(name: str, value: float, low: float, high: float) -> str:
    lo, hi = _BOUNDS.get(name, (-math.inf, math.inf))
    for key, v in (("value", value), ("low", low), ("high", high)):
        if not lo <= v <= hi:
            return f"{key} {v:g} is outside the allowed range {lo:g} to {hi:g} for '{name}'"
    if not low <= value <= high:
        return f"need low <= value <= high; got {low:g} <= {value:g} <= {high:g}"
    return ""


def _cross_checks(params: Mapping[str, Param], bands: tuple[LifeBand, ...]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    shares = [params.get(f"life_course_share.{b.id}") for b in bands]
    if bands and all(s is not None for s in shares):
        total = sum(s.value for s in shares)  # type: ignore[union-attr]
        if abs(total - 1.0) > 1e-6:
            out.append((f"life-course shares must add up to 1; they add up to {total:g}", "life_course"))
    h, s = params.get("horizon_years"), params.get("service_years")
    if h is not None and s is not None and s.value > h.value:
        out.append((f"service_years {s.value:g} is longer than horizon_years {h.value:g}", "service_years"))
    return out


# ============================================================================ loading


class _Col:
    def __init__(self, root: Path, name: str, issues: list[DataIssue]):
        self.path = root / DIR_NAME / name
        self.name = f"{DIR_NAME}/{name}"
        self.issues = issues

    def add(self, message: str, row: int | None = None, field: str | None = None) -> None:
        self.issues.append(DataIssue(self.name, message, row, field))


def _read_yaml(col: _Col) -> Any:
    if not col.path.exists():
        col.add("file is missing")
        return None
    try:
        with col.path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        col.add(f"malformed YAML: {problem} (line {line})")
        return None
    except UnicodeDecodeError as exc:
        col.add(f"not UTF-8 text ({exc.reason})")
        return None
    if not isinstance(doc, dict):
        col.add("expected a mapping at the top of the file")
        return None
    return doc


def _number(col: _Col, raw: Any, row: int | None, field: str) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        col.add("a number is required here", row, field)
        return None
    if isinstance(raw, bool):
        col.add(f"expected a number, got {raw!r}", row, field)
        return None
    try:
        val = float(raw)
    except (TypeError, ValueError):
        col.add(f"expected a number, got {raw!r}", row, field)
        return None
    if not math.isfinite(val):
        col.add(f"expected a finite number, got {raw!r}", row, field)
        return None
    return val


def _int(col: _Col, raw: Any, row: int | None, field: str) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int):
        col.add(f"expected a whole number, got {raw!r}", row, field)
        return None
    return raw


def _param(
    col: _Col, d: Any, row: int | None, field: str, name: str, scope: str, out: dict[str, Param]
) -> Param | None:
    """Parse ``{value, low, high, unit, source, status, [role, note]}`` into ``out``."""
    prefix = f"{field}." if field else ""
    if not isinstance(d, dict):
        col.add("expected a mapping with value, low, high, unit, source and status", row, field or None)
        return None
    ok = True
    nums = {}
    for key in ("value", "low", "high"):
        nums[key] = _number(col, d.get(key), row, prefix + key)
        ok = ok and nums[key] is not None
    texts = {}
    for key in ("unit", "source"):
        v = d.get(key)
        if v is None or not str(v).strip() or isinstance(v, (dict, list)):
            col.add("text is required here", row, prefix + key)
            ok = False
        texts[key] = str(v or "").strip()
    status = d.get("status")
    if status not in STATUSES:
        col.add(f"status must be one of {', '.join(STATUSES)}; got {status!r}", row, prefix + "status")
        ok = False
    role = d.get("role", "uncertain")
    if role not in ROLES:
        col.add(f"role must be one of {', '.join(ROLES)}; got {role!r}", row, prefix + "role")
        ok = False
    pid = f"{name}.{scope}" if scope else name
    if pid in out:
        col.add(
            f"duplicate parameter '{pid}' (also {out[pid].file} entry {out[pid].row})", row, field or "id"
        )
        ok = False
    if not ok:
        return None
    msg = _bound_problem(name, nums["value"], nums["low"], nums["high"])  # type: ignore[arg-type]
    if msg:
        col.add(msg, row, prefix + "value")
        return None
    p = Param(
        id=pid,
        name=name,
        scope=scope,
        value=nums["value"],  # type: ignore[arg-type]
        low=nums["low"],  # type: ignore[arg-type]
        high=nums["high"],  # type: ignore[arg-type]
        unit=texts["unit"],
        source=texts["source"],
        status=str(status),
        role=str(role),
        note=str(d.get("note") or "").strip(),
        file=col.name,
        row=row,
    )
    out[pid] = p
    return p


def _list(col: _Col, doc: dict, key: str) -> list[tuple[int, dict]]:
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        col.add(f"expected a non-empty list under '{key}'", None, key)
        return []
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, dict):
            out.append((i, item))
        else:
            col.add("expected a mapping", i, key)
    return out


def _ident(col: _Col, item: dict, row: int, key: str = "id") -> str:
    raw = item.get(key)
    if not isinstance(raw, str) or not raw.strip():
        col.add("an id is required", row, key)
        return ""
    if not raw.replace("_", "").replace("-", "").isalnum():
        col.add(f"id {raw!r} may hold only letters, digits, '_' and '-'", row, key)
        return ""
    return raw


def _load_economics(root: Path, issues: list[DataIssue], params: dict[str, Param]):
    col = _Col(root, "economics.yaml", issues)
    doc = _read_yaml(col)
    if doc is None:
        return Settings(), (), (), {}
    # settings
    s = doc.get("settings") or {}
    settings = Settings()
    if not isinstance(s, dict):
        col.add("settings must be a mapping", None, "settings")
    else:
        apply = s.get("apply_share_improved", True)
        if not isinstance(apply, bool):
            col.add(f"expected true or false, got {apply!r}", None, "settings.apply_share_improved")
            apply = True
        settings = Settings(
            default_discount=str(s.get("default_discount", "stpr")),
            default_heckman=str(s.get("default_heckman", "abc_care")),
            apply_share_improved=apply,
        )
        if settings.default_discount not in DISCOUNT_SCHEDULES:
            col.add(
                f"default_discount must be one of {', '.join(DISCOUNT_SCHEDULES)}; "
                f"got {settings.default_discount!r}",
                None,
                "settings.default_discount",
            )
    # global parameters
    seen: set[str] = set()
    for i, item in _list(col, doc, "parameters"):
        pid = _ident(col, item, i)
        if not pid:
            continue
        if pid not in GLOBAL_NAMES:
            col.add(f"unknown parameter id {pid!r}; known: {', '.join(GLOBAL_NAMES)}", i, "id")
            continue
        seen.add(pid)
        _param(col, item, i, "", pid, "", params)
    if "parameters" in doc:
        for name in GLOBAL_NAMES:
            if name not in seen:
                col.add(f"parameter '{name}' is missing", None, "parameters")
    # Heckman presets
    presets: list[str] = []
    for i, item in _list(col, doc, "heckman_presets"):
        pid = _ident(col, item, i)
        if not pid:
            continue
        if pid in presets:
            col.add(f"duplicate preset id {pid!r}", i, "id")
            continue
        presets.append(pid)
        for key, name in PRESET_KEYS.items():
            _param(col, item.get(key), i, f"heckman_presets.{key}", name, pid, params)
    if presets and settings.default_heckman not in presets:
        col.add(
            f"default_heckman must be one of {', '.join(presets)}; got {settings.default_heckman!r}",
            None,
            "settings.default_heckman",
        )
    # life course
    bands: list[LifeBand] = []
    expect = 0
    for i, item in _list(col, doc, "life_course"):
        bid = _ident(col, item, i)
        fy = _int(col, item.get("from_year"), i, "life_course.from_year")
        ty = _int(col, item.get("to_year"), i, "life_course.to_year")
        if not bid or fy is None or ty is None:
            continue
        if fy != expect:
            col.add(
                f"bands must follow on without gaps; expected from_year {expect}, got {fy}", i, "from_year"
            )
        if ty < fy:
            col.add(f"to_year {ty} is before from_year {fy}", i, "to_year")
            continue
        expect = ty + 1
        bands.append(LifeBand(bid, fy, ty))
        _param(col, item.get("share"), i, "life_course.share", "life_course_share", bid, params)
    # discount schedules
    schedules: dict[str, tuple[DiscountBand, ...]] = {}
    for i, item in _list(col, doc, "discount_schedules"):
        sid = _ident(col, item, i)
        if not sid:
            continue
        if sid not in DISCOUNT_SCHEDULES:
            col.add(f"schedule id must be one of {', '.join(DISCOUNT_SCHEDULES)}; got {sid!r}", i, "id")
            continue
        raw = item.get("bands")
        if not isinstance(raw, list) or not raw:
            col.add("expected a non-empty list of bands", i, "bands")
            continue
        out: list[DiscountBand] = []
        expect = 0
        for j, b in enumerate(raw):
            f = f"bands[{j}]"
            if not isinstance(b, dict):
                col.add("expected a mapping", i, f)
                continue
            fy = _int(col, b.get("from_year"), i, f + ".from_year")
            ty = _int(col, b.get("to_year"), i, f + ".to_year")
            if fy is None or ty is None:
                continue
            if fy != expect or ty < fy:
                col.add(
                    f"bands must start at year 0 and follow on without gaps; expected from_year "
                    f"{expect}, got {fy}-{ty}",
                    i,
                    f,
                )
                continue
            expect = ty + 1
            band = DiscountBand(sid, fy, ty)
            if _param(col, b.get("rate"), i, f + ".rate", "discount_rate", f"{sid}.{fy}_{ty}", params):
                out.append(band)
        schedules[sid] = tuple(out)
    for sid in DISCOUNT_SCHEDULES:
        if sid not in schedules:
            col.add(f"discount schedule '{sid}' is missing", None, "discount_schedules")
    return settings, tuple(presets), tuple(bands), schedules


def _load_options(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[OptionEcon]:
    col = _Col(root, "options.yaml", issues)
    doc = _read_yaml(col)
    if doc is None:
        return []
    out: list[OptionEcon] = []
    for i, item in _list(col, doc, "options"):
        oid = _ident(col, item, i)
        if not oid:
            continue
        if oid in {o.id for o in out}:
            col.add(f"duplicate option id {oid!r}", i, "id")
            continue
        role = item.get("role")
        if role not in OPTION_ROLES:
            col.add(f"role must be one of {', '.join(OPTION_ROLES)}; got {role!r}", i, "role")
            continue
        host = str(item.get("host") or "")
        if role == "hosting" and host not in HOSTS[:-1]:
            col.add(f"host must be one of {', '.join(HOSTS[:-1])}; got {host!r}", i, "host")
        for name in OPTION_PARAMS[role]:
            if name not in item:
                col.add(f"'{name}' is required for a {role} option", i, name)
                continue
            _param(col, item.get(name), i, name, name, oid, params)
        extra = set(item) - {"id", "role", "host", *OPTION_PARAMS[role]}
        for key in sorted(extra):
            col.add(f"unknown key '{key}' for a {role} option", i, key)
        out.append(OptionEcon(oid, str(role), host))
    roles = [o.role for o in out]
    for r in ("bau", "do_minimum"):
        if out and roles.count(r) != 1:
            col.add(f"exactly one option must have role '{r}' (Green Book shortlist); found {roles.count(r)}")
    return out


def _load_regions(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[str]:
    col = _Col(root, "regions.yaml", issues)
    doc = _read_yaml(col)
    if doc is None:
        return []
    out: list[str] = []
    for i, item in _list(col, doc, "regions"):
        rid = _ident(col, item, i)
        if not rid:
            continue
        if rid in out:
            col.add(f"duplicate region id {rid!r}", i, "id")
            continue
        out.append(rid)
        for name in REGION_PARAMS:
            if name not in item:
                col.add(f"'{name}' is required", i, name)
                continue
            _param(col, item.get(name), i, name, name, rid, params)
    return out


def _read_csv(col: _Col, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    if not col.path.exists():
        col.add("file is missing")
        return []
    try:
        with col.path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                col.add(f"missing column(s): {', '.join(missing)}", 1)
                return []
            rows = []
            for line, rec in enumerate(reader, start=2):
                if None in rec:
                    col.add("row has more cells than the header", line)
                    continue
                rows.append((line, rec))
            return rows
    except (UnicodeDecodeError, csv.Error) as exc:
        col.add(f"malformed CSV: {exc}")
        return []


def _load_pay(root: Path, issues: list[DataIssue], params: dict[str, Param]) -> list[str]:
    col = _Col(root, "pay_bands.csv", issues)
    out: list[str] = []
    for line, rec in _read_csv(col, PAY_COLUMNS):
        band = (rec.get("band") or "").strip()
        if not band:
            col.add("a band is required", line, "band")
            continue
        if band in out:
            col.add(f"duplicate band {band!r}", line, "band")
            continue
        p = _param(col, rec, line, "", "pay", band, params)
        if p is None:
            continue
        mid = (p.low + p.high) / 2
        if abs(p.value - mid) > 0.5:
            col.add(f"value must be the midpoint of low and high ({mid:g}); got {p.value:g}", line, "value")
        out.append(band)
    if not out and not any(i.file == col.name for i in issues):
        col.add("no pay bands")
    return out


def _load_template(
    root: Path, issues: list[DataIssue], params: dict[str, Param], bands: list[str]
) -> list[TemplateRole]:
    col = _Col(root, "team_template.csv", issues)
    out: list[TemplateRole] = []
    for line, rec in _read_csv(col, TEMPLATE_COLUMNS):
        rid = _ident(col, rec, line, "role")
        if not rid:
            continue
        if rid in {r.id for r in out}:
            col.add(f"duplicate role {rid!r}", line, "role")
            continue
        band = (rec.get("band") or "").strip()
        if bands and band not in bands:
            col.add(f"unknown band {band!r}; known (pay_bands.csv): {', '.join(bands)}", line, "band")
            continue
        clinical = (rec.get("clinical") or "").strip().lower()
        if clinical not in ("yes", "no"):
            col.add(f"clinical must be 'yes' or 'no'; got {clinical!r}", line, "clinical")
            continue
        fields = {k: v for k, v in rec.items() if k != "role"}  # 'role' here is the job, not the use
        if _param(col, fields, line, "", "wte", rid, params) is None:
            continue
        out.append(TemplateRole(rid, (rec.get("label") or rid).strip(), band, clinical == "yes"))
    if not out and not any(i.file == col.name for i in issues):
        col.add("the team template has no roles")
    if out and not any(r.clinical for r in out):
        col.add("the team template needs at least one clinical role", None, "clinical")
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
        return None, [DataIssue(DIR_NAME, f"folder not found in {base}")]
    params: dict[str, Param] = {}
    settings, presets, life, schedules = _load_economics(base, issues, params)
    options = _load_options(base, issues, params)
    regions = _load_regions(base, issues, params)
    bands = _load_pay(base, issues, params)
    roles = _load_template(base, issues, params, bands)
    for msg, field in _cross_checks(params, life):
        issues.append(DataIssue(f"{DIR_NAME}/economics.yaml", msg, None, field))
    if option_ids is not None:
        have = {o.id for o in options}
        for oid in option_ids:
            if oid not in have:
                issues.append(
                    DataIssue(
                        f"{DIR_NAME}/options.yaml", f"option '{oid}' (criteria/options.yaml) has no entry"
                    )
                )
        for o in options:
            if o.id not in option_ids:
                issues.append(
                    DataIssue(f"{DIR_NAME}/options.yaml", f"option '{o.id}' is not in criteria/options.yaml")
                )
    if region_ids is not None:
        for rid in region_ids:
            if rid not in regions:
                issues.append(
                    DataIssue(f"{DIR_NAME}/regions.yaml", f"region '{rid}' (regions/) has no entry")
                )
        for rid in regions:
            if rid not in region_ids:
                issues.append(DataIssue(f"{DIR_NAME}/regions.yaml", f"region '{rid}' is not in regions/"))
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
            presets=presets,
            life_course=life,
            schedules=schedules,
            settings=settings,
            version=_version(base),
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
