"""Static charts for DOCX/PDF: the matplotlib renderer of the shared chart specification.

Kept so ``from appraisal.report.figures import render_png`` keeps working; the renderer
lives in :mod:`appraisal.charts.static_render` (the app draws the same specs with
:mod:`appraisal.charts.plotly_render`).
"""

from __future__ import annotations

from appraisal.charts.static_render import DPI, Job, chart_height, render_many, render_png

__all__ = ["DPI", "Job", "chart_height", "render_many", "render_png"]
