"""Report downloads in the app: one button per format, the file built only when clicked.

Streamlit 1.67's ``st.download_button`` accepts a callable for ``data`` and runs it when
the user clicks (on a separate thread), so nothing is built while the page renders.
Built files are kept in a small in-process cache keyed on every input (data version,
regions, language, weights, score edits, economic overrides, scenario, date, seed), so
a second click on the same inputs returns at once. No forked workers here: the callable
runs on a thread of the server process.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from appraisal.data import Dataset
from appraisal.i18n import t
from appraisal.mcda.weights import WeightSet
from appraisal.report import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    FORMATS,
    MIME,
    STATIC_FIGURES,
    build_report,
    render,
)
from appraisal.report.structure import report_file_stem

ICONS = {
    "docx": ":material/description:",
    "pdf": ":material/picture_as_pdf:",
    "xlsx": ":material/table_view:",
    "html": ":material/language:",
}
CACHE_SIZE = 8


@dataclass(frozen=True)
class ReportRequest:
    """Every input of a report, hashable (the cache key)."""

    data_version: str
    region_ids: tuple[str, ...]
    lang: str
    weights: tuple[float, ...] | None
    method: str
    inputs: str  # JSON of the weighting method's inputs
    edits: tuple[tuple[str, tuple[tuple[str, str, float], ...]], ...]
    econ: tuple[tuple[str, float], ...]
    scenario: str  # the scenario's content key ('' for none)
    report_date: date
    samples: int
    seed: int


def make_request(
    dataset: Dataset,
    weights: WeightSet | None,
    region_ids: tuple[str, ...] | list[str],
    lang: str,
    scenario: Any = None,
    *,
    score_edits: Mapping[str, Mapping[tuple[str, str], float]] | None = None,
    econ_overrides: Mapping[str, float] | None = None,
    report_date: date | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> ReportRequest:
    edits = tuple(
        (r, tuple(sorted((o, c, float(v)) for (o, c), v in cells.items())))
        for r, cells in sorted((score_edits or {}).items())
        if cells
    )
    return ReportRequest(
        data_version=dataset.version,
        region_ids=tuple(region_ids),
        lang=lang,
        weights=None if weights is None else tuple(float(x) for x in weights.values),
        method="" if weights is None else weights.method,
        inputs="" if weights is None else json.dumps(weights.inputs, sort_keys=True, default=str),
        edits=edits,
        econ=tuple(sorted((k, float(v)) for k, v in (econ_overrides or {}).items())),
        scenario="" if scenario is None else scenario.content_key(),
        report_date=report_date or date.today(),
        samples=int(samples),
        seed=int(seed),
    )


class _Cache:
    """A tiny thread-safe LRU of built files (bytes), keyed by (request, format)."""

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


def build_file(
    dataset: Dataset, weights: WeightSet | None, req: ReportRequest, fmt: str, scenario: Any = None
) -> bytes:
    """Build (or fetch from the cache) the report file for ``req`` in ``fmt``."""

    def build() -> bytes:
        report = build_report(
            dataset,
            weights,
            regions=req.region_ids,
            scenario=scenario,
            lang=req.lang,
            report_date=req.report_date,
            samples=req.samples,
            seed=req.seed,
            score_edits={r: {(o, c): v for o, c, v in cells} for r, cells in req.edits},
            econ_overrides=dict(req.econ),
            static_figures=fmt in STATIC_FIGURES,
        )
        return render(report, fmt)

    return CACHE.get((req, fmt), build)


def file_name(dataset: Dataset, req: ReportRequest, fmt: str) -> str:
    return f"{report_file_stem(req.region_ids, dataset.region_ids, req.report_date)}.{fmt}"


def render_downloads(
    dataset: Dataset,
    weights: WeightSet | None,
    region_ids: tuple[str, ...] | list[str],
    lang: str,
    scenario: Any = None,
    *,
    score_edits: Mapping[str, Mapping[tuple[str, str], float]] | None = None,
    econ_overrides: Mapping[str, float] | None = None,
    report_date: date | None = None,
    key_prefix: str = "report_dl",
) -> None:
    """One download button per format; each builds its file only when clicked."""
    req = make_request(
        dataset,
        weights,
        region_ids,
        lang,
        scenario,
        score_edits=score_edits,
        econ_overrides=econ_overrides,
        report_date=report_date,
    )
    cols = st.columns(len(FORMATS))
    for col, fmt in zip(cols, FORMATS):
        with col:
            st.download_button(
                t(f"report.ui.download.{fmt}", lang),
                data=lambda fmt=fmt: build_file(dataset, weights, req, fmt, scenario),
                file_name=file_name(dataset, req, fmt),
                mime=MIME[fmt],
                key=f"{key_prefix}_{fmt}",
                help=t(f"report.ui.help.{fmt}", lang),
                icon=ICONS[fmt],
                on_click="ignore",
                width="stretch",
            )
    st.caption(t("report.ui.build_note", lang))
