"""What changed between two versions of a scenario, and the audit trail's exports.

A change is ``{"field": path, "old": value, "new": value}``. Paths follow the scenario
file's own names, so a person can read them: the scenario's ``name``, ``notes``,
``data_version`` and ``archived``, and of its inputs

- ``weights.method``, ``weights.inputs`` and ``weights.points.<criterion>``;
- ``score_edits.<region>.<option>.<criterion>.score`` and ``....reason``;
- ``economics.coverage``, ``economics.horizon``, ``economics.service_years``,
  ``economics.discount``, ``economics.heckman``, ``economics.benefit_view`` and
  ``economics.overrides.<parameter>``;
- ``regions``, ``draws``, ``seed``, ``smaa.model``, ``smaa.spread`` and
  ``smaa.score_uncertainty``;

and of its dissent ``dissent.<n>.who``, ``.region``, ``.option``, ``.about`` and
``.reason`` (entries numbered from 1 in the order they were recorded).

Who saved, when and why (author, created_at, reason) are the audit row itself, and the
language is not part of the work, so none of them is a change. On a first save, a field
left at its default (the data's default for an economic choice, the standard draws,
seed and SMAA settings, and the data's default weights when the app passes them) is not
reported. Old audit rows keep the paths they were written with (``weights.values.*``,
``score_overrides.*``, ``economic_assumptions.*``).
Exports (CSV, JSON) neutralise text a spreadsheet would run as a formula.

The trail is a hash chain (schema v4): each row stores the hash of the row before
(``prev_hash``) and its own (``row_hash`` = :func:`chain_hash`). :func:`verify_chain`
walks it in order and reports the first broken link: a row changed after it was written,
a row removed or moved, or scenario versions whose audit rows are gone (a trail cut
short or emptied).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from appraisal.inputs import AppraisalInputs, thaw
from appraisal.safety import neutralise_cell
from appraisal.store.scenario import Scenario

#: ``prev_hash`` of the first row of the chain.
GENESIS_HASH = "0" * 64

#: Fields whose change needs a comment saying why.
SCORE_PREFIX = "score_edits."
#: Paths of the old audit rows (scenario format 1) that are score changes too.
OLD_SCORE_PREFIX = "score_overrides."


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit trail (read-only view)."""

    id: int
    at: datetime
    actor: str
    action: str
    subject: str
    version: int | None
    comment: str
    changes: tuple[Change, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "version": self.version,
            "comment": self.comment,
            "changes": [c.as_dict() for c in self.changes],
        }


def _flat_inputs(i: AppraisalInputs) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if i.weights is not None:
        out["weights.method"] = i.weights.method
        out["weights.inputs"] = thaw(i.weights.inputs)
        for c, v in i.weights.points.items():
            out[f"weights.points.{c}"] = v
    for e in i.score_edits:
        where = f"{SCORE_PREFIX}{e.region}.{e.option}.{e.criterion}"
        out[f"{where}.score"] = e.score
        out[f"{where}.reason"] = e.reason
    econ = i.economics
    for k in ("coverage", "horizon", "service_years", "discount", "heckman", "benefit_view"):
        out[f"economics.{k}"] = getattr(econ, k)
    for k, v in econ.overrides.items():
        out[f"economics.overrides.{k}"] = v
    out["regions"] = list(i.regions)
    out["draws"] = i.draws
    out["seed"] = i.seed
    out["smaa.model"] = i.smaa_model
    out["smaa.spread"] = i.smaa_spread
    out["smaa.score_uncertainty"] = i.score_uncertainty
    return out


def _flat(s: Scenario | None) -> dict[str, Any]:
    if s is None:
        return {}
    dissent = {
        f"dissent.{i}.{k}": v for i, d in enumerate(s.dissent, start=1) for k, v in d.to_dict().items()
    }
    return {
        "name": s.name,
        "notes": s.notes,
        "data_version": s.data_version,
        "archived": s.archived,
        **dissent,
        **_flat_inputs(s.inputs),
    }


#: What a first save does not report: the inputs' defaults (no weights, no edits).
_DEFAULTS = _flat_inputs(AppraisalInputs())


def _empty(v: Any) -> bool:
    """Nothing set (a score or weight of 0 is a value, not nothing)."""
    return v is None or v is False or (isinstance(v, (str, list, dict)) and not v)


def diff_scenarios(
    old: Scenario | None, new: Scenario | None, defaults: AppraisalInputs | None = None
) -> tuple[Change, ...]:
    """Every field whose value differs (absent = ``None``), in a stable order.

    Against no previous version (a first save), empty values and defaults are left out:
    ``defaults`` are the inputs a first save is measured against (the app passes the
    data's defaults, ``run.default_inputs``, so unchanged default weights are not
    changes); without them, ``AppraisalInputs()``.
    """
    base = _DEFAULTS if defaults is None else _flat_inputs(defaults)
    a, b = _flat(old), _flat(new)
    keys = list(dict.fromkeys([*a, *b]))
    out = []
    for k in keys:
        va, vb = a.get(k), b.get(k)
        if va == vb:
            continue
        if old is None and (_empty(vb) or (k in base and vb == base[k])):
            continue
        out.append(Change(k, va, vb))
    return tuple(out)


#: Fields that name or place a scenario rather than change the appraisal's inputs.
LABEL_FIELDS = ("name", "notes", "data_version", "archived", "regions")


def input_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """The changes to the appraisal itself (weights, scores, economic and SMAA choices,
    dissent): what "n changes" tells a user, leaving out the scenario's name, notes,
    data version, archive flag and regions, which a first save always records."""
    return tuple(c for c in changes if c.field not in LABEL_FIELDS)


def scores_changed(changes: tuple[Change, ...]) -> bool:
    """True when a change touches a score (which then needs a comment)."""
    return any(
        c.field.startswith((SCORE_PREFIX, OLD_SCORE_PREFIX)) and c.field.endswith(".score") for c in changes
    )


def _short(v: Any) -> str:
    if v is None:
        return ""
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return text


AUDIT_COLUMNS = ("id", "at", "actor", "action", "subject", "version", "comment", "field", "old", "new")


def audit_rows(entries: list[AuditEntry]) -> list[list[Any]]:
    """One row per changed field (an entry without changes gives one row)."""
    rows = []
    for e in entries:
        base = [e.id, e.at.isoformat(), e.actor, e.action, e.subject, e.version, e.comment]
        if not e.changes:
            rows.append([*base, "", "", ""])
        for c in e.changes:
            rows.append([*base, c.field, _short(c.old), _short(c.new)])
    return rows


def audit_to_csv(entries: list[AuditEntry], headers: tuple[str, ...] = AUDIT_COLUMNS) -> str:
    """CSV text with formula-like cells neutralised (headers may be translated)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([neutralise_cell(h) for h in headers])
    for r in audit_rows(entries):
        w.writerow([neutralise_cell(v) for v in r])
    return buf.getvalue()


def _neutralise_deep(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _neutralise_deep(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_neutralise_deep(x) for x in v]
    return neutralise_cell(v)


def audit_to_json(entries: list[AuditEntry]) -> str:
    """JSON text; text values are neutralised as in the CSV (a JSON file is often opened in Excel)."""
    doc = {"format": "pair-appraisal/audit", "entries": [_neutralise_deep(e.as_dict()) for e in entries]}
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# ----------------------------------------------------------------------------- the hash chain


def _stamp(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def chain_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    scenario_id: int | None,
    version: int | None,
    comment: str,
    changes: str,
) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's content (canonical JSON;
    ``at`` to the microsecond in UTC; ``changes`` as the stored text). Migration 0004
    holds a frozen copy; a test checks they agree."""
    doc = [prev_hash, _stamp(at), actor, action, subject, scenario_id, version, comment, changes]
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found. ``problem`` is None when the chain is intact, else
    a catalogue key (``store.verify.changed``, ``.unlinked``, ``.missing``) and ``entry``
    the first audit row concerned (``None`` for missing rows: then ``detail`` says which
    scenario version has lost its entry)."""

    entries: int
    head: str
    problem: str | None = None
    entry: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(rows: Iterable[Any], versions: Iterable[tuple[int, int, str]] = ()) -> ChainReport:
    """Walk audit rows (objects with the ``AuditRow`` attributes, in ``id`` order) and
    report the first broken link; then check that every scenario version
    ``(scenario_id, version, name)`` still has its audit row. One pass, linear."""
    prev = GENESIS_HASH
    n = 0
    seen: set[tuple[int, int]] = set()
    for r in rows:
        n += 1
        if r.prev_hash != prev:
            return ChainReport(n - 1, prev, "store.verify.unlinked", r.id)
        h = chain_hash(
            r.prev_hash, r.at, r.actor, r.action, r.subject, r.scenario_id, r.version, r.comment, r.changes
        )
        if h != r.row_hash:
            return ChainReport(n - 1, prev, "store.verify.changed", r.id)
        if r.scenario_id is not None and r.version is not None:
            seen.add((r.scenario_id, r.version))
        prev = h
    for scenario_id, version, name in versions:
        if (scenario_id, version) not in seen:
            return ChainReport(n, prev, "store.verify.missing", None, f"'{name}' v{version}")
    return ChainReport(n, prev)
