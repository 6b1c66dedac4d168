"""Immutable domain objects: criteria, options, regions and the per-region Problem.

Pattern after scikit-criteria's decision matrix: one validated, frozen object that the
numerical kernels read without further checks. Arrays held here are made read-only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

Status = Literal["verified", "secondary", "derived", "unverified", "illustrative"]
STATUSES: tuple[str, ...] = ("verified", "secondary", "derived", "unverified", "illustrative")
DIRECTIONS: tuple[str, ...] = ("benefit", "cost")
OPTION_KINDS: tuple[str, ...] = ("comparator", "hosting")
HOSTS: tuple[str, ...] = (
    "public_health_nursing",
    "perinatal_mh",
    "camhs",
    "local_authority",
    "regional_partnership",
    "third_sector",
    "none",
)
#: Where an option is on the shortlist: every region, or only regions whose current
#: provision has a host (the "build on what exists" option; its host is the region's).
AVAILABILITY: tuple[str, ...] = ("all", "existing_team")
#: How a criterion is measured: described levels (0 = worst) or natural units.
SCALE_TYPES: tuple[str, ...] = ("constructed", "natural")
STAGES: tuple[str, ...] = ("established", "developing", "early", "none")
VALUE_MIN, VALUE_MAX = 0.0, 100.0


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, source and status (PolicyEngine-style parameter)."""

    value: float | None
    unit: str
    source: str
    status: str
    low: float | None = None
    high: float | None = None
    year: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        """Refuse a number that cannot be used: not finite, a range that does not hold
        the value, an unknown status (the data loader reports these by file and field
        before it builds a Quantity; this guards every other way one is made)."""
        for name in ("value", "low", "high"):
            v = getattr(self, name)
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
                raise ValueError(f"Quantity.{name} must be a number or None; got {v!r}")
            if not np.isfinite(v):
                raise ValueError(f"Quantity.{name} must be finite; got {v!r}")
            object.__setattr__(self, name, float(v))
        if self.value is not None:
            if self.low is not None and self.low > self.value:
                raise ValueError(f"Quantity.low {self.low:g} is above its value {self.value:g}")
            if self.high is not None and self.high < self.value:
                raise ValueError(f"Quantity.high {self.high:g} is below its value {self.value:g}")
        elif self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"Quantity.low {self.low:g} is above its high {self.high:g}")
        if self.status not in STATUSES:
            raise ValueError(f"Quantity.status must be one of {', '.join(STATUSES)}; got {self.status!r}")


@dataclass(frozen=True)
class Anchor:
    score: float
    meaning: str
    meaning_cy: str = ""


@dataclass(frozen=True)
class Level:
    """One described level of a constructed scale (DCLG MCA manual 2009, 6.2.8)."""

    name: str
    name_cy: str
    description: str
    description_cy: str


@dataclass(frozen=True)
class ValueFunction:
    """Piecewise-linear value function on fixed anchors (DCLG MCA manual 2009, ch. 5).

    Maps a raw performance on the criterion's scale to a value on 0-100. The anchors
    are fixed by the criterion, not by the options' data, so a small difference in
    scores cannot swing the result (unlike min-max normalisation). ``method`` says how
    the values were elicited (``macbeth``, ``direct``, ``bisection``; see
    :mod:`appraisal.mcda.value_scales`) and ``inputs`` keeps what was said; a constructed
    scale has its described ``levels`` (xs are the level numbers 0 .. L-1).
    """

    xs: tuple[float, ...]
    vs: tuple[float, ...]
    low: Anchor
    high: Anchor
    rationale: str = ""
    method: str = "direct"
    inputs: Mapping = field(default_factory=dict)
    levels: tuple[Level, ...] = ()

    @property
    def constructed(self) -> bool:
        return bool(self.levels)

    def __call__(self, x: np.ndarray | float) -> np.ndarray:
        return np.interp(np.asarray(x, dtype=float), self.xs, self.vs)


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    name_cy: str
    description: str
    description_cy: str


@dataclass(frozen=True)
class Criterion:
    id: str
    group: str
    name: str
    name_cy: str
    description: str
    description_cy: str
    direction: str
    scale_min: float
    scale_max: float
    unit: str
    value_function: ValueFunction
    weight: Quantity
    paper_section: str
    #: why the economic appraisal already counts this criterion ('' when it does not)
    in_economics: str = ""
    #: the swing from the worst to the best level, in words (swing weighting, DCLG 2009 6.2.10)
    swing: str = ""
    swing_cy: str = ""
    unit_cy: str = ""


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    name_cy: str
    kind: str
    host: str
    host_cy: str
    description: str
    description_cy: str
    exemplar_team: str
    exemplar_region: str
    exemplar_section: str
    #: "all" regions, or "existing_team": only where the region's provision has a host
    available: str = "all"

    def available_in(self, region: Region) -> bool:
        """Whether the option is on the region's shortlist."""
        return self.available == "all" or region.provision.host != "none"


#: The Green Book options framework's dimensions (Green Book 2022, 4.7-4.15).
FILTER_DIMENSIONS: tuple[str, ...] = ("scope", "solution", "delivery", "implementation", "funding")
#: What the filter did with a long-list choice (criteria/long_list.yaml).
LONG_LIST_OUTCOMES: tuple[str, ...] = ("shortlisted", "comparator", "carried_forward", "discounted")


@dataclass(frozen=True)
class LongListEntry:
    """One choice of the long list, with what the options framework filter did with it."""

    id: str
    dimension: str
    outcome: str
    name: str
    name_cy: str
    reason: str
    reason_cy: str
    paper_section: str
    paper_section_cy: str
    status: str
    option: str = ""  # the shortlist option, for outcome shortlisted or comparator


@dataclass(frozen=True)
class Score:
    """One option x criterion judgement with its uncertainty and provenance.

    ``origin`` is ``"baseline"`` or the id of the region whose override set it.
    """

    option: str
    criterion: str
    score: float
    low: float
    high: float
    rationale: str
    evidence: str
    status: str
    origin: str = "baseline"
    file: str = ""
    row: int | None = None


@dataclass(frozen=True)
class LocalAuthority:
    name: str
    name_cy: str
    births: Quantity


@dataclass(frozen=True)
class Provision:
    host: str
    team: str
    coverage: str
    coverage_share: Quantity
    stage: str
    source: str
    status: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    name_cy: str
    health_board: str
    health_board_cy: str
    local_authorities: tuple[LocalAuthority, ...]
    births: Quantity
    need_prevalence: Quantity
    provision: Provision
    overrides: tuple[Score, ...]
    rurality: Quantity | None = None


@dataclass(frozen=True)
class Problem:
    """Options x criteria for one region, ready for the kernels.

    ``scores``/``low``/``high`` are raw performances; ``values`` (0-100) are the scores
    passed through each criterion's value function, as are ``values_low``/``values_high``
    (ordered so that ``values_low <= values <= values_high`` also for cost criteria).
    ``cells`` keeps the Score record behind every cell, so a report can show rationale.
    """

    region: Region
    options: tuple[Option, ...]
    criteria: tuple[Criterion, ...]
    groups: tuple[Group, ...]
    scores: np.ndarray
    low: np.ndarray
    high: np.ndarray
    values: np.ndarray
    values_low: np.ndarray
    values_high: np.ndarray
    cells: tuple[tuple[Score, ...], ...]
    default_weights: np.ndarray
    group_index: np.ndarray = field(repr=False)

    def __post_init__(self) -> None:
        n, m = len(self.options), len(self.criteria)
        for name in ("scores", "low", "high", "values", "values_low", "values_high"):
            arr = _frozen(getattr(self, name))
            if arr.shape != (n, m):
                raise ValueError(f"Problem.{name} has shape {arr.shape}, expected {(n, m)}")
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"Problem.{name} holds NaN or infinite entries")
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "default_weights", _frozen(self.default_weights))
        gi = np.array(self.group_index, dtype=int)
        gi.setflags(write=False)
        object.__setattr__(self, "group_index", gi)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    def option(self, option_id: str) -> Option:
        for o in self.options:
            if o.id == option_id:
                return o
        from appraisal.errors import UnknownIdError

        raise UnknownIdError("option", option_id, self.option_ids)

    def with_value_functions(self, functions: Mapping[str, ValueFunction]) -> Problem:
        """A new Problem whose criteria in ``functions`` ({criterion id: value function},
        e.g. elicited in the app) turn the same scores into values their new way."""
        if not functions:
            return self
        criteria = tuple(
            replace(c, value_function=functions[c.id]) if c.id in functions else c for c in self.criteria
        )
        return build_problem(self.region, self.options, criteria, self.groups, self.cells)

    def with_scores(self, changes: dict[tuple[str, str], float], *, origin: str = "user") -> Problem:
        """A new Problem with some raw scores replaced (e.g. edited in the app).

        Low/high are widened to include the new score. Raises ValueError naming the cell
        when a score falls outside the criterion's scale.
        """
        scores, low, high = (np.array(a) for a in (self.scores, self.low, self.high))
        cells = [list(r) for r in self.cells]
        oi = {o: i for i, o in enumerate(self.option_ids)}
        ci = {c: j for j, c in enumerate(self.criterion_ids)}
        for (opt, crit), val in changes.items():
            from appraisal.errors import UnknownIdError

            if opt not in oi:
                raise UnknownIdError("option", opt, self.option_ids)
            if crit not in ci:
                raise UnknownIdError("criterion", crit, self.criterion_ids)
            i, j = oi[opt], ci[crit]
            c = self.criteria[j]
            v = float(val)
            if not np.isfinite(v) or v < c.scale_min or v > c.scale_max:
                raise ValueError(
                    f"score for {opt} x {crit} must be between {c.scale_min:g} and "
                    f"{c.scale_max:g} ({c.unit}); got {val!r}"
                )
            scores[i, j] = v
            low[i, j] = min(low[i, j], v)
            high[i, j] = max(high[i, j], v)
            old = cells[i][j]
            cells[i][j] = Score(
                option=opt,
                criterion=crit,
                score=v,
                low=float(low[i, j]),
                high=float(high[i, j]),
                rationale=old.rationale,
                evidence=old.evidence,
                status=old.status,
                origin=origin,
                file=old.file,
                row=old.row,
            )
        return build_problem(
            self.region,
            self.options,
            self.criteria,
            self.groups,
            tuple(tuple(r) for r in cells),
        )


def value_matrix(criteria: tuple[Criterion, ...], raw: np.ndarray) -> np.ndarray:
    """Apply each criterion's value function column by column."""
    out = np.empty_like(np.asarray(raw, dtype=float))
    for j, c in enumerate(criteria):
        out[..., j] = c.value_function(raw[..., j])
    return out


def build_problem(
    region: Region,
    options: tuple[Option, ...],
    criteria: tuple[Criterion, ...],
    groups: tuple[Group, ...],
    cells: tuple[tuple[Score, ...], ...],
) -> Problem:
    """Assemble a Problem from per-cell Score records (baseline already overridden)."""
    scores = np.array([[s.score for s in row] for row in cells], dtype=float)
    low = np.array([[s.low for s in row] for row in cells], dtype=float)
    high = np.array([[s.high for s in row] for row in cells], dtype=float)
    values = value_matrix(criteria, scores)
    v_a, v_b = value_matrix(criteria, low), value_matrix(criteria, high)
    w = np.array([c.weight.value for c in criteria], dtype=float)
    gid = {g.id: k for k, g in enumerate(groups)}
    return Problem(
        region=region,
        options=options,
        criteria=criteria,
        groups=groups,
        scores=scores,
        low=low,
        high=high,
        values=values,
        values_low=np.minimum(v_a, v_b),
        values_high=np.maximum(v_a, v_b),
        cells=cells,
        default_weights=w / w.sum(),
        group_index=np.array([gid[c.group] for c in criteria], dtype=int),
    )
