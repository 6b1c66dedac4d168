"""A saved piece of appraisal work (a *scenario*) and its versioned JSON file format.

A scenario is one serialised :class:`~appraisal.inputs.AppraisalInputs` (what was chosen:
weights, score edits and their reasons, economic choices and overrides, regions, draws,
seed, SMAA settings) plus who saved it, when, why and under which name.

Pure: no database, no streamlit. ``Scenario`` is frozen and deeply immutable, and is
validated where it is built (no invalid Scenario object can exist). ``parse_json`` is
the only way text from outside becomes a Scenario: it refuses, with a message naming the
field, anything that is too big (> 1 MB), too deep, not JSON, holds NaN/Infinity,
duplicate or unknown keys, wrong types, over-long text, control characters, HTML/script
tags, or spreadsheet formulas in one-line fields. Only ``json.loads`` is used to read a
file.

File format, ``schema_version`` 3 (written; no other keys are accepted at any level)::

    {"format": "pair-appraisal/scenario", "schema_version": 3,
     "name": str (1-120), "author": str (<=120), "notes": str (<=10,000, multi-line),
     "reason": str (<=2,000, multi-line: why this version was saved),
     "data_version": str, "created_at": ISO 8601 text, "archived": bool,
     "dissent": [{"who", "region", "option", "about", "reason"}, ...] (see
                 appraisal.store.dissent; at most 200),
     "inputs": {...AppraisalInputs.to_dict(), see appraisal.inputs; weights required...}}

Required: format, schema_version, name, inputs (with weights). Errors inside ``inputs``
name the field with the ``inputs.`` prefix (``inputs.weights.points.reach``).

``schema_version`` 2 (read, never written) is format 3 without ``dissent``: it reads as
a scenario with no dissent recorded (the database migration 0005 rewrites stored
payloads from format 2 to 3).

``schema_version`` 1 (read and converted, never written)::

    {"format": "pair-appraisal/scenario", "schema_version": 1,
     "name", "author", "notes", "regions": [region id, ...],
     "weights": {"method": id, "inputs": {...small JSON...}, "values": {criterion id: points >= 0}},
     "score_overrides": {region id: [{"option": id, "criterion": id, "score": number,
                                      "comment": str (<=2,000)}, ...]},
     "economic_assumptions": {parameter id: number},
     "data_version": str, "created_at": ISO 8601 text, "archived": bool}

Required in v1: format, schema_version, name, weights (method, values). A v1 file becomes
v2 as follows: ``weights.values`` -> ``inputs.weights.points`` (method and inputs kept),
``score_overrides`` -> ``inputs.score_edits`` (``comment`` -> ``reason``),
``economic_assumptions`` -> ``inputs.economics.overrides``, ``regions`` ->
``inputs.regions``; every other input at its default; ``reason`` empty. A file with a
higher ``schema_version`` than this code reads is refused with a message to upgrade.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from appraisal.checks import (
    BIDI,
    ID_MAX,
    ID_RE,
    INPUT_TEXT_MAX,
    MARKUP_RE,
    MAX_INPUT_NODES,
    NUMBER_ABS_MAX,
    PARAM_ID_MAX,
    PARAM_ID_RE,
    check_id,
    check_inputs,
    check_list,
    check_mapping,
    check_number,
    check_text,
    type_name,
)
from appraisal.inputs import (
    REASON_MAX,
    AppraisalInputs,
    EconomicInputs,
    ScoreEdit,
    WeightInputs,
)
from appraisal.inputs import check_against as check_inputs_against
from appraisal.store.dissent import MAX_DISSENT, Dissent
from appraisal.store.dissent import check_against as check_dissent_against
from appraisal.store.errors import StoreError

FORMAT = "pair-appraisal/scenario"
SCHEMA_VERSION = 3
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 10
NAME_MAX = 120
AUTHOR_MAX = 120
NOTES_MAX = 10_000
COMMENT_MAX = REASON_MAX
VERSION_MAX = 64
DATE_MAX = 40
METHOD_MAX = 32
MAX_CRITERIA = 100
MAX_REGIONS = 50
MAX_OVERRIDES_PER_REGION = 2_000
MAX_ECON = 500

#: Re-exported for callers that imported them from here (workshop, pages).
__all__ = [
    "BIDI",
    "Dissent",
    "ID_MAX",
    "ID_RE",
    "INPUT_TEXT_MAX",
    "MARKUP_RE",
    "MAX_INPUT_NODES",
    "NUMBER_ABS_MAX",
    "PARAM_ID_MAX",
    "PARAM_ID_RE",
    "Scenario",
    "check_against",
    "check_id",
    "check_inputs",
    "check_number",
    "check_text",
    "from_dict",
    "loads_limited",
    "parse_json",
    "reasons_since",
]

TOP_KEYS_V2 = (
    "format",
    "schema_version",
    "name",
    "author",
    "notes",
    "reason",
    "data_version",
    "created_at",
    "archived",
    "inputs",
)
TOP_KEYS = (*TOP_KEYS_V2[:-1], "dissent", "inputs")
REQUIRED_TOP = ("format", "schema_version", "name", "inputs")
TOP_KEYS_V1 = (
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
REQUIRED_TOP_V1 = ("format", "schema_version", "name", "weights")
WEIGHT_KEYS_V1 = ("method", "inputs", "values")
OVERRIDE_KEYS_V1 = ("option", "criterion", "score", "comment")


# ----------------------------------------------------------------------------- the model


def _check_meta(
    name: Any, author: Any, notes: Any, reason: Any, data_version: Any, created_at: Any, archived: Any
):
    """The scenario's own fields, validated (text stripped); InputError names the field."""
    name = check_text(name, "name", NAME_MAX, required=True)
    author = check_text(author, "author", AUTHOR_MAX)
    notes = check_text(notes, "notes", NOTES_MAX, multiline=True)
    reason = check_text(reason, "reason", COMMENT_MAX, multiline=True)
    data_version = check_text(data_version, "data_version", VERSION_MAX)
    if created_at is not None and created_at != "":
        created_at = check_text(created_at, "created_at", DATE_MAX)
        try:
            datetime.fromisoformat(created_at)
        except ValueError:
            raise StoreError("store.err.bad_date", field="created_at", value=created_at) from None
    else:
        created_at = ""
    if not isinstance(archived, bool):
        raise StoreError("store.err.type_bool", field="archived", got=type_name(archived))
    return name, author, notes, reason, data_version, created_at, archived


@dataclass(frozen=True)
class Scenario:
    """One named piece of appraisal work: the inputs of a run plus who, when and why.

    Build with ``Scenario.from_inputs`` (or ``parse_json``/``from_dict`` for a file).
    ``reason`` says why this version was saved (the save's comment). Validated where it is
    built; ``inputs.weights`` must be explicit.
    """

    name: str
    inputs: AppraisalInputs
    author: str = ""
    notes: str = ""
    reason: str = ""
    data_version: str = ""
    created_at: str = ""
    archived: bool = False
    dissent: tuple[Dissent, ...] = ()

    def __post_init__(self) -> None:
        meta = _check_meta(
            self.name,
            self.author,
            self.notes,
            self.reason,
            self.data_version,
            self.created_at,
            self.archived,
        )
        for k, v in zip(
            ("name", "author", "notes", "reason", "data_version", "created_at", "archived"), meta
        ):
            object.__setattr__(self, k, v)
        if not isinstance(self.inputs, AppraisalInputs):
            raise StoreError("store.err.type_object", field="inputs", got=type_name(self.inputs))
        if self.inputs.weights is None:
            raise StoreError("store.err.required", field="inputs.weights")
        dissent = tuple(check_list(self.dissent, "dissent", MAX_DISSENT))
        for d in dissent:
            if not isinstance(d, Dissent):
                raise StoreError("store.err.type_object", field="dissent", got=type_name(d))
        object.__setattr__(self, "dissent", dissent)

    # ------------------------------------------------------------------ building

    @classmethod
    def from_inputs(
        cls,
        name: str,
        inputs: AppraisalInputs,
        *,
        author: str = "",
        notes: str = "",
        reason: str = "",
        data_version: str = "",
        created_at: str | None = None,
        archived: bool = False,
        dissent: tuple[Dissent, ...] = (),
        previous: Scenario | None = None,
        comment: str = "",
    ) -> Scenario:
        """A validated Scenario of ``inputs``. A score edit that is new or changed since
        ``previous`` and has no reason of its own takes ``comment`` as its reason (see
        :func:`reasons_since`); ``created_at`` defaults to now."""
        if previous is not None or comment:
            inputs = reasons_since(inputs, previous, comment)
        return cls(
            name=name,
            inputs=inputs,
            author=author,
            notes=notes,
            reason=reason,
            data_version=data_version,
            created_at=created_at or now_iso(),
            archived=archived,
            dissent=tuple(dissent),
        )

    def with_changes(self, **changes: Any) -> Scenario:
        """A validated copy with some fields replaced (``inputs=``, ``name=``, ``reason=``...)."""
        return replace(self, **changes)

    def with_dissent(self, entry: Dissent) -> Scenario:
        """A copy with one more dissent recorded (after the others)."""
        return replace(self, dissent=(*self.dissent, entry))

    # ------------------------------------------------------------------ serialisation

    def to_dict(self) -> dict[str, Any]:
        """The JSON document (schema ``SCHEMA_VERSION``); ``from_dict`` reads it back."""
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "name": self.name,
            "author": self.author,
            "notes": self.notes,
            "reason": self.reason,
            "data_version": self.data_version,
            "created_at": self.created_at,
            "archived": self.archived,
            "dissent": [d.to_dict() for d in self.dissent],
            "inputs": self.inputs.to_dict(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"

    def content_key(self) -> str:
        """Canonical text of what the scenario says: not who saved it, when or why, and
        not the language it was looked at in (so re-saving the same work stores nothing)."""
        d = self.to_dict()
        for k in ("author", "created_at", "reason"):
            d.pop(k)
        d["inputs"].pop("lang")
        return json.dumps(d, sort_keys=True, ensure_ascii=False, allow_nan=False)


def reasons_since(inputs: AppraisalInputs, previous: Scenario | None, comment: str) -> AppraisalInputs:
    """``inputs`` with each score edit's reason settled against the previous saved version.

    - a score that is unchanged since ``previous`` keeps its reason (its own, or else the
      one it was saved with);
    - a score that is new or changed takes ``comment`` unless it has a reason of its own
      (a reason that is not just the one the previous version gave that cell).
    """
    reason = (comment or "").strip()[:COMMENT_MAX].strip()
    prior = {} if previous is None else {(e.region, *e.cell): e for e in previous.inputs.score_edits}
    out = []
    for e in inputs.score_edits:
        p = prior.get((e.region, *e.cell))
        if p is not None and p.score == e.score:
            why = e.reason or p.reason
        else:
            own = e.reason if e.reason and (p is None or e.reason != p.reason) else ""
            why = own or reason
        out.append(e if why == e.reason else replace(e, reason=why))
    return inputs.with_changes(score_edits=tuple(out))


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


#: One token of the depth scan: a JSON string (an unterminated one runs to the end of the
#: text; possessive quantifiers, so a string is never rescanned) or a bracket. Each
#: character is looked at once: the scan is linear in the length of the text, whatever
#: the text holds (a run of ``\\"`` with no closing quote included).
_DEPTH_TOKEN_RE = re.compile(r'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.DOTALL)


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``limit`` before the JSON parser sees it (linear time)."""
    depth = 0
    for m in _DEPTH_TOKEN_RE.finditer(text):
        ch = m.group()[0]
        if ch in "[{":
            depth += 1
            if depth > limit:
                raise StoreError("store.err.too_deep", limit=limit)
        elif ch in "]}":
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
    """Read a scenario file (format 1, 2 or 3); raise StoreError naming the field on anything wrong."""
    return from_dict(loads_limited(data))


# ----------------------------------------------------------------------------- validation


def from_dict(doc: Any) -> Scenario:
    """Validate a parsed document (format 1, 2 or 3) and build the Scenario; StoreError names the field."""
    d = check_mapping(doc, "", None, ("format", "schema_version"))
    if d["format"] != FORMAT:
        raise StoreError("store.err.format", field="format", expected=FORMAT)
    sv = d["schema_version"]
    if isinstance(sv, bool) or not isinstance(sv, int):
        raise StoreError("store.err.type_number", field="schema_version", got=type_name(sv))
    if sv > SCHEMA_VERSION:
        raise StoreError("store.err.newer_schema", field="schema_version", got=sv, supported=SCHEMA_VERSION)
    if sv < 1:
        raise StoreError("store.err.below_min", field="schema_version", value=sv, limit=1)
    return _from_v1(d) if sv == 1 else _from_v2(d, sv)


def _meta_of(d: dict) -> dict[str, Any]:
    name, author, notes, reason, data_version, created_at, archived = _check_meta(
        d["name"],
        d.get("author", ""),
        d.get("notes", ""),
        d.get("reason", ""),
        d.get("data_version", ""),
        d.get("created_at", ""),
        d.get("archived", False),
    )
    return {
        "name": name,
        "author": author,
        "notes": notes,
        "reason": reason,
        "data_version": data_version,
        "created_at": created_at,
        "archived": archived,
    }


def _from_v2(doc: dict, schema_version: int = SCHEMA_VERSION) -> Scenario:
    """A format-2 or format-3 document (format 2 has no dissent)."""
    d = check_mapping(doc, "", TOP_KEYS if schema_version >= 3 else TOP_KEYS_V2, REQUIRED_TOP)
    meta = _meta_of(d)
    inputs = AppraisalInputs.from_dict(d["inputs"], where="inputs")
    raw = check_list(d.get("dissent", []), "dissent", MAX_DISSENT)
    dissent = tuple(Dissent.from_dict(x, f"dissent[{i}]") for i, x in enumerate(raw))
    return Scenario(inputs=inputs, dissent=dissent, **meta)


def _from_v1(doc: dict) -> Scenario:
    """A format-1 document, checked field by field under its own names, as a Scenario."""
    d = check_mapping(doc, "", TOP_KEYS_V1, REQUIRED_TOP_V1)
    meta = _meta_of(d)
    regions_raw = check_list(d.get("regions", []), "regions", MAX_REGIONS)
    regions = tuple(check_id(r, f"regions[{i}]") for i, r in enumerate(regions_raw))
    if len(set(regions)) != len(regions):
        dup = next(r for r in regions if regions.count(r) > 1)
        raise StoreError("store.err.duplicate", field="regions", value=dup)

    w = check_mapping(d["weights"], "weights", WEIGHT_KEYS_V1, ("method", "values"))
    method = check_id(w["method"], "weights.method", max_len=METHOD_MAX)
    vals_raw = check_mapping(w["values"], "weights.values")
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
    method_inputs = check_inputs(check_mapping(w.get("inputs", {}), "weights.inputs"), "weights.inputs")

    ov_raw = check_mapping(d.get("score_overrides", {}), "score_overrides")
    if len(ov_raw) > MAX_REGIONS:
        raise StoreError("store.err.too_many", field="score_overrides", limit=MAX_REGIONS, count=len(ov_raw))
    edits: list[ScoreEdit] = []
    for region, items in ov_raw.items():
        where = f"score_overrides.{str(region)[:ID_MAX]}"
        check_id(region, where)
        seen: set[tuple[str, str]] = set()
        for i, item in enumerate(check_list(items, where, MAX_OVERRIDES_PER_REGION)):
            f = f"{where}[{i}]"
            it = check_mapping(item, f, OVERRIDE_KEYS_V1, ("option", "criterion", "score"))
            key = (check_id(it["option"], f + ".option"), check_id(it["criterion"], f + ".criterion"))
            if key in seen:
                raise StoreError("store.err.duplicate", field=f, value=f"{key[0]} x {key[1]}")
            seen.add(key)
            score = check_number(it["score"], f + ".score")
            comment = check_text(it.get("comment", ""), f + ".comment", COMMENT_MAX, multiline=True)
            edits.append(ScoreEdit(region, key[0], key[1], score, comment))

    econ_raw = check_mapping(d.get("economic_assumptions", {}), "economic_assumptions")
    if len(econ_raw) > MAX_ECON:
        raise StoreError(
            "store.err.too_many", field="economic_assumptions", limit=MAX_ECON, count=len(econ_raw)
        )
    econ = {}
    for k, v in econ_raw.items():
        f = f"economic_assumptions.{str(k)[:PARAM_ID_MAX]}"
        check_id(k, f, pattern=PARAM_ID_RE, max_len=PARAM_ID_MAX)
        econ[k] = check_number(v, f)

    inputs = AppraisalInputs(
        weights=WeightInputs(method, values, method_inputs),
        score_edits=tuple(edits),
        economics=EconomicInputs(overrides=econ),
        regions=regions,
    )
    return Scenario(inputs=inputs, **meta)


# ----------------------------------------------------------------------------- checks against data


def check_against(scenario: Scenario, dataset: Any, assumptions: Any = None) -> None:
    """Check a scenario against a loaded Dataset and (when given) the economic Assumptions.

    Delegates to :func:`appraisal.inputs.check_against`: criterion, region and option ids,
    every score against its criterion's scale and, with ``assumptions``, the Heckman preset
    and every economic override against its parameter's domain (an unknown parameter
    included); then each dissent's region and option. Raises StoreError (InputError)
    naming the field.
    """
    check_inputs_against(scenario.inputs, dataset, assumptions)
    check_dissent_against(scenario.dissent, dataset)
