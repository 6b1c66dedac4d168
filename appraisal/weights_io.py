"""Read a weights file (YAML or CSV) into a WeightSet, with errors naming file and field.

Accepted shapes (YAML via ``yaml.safe_load``):

- flat mapping ``criterion_id: points``
- ``{method: points, weights: {criterion_id: points}}``
- ``{method: swing, swings: {criterion_id: 0-100}}`` (largest swing = 100)
- ``{method: rank, ranking: [most_important, [tied_a, tied_b], ...]}``
- ``{method: ahp, criteria: [ids...], matrix: [[...], ...]}``
- ``{method: hierarchical, groups: {group_id: points}, within: {criterion_id: points}}``

CSV: a header with ``criterion`` and ``weight`` columns, one criterion per row.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from appraisal.errors import DataError, DataIssue, WeightError
from appraisal.i18n import t
from appraisal.mcda import weights as W
from appraisal.model import Criterion


def weights_from_spec(spec: Any, criteria: tuple[Criterion, ...], *, source: str) -> W.WeightSet:
    """Build a WeightSet from a parsed spec (see module docstring)."""
    ids = [c.id for c in criteria]
    if not isinstance(spec, Mapping):
        raise DataError(DataIssue(source, t("weights.file.mapping")))
    method = spec.get("method")
    try:
        if method is None:
            return W.points(dict(spec), ids)
        if method == "points":
            return W.points(dict(spec.get("weights") or {}), ids)
        if method == "swing":
            return W.swing(dict(spec.get("swings") or {}), ids)
        if method == "rank":
            return W.rank_order_centroid(list(spec.get("ranking") or []), ids)
        if method == "ahp":
            order = list(spec.get("criteria") or ids)
            if sorted(order) != sorted(ids):
                raise WeightError(t("weights.file.criteria_list"), source=source, field="criteria")
            matrix = np.array(spec.get("matrix"), dtype=float)
            _check_saaty_scale(matrix, source)
            ws = W.ahp(matrix, order)
            return W.WeightSet(tuple(ids), np.array([ws.as_dict()[c] for c in ids]), "ahp", ws.inputs, ws.ahp)
        if method == "hierarchical":
            return W.hierarchical(
                dict(spec.get("groups") or {}),
                dict(spec.get("within") or {}),
                {c.id: c.group for c in criteria},
            )
    except WeightError as exc:
        raise DataError(DataIssue(source, exc.detail, None, exc.field)) from None
    except (TypeError, ValueError) as exc:
        raise DataError(
            DataIssue(source, t("weights.file.unreadable", problem=str(exc)), None, "matrix")
        ) from None
    raise DataError(
        DataIssue(
            source, t("weights.file.method", got=repr(method), methods=", ".join(W.METHODS)), None, "method"
        )
    )


#: Saaty's scale: a judgement says how many times more important, from 1/9 to 9.
AHP_MIN, AHP_MAX = 1 / 9, 9.0


def _check_saaty_scale(matrix: np.ndarray, source: str) -> None:
    """Refuse the first judgement off Saaty's 1/9..9 scale, naming its cell (as the API's
    ``pairwise_matrix`` refuses it); one pass over the matrix."""
    if matrix.ndim != 2:
        return  # the shape is reported by the AHP itself
    finite = np.isfinite(matrix)
    bad = ~finite | (matrix < AHP_MIN - 1e-9) | (matrix > AHP_MAX + 1e-9)
    if bad.any():
        i, j = (int(k) for k in np.argwhere(bad)[0])
        raise WeightError(
            t("weights.ahp_scale", got=f"{matrix[i, j]:g}"), source=source, field=f"matrix[{i}][{j}]"
        )


def load_weights_file(path: str | Path, criteria: tuple[Criterion, ...]) -> W.WeightSet:
    """Load ``path`` (``.yaml``/``.yml``/``.csv``) and validate it against ``criteria``."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise DataError(DataIssue(name, t("weights.file.not_found")))
    if p.suffix.lower() == ".csv":
        return _load_csv(p, name, criteria)
    try:
        spec = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or ""
        raise DataError(DataIssue(name, t("data.malformed_yaml", problem=problem, line=line))) from None
    except UnicodeDecodeError:
        raise DataError(DataIssue(name, t("data.not_utf8", reason="utf-8"))) from None
    return weights_from_spec(spec, criteria, source=name)


def _load_csv(p: Path, name: str, criteria: tuple[Criterion, ...]) -> W.WeightSet:
    ids = [c.id for c in criteria]
    raw: dict[str, float] = {}
    try:
        with p.open(encoding="utf-8-sig", newline="") as fh:  # a byte-order mark is not a header
            reader = csv.DictReader(fh)
            if not reader.fieldnames or not {"criterion", "weight"} <= set(reader.fieldnames):
                raise DataError(DataIssue(name, t("weights.file.header"), 1))
            for line, rec in enumerate(reader, start=2):
                cid = (rec.get("criterion") or "").strip()
                if cid not in ids:
                    raise DataError(DataIssue(name, t("weights.unknown_item", id=cid), line, "criterion"))
                if cid in raw:
                    raise DataError(DataIssue(name, t("weights.file.twice", id=repr(cid)), line, "criterion"))
                try:
                    raw[cid] = float(rec.get("weight") or "")
                except ValueError:
                    raise DataError(
                        DataIssue(
                            name, t("data.expected_number", got=repr(rec.get("weight"))), line, "weight"
                        )
                    ) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(DataIssue(name, t("data.malformed_csv", problem=str(exc)))) from None
    try:
        return W.points(raw, ids)
    except WeightError as exc:
        raise DataError(DataIssue(name, exc.detail, None, exc.field)) from None
