"""Horizontal bar charts drawn on the server as SVG, for the live ranking on the weights page.

A slider move reruns the ranking fragment; with plotly the browser then re-lays out and
repaints two charts (``Plotly.react``) before the new ranking shows, and on a 2-core machine
that is most of the wait. An SVG sent with the page is painted at once. The chart is the
same :class:`~appraisal.charts.spec.ChartSpec` the plotly and matplotlib renderers draw,
laid out as :func:`appraisal.charts.plotly_render.to_plotly` lays out its horizontal bars
(each category named above its bar, wrapped at ``style.WRAP_LABEL``; the value printed
after the bar; comparators grey and hatched; the value axis under the bars), so the page
looks as it did.

Widths are unknown on the server: bars and ticks sit at a share of the plot's width (SVG
``width="37%"``), and text keeps its size in px, so the chart holds at any width from a
phone's up. The SVG is the plot area; the printed values and the end ticks run into the
padding of the ``<div>`` round it (``RIGHT_PX``, ``LEFT_PX``; the SVG's overflow is
visible), so nothing is cut. Each bar has a hover title; the picture has ``role="img"``
and the caption as its accessible name; every text is escaped.
"""

from __future__ import annotations

import math
from html import escape

from appraisal.charts import style as S
from appraisal.charts.palette import GRID, INK, MUTED, colour
from appraisal.charts.spec import ChartSpec

FONT = "'Source Sans Pro', 'Source Sans', Arial, sans-serif"
RIGHT_PX = 56  # room right of the plot for the printed values (and the last tick's half)
LEFT_PX = 12  # room left of it for the first tick's half
TOP_PX = 4
AXIS_GAP_PX = 6  # plot bottom to the tick labels' top
#: A white outline under a bar's name, so grid lines pass behind it, not through it.
HALO = {"stroke": "#FFFFFF", "stroke_width": "4", "stroke_linejoin": "round", "paint_order": "stroke"}


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _text_lines(lines: list[str], x: str, y0: float, size: float, **attrs: str) -> str:
    """``lines`` as one ``<text>`` of ``<tspan>``s, the first line's middle at ``y0``."""
    extra = "".join(f' {k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    step = S.line_px(size)
    spans = "".join(
        f'<tspan x="{x}" y="{_num(y0 + step * i)}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text font-size="{_num(size)}" fill="{INK}" dominant-baseline="central"{extra}>{spans}</text>'


def hbar_svg(spec: ChartSpec, lang: str = "en", *, alt: str = "", uid: str = "") -> str:
    """One ``hbar`` spec as an HTML fragment holding its SVG (see the module docstring).

    ``uid`` makes the hatch pattern's id unique on the page (default: the spec's key)."""
    if spec.kind != "hbar":
        raise ValueError(f"hbar_svg draws 'hbar' charts, not {spec.kind!r}")
    uid = escape(uid or spec.key or "bars")
    cats = list(spec.categories)
    n = len(cats)
    s = spec.series[0]
    wrapped = [S.lines(c, S.WRAP_LABEL) or [""] for c in cats]
    max_lines = max((len(w) for w in wrapped), default=1)
    label_h = max_lines * S.line_px(S.LABEL) + 4
    row = label_h + S.BAR_PX + S.GAP_PX
    plot_h = max(n, 1) * row
    lo, hi = S.bar_range(s.values, spec.x_range, spec.show_values)
    span = (hi - lo) or 1.0

    def pct(v: float) -> str:
        return f"{_num(100 * min(max((v - lo) / span, 0.0), 1.0))}%"

    hatch = f"pair-hatch-{uid}"
    tick_vals, tick_texts = S.axis_ticks(lo, hi, spec.value_format, lang)
    grid = "".join(
        f'<line x1="{pct(v)}" x2="{pct(v)}" y1="0" y2="{_num(plot_h)}" stroke="{GRID}" stroke-width="1"/>'
        for v in tick_vals
    )
    bars, names, values = [], [], []
    for i, (c, lines) in enumerate(zip(cats, wrapped)):
        v = s.values[i]
        y_bar = i * row + S.GAP_PX / 2 + label_h
        names.append(
            _text_lines(
                lines,
                "0",
                y_bar - label_h + 2 + S.line_px(S.LABEL) / 2,
                S.LABEL,
                class_="pair-bars-name",
                **HALO,
            )
        )
        if v is None or not math.isfinite(v):
            continue
        muted = spec.muted(i)
        fill = (
            MUTED
            if muted
            else colour(spec.category_colours[i])
            if spec.category_colours
            else colour(spec.colour_of(0))
        )
        x0, x1 = sorted((pct(min(max(0.0, lo), hi)), pct(v)), key=lambda p: float(p[:-1]))
        w = f"{_num(float(x1[:-1]) - float(x0[:-1]))}%"
        shown = S.value_text(v, spec.value_format, lang)
        geo = f'x="{x0}" y="{_num(y_bar)}" width="{w}" height="{S.BAR_PX}"'
        paint = f'<rect {geo} fill="{fill}" stroke="{INK}" stroke-width="1"/>'
        if muted:
            paint += f'<rect {geo} fill="url(#{hatch})" stroke="none"/>'
        bars.append(f'<g class="pair-bars-bar"><title>{escape(c)}: {escape(shown)}</title>{paint}</g>')
        if spec.show_values:
            values.append(
                f'<text class="pair-bars-value" x="{x1}" dx="6" y="{_num(y_bar + S.BAR_PX / 2)}" '
                f'font-size="{S.LABEL}" font-weight="700" fill="{INK}" dominant-baseline="central">'
                f"{escape(shown)}</text>"
            )
    tick_y = plot_h + AXIS_GAP_PX + S.line_px(S.TICK) / 2
    ticks = "".join(
        f'<text class="pair-bars-tick" x="{pct(v)}" y="{_num(tick_y)}" font-size="{S.TICK}" fill="{INK}" '
        f'text-anchor="middle" dominant-baseline="central">{escape(t)}</text>'
        for v, t in zip(tick_vals, tick_texts)
    )
    title_lines = S.lines(spec.x_title, S.WRAP_AXIS)
    title_y = plot_h + AXIS_GAP_PX + S.line_px(S.TICK) + 6 + S.line_px(S.BASE) / 2
    axis_title = (
        _text_lines(title_lines, "50%", title_y, S.BASE, text_anchor="middle", class_="pair-bars-axis-title")
        if title_lines
        else ""
    )
    height = title_y + S.line_px(S.BASE) * (len(title_lines) - 0.5) + 4 if title_lines else tick_y + 12
    defs = (
        f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#FFFFFF" stroke-width="1.5"/></pattern></defs>'
    )
    body = f"{grid}{''.join(bars)}{''.join(names)}{''.join(values)}{ticks}{axis_title}"
    return (
        f'<div class="pair-bars" style="font-family:{FONT};color:{INK};padding:{TOP_PX}px {RIGHT_PX}px 0 '
        f'{LEFT_PX}px">'
        f'<svg class="pair-bars-plot" data-chart="{uid}" width="100%" height="{_num(height)}" '
        f'role="img" aria-label="{escape(alt)}" style="display:block;overflow:visible;font-family:{FONT}">'
        f"{defs}{body}</svg></div>"
    )
