"""Read one criterion's scale and elicited value function from ``criteria/criteria.yaml``.

A criterion is measured on a CONSTRUCTED scale of described levels (worst first; a score is
the level an option reaches) or a NATURAL scale (e.g. months). Its value function is elicited
(:mod:`appraisal.mcda.value_scales`): MACBETH judgements, a direct rating of the levels, or
bisection on a natural scale. The result is a :class:`~appraisal.model.ValueFunction` on 0-100
that keeps the method, what was said and the levels (DCLG 2009, *Multi-criteria analysis: a
manual*, 6.2.8 on constructed scales; 5.5 and 6.2 on value functions).

Problems are recorded on the file's collector, naming the criterion's row and the field.
Solved MACBETH scales are cached by their judgements (the same words give the same scale).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from appraisal import validation as V
from appraisal.errors import InputError
from appraisal.i18n import current_language
from appraisal.mcda import value_scales as VS
from appraisal.model import SCALE_TYPES, Anchor, Criterion, Level, ValueFunction


@lru_cache(maxsize=256)
def _macbeth(n: int, judgements_json: str) -> VS.ValueScale:
    return VS.macbeth(n, json.loads(judgements_json))


def macbeth_scale(n: int, judgements: list) -> VS.ValueScale:
    """:func:`~appraisal.mcda.value_scales.macbeth`, cached on the judgements."""
    return _macbeth(n, json.dumps(judgements, sort_keys=True))


def _levels(col: V.FileIssues, raw: Any, row: int) -> tuple[Level, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        col.msg("levels_required", row, "scale.levels")
        return ()
    out = []
    for k, lv in enumerate(raw):
        f = f"scale.levels[{k}]."
        if not isinstance(lv, dict):
            col.msg("expected_mapping", row, f"scale.levels[{k}]")
            continue
        out.append(
            Level(
                name=V.text(col, lv, "name", row, f),
                name_cy=V.text(col, lv, "name_cy", row, f),
                description=V.text(col, lv, "description", row, f),
                description_cy=V.text(col, lv, "description_cy", row, f),
            )
        )
    return tuple(out) if len(out) == len(raw) else ()


def read_scale(
    col: V.FileIssues, c: dict, row: int, direction: Any
) -> tuple[float, float, str, str, ValueFunction]:
    """(scale min, scale max, unit, unit in Welsh, value function) of the criterion ``c``."""
    fallback = ValueFunction((0.0, 1.0), (0.0, 100.0), Anchor(0, ""), Anchor(1, ""))
    scale = c.get("scale") if isinstance(c.get("scale"), dict) else None
    if scale is None:
        col.msg("scale_required", row, "scale")
        return 0.0, 1.0, "", "", fallback
    kind = scale.get("type")
    if not V.choice(col, kind, SCALE_TYPES, row, "scale.type"):
        return 0.0, 1.0, "", "", fallback
    vf = c.get("value_function")
    if not isinstance(vf, dict):
        col.msg("vf_required", row, "value_function")
        vf = {}
    method = vf.get("method")
    rationale = str(vf.get("rationale") or "").strip()
    if kind == "constructed":
        levels = _levels(col, scale.get("levels"), row)
        n = len(levels)
        smin, smax = 0.0, float(max(n - 1, 1))
        unit = "level (0 = worst)"
        unit_cy = "lefel (0 = gwaethaf)"
        if not levels:
            return smin, smax, unit, unit_cy, fallback
        if direction != "benefit":
            col.msg("constructed_benefit", row, "direction")
        low = Anchor(0.0, levels[0].description, levels[0].description_cy)
        high = Anchor(smax, levels[-1].description, levels[-1].description_cy)
        if not V.choice(col, method, ("macbeth", "direct"), row, "value_function.method"):
            return smin, smax, unit, unit_cy, fallback
        try:
            if method == "macbeth":
                raw = vf.get("judgements")
                if not isinstance(raw, list) or not raw:
                    col.msg("list_required", row, "value_function.judgements", key="judgements")
                    return smin, smax, unit, unit_cy, fallback
                s = macbeth_scale(n, raw)
            else:
                s = VS.direct(list(range(n)), vf.get("ratings") or [])
        except VS.ValueScaleError as exc:
            col.add(exc.localised(current_language()), row, f"value_function.{_input_key(method)}")
            return smin, smax, unit, unit_cy, fallback
        return (
            smin,
            smax,
            unit,
            unit_cy,
            ValueFunction(
                tuple(s.points), tuple(s.values), low, high, rationale, method, dict(s.inputs), levels
            ),
        )
    # natural scale
    smin = V.number(col, scale.get("min"), row, "scale.min")
    smax = V.number(col, scale.get("max"), row, "scale.max")
    unit = V.text(col, scale, "unit", row, "scale.")
    unit_cy = V.text(col, scale, "unit_cy", row, "scale.")
    worst = V.text(col, scale, "worst", row, "scale.")
    best = V.text(col, scale, "best", row, "scale.")
    worst_cy = V.text(col, scale, "worst_cy", row, "scale.")
    best_cy = V.text(col, scale, "best_cy", row, "scale.")
    if smin is None or smax is None:
        return 0.0, 1.0, unit, unit_cy, fallback
    if smin >= smax:
        col.msg("scale_order", row, "scale", min=f"{smin:g}", max=f"{smax:g}")
        return smin, smax, unit, unit_cy, fallback
    if not V.choice(col, direction, ("benefit", "cost"), row, "direction"):
        return smin, smax, unit, unit_cy, fallback
    lo, hi = ((worst, worst_cy), (best, best_cy))
    if direction != "benefit":
        lo, hi = hi, lo
    low, high = Anchor(smin, *lo), Anchor(smax, *hi)
    if not V.choice(col, method, ("bisection", "direct"), row, "value_function.method"):
        return smin, smax, unit, unit_cy, fallback
    w, b = (smin, smax) if direction == "benefit" else (smax, smin)
    try:
        if method == "bisection":
            s = VS.bisection(w, b, vf.get("midpoints") or {})
        else:
            pts = vf.get("points") or []
            s = VS.direct(pts, vf.get("ratings") or [], direction=str(direction))
            if s.points[0] != smin or s.points[-1] != smax:
                col.msg("vf_ends", row, "value_function.points", min=f"{smin:g}", max=f"{smax:g}")
                return smin, smax, unit, unit_cy, fallback
    except VS.ValueScaleError as exc:
        col.add(exc.localised(current_language()), row, f"value_function.{_input_key(method)}")
        return smin, smax, unit, unit_cy, fallback
    return (
        smin,
        smax,
        unit,
        unit_cy,
        ValueFunction(tuple(s.points), tuple(s.values), low, high, rationale, str(method), dict(s.inputs)),
    )


def _input_key(method: Any) -> str:
    return {"macbeth": "judgements", "direct": "ratings", "bisection": "midpoints"}.get(str(method), "method")


def edited_value_function(criterion: Criterion, spec: Any, where: str = "") -> ValueFunction:
    """``criterion``'s value function elicited as ``spec`` says (a user's edit: see
    :class:`appraisal.inputs.ValueFunctionEdit`), on the criterion's own scale, levels and
    anchors. InputError names ``where`` (default ``value_functions.<id>.spec``): a method the
    scale does not take, a scale of the wrong size or ends, or judgements that cannot hold."""
    f = where or f"value_functions.{criterion.id}.spec"
    old = criterion.value_function
    method = spec.get("method") if hasattr(spec, "get") else None
    if old.constructed:
        n = len(old.levels)
        allowed: tuple[str, ...] = ("macbeth", "direct")
        if method == "macbeth" and spec.get("n_levels") != n:
            raise InputError(
                "vscale.err.levels_mismatch", field=f + ".n_levels", n=n, got=spec.get("n_levels")
            )
        if method == "direct" and list(spec.get("points") or []) != list(range(n)):
            raise InputError("vscale.err.points_mismatch", field=f + ".points", n=n)
    else:
        allowed = ("bisection", "direct")
        ends = [criterion.scale_min, criterion.scale_max]
        if method == "bisection":
            got = sorted(float(spec.get(k, "nan")) for k in ("worst", "best"))
            if got != ends:
                raise InputError("vscale.err.ends_mismatch", field=f, min=f"{ends[0]:g}", max=f"{ends[1]:g}")
        if method == "direct":
            pts = [float(x) for x in spec.get("points") or []]
            if not pts or pts[0] != ends[0] or pts[-1] != ends[1]:
                raise InputError(
                    "vscale.err.ends_mismatch", field=f + ".points", min=f"{ends[0]:g}", max=f"{ends[1]:g}"
                )
    if method not in allowed:
        raise InputError("store.err.choice", field=f + ".method", value=str(method), known=", ".join(allowed))
    try:
        if method == "macbeth":
            s = macbeth_scale(n, list(spec.get("judgements") or []))
        else:
            s = VS.from_spec({"direction": criterion.direction, **dict(spec)})
    except VS.ValueScaleError as exc:
        exc.field = f + "." + _input_key(method)
        exc.args = (exc.localised("en"),)
        raise
    return ValueFunction(
        tuple(s.points),
        tuple(s.values),
        old.low,
        old.high,
        old.rationale,
        str(method),
        dict(s.inputs),
        old.levels,
    )
