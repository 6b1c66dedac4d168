"""The national view's defaults (``defaults.yaml``, each with unit, source and status) and
the user's choices, validated where they enter (one catalogue message naming the field)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from appraisal.errors import DataError, DataIssue, InputError
from appraisal.model import STATUSES, Quantity

DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")
#: What the allocation maximises (``national.objective.<id>`` names each).
OBJECTIVES: tuple[str, ...] = ("value", "npsv", "reach")
PARAMETERS: tuple[str, ...] = (
    "budget_per_year",
    "workforce_per_year",
    "min_coverage",
    "robustness_draws",
    "frontier_levels",
    "mixed_max_hosts",
)


@cache
def defaults(path: Path = DEFAULTS_FILE) -> dict[str, Quantity]:
    """Every default as a Quantity (value, low, high, unit, source, status)."""
    rel = f"appraisal/portfolio/{path.name}"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(DataIssue(rel, str(exc))) from None
    params = doc.get("parameters") if isinstance(doc, dict) else None
    if not isinstance(params, dict):
        raise DataError(DataIssue(rel, "expected a mapping 'parameters'"))
    out: dict[str, Quantity] = {}
    issues: list[DataIssue] = []
    for name in PARAMETERS:
        p = params.get(name)
        if not isinstance(p, dict):
            issues.append(DataIssue(rel, "missing", field=f"parameters.{name}"))
            continue
        missing = [k for k in ("value", "low", "high", "unit", "source", "status") if p.get(k) in (None, "")]
        if missing or p["status"] not in STATUSES:
            issues.append(DataIssue(rel, f"needs {', '.join(missing) or 'a known status'}", field=name))
            continue
        try:
            out[name] = Quantity(
                float(p["value"]),
                str(p["unit"]),
                str(p["source"]),
                str(p["status"]),
                float(p["low"]),
                float(p["high"]),
            )
        except (TypeError, ValueError) as exc:
            issues.append(DataIssue(rel, str(exc), field=name))
    if issues:
        raise DataError(issues)
    return out


def default_value(name: str) -> float:
    return float(defaults()[name].value or 0.0)


def _number(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _check_range(name: str, field: str, value: Any, *, whole: bool = False) -> float:
    q = defaults()[name]
    v = _number(value)
    if v is None or not (q.low or 0.0) <= v <= (q.high or 0.0) or (whole and v != int(v)):
        raise InputError(
            f"national.err.{field}",
            field=f"national.{field}",
            value=value,
            low=f"{q.low:,.10g}",
            high=f"{q.high:,.10g}",
        )
    return v


@dataclass(frozen=True)
class PortfolioChoices:
    """What the national allocation is asked: a budget a year (GBP, real 2025/26), the
    objective (``value``: MCDA value x babies in need reached; ``npsv``: the Green Book
    NPSV; ``reach``: babies in need reached), the clinical WTE that can be recruited a
    year (None: no limit), each region's minimum coverage, whether a region's new teams
    may be split between hosts, and the robustness draws (seeded; None: the run's seed)."""

    budget: float = default_value("budget_per_year")
    objective: str = "value"
    workforce: float | None = default_value("workforce_per_year")
    min_coverage: float = default_value("min_coverage")
    mixed: bool = False
    draws: int = int(default_value("robustness_draws"))
    levels: int = int(default_value("frontier_levels"))
    seed: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "budget", _check_range("budget_per_year", "budget", self.budget))
        if self.objective not in OBJECTIVES:
            raise InputError(
                "national.err.objective",
                field="national.objective",
                value=self.objective,
                known=", ".join(OBJECTIVES),
            )
        if self.workforce is not None:
            set_(self, "workforce", _check_range("workforce_per_year", "workforce", self.workforce))
        set_(self, "min_coverage", _check_range("min_coverage", "min_coverage", self.min_coverage))
        for name, field in (("robustness_draws", "draws"), ("frontier_levels", "levels")):
            set_(self, field, int(_check_range(name, field, getattr(self, field), whole=True)))
        if not isinstance(self.mixed, bool):
            raise InputError("national.err.mixed", field="national.mixed", value=self.mixed)
        if self.seed is not None and (
            isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0
        ):
            raise InputError("national.err.seed", field="national.seed", value=self.seed)

    @property
    def max_hosts(self) -> int:
        """Hosting models a region's new teams may use (1, or 2 when mixing is allowed)."""
        return int(default_value("mixed_max_hosts")) if self.mixed else 1

    def with_changes(self, **changes: Any) -> PortfolioChoices:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "objective": self.objective,
            "workforce": self.workforce,
            "min_coverage": self.min_coverage,
            "mixed": self.mixed,
            "max_hosts": self.max_hosts,
            "draws": self.draws,
            "levels": self.levels,
            "seed": self.seed,
        }
