"""A saved piece of appraisal work (a *scenario*) and its versioned JSON file format.

Pure: no database, no streamlit. ``Scenario`` is frozen and deeply immutable (mappings are
read-only proxies, lists are tuples). ``parse_json`` is the only way text from outside
becomes a Scenario: it refuses, with a message naming the field, anything that is too
big (> 1 MB), too deep, not JSON, holds NaN/Infinity, duplicate or unknown keys, wrong
types, over-long text, control characters, HTML/script tags, or spreadsheet formulas in
one-line fields. Only ``json.loads`` is used to read a file.

File format, ``schema_version`` 1 (no other keys are accepted at any level)::

    {"format": "pair-appraisal/scenario", "schema_version": 1,
     "name": str (1-120), "author": str (<=120), "notes": str (<=10,000, multi-line),
     "regions": [region id, ...],
     "weights": {"method": id, "inputs": {...small JSON...}, "values": {criterion id: points >= 0}},
     "score_overrides": {region id: [{"option": id, "criterion": id, "score": number,
                                      "comment": str (<=2,000)}, ...]},
     "economic_assumptions": {parameter id: number},
     "data_version": str, "created_at": ISO 8601 text, "archived": bool}

Required: format, schema_version, name, weights (method, values). A file with a higher
``schema_version`` than this code reads is refused with a message to upgrade the tool.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import numpy as np

from appraisal.mcda.weights import normalise
from appraisal.safety import FORMULA_PREFIXES
from appraisal.store.errors import StoreError

FORMAT = "pair-appraisal/scenario"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 10
NAME_MAX = 120
AUTHOR_MAX = 120
NOTES_MAX = 10_000
COMMENT_MAX = 2_000
ID_MAX = 64
PARAM_ID_MAX = 128
VERSION_MAX = 64
METHOD_MAX = 32
MAX_CRITERIA = 100
MAX_REGIONS = 50
MAX_OVERRIDES_PER_REGION = 2_000
MAX_ECON = 500
MAX_INPUT_NODES = 2_000
INPUT_TEXT_MAX = 200
NUMBER_ABS_MAX = 1e12

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
PARAM_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MARKUP_RE = re.compile(r"<\s*/?\s*[A-Za-z!?]")
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

TOP_KEYS = (
    "format",
    "schema_version",
    "name",
    "author",
    "notes",
    "regions",
    "weights",
    "score_overrides",
    "economic_assumptions",
    "data_version",
    "created_at",
    "archived",
)
REQUIRED_TOP = ("format", "schema_version", "name", "weights")
WEIGHT_KEYS = ("method", "inputs", "values")
OVERRIDE_KEYS = ("option", "criterion", "score", "comment")


# ----------------------------------------------------------------------------- immutability


def freeze(obj: Any) -> Any:
    """Deep read-only copy of a JSON-like value (dict -> mapping proxy, list -> tuple)."""
    if isinstance(obj, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)):
        return tuple(freeze(v) for v in obj)
    return obj


def thaw(obj: Any) -> Any:
    """Plain JSON-ready copy of a frozen value (mapping -> dict, tuple -> list)."""
    if isinstance(obj, Mapping):
        return {k: thaw(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [thaw(v) for v in obj]
    return obj


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class ScoreOverride:
    """A user's score for one option x criterion in one region, with why."""

    score: float
    comment: str = ""


@dataclass(frozen=True)
class ScenarioWeights:
    """Weight points per criterion (any non-negative numbers) and how they were elicited."""

    method: str
    values: Mapping[str, float]
    inputs: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", freeze(dict(self.values)))
        object.__setattr__(self, "inputs", freeze(dict(self.inputs)))

    def normalised(self, criterion_ids: tuple[str, ...] | list[str]) -> np.ndarray:
        """Weights summing to one in ``criterion_ids`` order (raises WeightError)."""
        return normalise(dict(self.values), criterion_ids, source="scenario weights")


@dataclass(frozen=True)
class Scenario:
    """One named piece of appraisal work. Build with ``Scenario.create`` or ``from_dict``."""

    name: str
    weights: ScenarioWeights
    author: str = ""
    notes: str = ""
    regions: tuple[str, ...] = ()
    score_overrides: Mapping[str, Mapping[tuple[str, str], ScoreOverride]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    economic_assumptions: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    data_version: str = ""
    created_at: str = ""
    archived: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", tuple(self.regions))
        ov = {
            r: MappingProxyType({tuple(k): v for k, v in cells.items()})
            for r, cells in self.score_overrides.items()
        }
        object.__setattr__(self, "score_overrides", MappingProxyType(ov))
        object.__setattr__(self, "economic_assumptions", MappingProxyType(dict(self.economic_assumptions)))

    @classmethod
    def create(
        cls,
        name: str,
        weights: ScenarioWeights,
        *,
        author: str = "",
        notes: str = "",
        regions: tuple[str, ...] | list[str] = (),
        score_overrides: Mapping[str, Mapping[tuple[str, str], ScoreOverride | float]] | None = None,
        economic_assumptions: Mapping[str, float] | None = None,
        data_version: str = "",
        created_at: str | None = None,
        archived: bool = False,
    ) -> Scenario:
        """Build and validate (same checks as a file import); plain floats become overrides."""
        ov = {
            r: {k: v if isinstance(v, ScoreOverride) else ScoreOverride(float(v)) for k, v in cells.items()}
            for r, cells in (score_overrides or {}).items()
        }
        s = cls(
            name=name,
            weights=weights,
            author=author,
            notes=notes,
            regions=tuple(regions),
            score_overrides=ov,
            economic_assumptions=dict(economic_assumptions or {}),
            data_version=data_version,
            created_at=created_at or now_iso(),
            archived=archived,
        )
        return from_dict(s.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (schema ``SCHEMA_VERSION``); ``from_dict`` reads it back."""
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "author": self.author,
            "notes": self.notes,
            "regions": list(self.regions),
            "weights": {
                "method": self.weights.method,
                "inputs": thaw(self.weights.inputs),
                "values": dict(self.weights.values),
            },
            "score_overrides": {
                r: [
                    {"option": o, "criterion": c, "score": ov.score, "comment": ov.comment}
                    for (o, c), ov in sorted(cells.items())
                ]
                for r, cells in sorted(self.score_overrides.items())
            },
            "economic_assumptions": dict(sorted(self.economic_assumptions.items())),
            "data_version": self.data_version,
            "created_at": self.created_at,
            "archived": self.archived,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    def content_key(self) -> str:
        """Canonical text of what the scenario says (not who saved it or when)."""
        d = self.to_dict()
        for k in ("author", "created_at"):
            d.pop(k)
        return json.dumps(d, sort_keys=True, ensure_ascii=False, allow_nan=False)

    def with_changes(self, **changes: Any) -> Scenario:
        """A validated copy with some fields replaced."""
        return from_dict(replace(self, **changes).to_dict())

    def scores(self, region_id: str) -> dict[tuple[str, str], float]:
        """The region's overridden scores as ``{(option, criterion): score}``."""
        return {k: v.score for k, v in self.score_overrides.get(region_id, {}).items()}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ----------------------------------------------------------------------------- parsing


def _reject_constant(name: str) -> float:
    raise StoreError("store.err.not_finite", value=name)


def _parse_float(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise StoreError("store.err.not_finite", value=text[:40])
    return v


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise StoreError("store.err.duplicate_key", key=k[:ID_MAX])
        out[k] = v
    return out


_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET_RE = re.compile(r"[\[\]{}]")


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``limit`` before the JSON parser sees it."""
    depth = 0
    for m in _BRACKET_RE.finditer(_STRING_RE.sub('""', text)):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                raise StoreError("store.err.too_deep", limit=limit)
        else:
            depth -= 1


def loads_limited(data: str | bytes, *, max_bytes: int = MAX_FILE_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` behind size, encoding, depth, NaN and duplicate-key checks."""
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise StoreError("store.err.too_big", size=len(data), limit=max_bytes)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise StoreError("store.err.not_utf8") from None
    elif isinstance(data, str):
        text = data
        if len(text.encode("utf-8", errors="replace")) > max_bytes:
            raise StoreError("store.err.too_big", size=len(text.encode("utf-8", "replace")), limit=max_bytes)
    else:
        raise StoreError("store.err.not_text")
    if not text.strip():
        raise StoreError("store.err.empty")
    check_depth(text, max_depth)
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            object_pairs_hook=_pairs,
        )
    except json.JSONDecodeError as exc:
        raise StoreError("store.err.bad_json", line=exc.lineno, column=exc.colno, problem=exc.msg) from None
    except RecursionError:
        raise StoreError("store.err.too_deep", limit=max_depth) from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise StoreError("store.err.bad_number", problem=str(exc)[:80]) from None


def parse_json(data: str | bytes) -> Scenario:
    """Read a scenario file; raise StoreError naming the field on anything wrong."""
    return from_dict(loads_limited(data))


# ----------------------------------------------------------------------------- validation


def check_text(
    value: Any,
    where: str,
    max_len: int,
    *,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Validate user text: type, length, no control/bidi characters, no markup, and
    (one-line fields) no leading spreadsheet-formula character. Returns it stripped."""
    if not isinstance(value, str):
        raise StoreError("store.err.type_text", field=where, got=_type_name(value))
    text = value.strip()
    if required and not text:
        raise StoreError("store.err.required", field=where)
    if len(text) > max_len:
        raise StoreError("store.err.too_long", field=where, limit=max_len, length=len(text))
    allowed = "\n\t\r" if multiline else ""
    for ch in text:
        if (unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in BIDI:
            raise StoreError("store.err.control_char", field=where, code=f"U+{ord(ch):04X}")
    if MARKUP_RE.search(text):
        raise StoreError("store.err.markup", field=where)
    if not multiline and text.startswith(FORMULA_PREFIXES):
        raise StoreError("store.err.formula", field=where)
    return text


def check_id(value: Any, where: str, *, pattern: re.Pattern = ID_RE, max_len: int = ID_MAX) -> str:
    if not isinstance(value, str):
        raise StoreError("store.err.type_text", field=where, got=_type_name(value))
    if not value or len(value) > max_len or not pattern.match(value):
        raise StoreError("store.err.bad_id", field=where, value=value[:max_len], limit=max_len)
    return value


def check_number(
    value: Any, where: str, *, minimum: float | None = None, maximum: float | None = None
) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StoreError("store.err.type_number", field=where, got=_type_name(value))
    v = float(value)
    if not math.isfinite(v) or abs(v) > NUMBER_ABS_MAX:
        raise StoreError("store.err.not_finite", field=where, value=str(value)[:40])
    if minimum is not None and v < minimum:
        raise StoreError("store.err.below_min", field=where, value=f"{v:g}", limit=f"{minimum:g}")
    if maximum is not None and v > maximum:
        raise StoreError("store.err.above_max", field=where, value=f"{v:g}", limit=f"{maximum:g}")
    return v


def _type_name(value: Any) -> str:
    return {
        dict: "object",
        list: "list",
        str: "text",
        bool: "true/false",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _mapping(value: Any, where: str, keys: tuple[str, ...] | None = None, required=()) -> dict:
    if not isinstance(value, Mapping):
        raise StoreError("store.err.type_object", field=where, got=_type_name(value))
    if keys is not None:
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise StoreError(
                "store.err.unknown_key",
                field=where,
                key=str(unknown[0])[:ID_MAX],
                known=", ".join(keys),
            )
    for k in required:
        if k not in value:
            raise StoreError("store.err.required", field=f"{where}.{k}" if where else k)
    return dict(value)


def _list(value: Any, where: str, limit: int) -> list:
    if not isinstance(value, list):
        raise StoreError("store.err.type_list", field=where, got=_type_name(value))
    if len(value) > limit:
        raise StoreError("store.err.too_many", field=where, limit=limit, count=len(value))
    return value


def check_inputs(value: Any, where: str) -> Any:
    """A weight method's raw inputs: any small JSON value of finite numbers and short text."""
    count = 0

    def walk(v: Any, path: str, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_INPUT_NODES:
            raise StoreError("store.err.too_many", field=where, limit=MAX_INPUT_NODES, count=f">{count - 1}")
        if depth > 5:
            raise StoreError("store.err.too_deep", field=path, limit=5)
        if isinstance(v, Mapping):
            out = {}
            for k, x in v.items():
                check_text(k, f"{path} (key)", ID_MAX, required=True)
                out[k] = walk(x, f"{path}.{k}", depth + 1)
            return out
        if isinstance(v, (list, tuple)):
            return [walk(x, f"{path}[{i}]", depth + 1) for i, x in enumerate(v)]
        if isinstance(v, str):
            return check_text(v, path, INPUT_TEXT_MAX)
        if v is None or isinstance(v, bool):
            return v
        return check_number(v, path)

    return walk(value, where, 0)


def from_dict(doc: Any) -> Scenario:
    """Validate a parsed document and build the Scenario; StoreError names the field."""
    d = _mapping(doc, "", TOP_KEYS, REQUIRED_TOP)
    if d["format"] != FORMAT:
        raise StoreError("store.err.format", field="format", expected=FORMAT)
    sv = d["schema_version"]
    if isinstance(sv, bool) or not isinstance(sv, int):
        raise StoreError("store.err.type_number", field="schema_version", got=_type_name(sv))
    if sv > SCHEMA_VERSION:
        raise StoreError("store.err.newer_schema", field="schema_version", got=sv, supported=SCHEMA_VERSION)
    if sv < 1:
        raise StoreError("store.err.below_min", field="schema_version", value=sv, limit=1)

    name = check_text(d["name"], "name", NAME_MAX, required=True)
    author = check_text(d.get("author", ""), "author", AUTHOR_MAX)
    notes = check_text(d.get("notes", ""), "notes", NOTES_MAX, multiline=True)
    regions_raw = _list(d.get("regions", []), "regions", MAX_REGIONS)
    regions = tuple(check_id(r, f"regions[{i}]") for i, r in enumerate(regions_raw))
    if len(set(regions)) != len(regions):
        dup = next(r for r in regions if regions.count(r) > 1)
        raise StoreError("store.err.duplicate", field="regions", value=dup)

    w = _mapping(d["weights"], "weights", WEIGHT_KEYS, ("method", "values"))
    method = check_id(w["method"], "weights.method", max_len=METHOD_MAX)
    vals_raw = _mapping(w["values"], "weights.values")
    if not vals_raw:
        raise StoreError("store.err.required", field="weights.values")
    if len(vals_raw) > MAX_CRITERIA:
        raise StoreError(
            "store.err.too_many", field="weights.values", limit=MAX_CRITERIA, count=len(vals_raw)
        )
    values = {}
    for k, v in vals_raw.items():
        check_id(k, f"weights.values.{str(k)[:ID_MAX]}")
        values[k] = check_number(v, f"weights.values.{k}", minimum=0.0)
    if sum(values.values()) <= 0:
        raise StoreError("store.err.all_zero", field="weights.values")
    inputs = check_inputs(_mapping(w.get("inputs", {}), "weights.inputs"), "weights.inputs")

    ov_raw = _mapping(d.get("score_overrides", {}), "score_overrides")
    if len(ov_raw) > MAX_REGIONS:
        raise StoreError("store.err.too_many", field="score_overrides", limit=MAX_REGIONS, count=len(ov_raw))
    overrides: dict[str, dict[tuple[str, str], ScoreOverride]] = {}
    for region, items in ov_raw.items():
        where = f"score_overrides.{str(region)[:ID_MAX]}"
        check_id(region, where)
        cells: dict[tuple[str, str], ScoreOverride] = {}
        for i, item in enumerate(_list(items, where, MAX_OVERRIDES_PER_REGION)):
            f = f"{where}[{i}]"
            it = _mapping(item, f, OVERRIDE_KEYS, ("option", "criterion", "score"))
            key = (check_id(it["option"], f + ".option"), check_id(it["criterion"], f + ".criterion"))
            if key in cells:
                raise StoreError("store.err.duplicate", field=f, value=f"{key[0]} x {key[1]}")
            cells[key] = ScoreOverride(
                check_number(it["score"], f + ".score"),
                check_text(it.get("comment", ""), f + ".comment", COMMENT_MAX, multiline=True),
            )
        if cells:
            overrides[region] = cells

    econ_raw = _mapping(d.get("economic_assumptions", {}), "economic_assumptions")
    if len(econ_raw) > MAX_ECON:
        raise StoreError(
            "store.err.too_many", field="economic_assumptions", limit=MAX_ECON, count=len(econ_raw)
        )
    econ = {}
    for k, v in econ_raw.items():
        f = f"economic_assumptions.{str(k)[:PARAM_ID_MAX]}"
        check_id(k, f, pattern=PARAM_ID_RE, max_len=PARAM_ID_MAX)
        econ[k] = check_number(v, f)

    data_version = check_text(d.get("data_version", ""), "data_version", VERSION_MAX)
    created_at = d.get("created_at", "")
    if created_at:
        created_at = check_text(created_at, "created_at", 40)
        try:
            datetime.fromisoformat(created_at)
        except ValueError:
            raise StoreError("store.err.bad_date", field="created_at", value=created_at) from None
    archived = d.get("archived", False)
    if not isinstance(archived, bool):
        raise StoreError("store.err.type_bool", field="archived", got=_type_name(archived))

    return Scenario(
        name=name,
        weights=ScenarioWeights(method=method, values=values, inputs=inputs),
        author=author,
        notes=notes,
        regions=regions,
        score_overrides=overrides,
        economic_assumptions=econ,
        data_version=data_version,
        created_at=created_at,
        archived=archived,
    )


def check_against(scenario: Scenario, dataset: Any, assumption_ids: set[str] | None = None) -> None:
    """Check ids and score ranges against a loaded Dataset (and economic parameter ids)."""
    crit = {c.id: c for c in dataset.criteria}
    known_c = tuple(crit)
    for k in scenario.weights.values:
        if k not in crit:
            raise StoreError("store.err.unknown_ref", field=f"weights.values.{k}", kind="criterion", value=k)
    missing = [c for c in known_c if c not in scenario.weights.values]
    if missing:
        raise StoreError("store.err.required", field=f"weights.values.{missing[0]}")
    for r in scenario.regions:
        if r not in dataset.region_ids:
            raise StoreError("store.err.unknown_ref", field="regions", kind="region", value=r)
    for r, cells in scenario.score_overrides.items():
        if r not in dataset.region_ids:
            raise StoreError("store.err.unknown_ref", field=f"score_overrides.{r}", kind="region", value=r)
        for (o, c), ov in cells.items():
            f = f"score_overrides.{r}.{o}.{c}"
            if o not in dataset.option_ids:
                raise StoreError("store.err.unknown_ref", field=f, kind="option", value=o)
            if c not in crit:
                raise StoreError("store.err.unknown_ref", field=f, kind="criterion", value=c)
            cr = crit[c]
            if not cr.scale_min <= ov.score <= cr.scale_max:
                raise StoreError(
                    "store.err.out_of_scale",
                    field=f,
                    value=f"{ov.score:g}",
                    low=f"{cr.scale_min:g}",
                    high=f"{cr.scale_max:g}",
                    unit=cr.unit,
                )
    if assumption_ids is not None:
        for k in scenario.economic_assumptions:
            if k not in assumption_ids:
                raise StoreError(
                    "store.err.unknown_ref", field=f"economic_assumptions.{k}", kind="parameter", value=k
                )
