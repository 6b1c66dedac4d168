"""Charts shared by the app and the reports: one specification, two renderers.

- :mod:`~appraisal.charts.spec`: ``ChartSpec`` and its parts (frozen, no plotting library):
  what a chart shows, with its table equivalent.
- :mod:`~appraisal.charts.build`: a spec from run results and a ``Presenter``, one builder
  per chart the app or report shows (numbers read from the results, never recomputed).
- :mod:`~appraisal.charts.plotly_render`: ``to_plotly(spec, lang)`` for the app.
- :mod:`~appraisal.charts.static_render`: ``render_png(spec, ...)`` for DOCX and PDF.
- :mod:`~appraisal.charts.style`, :mod:`~appraisal.charts.palette`, :mod:`~appraisal.charts.text`:
  the one chart style (sizes, wrap widths, ticks, label placement, colour-blind-safe colours).
- :mod:`~appraisal.charts.mcda`, :mod:`~appraisal.charts.robustness`,
  :mod:`~appraisal.charts.economics`: the app's chart functions, each a builder drawn by
  ``to_plotly``; :mod:`~appraisal.charts.wales`: the Overview's schematic (app only, SVG
  drawn here: the first page loads no chart library).

No streamlit here: figures are returned to the caller.
"""
