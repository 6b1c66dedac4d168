"""Shared checks for the human-edited data files (criteria/, regions/, assumptions/).

Each check records a ``DataIssue`` naming the file, row and field, in the current
language (messages come from the ``data.*`` keys of the catalogue), and returns a safe
fallback so loading can go on and report every problem in one pass. YAML is read with
the safe loader only (``yaml.safe_load``'s SafeConstructor), parsed by libyaml when
PyYAML has it (``yaml.CSafeLoader``: the same documents, about ten times faster).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import yaml

from appraisal.errors import DataIssue
from appraisal.i18n import SafeLoader, t
from appraisal.model import STATUSES


class FileIssues:
    """Collects the DataIssues of one file (named relative to the data folder)."""

    def __init__(self, root: Path, path: Path, issues: list[DataIssue]):
        self.path = path
        try:
            self.name = str(path.relative_to(root))
        except ValueError:
            self.name = str(path)
        self.issues = issues

    def add(self, message: str, row: int | None = None, field: str | None = None) -> None:
        self.issues.append(DataIssue(self.name, message, row, field))

    def msg(self, key: str, /, row: int | None = None, field: str | None = None, **kw: object) -> None:
        """Record the catalogue message ``data.<key>`` (``key`` is positional-only, so a
        message may have a ``{key}`` placeholder)."""
        self.add(t(f"data.{key}", **kw), row, field)


def read_yaml(col: FileIssues, *, mapping: bool = False) -> Any:
    """The parsed document, or None (with an issue) when missing or malformed."""
    if not col.path.exists():
        col.msg("file_missing")
        return None
    try:
        text = col.path.read_bytes().decode("utf-8")
        doc = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        col.msg("malformed_yaml", problem=problem, line=line)
        return None
    except UnicodeDecodeError as exc:
        col.msg("not_utf8", reason=exc.reason)
        return None
    if mapping and not isinstance(doc, dict):
        col.msg("top_mapping")
        return None
    return doc


def read_csv(col: FileIssues, columns: tuple[str, ...]) -> list[tuple[int, dict]] | None:
    """``(line, record)`` for each row of a CSV file (UTF-8, with or without a byte-order
    mark) whose header holds ``columns`` (the header is line 1). None, with an issue, when the file is missing, lacks a column or
    cannot be read; a row with more cells than the header is reported and left out."""
    if not col.path.exists():
        col.msg("file_missing")
        return None
    try:
        # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name
        with col.path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                col.msg("missing_columns", 1, columns=", ".join(missing))
                return None
            rows = []
            for line, rec in enumerate(reader, start=2):
                if None in rec:
                    col.msg("extra_cells", line)
                    continue
                rows.append((line, rec))
    except (UnicodeDecodeError, csv.Error) as exc:
        col.msg("malformed_csv", problem=str(exc))
        return None
    return rows


def number(col: FileIssues, raw: Any, row: int | None, field: str, *, required: bool = True) -> float | None:
    """A finite number, or None (with an issue unless optional and absent)."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if required:
            col.msg("number_required", row, field)
        return None
    if isinstance(raw, bool):
        col.msg("expected_number", row, field, got=repr(raw))
        return None
    try:
        val = float(raw)
    except (TypeError, ValueError):
        col.msg("expected_number", row, field, got=repr(raw))
        return None
    if not math.isfinite(val):
        col.msg("expected_finite", row, field, got=repr(raw))
        return None
    return val


def whole_number(col: FileIssues, raw: Any, row: int | None, field: str) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int):
        col.msg("expected_whole", row, field, got=repr(raw))
        return None
    return raw


def text(
    col: FileIssues, d: dict, key: str, row: int | None, prefix: str = "", *, required: bool = True
) -> str:
    """Stripped text under ``key`` ('' with an issue when required and missing)."""
    val = d.get(key)
    if val is None or (isinstance(val, str) and not val.strip()):
        if required:
            col.msg("text_required", row, prefix + key)
        return ""
    if not isinstance(val, (str, int, float)):
        col.msg("expected_text", row, prefix + key, got=type(val).__name__)
        return ""
    return str(val).strip()


def status(col: FileIssues, raw: Any, row: int | None, field: str) -> str:
    if raw not in STATUSES:
        col.msg("bad_status", row, field, allowed=", ".join(STATUSES), got=repr(raw))
        return "unverified"
    return str(raw)


def choice(col: FileIssues, raw: Any, allowed: tuple[str, ...], row: int | None, field: str) -> bool:
    """True when ``raw`` is one of ``allowed``; records an issue otherwise."""
    if raw in allowed:
        return True
    col.msg("bad_choice", row, field, allowed=", ".join(allowed), got=repr(raw))
    return False


def list_of_maps(col: FileIssues, doc: Any, key: str) -> list[tuple[int, dict]]:
    """``(entry number, mapping)`` for each entry of the non-empty list ``doc[key]``."""
    if not isinstance(doc, dict):
        col.msg("top_mapping")
        return []
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        col.msg("list_required", None, key, key=key)
        return []
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, dict):
            out.append((i, item))
        else:
            col.msg("expected_mapping", i, key)
            out.append((i, {}))
    return out


def identifier(col: FileIssues, raw: Any, row: int, field: str = "id") -> str:
    """A well-formed id ('' with an issue otherwise)."""
    if not isinstance(raw, str) or not raw.strip():
        col.msg("id_required", row, field)
        return ""
    if not raw.replace("_", "").replace("-", "").isalnum():
        col.msg("id_chars", row, field, id=repr(raw))
        return ""
    return raw


def unique_ids(col: FileIssues, items: list[tuple[int, dict]], key: str = "id") -> list[str]:
    """Check every entry's id (under ``key``): present, well formed and not repeated.

    Returns each entry's id, '' where it is missing, malformed or a repeat of an earlier one.
    """
    seen: dict[str, int] = {}
    ids = []
    for i, item in items:
        raw = identifier(col, item.get(key), i, key)
        if raw and raw in seen:
            col.msg("duplicate_id", i, key, id=repr(raw), other=seen[raw])
            raw = ""
        elif raw:
            seen[raw] = i
        ids.append(raw)
    return ids
