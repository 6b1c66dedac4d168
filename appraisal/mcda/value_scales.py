"""Value scales elicited from a decision maker's judgements, on 0-100 for one criterion.

Three ways to build a scale; each returns a :class:`ValueScale` that keeps what the user
gave (``inputs``) so the scale can be rebuilt (:func:`from_spec`) and reported.

- Direct rating: the user rates each level; the ratings are rescaled so the worst level is
  0 and the best 100 (DCLG 2009, *Multi-criteria analysis: a manual*, section 6.2, scoring).
- Bisection (midpoint method): the user gives the performance whose value is halfway between
  the worst and the best (x50), then optionally the quarter points (x25, x75) and so on; the
  scale is piecewise linear through them (von Winterfeldt & Edwards 1986, *Decision Analysis
  and Behavioral Research*, ch. 7; DCLG 2009, section 6.2).
- MACBETH: qualitative judgements of the difference in attractiveness between two levels at
  a time, in seven categories from "no" to "extreme" or a range of consecutive positive
  categories (hesitation). Bana e Costa & Vansnick (1994), "MACBETH - an interactive path towards the construction
  of cardinal value functions", Int Trans Oper Res 1(4):489-500;
  Bana e Costa, De Corte & Vansnick (2005), "On the mathematical foundations of MACBETH", in
  Figueira, Greco & Ehrgott (eds), *Multiple Criteria Decision Analysis: State of the Art
  Surveys*, Springer, 409-442; and (2012), "MACBETH", IJITDM 11(2):359-387.

MACBETH as built here. With levels numbered 0 (worst) .. L-1 (best) and a judgement in the
category range [i, s] (a single category k is [k, k]), the basic scale solves the linear
programme MC1 of Bana e Costa, De Corte & Vansnick (2005):

    minimise v(L-1) subject to   v(0) = 0,
      v(x) = v(y)                                 for every "no difference" judgement,
      v(x) - v(y) >= i                            for every (x, y) judged in [i, s],
      v(x) - v(y) >= v(w) - v(z) + i - s'         for every (x, y) in [i, s] and (w, z) in
                                                  [i', s'] with i > s',
      v(k+1) - v(k) >= 1                          for consecutive levels not judged equally
                                                  attractive (directly or through a chain of
                                                  "no difference" judgements): the order of
                                                  the levels, so an unjudged pair counts as
                                                  "positive", as in M-MACBETH.

The judgements are consistent exactly when MC1 is feasible. When MC1 has several optimal
solutions, each level takes the midpoint of the least and greatest value it has among them
(this reproduces the basic scales M-MACBETH saves, see tests/core/test_value_scales.py).
The basic scale is then rescaled so that ``anchors[0]`` scores 0 and ``anchors[1]`` 100.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from appraisal.errors import InputError
from appraisal.i18n import t

#: MACBETH's categories of difference in attractiveness, index 0..6.
CATEGORIES: tuple[str, ...] = ("no", "very_weak", "weak", "moderate", "strong", "very_strong", "extreme")
METHODS: tuple[str, ...] = ("direct", "bisection", "macbeth")
DIRECTIONS: tuple[str, ...] = ("benefit", "cost")
#: Most levels a MACBETH scale may have (the consistency test grows with the square of the
#: number of judgements; M-MACBETH descriptors rarely have more than ten levels).
MAX_LEVELS = 12
#: Largest category move a suggestion makes to one judgement.
MAX_STEP = 2
_TOL = 1e-7


class ValueScaleError(InputError):
    """A value-scale input that cannot be used; ``key`` and ``params`` name the message."""


class MacbethError(ValueScaleError):
    """MACBETH judgements that cannot all hold together; ``consistency`` says which ones
    conflict and which changes would restore consistency."""

    def __init__(self, consistency: Consistency):
        self.consistency = consistency
        which = ", ".join(str(j.index + 1) for j in consistency.problems)
        super().__init__("vscale.err.inconsistent", which=which)

    def localised(self, lang: str) -> str:
        text = t(self.key, lang, **self.params)
        if self.consistency.suggestions:
            text += " " + t("vscale.err.try", lang, suggestion=self.consistency.suggestions[0].describe(lang))
        return t("store.err.in_field", lang, field=self.field, message=text) if self.field else text


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ValueScale:
    """A value function on 0..100 given by points and their values, read by linear
    interpolation (outside the points it keeps the end values).

    ``points`` are performance positions in increasing order (level indices 0..L-1 for a
    constructed scale, natural units for a natural scale); ``values`` their values (worst
    level 0, best 100; a cost scale decreases). ``inputs`` is what the user gave, JSON-safe;
    ``intervals`` (MACBETH only) the range each value can take with the other values fixed
    and every judgement still respected (any value strictly inside does).
    """

    method: str
    points: tuple[float, ...]
    values: tuple[float, ...]
    inputs: Mapping = field(default_factory=dict)
    intervals: tuple[tuple[float, float], ...] = ()

    def __post_init__(self) -> None:
        pts = tuple(float(p) for p in self.points)
        vals = tuple(float(v) for v in self.values)
        if len(pts) < 2 or len(vals) != len(pts):
            raise ValueScaleError("vscale.err.scale_shape", points=len(pts), values=len(vals))
        for k, p in enumerate(pts):
            if not math.isfinite(p) or (k and p <= pts[k - 1]):
                raise ValueScaleError("vscale.err.points_order", point=_fmt(p))
        if not all(math.isfinite(v) for v in vals):
            raise ValueScaleError("vscale.err.values_finite")
        ivs = tuple((float(lo), float(hi)) for lo, hi in self.intervals)
        if ivs and len(ivs) != len(pts):
            raise ValueScaleError("vscale.err.intervals_shape", points=len(pts), intervals=len(ivs))
        object.__setattr__(self, "points", pts)
        object.__setattr__(self, "values", vals)
        object.__setattr__(self, "intervals", ivs)

    def __call__(self, x: float | Sequence[float] | np.ndarray) -> np.ndarray:
        return np.asarray(np.interp(np.asarray(x, dtype=float), self.points, self.values), dtype=float)

    @property
    def direction(self) -> str:
        """'benefit' when value rises with the points, else 'cost'."""
        return "benefit" if self.values[-1] >= self.values[0] else "cost"

    @property
    def spec(self) -> dict:
        """``{"method": ..., **inputs}``: what :func:`from_spec` needs to rebuild the scale."""
        return {"method": self.method, **dict(self.inputs)}

    def as_dict(self) -> dict:
        """JSON-safe record for the audit trail and the report (an unbounded end of an
        interval is ``None``)."""

        def end(v: float) -> float | None:
            return v if math.isfinite(v) else None

        return {
            "method": self.method,
            "points": list(self.points),
            "values": list(self.values),
            "inputs": dict(self.inputs),
            "intervals": [[end(lo), end(hi)] for lo, hi in self.intervals],
        }


@dataclass(frozen=True)
class Judgement:
    """One MACBETH judgement, normalised: level ``better`` over level ``worse`` with a
    difference in the category range [``lo``, ``hi``] (indices into CATEGORIES; a single
    category has lo == hi; "no difference" is 0, stored with better >= worse). ``index`` is
    its position in the list the user gave (0-based)."""

    better: int
    worse: int
    lo: int
    hi: int
    index: int = -1

    @property
    def indifferent(self) -> bool:
        return self.lo == 0

    @property
    def category(self) -> str | tuple[str, str]:
        """The category name, or a (weaker, stronger) pair of names for a range."""
        if self.lo == self.hi:
            return CATEGORIES[self.lo]
        return (CATEGORIES[self.lo], CATEGORIES[self.hi])

    def as_input(self) -> list:
        """JSON-safe form that :func:`macbeth` accepts: [better, worse, category]."""
        cat = self.category
        return [self.better, self.worse, cat if isinstance(cat, str) else list(cat)]

    def as_dict(self) -> dict:
        cat = self.category
        return {
            "index": self.index,
            "better": self.better,
            "worse": self.worse,
            "category": cat if isinstance(cat, str) else list(cat),
        }

    def label(self, lang: str | None = None) -> str:
        """The category in words ("weak", "weak to moderate")."""
        if self.lo == self.hi:
            return category_label(self.lo, lang)
        return t(
            "vscale.category.range", lang, lo=category_label(self.lo, lang), hi=category_label(self.hi, lang)
        )

    def describe(self, lang: str | None = None) -> str:
        key = "vscale.judgement.indifferent" if self.indifferent else "vscale.judgement.positive"
        return t(key, lang, better=self.better, worse=self.worse, category=self.label(lang))


@dataclass(frozen=True)
class Change:
    """One judgement moved to another category: ``before`` and ``after`` share ``index``."""

    before: Judgement
    after: Judgement

    @property
    def index(self) -> int:
        return self.before.index

    @property
    def steps(self) -> int:
        """Categories moved (a range moves as a whole)."""
        return abs(self.after.lo - self.before.lo)

    def as_dict(self) -> dict:
        return {"index": self.index, "from": self.before.as_dict(), "to": self.after.as_dict()}

    def describe(self, lang: str | None = None) -> str:
        return t(
            "vscale.suggest.change",
            lang,
            better=self.after.better,
            worse=self.after.worse,
            old=self.before.label(lang),
            new=self.after.label(lang),
        )


@dataclass(frozen=True)
class Suggestion:
    """A set of category changes that makes the judgements consistent."""

    changes: tuple[Change, ...]

    @property
    def steps(self) -> int:
        return sum(c.steps for c in self.changes)

    def apply(self, judgements: Sequence) -> list:
        """The judgements the user gave with these changes made (each in the form
        :meth:`Judgement.as_input` returns)."""
        new = {c.index: c.after.as_input() for c in self.changes}
        return [new.get(k, _as_list(j)) for k, j in enumerate(judgements)]

    def as_dict(self) -> dict:
        return {"changes": [c.as_dict() for c in self.changes], "steps": self.steps}

    def describe(self, lang: str | None = None) -> str:
        return "; ".join(c.describe(lang) for c in self.changes)


@dataclass(frozen=True)
class Consistency:
    """Whether MACBETH judgements can all hold together (MC1 is feasible). When they
    cannot, ``problems`` is a minimal set of the judgements that conflict (dropping any one
    of them removes that conflict) and ``suggestions`` the smallest category changes that
    restore consistency, best first: fewest judgements changed, then fewest categories."""

    consistent: bool
    problems: tuple[Judgement, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def as_dict(self) -> dict:
        return {
            "consistent": self.consistent,
            "problems": [j.as_dict() for j in self.problems],
            "suggestions": [s.as_dict() for s in self.suggestions],
        }


# ---------------------------------------------------------------------------- helpers


def _fmt(x: object) -> str:
    if isinstance(x, float):
        return f"{x:g}"
    return repr(x) if isinstance(x, str) else str(x)


def _as_list(j: object) -> list:
    if isinstance(j, Mapping):
        return [j.get("better"), j.get("worse"), j.get("category")]
    return list(j)  # type: ignore[call-overload]


def _number(x: object) -> float | None:
    """A finite float, or None for anything else (bools are not numbers here)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    f = float(x)
    return f if math.isfinite(f) else None


def _json_number(x: float) -> int | float:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else float(x)


def category_index(category: object) -> int:
    """Index (0..6) of a category given by name ("very weak", "very_weak") or index."""
    if isinstance(category, bool):
        raise KeyError(category)
    if isinstance(category, numbers.Integral) and 0 <= int(category) < len(CATEGORIES):
        return int(category)
    if isinstance(category, float) and category.is_integer() and 0 <= category < len(CATEGORIES):
        return int(category)
    if isinstance(category, str):
        name = category.strip().lower().replace(" ", "_").replace("-", "_")
        if name in CATEGORIES:
            return CATEGORIES.index(name)
    raise KeyError(category)


def category_label(category: object, lang: str | None = None) -> str:
    """The display label of a category ("very weak" / "gwan iawn")."""
    return t(f"vscale.category.{CATEGORIES[category_index(category)]}", lang)


# ---------------------------------------------------------------------------- direct rating


def direct(points: Sequence[float], ratings: Sequence[float], *, direction: str = "benefit") -> ValueScale:
    """Direct rating: each point (level or performance) is rated on any scale and the
    ratings are rescaled so the worst point is 0 and the best 100 (DCLG 2009, section 6.2).
    Ratings must not fall as performance improves (non-decreasing in the points for a
    benefit scale, non-increasing for a cost scale)."""
    if direction not in DIRECTIONS:
        raise ValueScaleError("vscale.err.direction", got=_fmt(direction))
    pts, rts = list(points), list(ratings)
    if len(pts) != len(rts):
        raise ValueScaleError("vscale.err.count", points=len(pts), ratings=len(rts))
    if len(pts) < 2:
        raise ValueScaleError("vscale.err.too_few_points", n=len(pts))
    xs, rs = [], []
    for k, (p, r) in enumerate(zip(pts, rts)):
        fp = _number(p)
        if fp is None:
            raise ValueScaleError("vscale.err.point_number", index=k + 1, got=_fmt(p))
        fr = _number(r)
        if fr is None:
            raise ValueScaleError("vscale.err.rating_number", point=_fmt(fp), got=_fmt(r))
        if fp in xs:
            raise ValueScaleError("vscale.err.duplicate_point", point=_fmt(fp))
        xs.append(fp)
        rs.append(fr)
    order = sorted(range(len(xs)), key=lambda k: xs[k])
    xs = [xs[k] for k in order]
    rs = [rs[k] for k in order]
    sign = 1.0 if direction == "benefit" else -1.0
    for k in range(1, len(xs)):
        if sign * (rs[k] - rs[k - 1]) < 0:
            raise ValueScaleError(
                f"vscale.err.not_monotone_{direction}",
                point=_fmt(xs[k]),
                rating=_fmt(rs[k]),
                previous=_fmt(xs[k - 1]),
                previous_rating=_fmt(rs[k - 1]),
            )
    worst, best = (rs[0], rs[-1]) if direction == "benefit" else (rs[-1], rs[0])
    if best == worst:
        raise ValueScaleError("vscale.err.flat", rating=_fmt(best))
    values = [100.0 * (r - worst) / (best - worst) for r in rs]
    inputs = {
        "points": [_json_number(float(p)) for p in pts],
        "ratings": [_json_number(float(r)) for r in rts],
        "direction": direction,
    }
    return ValueScale("direct", tuple(xs), tuple(values), inputs)


# ---------------------------------------------------------------------------- bisection


def _pct(f: float) -> str:
    return f"{100 * f:g}"


def bisection(worst: float, best: float, midpoints: Mapping[float, float]) -> ValueScale:
    """Bisection (midpoint) method on a natural scale: ``midpoints`` maps a share of value
    to the performance that has it, {0.5: x50, 0.25: x25, 0.75: x75, ...}; x50 is the
    performance whose value is halfway between worst (0) and best (100). The scale is
    piecewise linear through (worst, 0), (x25, 25), (x50, 50), (x75, 75), (best, 100) (von
    Winterfeldt & Edwards 1986, ch. 7; DCLG 2009, section 6.2). ``worst`` may be above
    ``best`` (a cost scale, such as months of waiting). Each midpoint must lie strictly
    between its neighbours."""
    w, b = _number(worst), _number(best)
    if w is None or b is None:
        raise ValueScaleError("vscale.err.ends_number", worst=_fmt(worst), best=_fmt(best))
    if w == b:
        raise ValueScaleError("vscale.err.same_ends", value=_fmt(w))
    if not isinstance(midpoints, Mapping):
        raise ValueScaleError("vscale.err.midpoints_mapping", got=type(midpoints).__name__)
    shares: dict[float, float] = {}
    for key, x in midpoints.items():
        try:
            f = float(key)
        except (TypeError, ValueError):
            f = math.nan
        if isinstance(key, bool) or not (0.0 < f < 1.0):
            raise ValueScaleError("vscale.err.midpoint_key", key=_fmt(key))
        fx = _number(x)
        if fx is None:
            raise ValueScaleError("vscale.err.midpoint_number", pct=_pct(f), got=_fmt(x))
        if f in shares:
            raise ValueScaleError("vscale.err.midpoint_twice", pct=_pct(f))
        shares[f] = fx
    if 0.5 not in shares:
        raise ValueScaleError("vscale.err.need_x50")
    fs = [0.0, *sorted(shares), 1.0]
    xs = [w, *(shares[f] for f in fs[1:-1]), b]
    for k in range(1, len(xs) - 1):
        lo, x, hi = xs[k - 1], xs[k], xs[k + 1]
        if not (min(lo, hi) < x < max(lo, hi)) or (lo < hi) != (w < b):
            raise ValueScaleError(
                "vscale.err.midpoint_order",
                pct=_pct(fs[k]),
                x=_fmt(x),
                lo_pct=_pct(fs[k - 1]),
                lo=_fmt(lo),
                hi_pct=_pct(fs[k + 1]),
                hi=_fmt(hi),
            )
    values = [100.0 * f for f in fs]
    if w > b:
        xs, values = xs[::-1], values[::-1]
    inputs = {
        "worst": _json_number(w),
        "best": _json_number(b),
        "midpoints": {repr(f): _json_number(shares[f]) for f in sorted(shares)},
    }
    return ValueScale("bisection", tuple(xs), tuple(values), inputs)


# ---------------------------------------------------------------------------- MACBETH: input


def _level(x: object, n: int, top: int) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not float(x).is_integer():
        raise ValueScaleError("vscale.err.level_type", n=n, level=_fmt(x))
    k = int(x)
    if not 0 <= k <= top:
        raise ValueScaleError("vscale.err.level_range", n=n, level=k, top=top)
    return k


def _category_range(cat: object, n: int) -> tuple[int, int]:
    known = ", ".join(CATEGORIES)
    if isinstance(cat, Sequence) and not isinstance(cat, str):
        if len(cat) != 2:
            raise ValueScaleError("vscale.err.unknown_category", n=n, category=_fmt(cat), known=known)
        ends = []
        for c in cat:
            try:
                ends.append(category_index(c))
            except KeyError:
                raise ValueScaleError(
                    "vscale.err.unknown_category", n=n, category=_fmt(c), known=known
                ) from None
        lo, hi = ends
        if lo > hi:
            raise ValueScaleError("vscale.err.range_order", n=n, lo=CATEGORIES[lo], hi=CATEGORIES[hi])
        if lo == 0 and hi > 0:
            raise ValueScaleError("vscale.err.range_no", n=n)
        return lo, hi
    try:
        k = category_index(cat)
    except KeyError:
        raise ValueScaleError("vscale.err.unknown_category", n=n, category=_fmt(cat), known=known) from None
    return k, k


def _check_levels(n_levels: object) -> int:
    if isinstance(n_levels, bool) or not isinstance(n_levels, numbers.Integral):
        raise ValueScaleError("vscale.err.n_levels", got=_fmt(n_levels), limit=MAX_LEVELS)
    n = int(n_levels)
    if not 2 <= n <= MAX_LEVELS:
        raise ValueScaleError("vscale.err.n_levels", got=n, limit=MAX_LEVELS)
    return n


def parse_judgements(n_levels: int, judgements: Iterable) -> tuple[Judgement, ...]:
    """Check and normalise MACBETH judgements: each is (better_level, worse_level,
    category) or a mapping with those keys ``better``, ``worse``, ``category``; a category
    is a CATEGORIES name or index, or a (weaker, stronger) pair of positive ones for
    hesitation ("weak to moderate"). Raises ValueScaleError naming the judgement (1-based)
    for an unknown category, a level out of range, a positive difference between a level
    and itself or from a worse level to a better one, a pair given twice, or a range given
    strongest first or including "no"."""
    n_levels = _check_levels(n_levels)
    top = n_levels - 1
    out: list[Judgement] = []
    seen: dict[frozenset, int] = {}
    for k, raw in enumerate(judgements):
        n = k + 1
        if isinstance(raw, Mapping):
            if not {"better", "worse", "category"} <= set(raw):
                raise ValueScaleError("vscale.err.judgement_form", n=n, got=_fmt(dict(raw)))
            parts = (raw["better"], raw["worse"], raw["category"])
        elif isinstance(raw, Sequence) and not isinstance(raw, str) and len(raw) == 3:
            parts = tuple(raw)
        else:
            raise ValueScaleError("vscale.err.judgement_form", n=n, got=_fmt(raw))
        better, worse = _level(parts[0], n, top), _level(parts[1], n, top)
        lo, hi = _category_range(parts[2], n)
        if lo == 0:
            better, worse = max(better, worse), min(better, worse)
        elif better == worse:
            raise ValueScaleError("vscale.err.same_level", n=n, level=better)
        elif better < worse:
            raise ValueScaleError("vscale.err.wrong_way", n=n, better=better, worse=worse, top=top)
        key = frozenset((better, worse))
        if key in seen:
            raise ValueScaleError("vscale.err.twice", n=n, better=better, worse=worse, first=seen[key] + 1)
        seen[key] = k
        out.append(Judgement(better, worse, lo, hi, k))
    return tuple(out)


# ---------------------------------------------------------------------------- MACBETH: LPs


class _System:
    """The linear constraints of MC1 for ``n`` levels and some judgements, as
    ``A_ub x <= b_ub`` and ``A_eq x = b_eq``. With ``strict=True`` every threshold is 0:
    the closure of "every judgement respected" for any scale (used for the intervals)."""

    def __init__(self, n: int, judgements: Sequence[Judgement], *, strict: bool = False):
        self.n = n
        parent = list(range(n))

        def find(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        eq_rows: list[np.ndarray] = []
        for j in judgements:
            if j.indifferent and j.better != j.worse:
                parent[find(j.better)] = find(j.worse)
                r = np.zeros(n)
                r[j.better], r[j.worse] = 1.0, -1.0
                eq_rows.append(r)
        rows: list[np.ndarray] = []
        rhs: list[float] = []
        for k in range(n - 1):  # the order of the levels
            if find(k) != find(k + 1):
                r = np.zeros(n)
                r[k + 1], r[k] = -1.0, 1.0
                rows.append(r)
                rhs.append(0.0 if strict else -1.0)
        pos = [j for j in judgements if not j.indifferent]
        if pos:
            d = np.zeros((len(pos), n))
            for m, j in enumerate(pos):
                d[m, j.better], d[m, j.worse] = 1.0, -1.0
            lo = np.array([j.lo for j in pos], dtype=float)
            hi = np.array([j.hi for j in pos], dtype=float)
            a_thr = -d
            b_thr = np.zeros(len(pos)) if strict else -lo
            ps, qs = np.nonzero(lo[:, None] > hi[None, :])
            a_cmp = -(d[ps] - d[qs])
            b_cmp = np.zeros(len(ps)) if strict else -(lo[ps] - hi[qs])
            blocks = [np.array(rows).reshape(-1, n), a_thr, a_cmp]
            self.a_ub = np.vstack(blocks)
            self.b_ub = np.concatenate([np.array(rhs), b_thr, b_cmp])
        else:
            self.a_ub = np.array(rows).reshape(-1, n)
            self.b_ub = np.array(rhs)
        self.a_eq = np.array(eq_rows).reshape(-1, n)
        self.b_eq = np.zeros(len(eq_rows))

    def solve(self, c: np.ndarray, bounds: Sequence[tuple[float | None, float | None]]):
        return linprog(
            c,
            A_ub=self.a_ub if len(self.a_ub) else None,
            b_ub=self.b_ub if len(self.a_ub) else None,
            A_eq=self.a_eq if len(self.a_eq) else None,
            b_eq=self.b_eq if len(self.a_eq) else None,
            bounds=bounds,
            method="highs",
        )

    def _bounds(self, best: float | None = None) -> list[tuple[float | None, float | None]]:
        b: list[tuple[float | None, float | None]] = [(0.0, None)] * self.n
        b[0] = (0.0, 0.0)
        if best is not None:
            b[-1] = (best, best)
        return b

    def feasible(self) -> bool:
        return self.solve(np.zeros(self.n), self._bounds()).status == 0

    def basic_scale(self) -> np.ndarray | None:
        """MC1's basic scale (None when infeasible); with several optimal solutions, each
        level takes the midpoint of its least and greatest optimal value."""
        n = self.n
        c = np.zeros(n)
        c[-1] = 1.0
        res = self.solve(c, self._bounds())
        if res.status != 0:
            return None
        opt = float(res.fun)
        bounds = self._bounds(opt)
        lo, hi = np.zeros(n), np.zeros(n)
        lo[-1] = hi[-1] = opt
        for k in range(1, n - 1):
            e = np.zeros(n)
            e[k] = 1.0
            lo[k] = self.solve(e, bounds).fun
            hi[k] = -self.solve(-e, bounds).fun
        mid = np.round((lo + hi) / 2.0, 9)
        if self._satisfied(mid):
            return mid
        return self._closest(mid, opt)

    def _satisfied(self, x: np.ndarray) -> bool:
        ok_ub = not len(self.a_ub) or bool(np.all(self.a_ub @ x <= self.b_ub + _TOL))
        ok_eq = not len(self.a_eq) or bool(np.all(np.abs(self.a_eq @ x - self.b_eq) <= _TOL))
        return ok_ub and ok_eq

    def _closest(self, target: np.ndarray, opt: float) -> np.ndarray:
        """The optimal MC1 solution nearest to ``target`` in the L1 norm (used should the
        midpoints break a constraint, which no case met so far has done)."""
        n = self.n
        a_ub = np.hstack([self.a_ub, np.zeros((len(self.a_ub), n))])
        eye = np.eye(n)
        a_abs = np.vstack([np.hstack([eye, -eye]), np.hstack([-eye, -eye])])
        res = linprog(
            np.concatenate([np.zeros(n), np.ones(n)]),
            A_ub=np.vstack([a_ub, a_abs]),
            b_ub=np.concatenate([self.b_ub, target, -target]),
            A_eq=np.hstack([self.a_eq, np.zeros((len(self.a_eq), n))]) if len(self.a_eq) else None,
            b_eq=self.b_eq if len(self.a_eq) else None,
            bounds=self._bounds(opt) + [(0.0, None)] * n,
            method="highs",
        )
        return np.round(res.x[:n], 9)

    def interval(self, u: np.ndarray, k: int) -> tuple[float, float]:
        """Least and greatest value of level ``k`` with the others fixed at ``u``."""
        others = np.delete(np.arange(self.n), k)
        a_ub, a_eq = self.a_ub[:, [k]], self.a_eq[:, [k]]
        b_ub = self.b_ub - self.a_ub[:, others] @ u[others]
        b_eq = self.b_eq - self.a_eq[:, others] @ u[others]
        keep_ub, keep_eq = a_ub[:, 0] != 0, a_eq[:, 0] != 0
        kw = {
            "A_ub": a_ub[keep_ub] if keep_ub.any() else None,
            "b_ub": b_ub[keep_ub] if keep_ub.any() else None,
            "A_eq": a_eq[keep_eq] if keep_eq.any() else None,
            "b_eq": b_eq[keep_eq] if keep_eq.any() else None,
            "bounds": [(None, None)],
            "method": "highs",
        }
        lo = linprog([1.0], **kw)
        hi = linprog([-1.0], **kw)
        low = float(lo.fun) if lo.status == 0 else (-math.inf if lo.status == 3 else float(u[k]))
        high = float(-hi.fun) if hi.status == 0 else (math.inf if hi.status == 3 else float(u[k]))
        return (round(low, 9), round(high, 9))


def _feasible(n: int, judgements: Sequence[Judgement]) -> bool:
    return _System(n, judgements).feasible()


def _conflict(n: int, judgements: Sequence[Judgement]) -> tuple[Judgement, ...]:
    """A minimal conflicting subset (deletion filter): every judgement in it is needed
    for the conflict, and together (with the order of the levels) they are infeasible."""
    active = list(judgements)
    for j in list(active):
        trial = [x for x in active if x is not j]
        if not _feasible(n, trial):
            active = trial
    return tuple(active)


def _moves(j: Judgement) -> list[Judgement]:
    """The judgement moved by 1 or 2 categories (smallest move first, stronger first): a
    range moves as a whole; "no difference" can become "very weak" or "weak" (the better
    level being the higher one); a positive judgement never becomes "no difference"."""
    out = []
    for step in range(1, MAX_STEP + 1):
        for s in (step, -step):
            lo, hi = j.lo + s, j.hi + s
            if j.indifferent:
                if s > 0:
                    out.append(Judgement(j.better, j.worse, s, s, j.index))
            elif 1 <= lo and hi <= len(CATEGORIES) - 1:
                out.append(Judgement(j.better, j.worse, lo, hi, j.index))
    return out


def _replace(judgements: Sequence[Judgement], new: Sequence[Judgement]) -> list[Judgement]:
    by_index = {j.index: j for j in new}
    return [by_index.get(j.index, j) for j in judgements]


def _suggestions(
    n: int, judgements: Sequence[Judgement], conflict: Sequence[Judgement]
) -> tuple[Suggestion, ...]:
    """Single changes of 1-2 categories that restore consistency; if none, pairs of them.
    A fix must change a judgement of every conflicting subset, so the first change is
    looked for in ``conflict`` and the second in the conflict that remains after it."""
    singles = [
        Suggestion((Change(j, m),))
        for j in conflict
        for m in _moves(j)
        if _feasible(n, _replace(judgements, [m]))
    ]
    if singles:
        return tuple(sorted(singles, key=_rank))
    found: dict[frozenset, Suggestion] = {}
    for j in conflict:
        for m in _moves(j):
            after = _replace(judgements, [m])
            for j2 in _conflict(n, after):
                if j2.index == j.index:
                    continue
                for m2 in _moves(j2):
                    if _feasible(n, _replace(after, [m2])):
                        changes = tuple(sorted((Change(j, m), Change(j2, m2)), key=lambda c: c.index))
                        found.setdefault(frozenset((c.index, c.after) for c in changes), Suggestion(changes))
    return tuple(sorted(found.values(), key=_rank))


def _rank(s: Suggestion) -> tuple:
    return (
        len(s.changes),
        s.steps,
        max(c.steps for c in s.changes),
        tuple(c.index for c in s.changes),
        tuple(-(c.after.lo - c.before.lo) for c in s.changes),
    )


def macbeth_check(n_levels: int, judgements: Iterable) -> Consistency:
    """Test MACBETH judgements for consistency (MC1 feasible; Bana e Costa, De Corte &
    Vansnick 2005). When inconsistent, name a minimal set of conflicting judgements and
    suggest, as M-MACBETH does, the smallest changes that restore consistency: one judgement
    moved by one or two categories, else two judgements."""
    n = _check_levels(n_levels)
    return _consistency(n, parse_judgements(n, judgements))


def _consistency(n: int, parsed: Sequence[Judgement]) -> Consistency:
    if _feasible(n, parsed):
        return Consistency(True)
    conflict = _conflict(n, parsed)
    return Consistency(False, conflict, _suggestions(n, parsed, conflict))


def basic_scale(n_levels: int, judgements: Iterable) -> tuple[float, ...]:
    """The MACBETH basic scale (MC1 solution: worst level 0, smallest possible value of the
    best level, in category units). Raises MacbethError when the judgements are
    inconsistent."""
    n = _check_levels(n_levels)
    parsed = parse_judgements(n, judgements)
    b = _System(n, parsed).basic_scale()
    if b is None:
        raise MacbethError(_consistency(n, parsed))
    return tuple(float(x) + 0.0 for x in b)


def parsed_inputs(parsed: Sequence[Judgement]) -> list[list]:
    """Normalised judgements back in the form :func:`macbeth` accepts."""
    return [j.as_input() for j in parsed]


def macbeth(n_levels: int, judgements: Iterable, *, anchors: Sequence[int] | None = None) -> ValueScale:
    """A value scale from MACBETH judgements on a constructed scale with levels 0 (worst)
    .. n_levels-1 (best). The MC1 basic scale is rescaled so ``anchors[0]`` (default the
    worst level) scores 0 and ``anchors[1]`` (default the best) 100, like M-MACBETH's
    "neutral" and "good" references; with other anchors, levels outside them fall below 0
    or above 100. ``intervals`` gives, for each level, the range its value can take with
    the other values fixed while every judgement still holds (M-MACBETH's interval when a
    point is dragged): differences judged in a stronger category stay larger than those
    judged in a weaker one, positive differences positive, indifferent levels equal. The
    anchors' intervals are their fixed values.

    Raises MacbethError (with its ``consistency``) when the judgements are inconsistent.
    """
    n = _check_levels(n_levels)
    parsed = parse_judgements(n, judgements)
    try:
        a = (0, n - 1) if anchors is None else tuple(anchors)
    except TypeError:
        raise ValueScaleError("vscale.err.anchors_form", got=_fmt(anchors)) from None
    if len(a) != 2:
        raise ValueScaleError("vscale.err.anchors_form", got=_fmt(list(a)))
    a0, a1 = (_anchor(x, a, n) for x in a)
    if not a0 < a1:
        raise ValueScaleError("vscale.err.anchors", a=a0, b=a1, top=n - 1)
    basic = _System(n, parsed).basic_scale()
    if basic is None:
        raise MacbethError(_consistency(n, parsed))
    span = basic[a1] - basic[a0]
    if span <= 0:
        raise ValueScaleError("vscale.err.anchors_tied", a=a0, b=a1)
    u = np.round(100.0 * (basic - basic[a0]) / span, 9) + 0.0
    strict = _System(n, parsed, strict=True)
    intervals = tuple(
        (float(u[k]), float(u[k])) if k in (a0, a1) else strict.interval(u, k) for k in range(n)
    )
    inputs = {"n_levels": n, "judgements": parsed_inputs(parsed), "anchors": [a0, a1]}
    return ValueScale(
        "macbeth", tuple(float(k) for k in range(n)), tuple(float(x) for x in u), inputs, intervals
    )


def _anchor(x: object, a: Sequence, n: int) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not float(x).is_integer() or not 0 <= x < n:
        raise ValueScaleError("vscale.err.anchors_form", got=_fmt(list(a)))
    return int(x)


# ---------------------------------------------------------------------------- rebuild


def from_spec(spec: Mapping) -> ValueScale:
    """Rebuild a scale from ``{"method": ..., **inputs}`` (a data file entry or
    :attr:`ValueScale.spec`): the same inputs always give the same scale."""
    if not isinstance(spec, Mapping):
        raise ValueScaleError("vscale.err.spec_mapping", got=type(spec).__name__)
    method = spec.get("method")
    needs = {"direct": ("points", "ratings"), "bisection": ("worst", "best", "midpoints")}
    needs["macbeth"] = ("n_levels", "judgements")
    if method not in needs:
        raise ValueScaleError("vscale.err.method", got=_fmt(method), known=", ".join(METHODS))
    for key in needs[method]:
        if key not in spec:
            raise ValueScaleError("vscale.err.spec_missing", method=method, key=key)
    if method == "direct":
        return direct(spec["points"], spec["ratings"], direction=spec.get("direction", "benefit"))
    if method == "bisection":
        return bisection(spec["worst"], spec["best"], spec["midpoints"])
    anchors = spec.get("anchors")
    return macbeth(spec["n_levels"], spec["judgements"], anchors=None if anchors is None else tuple(anchors))


__all__ = [
    "CATEGORIES",
    "DIRECTIONS",
    "MAX_LEVELS",
    "METHODS",
    "Change",
    "Consistency",
    "Judgement",
    "MacbethError",
    "Suggestion",
    "ValueScale",
    "ValueScaleError",
    "basic_scale",
    "bisection",
    "category_index",
    "category_label",
    "direct",
    "from_spec",
    "macbeth",
    "macbeth_check",
    "parse_judgements",
    "parsed_inputs",
]
