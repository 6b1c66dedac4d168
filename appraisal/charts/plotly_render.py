"""Draw a :class:`~appraisal.charts.spec.ChartSpec` with plotly, for the app.

Every kind is laid out in pixels from the spec's own text, so nothing depends on the
container's width: long labels are wrapped (``appraisal.charts.style`` widths fit a
390 px phone), bar charts write each category's name above its bar (full width for the
bars, no squeezed axis), heatmaps size their left margin from the longest row label in
the current language, and the legend is a list below the axis title, outside the plot
area. Colour is never the only carrier: bars have patterns (comparators grey and
hatched), lines dashes and markers, points shapes and labels, heatmap cells print their
value, waterfall steps print their signed change. The template is built once at import (plotly's template lookup and deep copy on
every call were a third of an app rerun).
"""

from __future__ import annotations

import html
import math
from dataclasses import replace
from typing import Any

import plotly.graph_objects as go

from appraisal.charts import style as S
from appraisal.charts.palette import (
    GREY,
    GRID,
    INK,
    MUTED,
    OKABE_ITO,
    colour,
    marker,
    pattern,
    scale_colour,
    scale_stops,
    text_on,
)
from appraisal.charts.spec import LINE_STYLES, ChartSpec, RefLine, Series
from appraisal.i18n.formatting import format_cell as _format_cell

#: Hover texts already formatted (a line chart repeats its x values in every series, and
#: the report draws many charts): (type, value, sign, format, language) -> text. The
#: type and sign keep 1 and 1.0, 0.0 and -0.0 apart, which compare equal.
_CELLS: dict[tuple, str] = {}


def format_cell(value: object, fmt: str, lang: str) -> str:
    """``appraisal.i18n.formatting.format_cell``, remembered for numbers."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
        return _format_cell(value, fmt, lang)
    key = (type(value), value, math.copysign(1.0, value), fmt, lang)
    text = _CELLS.get(key)
    if text is None:
        if len(_CELLS) > 100_000:
            _CELLS.clear()
        text = _CELLS[key] = _format_cell(value, fmt, lang)
    return text


_AXIS = {
    "gridcolor": GRID,
    "zeroline": False,
    "linecolor": "#6E6E6E",
    "tickfont": {"size": S.TICK, "color": INK},
    "title": {"font": {"size": S.BASE, "color": INK}},
    "automargin": False,
    "fixedrange": True,
}
#: Built once: assigning a ready Template costs a fraction of plotly's named-template lookup.
TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": S.FONT_FAMILY, "size": S.BASE, "color": INK},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "colorway": list(OKABE_ITO),
        "hoverlabel": {"font": {"size": 15, "family": S.FONT_FAMILY}},
        "hovermode": "closest",
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "legend": {
            "font": {"size": S.LEGEND, "color": INK},
            "bgcolor": "rgba(255,255,255,0)",
            "tracegroupgap": 0,
        },
    }
)
_DASH = {"solid": "solid", "dash": "dash", "dot": "dot", "dashdot": "dashdot"}
_LEGEND_ENTRY_PX = 21.5  # one line of legend text (plotly: 1.3 x 14 px, plus its gap; measured)
_LEGEND_LINE_PX = 18.5  # each further line of a wrapped entry (measured in Chromium)


def _e(text: str) -> str:
    """Escape text for plotly's pseudo-HTML (data names may hold '<' or '&')."""
    return html.escape(str(text), quote=False)


def _wrapped(text: str, width: int) -> str:
    return "<br>".join(_e(x) for x in S.lines(text, width))


def _unique(labels: list[str]) -> list[str]:
    """Category values must differ (plotly merges equal ones): add invisible marks."""
    seen: dict[str, int] = {}
    out = []
    for s in labels:
        k = seen.get(s, 0)
        seen[s] = k + 1
        out.append(s + "\u200b" * k)
    return out


def _rgba(hex_colour: str, opacity: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {opacity})"


def _clean(values) -> list[float | None]:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v) for v in values]


class _Frame:
    """What a kind drew, and the room it needs around its plot area (px)."""

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.layout: dict[str, Any] = {}
        self.annotations: list[dict] = []
        self.shapes: list[dict] = []
        self.legend: list[str] = []  # legend names, in order
        self.plot_px = float(S.PLOT_PX)
        self.below_px = 0.0  # under the plot area: tick labels and axis title
        self.above_px = 0.0  # over it: reference-line labels
        self.left_px = 10.0
        self.right_px = 24.0
        self.x_title = ""  # wrapped once the margins are known
        self.x_standoff = 0.0

    @property
    def narrow_plot_px(self) -> float:
        """The plot's width in the narrowest container (labels are placed for it)."""
        return max(120.0, S.NARROW_CONTAINER - self.left_px - self.right_px)

    def legend_entry(self, name: str) -> str:
        """A placeholder for a legend name, wrapped once the legend's width is known."""
        self.legend.append(name)
        return f"\x00{len(self.legend) - 1}"

    def name_legend(self, width: int) -> list[str]:
        """Wrap every legend name to ``width`` and put it in its trace; the wrapped names."""
        texts = [_wrapped(n, width) for n in self.legend]
        for tr in self.data:
            name = tr.get("name")
            if isinstance(name, str) and name.startswith("\x00"):
                tr["name"] = texts[int(name[1:])]
        return texts


def _legend_px(entries: list[str]) -> float:
    return sum(_LEGEND_ENTRY_PX + _LEGEND_LINE_PX * e.count("<br>") for e in entries) + 16


def _axis_title(text: str, width: int = S.WRAP_AXIS) -> tuple[str, float]:
    """(wrapped title, its height in px)."""
    if not text:
        return "", 0.0
    w = _wrapped(text, width)
    return w, (w.count("<br>") + 1) * S.line_px(S.BASE) + 8


def _ticks_axis(lo: float, hi: float, fmt: str, lang: str) -> dict:
    vals, texts = S.axis_ticks(lo, hi, fmt, lang)
    return {"range": [lo, hi], "tickmode": "array", "tickvals": list(vals), "ticktext": list(texts)}


def _x_title_width(fr: _Frame) -> int:
    """Characters an x-axis title line may hold: it is centred on the plot, so in the
    narrowest container it may run past the plot by the smaller margin on each side."""
    room = fr.narrow_plot_px + 2 * min(fr.left_px, fr.right_px) - 8
    return max(16, min(S.WRAP_AXIS, int(room / (S.BASE * S.EM))))


def _ref_lines(fr: _Frame, spec: ChartSpec, lo: float, hi: float) -> None:
    """Reference lines: vertical ones as shapes, their labels in rows above the plot;
    a labelled horizontal one as a line trace named in the legend."""
    x_lo, x_hi = lo, hi
    vertical = [r for r in spec.refs if r.axis == "x"]
    fracs = [(r.value - lo) / (hi - lo) if hi > lo else 0.5 for r in vertical]
    texts = [_wrapped(r.label, S.WRAP_REF) if r.label else "" for r in vertical]
    widths = [
        S.text_px(max((len(x) for x in S.lines(r.label, S.WRAP_REF)), default=0), S.BASE) + 8
        for r in vertical
    ]
    rows = S.ref_rows(fracs, widths, width=fr.narrow_plot_px)
    row_h = [0.0] * (max(rows, default=-1) + 1)
    for text, k in zip(texts, rows):
        if text:
            row_h[k] = max(row_h[k], (text.count("<br>") + 1) * S.line_px(S.BASE) + 4)
    for r, text, f, k in zip(vertical, texts, fracs, rows):
        fr.shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": r.value,
                "x1": r.value,
                "y0": 0,
                "y1": 1,
                "line": {"color": INK if r.strong else GREY, "width": 1.5, "dash": _DASH[r.style]},
            }
        )
        if text:
            fr.annotations.append(
                {
                    "x": r.value,
                    "xref": "x",
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "yshift": 2 + sum(row_h[:k]),
                    "xanchor": "left" if f < 0.5 else "right",
                    "align": "left" if f < 0.5 else "right",
                    "text": text,
                    "showarrow": False,
                    "font": {"size": S.BASE, "color": INK},
                }
            )
    fr.above_px = max(fr.above_px, sum(row_h))
    for r in spec.refs:
        if r.axis != "y":
            continue
        line = {"color": INK if r.strong else GREY, "width": 1.5, "dash": _DASH[r.style]}
        if r.label:
            # a labelled horizontal line is a trace, named in the legend (a label on the
            # plot would sit on the data)
            fr.data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "x": [x_lo, x_hi],
                    "y": [r.value, r.value],
                    "line": line,
                    "name": fr.legend_entry(r.label),
                    "hoverinfo": "skip",
                    "cliponaxis": True,
                }
            )
            continue
        fr.shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": r.value,
                "y1": r.value,
                "line": line,
            }
        )


# ---------------------------------------------------------------------------- horizontal bars


def _hbars(spec: ChartSpec, lang: str) -> _Frame:
    fr = _Frame()
    cats = list(spec.categories)
    n = len(cats)
    wrapped = [_wrapped(c, S.WRAP_LABEL) for c in cats]
    max_lines = max((w.count("<br>") + 1 for w in wrapped), default=1)
    label_h = max_lines * S.line_px(S.LABEL) + 4
    row = label_h + S.BAR_PX + S.GAP_PX
    fr.plot_px = max(n, 1) * row
    top = -(S.GAP_PX / 2 + label_h + S.BAR_PX / 2) / row
    ys = _unique([_e(c) for c in cats])
    width = S.BAR_PX / row
    drawn = [i for i, s in enumerate(spec.series) if not s.points]

    if spec.kind == "tornado":
        ends = [v for s in spec.series for v in s.values if math.isfinite(v)] + [spec.base]
        ends += [r.value for r in spec.refs if r.axis == "x"]
        lo, hi = spec.x_range or S.padded_range(min(ends), max(ends), zero=False, pad=0.06)
    elif spec.kind == "stacked_hbar":
        totals = [sum(spec.series[i].values[c] for i in drawn) for c in range(n)]
        marks = [v for s in spec.series if s.points for v in s.values]
        top_v = max([*totals, *marks, 0.0])
        lo, hi = spec.x_range or (0.0, (top_v or 1.0) * (1.14 if spec.show_totals else 1.04))
        if spec.x_range and spec.show_totals:
            hi = max(hi, top_v * 1.1)
    else:
        lo, hi = S.bar_range(spec.series[0].values, spec.x_range, spec.show_values)

    def custom(s: Series) -> list[list[str]]:
        return [[_e(c), format_cell(v, spec.value_format, lang)] for c, v in zip(cats, s.values)]

    hover = "%{customdata[0]}<br>%{fullData.name}: %{customdata[1]}<extra></extra>"
    if spec.kind == "hbar":
        s = spec.series[0]
        cols = [
            MUTED
            if spec.muted(i)
            else colour(spec.category_colours[i])
            if spec.category_colours
            else colour(spec.colour_of(0))
            for i in range(n)
        ]
        fr.data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": _e(s.name),
                "y": ys,
                "x": _clean(s.values),
                "width": width,
                "marker": {
                    "color": cols,
                    "pattern": {
                        "shape": ["/" if spec.muted(i) else "" for i in range(n)],
                        "fgcolor": "#FFFFFF",
                        "fillmode": "overlay",
                    },
                    "line": {"color": INK, "width": 1},
                },
                "text": [f"<b>{S.value_text(v, spec.value_format, lang)}</b>" for v in s.values]
                if spec.show_values
                else None,
                "textposition": "outside",
                "textfont": {"size": S.LABEL, "color": INK},
                "cliponaxis": False,
                "customdata": custom(s),
                "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra></extra>",
                "showlegend": False,
            }
        )
    else:
        span = hi - lo or 1.0
        for i in drawn:
            s = spec.series[i]
            c = colour(spec.colour_of(i))
            ink = text_on(c)
            text = None
            if spec.kind == "stacked_hbar" and spec.show_values:
                text = [
                    S.value_text(v, spec.value_format, lang) if math.isfinite(v) and v / span >= 0.07 else ""
                    for v in s.values
                ]
            tr: dict[str, Any] = {
                "type": "bar",
                "orientation": "h",
                "name": fr.legend_entry(s.name) if s.legend else _e(s.name),
                "showlegend": s.legend,
                "y": ys,
                "width": width,
                "marker": {
                    "color": c,
                    "pattern": {
                        "shape": pattern(spec.pattern_of(i)),
                        "fgcolor": ink,
                        "solidity": 0.15,
                        "fillmode": "overlay",
                    },
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                "customdata": custom(s),
                "hovertemplate": hover,
            }
            if s.group:
                tr["legendgroup"] = _e(s.group)
            if spec.kind == "tornado":
                tr["x"] = _clean([v - spec.base for v in s.values])
                tr["base"] = spec.base
            else:
                tr["x"] = _clean(s.values)
            if text is not None:
                tr.update(
                    text=text,
                    textposition="inside",
                    insidetextanchor="middle",
                    textangle=0,
                    textfont={"color": ink, "size": S.TICK},
                )
            fr.data.append(tr)
        for s in spec.series:
            if s.points:
                fr.data.append(
                    {
                        "type": "scatter",
                        "mode": "markers",
                        "name": fr.legend_entry(s.name),
                        "y": ys,
                        "x": _clean(s.values),
                        "marker": {
                            "symbol": s.marker or "diamond",
                            "size": 13,
                            "color": INK,
                            "line": {"color": "#FFFFFF", "width": 1},
                        },
                        "customdata": custom(s),
                        "hovertemplate": hover,
                        "cliponaxis": False,
                    }
                )
        if spec.kind == "stacked_hbar" and spec.show_totals:
            fr.data.append(
                {
                    "type": "scatter",
                    "mode": "text",
                    "x": totals,
                    "y": ys,
                    "text": [f"<b>{S.value_text(v, spec.value_format, lang)}</b>" for v in totals],
                    "textposition": "middle right",
                    "textfont": {"size": S.LABEL, "color": INK},
                    "hoverinfo": "skip",
                    "showlegend": False,
                    "cliponaxis": False,
                }
            )
    _row_names(fr, wrapped, ys, top, n, lo, hi, spec, lang)
    fr.layout["barmode"] = {"stacked_hbar": "stack", "tornado": "overlay"}.get(spec.kind, "relative")
    fr.right_px = 56.0 if spec.show_values or spec.show_totals else 24.0
    _ref_lines(fr, spec, lo, hi)
    return fr


# ---------------------------------------------------------------------------- waterfall


def step_text(spec: ChartSpec, k: int, v: float, lang: str) -> str:
    """What a waterfall bar prints: a total as it is, a change signed ('+£1.2m', '-£3m')."""
    text = S.value_text(v, spec.value_format, lang)
    return f"+{text}" if k > 0 and v > 0 else text


def _waterfall(spec: ChartSpec, lang: str) -> _Frame:
    """A step chart laid out like the horizontal bars (each step's name above its bar):
    totals from zero, changes from the running total, each bar's value printed to the
    right of it (a change signed); hovering gives the running total."""
    fr = _Frame()
    cats = list(spec.categories)
    n = len(cats)
    wrapped = [_wrapped(c, S.WRAP_LABEL) for c in cats]
    max_lines = max((w.count("<br>") + 1 for w in wrapped), default=1)
    label_h = max_lines * S.line_px(S.LABEL) + 4
    row = label_h + S.BAR_PX + S.GAP_PX
    fr.plot_px = max(n, 1) * row
    top = -(S.GAP_PX / 2 + label_h + S.BAR_PX / 2) / row
    ys = _unique([_e(c) for c in cats])
    width = S.BAR_PX / row
    fr.right_px = 24.0
    steps = spec.steps()
    texts = [step_text(spec, k, v, lang) for k, v, _, _ in steps]
    edges = [max(a, b) for _, _, a, b in steps]
    ends = [0.0, *(x for _, _, a, b in steps for x in (a, b)), *(r.value for r in spec.refs if r.axis == "x")]
    lo = min(ends)
    lo = lo - 0.04 * (max(ends) - lo) if lo < 0 else lo
    if spec.x_range:
        lo, hi = spec.x_range
    else:
        # each value is printed right of its bar: leave it room in the narrowest plot
        plot_px = fr.narrow_plot_px
        need = [
            (e - lo) / max(0.05, 1 - (S.text_px(len(t), S.LABEL) + 10) / plot_px)
            for e, t in zip(edges, texts)
        ]
        hi = lo + max([*need, (max(ends) - lo) * 1.04, 1.0])
    for k, s in enumerate(spec.series):
        idx = [c for c, st in enumerate(steps) if st[0] == k]
        if not idx:
            continue
        col = colour(spec.colour_of(k))
        fr.data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": fr.legend_entry(s.name) if s.legend else _e(s.name),
                "showlegend": s.legend,
                "y": [ys[c] for c in idx],
                "x": [steps[c][3] - steps[c][2] for c in idx],
                "base": [steps[c][2] for c in idx],
                "width": width,
                "marker": {
                    "color": col,
                    "pattern": {
                        "shape": pattern(spec.pattern_of(k)),
                        "fgcolor": text_on(col),
                        "solidity": 0.15,
                        "fillmode": "overlay",
                    },
                    "line": {"color": INK, "width": 1},
                },
                "customdata": [
                    [_e(cats[c]), texts[c], format_cell(steps[c][3], spec.value_format, lang)] for c in idx
                ],
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]} → %{customdata[2]}<extra></extra>",
            }
        )
    fr.data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": edges,
            "y": ys,
            "text": [f"<b>{_e(t)}</b>" for t in texts],
            "textposition": "middle right",
            "textfont": {"size": S.LABEL, "color": INK},
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    _row_names(fr, wrapped, ys, top, n, lo, hi, spec, lang)
    fr.layout["barmode"] = "overlay"
    _ref_lines(fr, spec, lo, hi)
    return fr


# ---------------------------------------------------------------------------- vertical bars


def _grouped_bar(spec: ChartSpec, lang: str) -> _Frame:
    fr = _Frame()
    xs = _unique([_e(c) for c in spec.categories])
    labels = [_wrapped(c, S.WRAP_COL) for c in spec.categories]
    vals = [v for s in spec.series for v in s.values if math.isfinite(v)]
    lo, hi = spec.x_range or S.padded_range(min(vals, default=0.0), max(vals, default=1.0))
    for i, s in enumerate(spec.series):
        c = colour(spec.colour_of(i))
        fr.data.append(
            {
                "type": "bar",
                "name": fr.legend_entry(s.name),
                "x": xs,
                "y": _clean(s.values),
                "marker": {
                    "color": c,
                    "pattern": {
                        "shape": pattern(spec.pattern_of(i)),
                        "fgcolor": text_on(c),
                        "fillmode": "overlay",
                    },
                },
                "customdata": [format_cell(v, spec.value_format, lang) for v in s.values],
                "hovertemplate": "%{x}<br>%{fullData.name}: %{customdata}<extra></extra>",
            }
        )
    fr.layout["barmode"] = "group"
    fr.below_px = max((w.count("<br>") + 1 for w in labels), default=1) * S.line_px(S.TICK) + 10
    fr.x_title = spec.x_title
    fr.layout["xaxis"] = {
        "type": "category",
        "tickmode": "array",
        "tickvals": xs,
        "ticktext": labels,
        "tickangle": 0,
        "showgrid": False,
    }
    fr.layout["yaxis"] = {**_ticks_axis(lo, hi, spec.value_format, lang), **_y_title(fr, spec, lo, hi, lang)}
    _ref_lines(fr, spec, -0.5, len(xs) - 0.5)
    return fr


def _y_title(fr: _Frame, spec: ChartSpec, lo: float, hi: float, lang: str) -> dict:
    """The y axis title (wrapped) and a left margin that holds it and the tick labels."""
    _, texts = S.axis_ticks(lo, hi, spec.value_format, lang)
    tick_w = S.text_px(max((len(t) for t in texts), default=1), S.TICK) + 12
    title, h = _axis_title(spec.y_title, S.WRAP_Y_AXIS)
    fr.left_px = tick_w + (h + 8 if h else 0) + 6
    return {"title": {"text": title}} if title else {}


# ---------------------------------------------------------------------------- lines and points


def _xy_range(spec: ChartSpec) -> tuple[float, float, float, float]:
    xs = [x for s in spec.series for x in (s.x or range(len(s.values)))]
    ys = [v for s in spec.series for v in s.values if v is not None and math.isfinite(v)]
    ys += [r.value for r in spec.refs if r.axis == "y"]
    if spec.x_range:
        x_lo, x_hi = spec.x_range
    elif spec.kind == "scatter":
        x_lo, x_hi = S.padded_range(min(xs, default=0.0), max(xs, default=1.0), pad=0.08)
        x_lo -= (x_hi - x_lo) * 0.04  # room for a marker at the smallest x
    else:
        x_lo, x_hi = float(min(xs, default=0.0)), float(max(xs, default=1.0))
        if x_hi <= x_lo:
            x_hi = x_lo + 1.0
    if spec.y_range:
        y_lo, y_hi = spec.y_range
    else:
        y_lo, y_hi = S.padded_range(min(ys, default=0.0), max(ys, default=1.0))
    return float(x_lo), float(x_hi), float(y_lo), float(y_hi)


def _xy(spec: ChartSpec, lang: str) -> _Frame:
    fr = _Frame()
    x_lo, x_hi, y_lo, y_hi = _xy_range(spec)
    scatter = spec.kind == "scatter"

    def xs_of(s: Series) -> list[float]:
        return [float(x) for x in (s.x if s.x is not None else range(len(s.values)))]

    def custom(s: Series) -> list[list[str]]:
        return [
            [format_cell(x, spec.x_format, lang), format_cell(v, spec.value_format, lang)]
            for x, v in zip(xs_of(s), s.values)
        ]

    hover = "<b>%{fullData.name}</b><br>%{customdata[0]}: %{customdata[1]}<extra></extra>"
    for b in spec.bands:
        lo_s, hi_s = spec.series[b.lower], spec.series[b.upper]
        fr.data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs_of(hi_s),
                "y": _clean(hi_s.values),
                "line": {"width": 0},
                "showlegend": False,
                "hoverinfo": "skip",
                "name": _e(hi_s.name),
            }
        )
        fr.data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs_of(lo_s),
                "y": _clean(lo_s.values),
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": _rgba(colour(b.colour), b.opacity),
                "name": fr.legend_entry(b.name),
                "hoverinfo": "skip",
            }
        )
    label_points: list[tuple[float, float, str, int]] = []
    for i, s in enumerate(spec.series):
        if s.style == "none":
            continue
        c = colour(spec.colour_of(i))
        sym = s.marker or marker(i)
        if s.hollow:
            sym += "-open"
        style = s.style or ("markers" if scatter else LINE_STYLES[i % len(LINE_STYLES)])
        tr: dict[str, Any] = {
            "type": "scatter",
            "x": xs_of(s),
            "y": _clean(s.values),
            "name": fr.legend_entry(s.name) if s.legend else _e(s.name),
            "showlegend": s.legend,
            "customdata": custom(s),
            "hovertemplate": hover,
            "cliponaxis": False,
        }
        if s.group:
            tr["legendgroup"] = _e(s.group)
        if style == "markers":
            tr["mode"] = "markers"
            tr["marker"] = {
                "symbol": sym,
                "size": 16 if scatter else 12,
                "color": c,
                "line": {"color": c if s.hollow else INK, "width": 2.5 if s.hollow else 1},
            }
            if s.labels:
                label_points += [(x, v, lab, i) for x, v, lab in zip(xs_of(s), s.values, s.labels) if lab]
        else:
            dash = style if style in _DASH else "solid"
            tr["mode"] = "lines+markers" if style == "lines+markers" else "lines"
            tr["line"] = {"color": c, "width": 2.5, "dash": _DASH.get(dash, "solid")}
            if style == "lines+markers":
                tr["marker"] = {"symbol": sym, "size": 8, "maxdisplayed": 12, "color": c}
        fr.data.append(tr)
    fr.layout["yaxis"] = {
        **_ticks_axis(y_lo, y_hi, spec.value_format, lang),
        "showgrid": True,
        **_y_title(fr, spec, y_lo, y_hi, lang),
    }
    fr.right_px = 30.0
    if label_points:
        fx = [(x - x_lo) / (x_hi - x_lo) for x, _, _, _ in label_points]
        fy = [(v - y_lo) / (y_hi - y_lo) for _, v, _, _ in label_points]
        texts = ["\n".join(S.lines(lab, S.WRAP_REF)) for _, _, lab, _ in label_points]
        others = [
            ((x - x_lo) / (x_hi - x_lo), (v - y_lo) / (y_hi - y_lo))
            for s in spec.series
            if s.points and not s.labels
            for x, v in zip(xs_of(s), s.values)
        ]
        offs = S.label_offsets(list(zip(fx, fy)), texts, obstacles=others, width=fr.narrow_plot_px)
        for (x, v, _lab, _i), text, (dx, dy) in zip(label_points, texts, offs):
            fr.annotations.append(
                {
                    "x": x,
                    "y": v,
                    "xref": "x",
                    "yref": "y",
                    "text": "<br>".join(_e(t) for t in text.split("\n")),
                    "showarrow": True,
                    "arrowhead": 0,
                    "arrowwidth": 1,
                    "arrowcolor": GREY,
                    "ax": dx,
                    "ay": -dy,
                    "standoff": 9,
                    "font": {"size": S.BASE, "color": INK},
                    "bgcolor": "rgba(255,255,255,0.85)",
                }
            )
    fr.below_px = S.line_px(S.TICK) + 18
    fr.x_title = spec.x_title
    fr.layout["xaxis"] = {
        **_ticks_axis(x_lo, x_hi, spec.x_format, lang),
        "showgrid": True,
        "ticklabelstandoff": 8,
    }
    _ref_lines(fr, spec, x_lo, x_hi)
    return fr


# ---------------------------------------------------------------------------- heatmap


def _col_labels(names: list[str], col_px: float) -> tuple[list[str], int, float]:
    """Column labels that fit columns ``col_px`` wide in the narrowest container:
    horizontal and wrapped when every word fits, else turned upright (-90 degrees) on as
    many lines as the column holds. Returns (labels, angle, depth in px)."""
    fit = int(col_px / (S.TICK * S.EM))
    width = min(S.WRAP_COL, fit)
    words = max((len(w) for n in names for w in n.split()), default=1)
    if fit >= 5 and words <= width:
        lab = [S.lines(n, width) for n in names]
        return (
            ["<br>".join(_e(x) for x in ls) for ls in lab],
            0,
            max((len(ls) for ls in lab), default=1) * S.line_px(S.TICK) + 12,
        )
    room = max(1, int(col_px // S.line_px(S.TICK)))
    width = 18
    while width < 60 and max((len(S.lines(n, width)) for n in names), default=1) > room:
        width += 2
    lab = [S.lines(n, width) for n in names]
    longest = max((len(x) for ls in lab for x in ls), default=1)
    return ["<br>".join(_e(x) for x in ls) for ls in lab], -90, S.text_px(longest, S.TICK) + 14


def _heatmap(spec: ChartSpec, lang: str) -> _Frame:
    fr = _Frame()
    n, m = len(spec.categories), len(spec.series)
    row_lines = [S.lines(c, S.WRAP_ROW) for c in spec.categories]
    rows = _unique(["<br>".join(_e(x) for x in ls) for ls in row_lines])
    longest = max((len(x) for ls in row_lines for x in ls), default=4)
    fr.left_px = S.text_px(longest, S.TICK) + 14
    fr.right_px = 12.0
    col_px = fr.narrow_plot_px / max(m, 1)
    labels, angle, depth = _col_labels([s.name for s in spec.series], col_px)
    cols = _unique(labels)
    z = [[spec.series[j].values[i] for j in range(m)] for i in range(n)]
    finite = [v for r in z for v in r if v is not None and math.isfinite(v)]
    lo, hi = spec.x_range or (min(finite, default=0.0), max(finite, default=1.0))
    if hi <= lo:
        hi = lo + 1.0
    cells = [[spec.cell_text(i, j, lang) for j in range(m)] for i in range(n)]
    cell_lines = max((c.count("\n") + 1 for r in cells for c in r), default=1)
    cell_chars = max((len(x) for r in cells for c in r for x in c.split("\n")), default=1)
    cell_size = max(11.0, min(float(S.CELL), (col_px - 4) / (cell_chars * S.EM)))
    row_px = max(
        34.0,
        max((len(ls) for ls in row_lines), default=1) * S.line_px(S.TICK) + 10,
        cell_lines * S.line_px(cell_size) + 10,
    )
    fr.plot_px = max(n, 1) * row_px
    stops = scale_stops(spec.dark_high)
    fr.data.append(
        {
            "type": "heatmap",
            "z": [_clean(r) for r in z],
            "x": cols,
            "y": rows,
            "zmin": lo,
            "zmax": hi,
            "colorscale": [[k / (len(stops) - 1), c] for k, c in enumerate(stops)],
            "showscale": False,
            "xgap": 2,
            "ygap": 2,
            "customdata": [[_e(c).replace("\n", " ") for c in r] for r in cells],
            "hovertemplate": "%{y}<br>%{x}: %{customdata}<extra></extra>",
        }
    )
    tx, ty, tt, tc = [], [], [], []
    for i in range(n):
        for j in range(m):
            v = z[i][j]
            tx.append(cols[j])
            ty.append(rows[i])
            tt.append("<br>".join(_e(x) for x in cells[i][j].split("\n")))
            ok = v is not None and math.isfinite(v)
            tc.append(text_on(scale_colour((v - lo) / (hi - lo), spec.dark_high)) if ok else INK)
    fr.data.append(
        {
            "type": "scatter",
            "mode": "text",
            "x": tx,
            "y": ty,
            "text": tt,
            "textfont": {"size": round(cell_size, 1), "color": tc},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    for r, c in spec.marked:
        fr.shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": c - 0.5,
                "x1": c + 0.5,
                "y0": r - 0.5,
                "y1": r + 0.5,
                "line": {"color": INK, "width": 4},
            }
        )
    fr.below_px = depth
    fr.x_title = spec.x_title
    fr.layout["xaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": cols,
        "side": "bottom",
        "showgrid": False,
        "tickangle": angle,
        "ticks": "",
    }
    fr.layout["yaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": rows,
        "autorange": "reversed",
        "showgrid": False,
        "ticks": "",
    }
    return fr


_KIND = {
    "hbar": _hbars,
    "stacked_hbar": _hbars,
    "tornado": _hbars,
    "grouped_bar": _grouped_bar,
    "line": _xy,
    "scatter": _xy,
    "heatmap": _heatmap,
    "waterfall": _waterfall,
}


def figure_dict(spec: ChartSpec, lang: str = "en") -> dict:
    """The plotly figure as plain JSON-ready data (``{'data': [...], 'layout': {...}}``),
    laid out in pixels: height, margins and legend position follow from the text, and
    plotly is told not to move them (``margin.autoexpand`` off)."""
    if spec.kind == "line" and spec.base and not any(r.axis == "x" for r in spec.refs):
        # the report's line charts mark a position on x with ``base``
        spec = replace(spec, refs=(*spec.refs, RefLine("x", spec.base, style="dot")))
    fr = _KIND[spec.kind](spec, lang)
    if fr.x_title:
        text, h = _axis_title(fr.x_title, _x_title_width(fr))
        axis = fr.layout.setdefault("xaxis", {})
        axis["title"] = {"text": text, "standoff": 8 + axis.get("ticklabelstandoff", 0)}
        fr.below_px += h + 6
    title = _wrapped(spec.title, S.WRAP_TITLE) if spec.title else ""
    title_px = (title.count("<br>") + 1) * S.line_px(S.TITLE) + 18 if title else 0.0
    top = max(12.0, title_px + fr.above_px + (6 if fr.above_px else 0))
    # the legend starts at the plot's left edge (a legend placed by the container makes
    # plotly misplace the y-axis title), so its names wrap to what is left of the
    # narrowest container beside the legend's symbols
    legend_chars = max(
        16, min(S.WRAP_LEGEND, int((S.NARROW_CONTAINER - fr.left_px - 52) / (S.LEGEND * S.EM)))
    )
    legend_px = _legend_px(fr.name_legend(legend_chars)) if fr.legend else 0.0
    bottom = fr.below_px + (legend_px + 6 if legend_px else 0) + 6
    height = math.ceil(top + fr.plot_px + bottom)
    layout: dict[str, Any] = {
        **fr.layout,
        "height": height,
        "margin": {
            "l": math.ceil(fr.left_px),
            "r": math.ceil(fr.right_px),
            "t": math.ceil(top),
            "b": math.ceil(bottom),
            "pad": 0,
            "autoexpand": False,
        },
        "showlegend": bool(fr.legend),
    }
    if fr.annotations:
        layout["annotations"] = fr.annotations
    if fr.shapes:
        layout["shapes"] = fr.shapes
    if title:
        layout["title"] = {
            "text": title,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            # plotly sets a title's first baseline, not its top, at 'top': 22 px down
            # puts the top of the text 8 px below the edge
            "y": 1 - 22 / height,
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 8},
            "font": {"size": S.TITLE, "color": INK},
        }
    if fr.legend:
        layout["legend"] = {
            "orientation": "v",
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": (legend_px + 2) / height,
            "yanchor": "top",
            "traceorder": "normal",
            "itemclick": False,
            "itemdoubleclick": False,
            # plotly caps a legend outside the plot area at half the figure's height and
            # scrolls (clips) the rest; the bottom margin was sized to hold all of it
            "maxheight": height,
        }
    return {"data": fr.data, "layout": layout}


def to_plotly(spec: ChartSpec, lang: str = "en") -> go.Figure:
    """The plotly figure of ``spec`` in ``lang`` (every kind; see the module docstring).

    Built without plotly's property validation (a tenth of the time; the figure data
    are made here, and the tests build every kind again with validation on)."""
    d = figure_dict(spec, lang)
    return go.Figure(data=d["data"], layout={**d["layout"], "template": TEMPLATE}, _validate=False)


def _row_names(fr: _Frame, wrapped, ys, top, n, lo, hi, spec: ChartSpec, lang: str) -> None:
    """Each bar row's name above its bar, and the value and category axes, as every
    horizontal bar kind (bars, stacked, tornado, waterfall) lays them out."""
    for i, w in enumerate(wrapped):
        fr.annotations.append(
            {
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "align": "left",
                "y": ys[i],
                "yref": "y",
                "yanchor": "bottom",
                "yshift": S.BAR_PX / 2 + 1,
                "text": w,
                "showarrow": False,
                "font": {"size": S.LABEL, "color": INK},
                # reference lines and grid lines pass behind a name, not through it
                "bgcolor": "rgba(255,255,255,0.9)",
            }
        )
    fr.x_title = spec.x_title
    fr.below_px = S.line_px(S.TICK) + 10
    fr.layout["xaxis"] = {**_ticks_axis(lo, hi, spec.value_format, lang), "showgrid": True}
    fr.layout["yaxis"] = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": ys,
        "range": [top + n, top],
        "showticklabels": False,
        "showgrid": False,
        "ticks": "",
    }
