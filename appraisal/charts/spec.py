"""The one chart specification: what a chart shows, independent of the drawing library.

The app draws a :class:`ChartSpec` with plotly (:func:`appraisal.charts.plotly_render.to_plotly`),
the DOCX/PDF report with matplotlib (:func:`appraisal.charts.static_render.render_png`);
both read the same numbers, names and table, so they cannot disagree. Specs are built
from run results by :mod:`appraisal.charts.build`. Everything here is a frozen
dataclass of tuples (hashable: the static renderer caches PNGs by spec).

Kinds (``ChartSpec.kind``):

- ``hbar``: one series, one horizontal bar per category, best at the top;
  ``emphasis`` per category ('muted': grey and hatched, e.g. comparators) and
  ``category_colours`` (a palette slot per category, e.g. each criterion its group's).
- ``stacked_hbar``: the series stacked per category (``show_totals`` prints each total);
  a series with ``style='markers'`` is drawn as a marker per category, not stacked.
- ``grouped_bar``: the series side by side per category (vertical bars).
- ``tornado``: ``series[0]`` the low end, ``series[1]`` the high end of each category,
  drawn as bars from ``base``.
- ``line``: several series on a numeric x (``Series.x``); ``bands`` shade between two
  series; ``refs`` draw reference lines; a series with ``style='markers'`` is a set of
  marked points (labelled by ``Series.labels``).
- ``scatter``: points (``Series.x``, ``Series.values``) with shapes, hollow or filled,
  labelled by ``Series.labels``; a series with a line style joins its points.
- ``heatmap``: rows are the ``categories``, columns the ``series`` (each series holds one
  column, a value per row); every cell prints ``Series.labels`` or its formatted value,
  ``marked`` cells are outlined.
- ``waterfall``: a step chart, one horizontal bar per category from the top: ``series[0]``
  holds the totals (bars from zero: the start, the end and any subtotal), every other
  series holds changes (bars from the running total, e.g. one series for increases and one
  for decreases, each with its own colour and pattern). Each category has its value in
  exactly one series (None in the others); every bar prints its value (changes signed).

Value formats are the table tokens of :data:`appraisal.i18n.formatting.FORMATS`; for bar
kinds ``value_format`` and ``x_range`` describe the value axis, for line and scatter
``x_format``/``x_range`` the x axis and ``value_format``/``y_range`` the y axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from appraisal.i18n.formatting import FORMATS, format_cell

Cell = str | int | float | None

KINDS: tuple[str, ...] = (
    "hbar",
    "stacked_hbar",
    "grouped_bar",
    "tornado",
    "line",
    "scatter",
    "heatmap",
    "waterfall",
)
#: Kinds whose series hold one value per category.
CATEGORY_KINDS: tuple[str, ...] = ("hbar", "stacked_hbar", "grouped_bar", "tornado", "heatmap", "waterfall")
#: How a line or scatter series is drawn ('' = by its position: solid, dash, dot...).
STYLES: tuple[str, ...] = ("", "solid", "dash", "dot", "dashdot", "markers", "lines+markers", "none")
EMPHASIS: tuple[str, ...] = ("", "muted")
LINE_STYLES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot")


@dataclass(frozen=True)
class Series:
    """One series: ``values`` against the chart's categories (or against ``x``).

    ``colour``/``pattern``/``marker`` pick the palette slot, bar pattern and marker shape
    (default: the series' position); ``hollow`` draws open markers; ``labels`` is text
    per point (printed beside a marked point, in a heatmap cell); ``group`` gathers
    series in the legend; ``legend=False`` leaves a series out of it.
    """

    name: str
    values: tuple[float | None, ...]  # None: no value (a waterfall series at another step)
    x: tuple[float, ...] | None = None
    style: str = ""
    colour: int | None = None
    pattern: int | None = None
    marker: str = ""
    hollow: bool = False
    labels: tuple[str, ...] = ()
    group: str = ""
    legend: bool = True

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"series {self.name!r}: unknown style {self.style!r}")
        if self.x is not None and len(self.x) != len(self.values):
            raise ValueError(f"series {self.name!r}: {len(self.x)} x for {len(self.values)} values")
        if self.labels and len(self.labels) != len(self.values):
            raise ValueError(f"series {self.name!r}: {len(self.labels)} labels for {len(self.values)} values")

    @property
    def points(self) -> bool:
        """Drawn as marked points only (no line, no bar)."""
        return self.style == "markers"


@dataclass(frozen=True)
class RefLine:
    """A reference line across the plot: at x = ``value`` (``axis='x'``, vertical) or at
    y = ``value`` (horizontal, or along the value axis of a bar chart), with a label."""

    axis: str
    value: float
    label: str = ""
    style: str = "dash"  # one of LINE_STYLES
    strong: bool = False  # near-black; else grey

    def __post_init__(self) -> None:
        if self.axis not in ("x", "y"):
            raise ValueError(f"reference line: axis must be 'x' or 'y', not {self.axis!r}")
        if self.style not in LINE_STYLES:
            raise ValueError(f"reference line: unknown style {self.style!r}")


@dataclass(frozen=True)
class Band:
    """A shaded band between series ``lower`` and ``upper`` (indices into ``series``)."""

    lower: int
    upper: int
    name: str
    opacity: float = 0.25
    colour: int = 0


@dataclass(frozen=True)
class DataTable:
    """The chart's table equivalent: plain cells and one format token per column."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    formats: tuple[str, ...]

    def __post_init__(self) -> None:
        n = len(self.headers)
        if len(self.formats) != n:
            raise ValueError(f"chart table: {len(self.formats)} formats for {n} columns")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise ValueError(f"chart table: unknown formats {bad}")
        for k, r in enumerate(self.rows):
            if len(r) != n:
                raise ValueError(f"chart table: row {k} has {len(r)} cells for {n} columns")

    def columns(self) -> dict[str, list[Cell]]:
        """Column header -> cells (a pandas DataFrame takes this as it is)."""
        return {h: [r[j] for r in self.rows] for j, h in enumerate(self.headers)}

    def display_rows(self, lang: str = "en") -> list[list[str]]:
        """Every cell as text in ``lang`` (the same text the report's tables show)."""
        return [[format_cell(v, f, lang) for v, f in zip(r, self.formats)] for r in self.rows]


@dataclass(frozen=True)
class ChartSpec:
    """What to draw, independent of the drawing library (see the module docstring).

    The first nine fields are those the report has always used; the rest default to
    'not used'. ``title`` is drawn by the app (the report prints a caption instead);
    ``note`` says how to read the chart (e.g. which are rows and columns); ``table`` is
    the table equivalent the app's 'Show as table' and the report's data table show.
    """

    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str = ""
    y_title: str = ""
    value_format: str = "num1"
    base: float = 0.0
    x_range: tuple[float, float] | None = None
    show_totals: bool = True
    title: str = ""
    x_format: str = "num1"
    y_range: tuple[float, float] | None = None
    emphasis: tuple[str, ...] = ()
    category_colours: tuple[int, ...] = ()
    show_values: bool = True  # print bar values (hbar; stacked segments that fit)
    refs: tuple[RefLine, ...] = ()
    bands: tuple[Band, ...] = ()
    marked: tuple[tuple[int, int], ...] = ()
    dark_high: bool = True  # heatmap: the highest value darkest (False: the lowest, e.g. ranks)
    table: DataTable | None = None
    key: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}; expected one of {KINDS}")
        for f in (self.value_format, self.x_format):
            if f not in FORMATS:
                raise ValueError(f"chart {self.key or self.kind}: unknown format {f!r}")
        n = len(self.categories)
        if self.kind in CATEGORY_KINDS:
            for s in self.series:
                if len(s.values) != n:
                    raise ValueError(
                        f"chart {self.key or self.kind}: series {s.name!r} has {len(s.values)} values "
                        f"for {n} categories"
                    )
        if self.kind == "tornado" and len(self.series) != 2:
            raise ValueError("a tornado needs two series: the low end and the high end")
        if self.kind == "hbar" and len(self.series) != 1:
            raise ValueError("an hbar chart has one series")
        if self.kind == "waterfall":
            if len(self.series) < 2:
                raise ValueError(
                    "a waterfall needs the totals (first series) and at least one series of changes"
                )
            for c in range(n):
                k = sum(1 for s in self.series if s.values[c] is not None and math.isfinite(s.values[c]))
                if k != 1:
                    raise ValueError(
                        f"chart {self.key or self.kind}: category {c} has a value in {k} series; a waterfall "
                        "needs exactly one"
                    )
        if self.emphasis and (len(self.emphasis) != n or any(e not in EMPHASIS for e in self.emphasis)):
            raise ValueError(f"chart {self.key or self.kind}: emphasis needs one of {EMPHASIS} per category")
        if self.category_colours and len(self.category_colours) != n:
            raise ValueError(f"chart {self.key or self.kind}: category_colours needs one slot per category")
        for b in self.bands:
            if not (0 <= b.lower < len(self.series) and 0 <= b.upper < len(self.series)):
                raise ValueError(f"chart {self.key or self.kind}: band {b.name!r} names a missing series")
        for r, c in self.marked:
            if not (0 <= r < n and 0 <= c < len(self.series)):
                raise ValueError(f"chart {self.key or self.kind}: marked cell ({r}, {c}) is outside the grid")

    # ------------------------------------------------------------------ helpers

    @property
    def drawn(self) -> tuple[Series, ...]:
        """The series drawn as bars or lines (not band edges, not marked points)."""
        return tuple(s for s in self.series if s.style not in ("none", "markers"))

    def muted(self, i: int) -> bool:
        return bool(self.emphasis) and self.emphasis[i] == "muted"

    def colour_of(self, i: int) -> int:
        s = self.series[i]
        return i if s.colour is None else s.colour

    def pattern_of(self, i: int) -> int:
        s = self.series[i]
        return i if s.pattern is None else s.pattern

    def steps(self) -> list[tuple[int, float, float, float]]:
        """A waterfall's bars, top first: (series index, value, start, end); a total runs
        from zero, a change from the running total before it."""
        out = []
        running = 0.0
        for c in range(len(self.categories)):
            k, v = next(
                (k, float(s.values[c]))
                for k, s in enumerate(self.series)
                if s.values[c] is not None and math.isfinite(s.values[c])
            )
            start = 0.0 if k == 0 else running
            running = v if k == 0 else running + v
            out.append((k, v, start, running))
        return out

    def cell_text(self, row: int, col: int, lang: str) -> str:
        """What a heatmap cell prints: its label, else its formatted value."""
        s = self.series[col]
        return s.labels[row] if s.labels else format_cell(s.values[row], self.value_format, lang)


def table_of(spec: ChartSpec) -> DataTable:
    """The spec's table equivalent: ``spec.table`` when the builder gave one, else one
    made from the series (a category column and a column per series, or for lines an
    x column and a column per series that shares the first series' x)."""
    if spec.table is not None:
        return spec.table
    if spec.kind in ("line", "scatter"):
        first = spec.series[0] if spec.series else None
        xs = (first.x or tuple(range(len(first.values)))) if first else ()
        same = [s for s in spec.series if (s.x or tuple(range(len(s.values)))) == xs]
        return DataTable(
            (spec.x_title, *(s.name for s in same)),
            tuple((x, *(s.values[j] for s in same)) for j, x in enumerate(xs)),
            (spec.x_format,) + (spec.value_format,) * len(same),
        )
    return DataTable(
        ("", *(s.name for s in spec.series)),
        tuple((c, *(s.values[i] for s in spec.series)) for i, c in enumerate(spec.categories)),
        ("text",) + (spec.value_format,) * len(spec.series),
    )


def floats(values: Sequence[float]) -> tuple[float, ...]:
    """Plain floats (numpy scalars are neither hashable in the same way nor JSON)."""
    return tuple(float(v) for v in values)
