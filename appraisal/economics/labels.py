"""Readable, translated labels for parameter ids and choices (through the message catalogue)."""

from __future__ import annotations

from appraisal.i18n import has, localised, t


def param_label(param_id: str, lang: str = "en", *, options=(), regions=()) -> str:
    """'reach.camhs' -> 'Reach in the first 1000 days: Expanded early-years CAMHS'."""
    name, _, scope = param_id.partition(".")
    key = f"econ.param.{name}"
    label = t(key, lang) if has(key, "en") else name
    if not scope:
        return label
    for o in options:
        if o.id == scope:
            return f"{label}: {localised(o, 'name', lang)}"
    for r in regions:
        if r.id == scope:
            return f"{label}: {localised(r, 'name', lang)}"
    pkey = f"econ.preset.{scope}"
    if has(pkey, "en"):
        return f"{label}: {t(pkey, lang)}"
    return f"{label}: {scope}"


def mode_label(mode: str, lang: str = "en", *, short: bool = False) -> str:
    return t(f"econ.mode.short.{mode}" if short else f"econ.mode.{mode}", lang)
