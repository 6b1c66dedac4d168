"""What a user chose for one appraisal run, frozen and validated where it is built.

``AppraisalInputs`` is the one shape of "the current appraisal": the app's session holds
one, the CLI parses its flags into one, a saved scenario is one serialised (plus name,
author, reason and timestamps), and :func:`appraisal.run.run` turns one into results.
Two layers of checks, both naming the field (a dotted path) in an
:class:`~appraisal.errors.InputError`:

- ``__post_init__`` checks what needs no data: types, ranges, choices, sizes, text
  hygiene (so no object with, say, a negative seed or a coverage of 1.5 can exist);
- :func:`check_against` checks what needs the data: criterion, region and option ids,
  each score against its criterion's scale, the Heckman preset and every economic
  override against its parameter's domain (``Assumptions.with_overrides``).

Everything a run computes is a function of ``(dataset, inputs.compute_key())``; the
language changes the words of what is shown, never the numbers, so it is left out of
that key. Serialised form (``to_dict``; scenario files hold it under ``"inputs"``)::

    {"weights": {"method": id, "points": {criterion: points >= 0}, "inputs": {...}} | null,
     "score_edits": [{"region", "option", "criterion", "score", "reason"}],
     "economics": {"coverage", "horizon", "service_years", "discount", "heckman",
                   "benefit_view", "overrides": {parameter id: number}},
     "regions": [region id], "draws": int, "seed": int,
     "smaa": {"model", "spread", "score_uncertainty"}, "lang": "en" | "cy"}

``null`` (or a missing key) for a weight set or an economic choice means "the data's
default", which is resolved when the run is made and recorded in its results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from appraisal.checks import (
    PARAM_ID_MAX,
    PARAM_ID_RE,
    check_choice,
    check_id,
    check_inputs,
    check_list,
    check_mapping,
    check_number,
    check_text,
    check_whole,
    type_name,
)
from appraisal.errors import DataError, InputError

#: One seed for every random part of a run (SMAA and the economic Monte Carlo), in the
#: app, the CLI and every report format: the same inputs give the same figures.
DEFAULT_SEED = 20260101
DEFAULT_DRAWS = 10_000
MIN_DRAWS = 2
MAX_DRAWS = 1_000_000
SEED_MAX = 2**32 - 1

#: SMAA weight models a run offers (``mixture`` needs stakeholders' sets: the workshop
#: runs it over its own submissions). ``stated``: the weights given, each varied by
#: +/- ``spread``; ``uniform``: no preference information; ``ranking``: only their order.
SMAA_MODELS: tuple[str, ...] = ("stated", "uniform", "ranking")
SCORE_UNCERTAINTY: tuple[str, ...] = ("triangular", "pert", "none")
DEFAULT_SPREAD = 0.2
#: The headline benefit view: the outcome chain, or the published value per child supported
#: (a cross-check). Heckman-style returns are benchmarks and a labelled what-if, never a view.
BENEFIT_VIEWS: tuple[str, ...] = ("outcome_chain", "per_child_supported")
#: The schedule of costs and of fiscal and economic benefits: the Green Book STPR (health
#: effects are always discounted at the Green Book health rate; rates stay editable).
DISCOUNTS: tuple[str, ...] = ("stpr",)
#: Earlier files' ids, read as today's: the bottom-up view became the outcome chain; the
#: Heckman mode is no longer a benefit view (its curve choice is kept in ``heckman``); the
#: health rate applies to health effects only, never as the schedule of costs.
LEGACY_CHOICES: dict[str, dict[str, str]] = {
    "benefit_view": {"bottom_up": "outcome_chain", "heckman": "outcome_chain"},
    "discount": {"health": "stpr"},
}
#: Economic parameters renamed with the same meaning (issue 12), read under today's name:
#: the old single effect size was on parental sensitivity; the Centre for Mental Health
#: figure was a value per child supported all along.
LEGACY_OVERRIDES: dict[str, str] = {
    "effect_size_d": "effect_sensitivity_d",
    "lifetime_benefit_per_child": "cmh_value_per_child_supported",
}
LANGUAGES: tuple[str, ...] = ("en", "cy")

METHOD_MAX = 32
MAX_CRITERIA = 100
MAX_REGIONS = 50
MAX_EDITS = 5_000
MAX_OVERRIDES = 500
REASON_MAX = 2_000
HORIZON_MAX = 200

INPUT_KEYS = (
    "weights",
    "score_edits",
    "value_functions",
    "economics",
    "regions",
    "draws",
    "seed",
    "smaa",
    "lang",
    "case_text",
    "national",
)
#: Keys of the national view's choices (``appraisal.portfolio.PortfolioChoices`` fields).
NATIONAL_KEYS = ("budget", "objective", "workforce", "min_coverage", "mixed", "draws", "levels", "seed")
#: The business case's fields the board writes (Five Case Model, HM Treasury 2018 *Guide to
#: developing the project business case*; Wales's integrated impact assessment). Each is
#: free text saved with the scenario; an empty one says the board has not completed it.
CASE_FIELDS: tuple[str, ...] = (
    "strategic.objectives",
    "strategic.success_factors",
    "strategic.long_list",
    "commercial.arrangement",
    "commercial.risk_transfer",
    "financial.funding",
    "management.delivery",
    "management.risks",
    "management.evaluation",
    "management.governance",
    "impact.wellbeing_goals",
    "impact.ways_of_working",
    "impact.welsh_language",
    "impact.equality",
    "impact.socio_economic",
    "impact.childrens_rights",
)
CASE_TEXT_MAX = 10_000
VF_KEYS = ("criterion", "spec", "reason")
#: Ways a value function can be elicited (appraisal.mcda.value_scales).
VF_METHODS: tuple[str, ...] = ("direct", "bisection", "macbeth")
WEIGHT_KEYS = ("method", "points", "inputs")
EDIT_KEYS = ("region", "option", "criterion", "score", "reason")
ECON_KEYS = ("coverage", "horizon", "service_years", "discount", "heckman", "benefit_view", "overrides")
SMAA_KEYS = ("model", "spread", "score_uncertainty")


def _freeze(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)):
        return tuple(_freeze(v) for v in obj)
    return obj


def thaw(obj: Any) -> Any:
    """A plain JSON-ready copy of a frozen value (mapping -> dict, tuple -> list)."""
    if isinstance(obj, Mapping):
        return {k: thaw(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [thaw(v) for v in obj]
    return obj


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: numpy to Python numbers, tuples and sets to lists, keys to text."""
    import numpy as np

    if isinstance(value, Mapping):
        return {
            str(k) if not isinstance(k, tuple) else "|".join(map(str, k)): jsonable(v)
            for k, v in value.items()
        }
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


@dataclass(frozen=True)
class WeightInputs:
    """Weight points per criterion (any non-negative numbers; only their ratios count) and
    how they were elicited: ``method`` (points, swing, rank, ahp, hierarchical, or where
    they came from: link, workshop) and that method's raw ``inputs`` (small JSON)."""

    method: str
    points: Mapping[str, float]
    inputs: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        check_id(self.method, "weights.method", max_len=METHOD_MAX)
        raw = check_mapping(self.points, "weights.points")
        if not raw:
            raise InputError("store.err.required", field="weights.points")
        if len(raw) > MAX_CRITERIA:
            raise InputError("store.err.too_many", field="weights.points", limit=MAX_CRITERIA, count=len(raw))
        pts = {}
        for k, v in raw.items():
            check_id(k, f"weights.points.{str(k)[:64]}")
            pts[k] = check_number(v, f"weights.points.{k}", minimum=0.0)
        if sum(pts.values()) <= 0:
            raise InputError("store.err.all_zero", field="weights.points")
        inputs = check_inputs(check_mapping(self.inputs, "weights.inputs"), "weights.inputs")
        object.__setattr__(self, "points", MappingProxyType(pts))
        object.__setattr__(self, "inputs", _freeze(inputs))

    def normalised(self, criterion_ids: tuple[str, ...]) -> tuple[float, ...]:
        """The weights in ``criterion_ids`` order, summing to one."""
        total = sum(self.points[c] for c in criterion_ids)
        return tuple(self.points[c] / total for c in criterion_ids)

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "points": dict(self.points), "inputs": thaw(self.inputs)}

    @classmethod
    def from_dict(cls, doc: Any, where: str = "weights") -> WeightInputs:
        d = check_mapping(doc, where, WEIGHT_KEYS, ("method", "points"))
        return cls(d["method"], d["points"], d.get("inputs") or {})


@dataclass(frozen=True)
class ScoreEdit:
    """A user's score for one option x criterion in one region, with the reason given."""

    region: str
    option: str
    criterion: str
    score: float
    reason: str = ""

    def __post_init__(self) -> None:
        where = f"score_edits.{self.region}.{self.option}.{self.criterion}"
        for name in ("region", "option", "criterion"):
            check_id(getattr(self, name), f"score_edits.{name}")
        object.__setattr__(self, "score", check_number(self.score, where + ".score"))
        object.__setattr__(
            self, "reason", check_text(self.reason, where + ".reason", REASON_MAX, multiline=True)
        )

    @property
    def cell(self) -> tuple[str, str]:
        return (self.option, self.criterion)

    def to_dict(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "option": self.option,
            "criterion": self.criterion,
            "score": self.score,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ValueFunctionEdit:
    """A user's value function for one criterion (every region), elicited by direct rating,
    bisection or MACBETH judgements, with the reason given (DCLG 2009, 5.5 and 6.2).

    ``spec`` is what :func:`appraisal.mcda.value_scales.from_spec` reads: ``{"method":
    "macbeth", "n_levels": 5, "judgements": [[1, 0, "strong"], ...]}``, ``{"method":
    "direct", "points": [...], "ratings": [...]}`` or ``{"method": "bisection", "worst": ...,
    "best": ..., "midpoints": {"0.5": ...}}``. Checked against the data in :func:`check_against`.
    """

    criterion: str
    spec: Mapping[str, Any]
    reason: str = ""

    def __post_init__(self) -> None:
        where = f"value_functions.{check_id(self.criterion, 'value_functions.criterion')}"
        spec = check_inputs(check_mapping(self.spec, where + ".spec", required=("method",)), where + ".spec")
        check_choice(spec["method"], where + ".spec.method", VF_METHODS)
        object.__setattr__(self, "spec", _freeze(spec))
        object.__setattr__(
            self, "reason", check_text(self.reason, where + ".reason", REASON_MAX, multiline=True)
        )

    def to_dict(self) -> dict[str, Any]:
        return {"criterion": self.criterion, "spec": thaw(self.spec), "reason": self.reason}


@dataclass(frozen=True)
class EconomicInputs:
    """The economics page's choices; ``None`` means the data's default (``assumptions/``).

    ``coverage``: share of babies in need offered specialist help each year, in (0, 1];
    ``horizon``: appraisal period in years; ``service_years``: years the new provision
    runs (at most the horizon); ``discount``: Green Book STPR or health schedule;
    ``heckman``: return-curve preset; ``benefit_view``: which benefit view is the headline;
    ``overrides``: economic parameters changed by the user ({id: value}).
    """

    coverage: float | None = None
    horizon: int | None = None
    service_years: int | None = None
    discount: str | None = None
    heckman: str | None = None
    benefit_view: str = "outcome_chain"
    overrides: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        w = "economics"
        if self.coverage is not None:
            cov = check_number(self.coverage, f"{w}.coverage", minimum=0.0, maximum=1.0, exclusive_min=True)
            object.__setattr__(self, "coverage", cov)
        if self.horizon is not None:
            h = check_whole(self.horizon, f"{w}.horizon", minimum=1, maximum=HORIZON_MAX)
            object.__setattr__(self, "horizon", h)
        if self.service_years is not None:
            sy = check_whole(self.service_years, f"{w}.service_years", minimum=1, maximum=HORIZON_MAX)
            if self.horizon is not None and sy > self.horizon:
                raise InputError(
                    "store.err.above_max", field=f"{w}.service_years", value=sy, limit=self.horizon
                )
            object.__setattr__(self, "service_years", sy)
        if self.discount is not None:
            check_choice(self.discount, f"{w}.discount", DISCOUNTS)
        if self.heckman is not None:
            check_id(self.heckman, f"{w}.heckman")
        check_choice(self.benefit_view, f"{w}.benefit_view", BENEFIT_VIEWS)
        raw = check_mapping(self.overrides, f"{w}.overrides")
        if len(raw) > MAX_OVERRIDES:
            raise InputError(
                "store.err.too_many", field=f"{w}.overrides", limit=MAX_OVERRIDES, count=len(raw)
            )
        ov = {}
        for k, v in sorted(raw.items()):
            f = f"{w}.overrides.{str(k)[:PARAM_ID_MAX]}"
            check_id(k, f, pattern=PARAM_ID_RE, max_len=PARAM_ID_MAX)
            ov[LEGACY_OVERRIDES.get(k, k)] = check_number(v, f)
        object.__setattr__(self, "overrides", MappingProxyType(ov))

    def choices(self) -> dict[str, Any]:
        """The keyword choices of ``appraisal.economics.appraise`` (defaults left out)."""
        out = {
            "coverage": self.coverage,
            "horizon": self.horizon,
            "service_years": self.service_years,
            "discount": self.discount,
            "heckman": self.heckman,
        }
        return {k: v for k, v in out.items() if v is not None}

    def to_dict(self) -> dict[str, Any]:
        return {
            "coverage": self.coverage,
            "horizon": self.horizon,
            "service_years": self.service_years,
            "discount": self.discount,
            "heckman": self.heckman,
            "benefit_view": self.benefit_view,
            "overrides": dict(self.overrides),
        }

    @classmethod
    def from_dict(cls, doc: Any, where: str = "economics") -> EconomicInputs:
        d = check_mapping(doc, where, ECON_KEYS)
        for key, old in LEGACY_CHOICES.items():
            if isinstance(d.get(key), str) and d[key] in old:
                d[key] = old[d[key]]
        return cls(
            coverage=d.get("coverage"),
            horizon=d.get("horizon"),
            service_years=d.get("service_years"),
            discount=d.get("discount"),
            heckman=d.get("heckman"),
            benefit_view=d.get("benefit_view", "outcome_chain"),
            overrides=d.get("overrides") or {},
        )


@dataclass(frozen=True)
class AppraisalInputs:
    """Every choice behind one appraisal run (see the module docstring)."""

    weights: WeightInputs | None = None
    score_edits: tuple[ScoreEdit, ...] = ()
    economics: EconomicInputs = field(default_factory=EconomicInputs)
    value_functions: tuple[ValueFunctionEdit, ...] = ()
    regions: tuple[str, ...] = ()
    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    smaa_model: str = "stated"
    smaa_spread: float = DEFAULT_SPREAD
    score_uncertainty: str = "triangular"
    lang: str = "en"
    #: the board's text for the business case ({field in CASE_FIELDS: text}); it changes
    #: no number, so it is left out of :meth:`compute_key`
    case_text: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    #: the national view's choices that differ from its defaults ({field in NATIONAL_KEYS:
    #: value}, ``appraisal.portfolio.PortfolioChoices``): the National page, the report's
    #: national chapter and a saved scenario read the same choices
    national: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if self.weights is not None and not isinstance(self.weights, WeightInputs):
            raise InputError("store.err.type_object", field="weights", got=type_name(self.weights))
        if not isinstance(self.economics, EconomicInputs):
            raise InputError("store.err.type_object", field="economics", got=type_name(self.economics))
        edits = check_list(self.score_edits, "score_edits", MAX_EDITS)
        seen: set[tuple[str, str, str]] = set()
        for e in edits:
            if not isinstance(e, ScoreEdit):
                raise InputError("store.err.type_object", field="score_edits", got=type_name(e))
            k = (e.region, e.option, e.criterion)
            if k in seen:
                raise InputError("store.err.duplicate", field="score_edits", value=" x ".join(k))
            seen.add(k)
        object.__setattr__(
            self, "score_edits", tuple(sorted(edits, key=lambda e: (e.region, e.option, e.criterion)))
        )
        vfs = check_list(self.value_functions, "value_functions", MAX_CRITERIA)
        for v in vfs:
            if not isinstance(v, ValueFunctionEdit):
                raise InputError("store.err.type_object", field="value_functions", got=type_name(v))
        names = [v.criterion for v in vfs]
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise InputError("store.err.duplicate", field="value_functions", value=dup)
        object.__setattr__(self, "value_functions", tuple(sorted(vfs, key=lambda v: v.criterion)))
        regions = tuple(
            check_id(r, f"regions[{i}]")
            for i, r in enumerate(check_list(self.regions, "regions", MAX_REGIONS))
        )
        if len(set(regions)) != len(regions):
            dup = next(r for r in regions if regions.count(r) > 1)
            raise InputError("store.err.duplicate", field="regions", value=dup)
        object.__setattr__(self, "regions", regions)
        object.__setattr__(
            self, "draws", check_whole(self.draws, "draws", minimum=MIN_DRAWS, maximum=MAX_DRAWS)
        )
        object.__setattr__(self, "seed", check_whole(self.seed, "seed", minimum=0, maximum=SEED_MAX))
        check_choice(self.smaa_model, "smaa.model", SMAA_MODELS)
        spread = check_number(self.smaa_spread, "smaa.spread", minimum=0.0, maximum=1.0, exclusive_max=True)
        object.__setattr__(self, "smaa_spread", spread)
        check_choice(self.score_uncertainty, "smaa.score_uncertainty", SCORE_UNCERTAINTY)
        check_choice(self.lang, "lang", LANGUAGES)
        text = check_mapping(self.case_text, "case_text", CASE_FIELDS)
        clean = {}
        for k in CASE_FIELDS:
            v = check_text(text.get(k, ""), f"case_text.{k}", CASE_TEXT_MAX, multiline=True)
            if v.strip():
                clean[k] = v
        object.__setattr__(self, "case_text", MappingProxyType(clean))
        nat = dict(check_mapping(self.national, "national", NATIONAL_KEYS))
        if nat:
            from appraisal.portfolio.choices import PortfolioChoices

            try:
                full = PortfolioChoices(**nat)
            except TypeError:  # a value of the wrong kind for a field
                raise InputError("store.err.type_object", field="national", got=type_name(nat)) from None
            base = PortfolioChoices()
            nat = {k: getattr(full, k) for k in NATIONAL_KEYS if getattr(full, k) != getattr(base, k)}
        object.__setattr__(self, "national", MappingProxyType(nat))

    # ------------------------------------------------------------------ views

    @property
    def national_choices(self):  # -> appraisal.portfolio.PortfolioChoices
        """The national view's choices: its defaults with this run's changes."""
        from appraisal.portfolio.choices import PortfolioChoices

        return PortfolioChoices(**self.national)

    def edits_for(self, region: str) -> dict[tuple[str, str], float]:
        """``{(option, criterion): score}`` of one region's edits."""
        return {e.cell: e.score for e in self.score_edits if e.region == region}

    def reasons_for(self, region: str) -> dict[tuple[str, str], str]:
        return {e.cell: e.reason for e in self.score_edits if e.region == region}

    def value_function_for(self, criterion: str) -> ValueFunctionEdit | None:
        return next((v for v in self.value_functions if v.criterion == criterion), None)

    def with_value_function(self, edit: ValueFunctionEdit | None, criterion: str = "") -> AppraisalInputs:
        """Set (or, with ``None``, clear) one criterion's value-function edit."""
        cid = edit.criterion if edit is not None else criterion
        kept = [v for v in self.value_functions if v.criterion != cid]
        return replace(self, value_functions=tuple(kept + ([edit] if edit is not None else [])))

    def edited_regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.region for e in self.score_edits))

    def with_changes(self, **changes: Any) -> AppraisalInputs:
        """A validated copy with some fields replaced (``economics=...`` etc.)."""
        return replace(self, **changes)

    def with_economics(self, **changes: Any) -> AppraisalInputs:
        return replace(self, economics=replace(self.economics, **changes))

    def with_region_edits(
        self, region: str, edits: Mapping[tuple[str, str], float], reasons=None
    ) -> AppraisalInputs:
        """Replace one region's score edits (``reasons``: {(option, criterion): text})."""
        reasons = dict(reasons or {})
        old = self.reasons_for(region)
        kept = [e for e in self.score_edits if e.region != region]
        new = [
            ScoreEdit(region, o, c, float(v), reasons.get((o, c), old.get((o, c), "")))
            for (o, c), v in edits.items()
        ]
        return replace(self, score_edits=tuple(kept + new))

    # ------------------------------------------------------------------ serialisation

    def to_dict(self) -> dict[str, Any]:
        return {
            "weights": None if self.weights is None else self.weights.to_dict(),
            "score_edits": [e.to_dict() for e in self.score_edits],
            # only when set, so inputs saved before value functions could be edited keep
            # their exact JSON (absent: the data's value functions)
            **(
                {"value_functions": [v.to_dict() for v in self.value_functions]}
                if self.value_functions
                else {}
            ),
            "economics": self.economics.to_dict(),
            "regions": list(self.regions),
            "draws": self.draws,
            "seed": self.seed,
            "smaa": {
                "model": self.smaa_model,
                "spread": self.smaa_spread,
                "score_uncertainty": self.score_uncertainty,
            },
            "lang": self.lang,
            **({"case_text": dict(self.case_text)} if self.case_text else {}),
            **({"national": dict(self.national)} if self.national else {}),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_dict(cls, doc: Any, where: str = "") -> AppraisalInputs:
        """Validate a parsed document (e.g. a scenario's ``inputs``); InputError names the field."""
        pre = f"{where}." if where else ""
        d = check_mapping(doc, where or "inputs", INPUT_KEYS)
        try:
            weights = None if d.get("weights") is None else WeightInputs.from_dict(d["weights"])
            edits = []
            for i, item in enumerate(check_list(d.get("score_edits", []), "score_edits", MAX_EDITS)):
                it = check_mapping(
                    item, f"score_edits[{i}]", EDIT_KEYS, ("region", "option", "criterion", "score")
                )
                edits.append(
                    ScoreEdit(it["region"], it["option"], it["criterion"], it["score"], it.get("reason", ""))
                )
            vfs = []
            for i, item in enumerate(
                check_list(d.get("value_functions", []), "value_functions", MAX_CRITERIA)
            ):
                it = check_mapping(item, f"value_functions[{i}]", VF_KEYS, ("criterion", "spec"))
                vfs.append(ValueFunctionEdit(it["criterion"], it["spec"], it.get("reason", "")))
            econ = EconomicInputs.from_dict(d.get("economics", {}))
            smaa = check_mapping(d.get("smaa", {}), "smaa", SMAA_KEYS)
            return cls(
                weights=weights,
                score_edits=tuple(edits),
                value_functions=tuple(vfs),
                economics=econ,
                regions=tuple(d.get("regions", ()))
                if isinstance(d.get("regions", ()), (list, tuple))
                else d["regions"],
                draws=d.get("draws", DEFAULT_DRAWS),
                seed=d.get("seed", DEFAULT_SEED),
                smaa_model=smaa.get("model", "stated"),
                smaa_spread=smaa.get("spread", DEFAULT_SPREAD),
                score_uncertainty=smaa.get("score_uncertainty", "triangular"),
                lang=d.get("lang", "en"),
                case_text=d.get("case_text") or {},
                national=d.get("national") or {},
            )
        except InputError as exc:
            if pre and exc.field and not exc.field.startswith(pre):
                raise InputError(exc.key, field=pre + exc.field, **exc.params) from None
            raise

    @classmethod
    def from_json(cls, text: str) -> AppraisalInputs:
        from appraisal.store.scenario import loads_limited

        return cls.from_dict(loads_limited(text))

    # ------------------------------------------------------------------ keys

    def key(self) -> str:
        """A hash of every choice (language included)."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:24]

    def compute_key(self) -> str:
        """A hash of every choice the numbers depend on (the language and the board's
        business-case text are left out)."""
        return replace(self, lang="en", case_text={}).key()

    def same_appraisal(self, other: AppraisalInputs | None) -> bool:
        """True when ``other`` gives the same numbers (it may differ in language only)."""
        return other is not None and self.compute_key() == other.compute_key()


# ----------------------------------------------------------------------------- checks against data


def check_against(inputs: AppraisalInputs, dataset: Any, assumptions: Any = None) -> None:
    """Check ``inputs`` against a loaded Dataset (and economic Assumptions, when given).

    Raises InputError naming the first field that the data cannot use: an unknown or
    missing criterion in the weights, an unknown region, option or criterion in a score
    edit or a score outside its criterion's scale, an unknown Heckman preset, or an
    economic override that is unknown or outside its parameter's allowed domain.
    """
    crit = {c.id: c for c in dataset.criteria}
    if inputs.weights is not None:
        pts = inputs.weights.points
        for k in pts:
            if k not in crit:
                raise InputError(
                    "store.err.unknown_ref", field=f"weights.points.{k}", kind="criterion", value=k
                )
        missing = [c for c in crit if c not in pts]
        if missing:
            raise InputError("store.err.required", field=f"weights.points.{missing[0]}")
        if sum(pts[c] for c in crit) <= 0:
            raise InputError("store.err.all_zero", field="weights.points")
    for i, r in enumerate(inputs.regions):
        if r not in dataset.region_ids:
            raise InputError("store.err.unknown_ref", field=f"regions[{i}]", kind="region", value=r)
    options = set(dataset.option_ids)
    for e in inputs.score_edits:
        f = f"score_edits.{e.region}.{e.option}.{e.criterion}"
        if e.region not in dataset.region_ids:
            raise InputError("store.err.unknown_ref", field=f, kind="region", value=e.region)
        if e.option not in options:
            raise InputError("store.err.unknown_ref", field=f, kind="option", value=e.option)
        if hasattr(dataset, "options_for") and e.option not in {o.id for o in dataset.options_for(e.region)}:
            raise InputError("store.err.not_in_region", field=f, option=e.option, region=e.region)
        if e.criterion not in crit:
            raise InputError("store.err.unknown_ref", field=f, kind="criterion", value=e.criterion)
        c = crit[e.criterion]
        if not c.scale_min <= e.score <= c.scale_max:
            raise InputError(
                "store.err.out_of_scale",
                field=f + ".score",
                value=f"{e.score:g}",
                low=f"{c.scale_min:g}",
                high=f"{c.scale_max:g}",
                unit=c.unit,
            )
    for v in inputs.value_functions:
        if v.criterion not in crit:
            raise InputError(
                "store.err.unknown_ref",
                field=f"value_functions.{v.criterion}",
                kind="criterion",
                value=v.criterion,
            )
        from appraisal.scales import edited_value_function

        edited_value_function(crit[v.criterion], v.spec)
    if assumptions is not None:
        check_economics(inputs.economics, assumptions)


def value_functions_for(inputs: AppraisalInputs, dataset: Any) -> dict[str, Any]:
    """{criterion id: ValueFunction} of the inputs' value-function edits, built on the
    dataset's criteria (checked: run ``check_against`` first)."""
    from appraisal.scales import edited_value_function

    crit = {c.id: c for c in dataset.criteria}
    return {v.criterion: edited_value_function(crit[v.criterion], v.spec) for v in inputs.value_functions}


def check_economics(econ: EconomicInputs, assumptions: Any) -> Any:
    """Check the economic choices against the register; return the overridden Assumptions."""
    if econ.heckman is not None and econ.heckman not in assumptions.presets:
        raise InputError(
            "store.err.choice",
            field="economics.heckman",
            value=econ.heckman,
            known=", ".join(assumptions.presets),
        )
    horizon = econ.horizon if econ.horizon is not None else assumptions.value("horizon_years")
    if econ.service_years is not None and econ.service_years > horizon:
        raise InputError(
            "store.err.above_max",
            field="economics.service_years",
            value=econ.service_years,
            limit=f"{horizon:g}",
        )
    if not econ.overrides:
        return assumptions
    try:
        return assumptions.with_overrides(dict(econ.overrides), source="economics.overrides")
    except DataError as exc:
        issue = exc.issues[0]
        where = "economics.overrides" + (f".{issue.field}" if issue.field else "")
        raise InputError("inputs.err.override", field=where, problem=issue.message) from None
