"""What every report section reads: the run's results, the scenario they came from, the
saved audit trail, a workshop's aggregate, and the words and number formats of the
report's language (one :class:`~appraisal.present.Presenter`, shared with the app).

Sections only lay results out; nothing here or in a section calls an engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from babel.dates import format_datetime

from appraisal.i18n import t
from appraisal.i18n.formatting import format_cell, locale
from appraisal.mcda import AdditiveResult
from appraisal.model import Problem
from appraisal.present import Presenter
from appraisal.report.structure import ChartSpec, Figure, Paragraph, Table
from appraisal.results import AppraisalResults, RegionResults


@dataclass(frozen=True)
class ScenarioInfo:
    """The saved scenario a report was made from (None in the report: the data's defaults
    or unsaved work). ``version`` and ``saved_at`` are None for a scenario read from a file
    that was never stored; ``dissent`` lists the dissent recorded in it."""

    name: str
    author: str = ""
    reason: str = ""
    notes: str = ""
    version: int | None = None
    saved_at: str = ""
    unsaved_changes: bool = False
    #: dissent recorded in the scenario (``appraisal.store.dissent.Dissent``), in order
    dissent: tuple[Any, ...] = ()


@dataclass(frozen=True)
class WorkshopInput:
    """A workshop's aggregate weights (``appraisal.store.workshop.Aggregate``) and its title."""

    title: str
    aggregate: Any


@dataclass(eq=False)
class ReportContext:
    results: AppraisalResults
    scenario: ScenarioInfo | None = None
    audit_entries: tuple[Any, ...] | None = None
    workshop: WorkshopInput | None = None
    lang: str = "en"
    extras: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ results

    @property
    def ds(self):
        return self.results.dataset

    @property
    def inputs(self):
        return self.results.inputs

    @property
    def weights(self):
        return self.results.weights

    @property
    def region_ids(self) -> tuple[str, ...]:
        return self.results.region_ids

    def region(self, rid: str) -> RegionResults:
        return self.results.region(rid)

    @cached_property
    def mcda(self) -> dict[str, AdditiveResult]:
        return {r.region_id: r.mcda for r in self.results}

    @cached_property
    def problems(self) -> dict[str, Problem]:
        return {r.region_id: r.problem for r in self.results}

    @property
    def economics_available(self) -> bool:
        return self.results.assumptions is not None

    # ------------------------------------------------------------------ words and numbers

    @cached_property
    def p(self) -> Presenter:
        return Presenter(self.ds, self.lang)

    def tr(self, key: str, **kw: object) -> str:
        return t(f"report.{key}", self.lang, **kw)

    def name(self, obj: object, attr: str = "name") -> str:
        return self.p.name(obj, attr)

    def region_name(self, rid: str) -> str:
        return self.p.region(rid)

    def option_name(self, oid: str) -> str:
        return self.p.option(oid)

    def criterion_name(self, cid: str) -> str:
        return self.p.criterion(cid)

    def group_name(self, gid: str) -> str:
        return self.p.group(gid)

    def when(self, at: datetime) -> str:
        """A timestamp in the report's language (UTC)."""
        return format_datetime(at, "d MMM yyyy HH:mm", locale=locale(self.lang)) + " UTC"

    def status(self, status: str) -> str:
        return self.p.status(status)

    def fmt(self, value: object, f: str) -> str:
        return format_cell(value, f, self.lang)

    def num(self, value: float) -> str:
        """A number with decimals only when it has them (scale ends, anchors)."""
        return format_cell(value, "int" if float(value).is_integer() else "num2", self.lang)

    def param_label(self, param_id: str) -> str:
        """An economic parameter's readable name in the report's language."""
        from appraisal.economics.labels import param_label

        roles = self.results.assumptions.roles if self.results.assumptions is not None else ()
        return param_label(param_id, self.lang, options=self.ds.options, regions=self.ds.regions, roles=roles)


def figure(ctx: ReportContext, key: str, caption: str, alt: str, chart: ChartSpec, table: Table) -> Figure:
    """A figure without its PNG yet: the builder draws all of them at the end."""
    from appraisal.report.figures import chart_height

    return Figure(key=key, caption=caption, alt=alt, chart=chart, table=table, height_in=chart_height(chart))


def chart_figure(ctx: ReportContext, key: str, caption: str, alt: str, spec: ChartSpec) -> Figure:
    """A figure drawn from a shared chart specification (``appraisal.charts.build``), with
    the spec's own table as its table equivalent: the app draws the same spec."""
    from appraisal.charts.spec import table_of

    data = table_of(spec)
    table = Table(f"{key}_data", caption, data.headers, data.rows, data.formats)
    return figure(ctx, key, caption, alt, spec, table)


def unavailable(ctx: ReportContext, what: str, reason: str) -> Paragraph:
    """A plain warning that a part of the report is missing, and why."""
    if reason.startswith("appraisal."):
        reason = ctx.tr("unavailable_module", module=reason)
    elif reason.endswith("/"):
        reason = ctx.tr("unavailable_folder", folder=reason)
    return Paragraph(ctx.tr("unavailable", what=what, reason=reason), "warning")
