"""v3: every saved scenario version holds a serialised AppraisalInputs (scenario format 2).

A data migration; no table changes. Each ``scenario_versions.payload`` in scenario
format 1 is rewritten in format 2: ``weights.values`` -> ``inputs.weights.points``
(method and inputs kept), ``score_overrides`` -> ``inputs.score_edits`` (each
``comment`` -> ``reason``), ``economic_assumptions`` -> ``inputs.economics.overrides``,
``regions`` -> ``inputs.regions``, every other input at its default, and the version's
comment becomes its ``reason``. Downgrade writes format 1 back; what format 1 cannot
hold (the reason, which stays in the version's comment, the economic choices, draws,
seed, SMAA settings and language) is dropped. A payload in any other format is left as
it is. The audit log is not touched (it is append-only; old rows keep their field names).

The conversion is written out here, not imported from ``appraisal.store.scenario``, so
this revision does the same thing whatever later code does. Offline (``sql_script``) it
emits nothing: a data migration needs the rows.

Revision ID: 0003_scenario_inputs
Revises: 0002_archive_visibility
Create Date: 2026-01-10
"""

import json
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = "0003_scenario_inputs"
down_revision: str | Sequence[str] | None = "0002_archive_visibility"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORMAT = "pair-appraisal/scenario"
#: AppraisalInputs defaults as of this revision (appraisal/inputs.py).
DRAWS, SEED, SPREAD = 10_000, 20260101, 0.2

versions = sa.table(
    "scenario_versions",
    sa.column("id", sa.Integer()),
    sa.column("payload", sa.Text()),
    sa.column("comment", sa.Text()),
)


def _dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _load(payload: str, schema_version: int) -> dict | None:
    try:
        doc = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    sv = doc.get("schema_version")
    return doc if type(sv) is int and sv == schema_version else None


def v1_to_v2(payload: str, comment: str) -> str | None:
    """A format-1 payload in format 2 (None when it is not format 1)."""
    doc = _load(payload, 1)
    if doc is None:
        return None
    w = doc.get("weights") or {}
    edits = [
        {
            "region": region,
            "option": item["option"],
            "criterion": item["criterion"],
            "score": item["score"],
            "reason": item.get("comment", ""),
        }
        for region, items in (doc.get("score_overrides") or {}).items()
        for item in items
    ]
    edits.sort(key=lambda e: (e["region"], e["option"], e["criterion"]))
    inputs = {
        "weights": {
            "method": w.get("method", "points"),
            "points": w.get("values") or {},
            "inputs": w.get("inputs") or {},
        },
        "score_edits": edits,
        "economics": {
            "coverage": None,
            "horizon": None,
            "service_years": None,
            "discount": None,
            "heckman": None,
            "benefit_view": "bottom_up",
            "overrides": dict(sorted((doc.get("economic_assumptions") or {}).items())),
        },
        "regions": list(doc.get("regions") or []),
        "draws": DRAWS,
        "seed": SEED,
        "smaa": {"model": "stated", "spread": SPREAD, "score_uncertainty": "triangular"},
        "lang": "en",
    }
    return _dumps(
        {
            "format": FORMAT,
            "schema_version": 2,
            "name": doc.get("name", ""),
            "author": doc.get("author", ""),
            "notes": doc.get("notes", ""),
            "reason": (comment or "").strip(),
            "data_version": doc.get("data_version", ""),
            "created_at": doc.get("created_at", ""),
            "archived": bool(doc.get("archived", False)),
            "inputs": inputs,
        }
    )


def v2_to_v1(payload: str, comment: str) -> str | None:
    """A format-2 payload in format 1 (None when it is not format 2)."""
    doc = _load(payload, 2)
    if doc is None:
        return None
    inputs: dict[str, Any] = doc.get("inputs") or {}
    w = inputs.get("weights") or {}
    overrides: dict[str, list] = {}
    for e in inputs.get("score_edits") or []:
        overrides.setdefault(e["region"], []).append(
            {
                "option": e["option"],
                "criterion": e["criterion"],
                "score": e["score"],
                "comment": e.get("reason", ""),
            }
        )
    return _dumps(
        {
            "format": FORMAT,
            "schema_version": 1,
            "name": doc.get("name", ""),
            "author": doc.get("author", ""),
            "notes": doc.get("notes", ""),
            "regions": list(inputs.get("regions") or []),
            "weights": {
                "method": w.get("method", "points"),
                "inputs": w.get("inputs") or {},
                "values": w.get("points") or {},
            },
            "score_overrides": {
                r: sorted(items, key=lambda i: (i["option"], i["criterion"]))
                for r, items in sorted(overrides.items())
            },
            "economic_assumptions": dict(
                sorted(((inputs.get("economics") or {}).get("overrides") or {}).items())
            ),
            "data_version": doc.get("data_version", ""),
            "created_at": doc.get("created_at", ""),
            "archived": bool(doc.get("archived", False)),
        }
    )


def _rewrite(convert: Callable[[str, str], str | None]) -> None:
    if context.is_offline_mode():
        return
    conn = op.get_bind()
    rows = conn.execute(sa.select(versions.c.id, versions.c.payload, versions.c.comment)).all()
    for row_id, payload, comment in rows:
        new = convert(payload, comment or "")
        if new is not None and new != payload:
            conn.execute(versions.update().where(versions.c.id == row_id).values(payload=new))


def upgrade() -> None:
    _rewrite(v1_to_v2)


def downgrade() -> None:
    _rewrite(v2_to_v1)
