"""One presentation layer for what the app and the report both show.

``Presenter(dataset, lang)`` names options, criteria, groups and regions in the current
language, formats numbers, money and shares (the same Babel text in every page and
report format), and words the derived facts of a run (lead, verdict, nearest switch).
Chart specifications are built from results with these names
(:mod:`appraisal.charts.build`), so a plotly chart in the app and a static figure in a
report cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from appraisal.i18n import has, localised, t
from appraisal.i18n.formatting import format_cell


@dataclass(frozen=True, eq=False)
class Presenter:
    dataset: object
    lang: str = "en"

    # ------------------------------------------------------------------ names

    @cached_property
    def _names(self) -> dict[tuple[str, str], str]:
        ds = self.dataset
        out: dict[tuple[str, str], str] = {}
        for kind, items in (
            ("option", ds.options),
            ("criterion", ds.criteria),
            ("group", ds.groups),
            ("region", ds.regions),
        ):
            for obj in items:
                out[(kind, obj.id)] = localised(obj, "name", self.lang)
        return out

    def option(self, option_id: str) -> str:
        return self._names.get(("option", option_id), option_id)

    def criterion(self, criterion_id: str) -> str:
        return self._names.get(("criterion", criterion_id), criterion_id)

    def group(self, group_id: str) -> str:
        return self._names.get(("group", group_id), group_id)

    def region(self, region_id: str) -> str:
        return self._names.get(("region", region_id), region_id)

    def name(self, obj: object, attr: str = "name") -> str:
        return localised(obj, attr, self.lang)

    def status(self, status: str) -> str:
        """A data status word ('verified', 'illustrative'...) in the language."""
        key = f"report.status.{status}"
        return t(key, self.lang) if status and has(key) else status

    def tr(self, key: str, **kwargs: object) -> str:
        return t(key, self.lang, **kwargs)

    # ------------------------------------------------------------------ numbers

    def fmt(self, value: object, token: str) -> str:
        """A value as text with a format token (``int``, ``num1``, ``pct0``, ``gbp0``...)."""
        return format_cell(value, token, self.lang)

    def money(self, value: float | None) -> str:
        return "–" if value is None else format_cell(value, "gbp0", self.lang)

    def share(self, value: float | None, decimals: int = 0) -> str:
        return "–" if value is None else format_cell(value, "pct1" if decimals else "pct0", self.lang)

    def number(self, value: float | None, decimals: int = 1) -> str:
        token = {0: "int", 1: "num1", 2: "num2", 3: "num3"}.get(decimals, "num2")
        return "–" if value is None else format_cell(value, token, self.lang)

    # ------------------------------------------------------------------ facts in words

    def lead(self, band: str) -> str:
        """'Too close to call', 'Narrow lead', 'Clear lead' or 'Wide lead'."""
        return t(f"ui.lead.{band}", self.lang)

    def verdict(self, verdict: str) -> str:
        """'Robust', 'Moderately robust' or 'Fragile'."""
        return t(f"report.verdict.{verdict}", self.lang)

    def winners(self, option_ids: tuple[str, ...]) -> str:
        """Tied winners joined by ' = '."""
        return " = ".join(self.option(o) for o in option_ids)
