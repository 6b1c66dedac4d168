"""The appraisal report: one format-neutral document model, four thin renderers.

``build_report(results)`` lays one appraisal run's results (``appraisal.run.run``) out as
frozen sections of paragraphs, tables and figures, running no engine; ``render`` turns
the document into DOCX, PDF, XLSX or HTML bytes. Same inputs (including
``report_date``) give the same bytes in every format.
"""

from __future__ import annotations

from collections.abc import Callable

from appraisal.inputs import DEFAULT_DRAWS, DEFAULT_SEED
from appraisal.report.build import PARTS, build_report
from appraisal.report.context import ScenarioInfo, WorkshopInput
from appraisal.report.structure import (
    ChartSpec,
    Figure,
    KeyFact,
    Paragraph,
    Preferred,
    Report,
    Section,
    Series,
    Table,
)

#: Output formats in the order the app and the CLI offer them.
FORMATS: tuple[str, ...] = ("docx", "pdf", "xlsx", "html")
MIME: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html",
}
#: Formats that embed the static (matplotlib) figures.
STATIC_FIGURES: frozenset[str] = frozenset({"docx", "pdf"})


def renderer(fmt: str) -> Callable[[Report], bytes]:
    """The render function for one format (imported on first use)."""
    if fmt == "docx":
        from appraisal.report.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from appraisal.report.pdf import render_pdf

        return render_pdf
    if fmt == "xlsx":
        from appraisal.report.xlsx import render_xlsx

        return render_xlsx
    if fmt == "html":
        from appraisal.report.html import render_html

        return render_html
    raise ValueError(f"unknown report format '{fmt}'; choose from {', '.join(FORMATS)}")


def render(report: Report, fmt: str) -> bytes:
    """The report as ``fmt`` bytes ('docx', 'pdf', 'xlsx' or 'html')."""
    return renderer(fmt)(report)


def file_name(report: Report, fmt: str) -> str:
    return f"{report.file_stem}.{fmt}"


__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "FORMATS",
    "MIME",
    "PARTS",
    "STATIC_FIGURES",
    "ChartSpec",
    "Figure",
    "KeyFact",
    "Paragraph",
    "Preferred",
    "Report",
    "ScenarioInfo",
    "Section",
    "Series",
    "Table",
    "WorkshopInput",
    "build_report",
    "file_name",
    "render",
    "renderer",
]
