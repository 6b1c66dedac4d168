"""Report downloads in the app: one button per format, the file built only when clicked.

Streamlit 1.67's ``st.download_button`` accepts a callable for ``data`` and runs it when
the user clicks (on a separate thread), so nothing is built while the page renders. The
report is laid out from the same ``AppraisalResults`` the pages show (the session's
inputs: weights, score edits with reasons, economic choices, SMAA model, seed), with
the loaded scenario's name, version, author and reason, so what is downloaded is what
is on screen. Built files are kept in a small in-process cache keyed on the inputs'
hash, the regions, the scenario, the date and the format; a second click returns at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import streamlit as st

from appraisal.i18n import t
from appraisal.inputs import AppraisalInputs
from appraisal.report import FORMATS, MIME, STATIC_FIGURES, ScenarioInfo, build_report, render
from appraisal.report.structure import report_file_stem
from appraisal.results import AppraisalResults

ICONS = {
    "docx": ":material/description:",
    "pdf": ":material/picture_as_pdf:",
    "xlsx": ":material/table_view:",
    "html": ":material/language:",
}
CACHE_SIZE = 8


class _Cache:
    """A tiny thread-safe LRU of built files (bytes)."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.building = threading.Lock()  # one report build at a time per process

    def get(self, key: tuple, build: Callable[[], bytes]) -> bytes:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        with self.building:
            with self.lock:
                if key in self.items:
                    return self.items[key]
            data = build()
        with self.lock:
            self.items[key] = data
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return data

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


CACHE = _Cache(CACHE_SIZE)


@dataclass(frozen=True)
class ReportPlan:
    """What a click on a download button builds: the run's inputs, the regions, the loaded
    scenario and the date. Kept in the session (``K_PLAN``) so a test can build exactly
    what the buttons build."""

    inputs: AppraisalInputs
    region_ids: tuple[str, ...]
    scenario: ScenarioInfo | None
    report_date: date
    audit: Callable[[], Any] | None = field(default=None, compare=False)
    variant: str = "technical"

    def key(self, fmt: str) -> tuple:
        return (self.inputs.key(), self.region_ids, self.scenario, self.report_date, self.variant, fmt)


K_PLAN = "report_plan"


def build_file(plan: ReportPlan, fmt: str, results: AppraisalResults | None = None) -> bytes:
    """Build (or fetch from the cache) the report ``plan`` describes, in ``fmt``.

    ``results``: the run the page shows (default: run the plan's inputs on the bundled
    data, which gives the same results)."""

    def build() -> bytes:
        res = results
        if res is None:
            from appraisal.data import load_dataset
            from appraisal.run import run

            res = run(load_dataset(), plan.inputs)
        report = build_report(
            res,
            regions=plan.region_ids,
            scenario=plan.scenario,
            report_date=plan.report_date,
            audit_entries=plan.audit() if plan.audit is not None else None,
            static_figures=fmt in STATIC_FIGURES,
            variant=plan.variant,
        )
        return render(report, fmt)

    data_version = results.data_version if results is not None else ""
    return CACHE.get((*plan.key(fmt), data_version), build)


def file_name(
    results: AppraisalResults, region_ids: Sequence[str], fmt: str, report_date: date | None = None
) -> str:
    d = report_date or date.today()
    return f"{report_file_stem(tuple(region_ids), results.dataset.region_ids, d)}.{fmt}"


def render_downloads(
    results: AppraisalResults,
    region_ids: Sequence[str],
    *,
    scenario: ScenarioInfo | None = None,
    audit: Callable[[], Any] | None = None,
    report_date: date | None = None,
    key_prefix: str = "report_dl",
    variant: str = "technical",
) -> None:
    """One download button per format; each builds its file only when clicked."""
    lang = results.inputs.lang
    plan = ReportPlan(
        results.inputs, tuple(region_ids), scenario, report_date or date.today(), audit, variant
    )
    st.session_state[K_PLAN] = plan
    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS):
        with col:
            st.download_button(
                t(f"report.ui.download.{fmt}", lang),
                data=lambda fmt=fmt: build_file(plan, fmt, results),
                file_name=file_name(results, region_ids, fmt, plan.report_date),
                mime=MIME[fmt],
                key=f"{key_prefix}_{fmt}",
                help=t(f"report.ui.help.{fmt}", lang),
                icon=ICONS[fmt],
                on_click="ignore",
                width="stretch",
            )
    st.caption(t("report.ui.build_note", lang))
