"""What changed between two versions of a scenario, and the audit trail's exports.

A change is ``{"field": path, "old": value, "new": value}`` with paths such as
``weights.values.rural_reach`` or ``score_overrides.gwent.camhs.rural_reach.score``.
Exports (CSV, JSON) neutralise text a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from appraisal.safety import neutralise_cell
from appraisal.store.scenario import Scenario, thaw

#: Fields whose change needs a comment saying why.
SCORE_PREFIX = "score_overrides."


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


def _flat(s: Scenario | None) -> dict[str, Any]:
    if s is None:
        return {}
    out: dict[str, Any] = {
        "name": s.name,
        "notes": s.notes,
        "regions": list(s.regions),
        "weights.method": s.weights.method,
        "weights.inputs": thaw(s.weights.inputs),
        "data_version": s.data_version,
        "archived": s.archived,
    }
    for c, v in s.weights.values.items():
        out[f"weights.values.{c}"] = v
    for r, cells in s.score_overrides.items():
        for (o, c), ov in cells.items():
            out[f"{SCORE_PREFIX}{r}.{o}.{c}.score"] = ov.score
            out[f"{SCORE_PREFIX}{r}.{o}.{c}.comment"] = ov.comment
    for k, v in s.economic_assumptions.items():
        out[f"economic_assumptions.{k}"] = v
    return out


def diff_scenarios(old: Scenario | None, new: Scenario | None) -> tuple[Change, ...]:
    """Every field whose value differs (absent = ``None``), in a stable order."""
    a, b = _flat(old), _flat(new)
    keys = list(dict.fromkeys([*a, *b]))
    out = []
    for k in keys:
        va, vb = a.get(k), b.get(k)
        if va != vb and not (old is None and vb in ("", [], {}, None, False)):
            out.append(Change(k, va, vb))
    return tuple(out)


def scores_changed(changes: tuple[Change, ...]) -> bool:
    """True when a change touches a score (which then needs a comment)."""
    return any(c.field.startswith(SCORE_PREFIX) and c.field.endswith(".score") for c in changes)


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
