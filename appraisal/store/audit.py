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
  ``smaa.score_uncertainty``.

Who saved, when and why (author, created_at, reason) are the audit row itself, and the
language is not part of the work, so none of them is a change. On a first save, a field
left at its default (the data's default for an economic choice, the standard draws,
seed and SMAA settings) is not reported. Old audit rows keep the paths they were written
with (``weights.values.*``, ``score_overrides.*``, ``economic_assumptions.*``).
Exports (CSV, JSON) neutralise text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from appraisal.inputs import AppraisalInputs, thaw
from appraisal.safety import neutralise_cell
from appraisal.store.scenario import Scenario

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
    return {
        "name": s.name,
        "notes": s.notes,
        "data_version": s.data_version,
        "archived": s.archived,
        **_flat_inputs(s.inputs),
    }


#: What a first save does not report: the inputs' defaults (no weights, no edits).
_DEFAULTS = _flat_inputs(AppraisalInputs())


def _empty(v: Any) -> bool:
    """Nothing set (a score or weight of 0 is a value, not nothing)."""
    return v is None or v is False or (isinstance(v, (str, list, dict)) and not v)


def diff_scenarios(old: Scenario | None, new: Scenario | None) -> tuple[Change, ...]:
    """Every field whose value differs (absent = ``None``), in a stable order.

    Against no previous version (a first save), empty values and defaults are left out.
    """
    a, b = _flat(old), _flat(new)
    keys = list(dict.fromkeys([*a, *b]))
    out = []
    for k in keys:
        va, vb = a.get(k), b.get(k)
        if va == vb:
            continue
        if old is None and (_empty(vb) or (k in _DEFAULTS and vb == _DEFAULTS[k])):
            continue
        out.append(Change(k, va, vb))
    return tuple(out)


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
