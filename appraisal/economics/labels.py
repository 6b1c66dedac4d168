"""Readable, translated labels for parameter ids and choices (through the message catalogue).

A parameter id is ``name`` or ``name.scope``; the name's label is ``econ.param.<name>`` and
the scope is named by the data (options, regions, team roles and outcome domains, in English
or Welsh) or by the catalogue (Heckman-style curves, life-course bands, pay bands,
discount-schedule bands).
"""

from __future__ import annotations

from appraisal.i18n import has, localised, t


def param_label(param_id: str, lang: str = "en", *, options=(), regions=(), roles=(), domains=()) -> str:
    """'reach.camhs' -> 'Reach in the first 1000 days: Expanded early-years CAMHS'.

    ``options``, ``regions``, ``roles`` (``Assumptions.roles``, for ``wte.<role>``) and
    ``domains`` (``Assumptions.domains``, for ``outcome_cost.<domain>`` and
    ``outcome_qaly.<domain>``) name the scopes the data defines; a scope found nowhere is
    shown as it is.
    """
    name, _, scope = param_id.partition(".")
    key = f"econ.param.{name}"
    label = t(key, lang) if has(key, "en") else name
    if not scope:
        return label
    if name == "pay":
        return t("econ.label.pay_band", lang, band=scope)
    if name == "discount_rate":  # discount_rate.<schedule>.<from>_<to>
        schedule, _, years = scope.partition(".")
        start, _, end = years.partition("_")
        if has(f"econ.discount.{schedule}", "en") and start and end:
            sched = t(f"econ.discount.{schedule}", lang)
            return t("econ.label.discount_band", lang, label=label, schedule=sched, start=start, end=end)
    if name == "funding_share":  # funding_share.<arrangement>.<funder>
        arrangement, _, funder = scope.partition(".")
        if has(f"econ.arrangement.{arrangement}", "en") and has(f"econ.funder.{funder}", "en"):
            return t(
                "econ.label.funding_share",
                lang,
                label=label,
                arrangement=t(f"econ.arrangement.{arrangement}", lang),
                funder=t(f"econ.funder.{funder}", lang),
            )
    if name == "committed_funding" and has(f"econ.funder.{scope}", "en"):
        return f"{label}: {t(f'econ.funder.{scope}', lang)}"
    for items, attr in ((options, "name"), (regions, "name"), (roles, "label"), (domains, "name")):
        for item in items:
            if item.id == scope:
                return f"{label}: {localised(item, attr, lang)}"
    for prefix in ("econ.preset.", "econ.life_course."):
        if has(prefix + scope, "en"):
            return f"{label}: {t(prefix + scope, lang)}"
    return f"{label}: {scope}"


def mode_label(mode: str, lang: str = "en", *, short: bool = False) -> str:
    """A benefit view ('outcome_chain', 'per_child_supported') or the labelled 'whatif'."""
    return t(f"econ.mode.short.{mode}" if short else f"econ.mode.{mode}", lang)


def preset_label(preset: str, lang: str = "en", *, short: bool = False) -> str:
    """A Heckman-style curve: 'ABC/CARE (Garcia, Heckman, Leaf & Prados 2016)' or 'ABC/CARE'."""
    return t(f"econ.preset.short.{preset}" if short else f"econ.preset.{preset}", lang)
