"""The one chart style: type sizes, wrap widths, text measures, axis ticks and point-label
placement, shared by the plotly and the matplotlib renderers.

Widths are chosen so nothing is cut in a 390 px container (a phone) and nothing overlaps
at 1400 px: a category label above its bar holds ``WRAP_LABEL`` characters at
``LABEL`` px, a title ``WRAP_TITLE`` at ``TITLE`` px, and so on. Text is measured at
``EM`` of the font size a character, generous for Source Sans and Arial, so margins sized
from the longest label (in the current language) always hold it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from appraisal.charts.text import wrap_lines
from appraisal.i18n.formatting import format_cell

#: Streamlit's own web font first (already loaded by the app), then Arial metrics.
FONT_FAMILY = "Source Sans, Source Sans Pro, Arial, sans-serif"
BASE = 15  # axis titles, annotations
TITLE = 16
TICK = 14
LEGEND = 14
LABEL = 15  # a category's name above its bar
CELL = 14  # heatmap cell text
EM = 0.56  # average character width, in font sizes (generous)
LINE = 1.3  # line height, in font sizes

WRAP_TITLE = 38
WRAP_LABEL = 34
WRAP_LEGEND = 32
WRAP_AXIS = 42
WRAP_Y_AXIS = 30
WRAP_ROW = 18
WRAP_COL = 12
WRAP_REF = 18

#: Bar thickness and the gap under it (px) in horizontal bar charts.
BAR_PX = 24
GAP_PX = 14
#: Plot-area height (px) of line and scatter charts.
PLOT_PX = 320
#: The narrowest container (px) a chart must fit: a 390 px phone less the page's padding.
NARROW_CONTAINER = 360
#: The smallest plot width (px) labels are placed for when a chart does not say.
NARROW_PX = 240


def text_px(n_chars: int, size: float) -> float:
    """Estimated width (px) of ``n_chars`` characters at ``size`` px."""
    return n_chars * size * EM


def line_px(size: float) -> float:
    return size * LINE


def lines(text: str, width: int) -> list[str]:
    return wrap_lines(text, width) if text else []


# ---------------------------------------------------------------------------- ticks


def nice_step(span: float, n: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``n`` intervals."""
    if not span or not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw * 0.999:
            return m * mag
    return 10 * mag  # pragma: no cover - the loop always returns


def padded_range(lo: float, hi: float, *, pad: float = 0.06, zero: bool = True) -> tuple[float, float]:
    """``[lo, hi]`` widened by ``pad`` of its span each side (to 0 when ``zero`` and the
    data do not cross it), never empty."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo or max(abs(hi), 1.0)
    lo2 = lo - span * pad if lo < 0 or not zero else lo
    hi2 = hi + span * pad if hi > 0 or not zero else hi
    return float(lo2), float(hi2)


def bar_range(
    values: Sequence[float | None], x_range: tuple[float, float] | None, show_values: bool
) -> tuple[float, float]:
    """The value axis of one-series horizontal bars: the spec's range, else from the
    lower of 0 and the least value to the largest with room for its printed value."""
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if x_range:
        return x_range[0], x_range[1]
    top = max([*vals, 0.0])
    return min([*vals, 0.0]), (top or 1.0) * (1.16 if show_values else 1.04)


def ticks(lo: float, hi: float, n: int = 5) -> tuple[float, ...]:
    step = nice_step(hi - lo, n)
    start = math.ceil(lo / step - 1e-9) * step
    out = []
    v = start
    while v <= hi + step * 1e-9:
        out.append(0.0 if abs(v) < step * 1e-9 else round(v, 12))
        v += step
    return tuple(out)


def compact_money(v: float, step: float = 0.0) -> str:
    """Money for an axis: '£1.2m', '£350k', '-£2m', '£0'."""
    sign = "-" if v < 0 else ""
    a = abs(v)
    for unit, div in (("m", 1e6), ("k", 1e3)):
        if a >= div or (step >= div and a > 0):
            x = a / div
            text = f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.1f}"
            return f"{sign}£{text}{unit}"
    return f"{sign}£{a:.0f}"


def tick_text(v: float, fmt: str, lang: str, step: float = 1.0) -> str:
    """One axis tick in the chart's format and language (compact money)."""
    if fmt.startswith("gbp"):
        return compact_money(v, step)
    if fmt.startswith("pct"):
        return format_cell(v, "pct0" if step >= 0.01 - 1e-12 else "pct1", lang)
    if fmt == "text":
        return str(v)
    whole = abs(step - round(step)) < 1e-9 and abs(v - round(v)) < 1e-9
    return format_cell(v, "int" if whole else "num1" if step >= 0.1 - 1e-12 else "num2", lang)


def axis_ticks(
    lo: float, hi: float, fmt: str, lang: str, n: int = 5
) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """Tick values and their text for an axis from ``lo`` to ``hi``."""
    vals = ticks(lo, hi, n)
    step = nice_step(hi - lo, n)
    return vals, tuple(tick_text(v, fmt, lang, step) for v in vals)


def value_text(v: float, fmt: str, lang: str) -> str:
    """A value printed on a chart (compact money; otherwise the table format)."""
    if fmt.startswith("gbp") and abs(v) >= 1e4:
        a = abs(v)
        sign = "-" if v < 0 else ""
        return f"{sign}£{a / 1e6:.1f}m" if a >= 1e6 else f"{sign}£{a / 1e3:.0f}k"
    return format_cell(v, fmt, lang)


# ---------------------------------------------------------------------------- point labels

#: Candidate label offsets (px, y up) around a point, nearest first.
_RING = tuple(
    (round(r * math.cos(math.radians(a))), round(r * math.sin(math.radians(a))))
    for r in (22, 36, 52)
    for a in (45, -45, 135, -135, 90, -90, 0, 180)
)


def label_offsets(
    points: Sequence[tuple[float, float]],
    labels: Sequence[str],
    *,
    width: float = NARROW_PX,
    height: float = PLOT_PX,
    marker_px: float = 18,
    size: float = BASE,
    obstacles: Sequence[tuple[float, float]] = (),
) -> tuple[tuple[int, int], ...]:
    """Offsets (dx, dy in px, y up) that keep each point's label (lines split by a
    newline) clear of the other labels, of every marker and of the plot's edges, for
    points given as fractions
    (0-1) of the axes. Placed for the narrowest plot (``width``): wider is only easier.
    Labels that cannot be placed clear keep the nearest offset. ``size`` is the text's
    size in the same units as ``width`` (px for plotly, points for matplotlib);
    ``obstacles`` are other marked points (fractions) a label must not cover.
    Deterministic."""
    k = size / BASE
    ring = [(round(dx * k), round(dy * k)) for dx, dy in _RING]
    pts = [(x * width, y * height) for x, y in points]
    r = marker_px / 2 + 1
    markers = [(px - r, py - r, px + r, py + r) for px, py in pts]
    markers += [(x * width - r, y * height - r, x * width + r, y * height + r) for x, y in obstacles]
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[int, int]] = []
    for (px, py), label in zip(pts, labels):
        rows = label.split("\n")
        w = text_px(max(len(x) for x in rows), size) + 6 * k
        h = line_px(size) * len(rows) + 2 * k
        choice = ring[0]
        for dx, dy in ring:
            cx, cy = px + dx, py + dy
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
            if inside and not any(_overlap(box, o) for o in (*placed, *markers)):
                choice = (dx, dy)
                break
        cx, cy = px + choice[0], py + choice[1]
        placed.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
        out.append(choice)
    return tuple(out)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def label_box_px(
    lines_: Sequence[str], size: float = BASE, *, bold_first: bool = False
) -> tuple[float, float]:
    """(width, height) in px of a label of ``lines_`` at ``size`` px (a bold first line is
    a tenth wider), with a little padding."""
    widths = [text_px(len(x), size) * (1.1 if bold_first and i == 0 else 1.0) for i, x in enumerate(lines_)]
    return max(widths, default=0.0) + 4, line_px(size) * max(len(lines_), 1) + 2


def _sides(r: float, gap: float) -> tuple[tuple[str, str, float, float], ...]:
    """Where a label may sit around a marker of half size ``r``, in the order tried:
    (xanchor, yanchor, dx, dy) in px, y up as plotly counts it. Beside it first (a label
    beside a marker reads as its name), then under and over it (centred, then flush
    with either side of the marker), then off its corners."""
    c = r * 0.7 + gap  # clear of a round marker's corner
    return (
        ("left", "middle", r + gap, 0.0),
        ("right", "middle", -r - gap, 0.0),
        ("center", "top", 0.0, -r - gap),
        ("center", "bottom", 0.0, r + gap),
        ("left", "top", -r, -r - gap),
        ("right", "top", r, -r - gap),
        ("left", "bottom", -r, r + gap),
        ("right", "bottom", r, r + gap),
        ("left", "top", c, -c),
        ("right", "top", -c, -c),
        ("left", "bottom", c, c),
        ("right", "bottom", -c, c),
    )


def label_box_at(
    point: tuple[float, float], box: tuple[float, float], place: tuple[str, str, float, float]
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1; px, y down) a label of size ``box`` takes at ``point``
    placed as ``place_labels`` says."""
    (x, y), (w, h), (xa, ya, dx, dy) = point, box, place
    left = x + dx - (w / 2 if xa == "center" else w if xa == "right" else 0)
    top = (y - dy) - (h / 2 if ya == "middle" else 0 if ya == "top" else h)
    return (left, top, left + w, top + h)


def place_labels(
    points: Sequence[tuple[float, float]],
    radii: Sequence[float],
    boxes: Sequence[tuple[float, float]],
    *,
    widths: Sequence[float],
    height: float,
    gap: float = 3.0,
    budget: int = 20_000,
    strict: bool = False,
) -> tuple[tuple[str, str, float, float], ...] | None:
    """Where each marker's label goes so that labels are clear of each other, of every
    marker and of the plot's edges: for each, (xanchor, yanchor, xshift, yshift) in px
    as a plotly annotation at the marker takes them (y up).

    ``points`` are the markers' centres as fractions (0-1) of the plot's width and height
    (y up), ``radii`` their half sizes in px, ``boxes`` each label's (width, height) in px
    (``label_box_px``). Markers and labels keep their size in px while the plot's width
    changes, so the places must hold at every one of ``widths`` (px; the narrowest the
    chart is drawn in first) at ``height`` px. Places come from ``_sides``: a search
    (most constrained label first, at most ``budget`` steps) for places that are all
    clear; failing that, None when ``strict`` (the caller may shorten its labels), else
    each label in turn takes the place that covers least (inside the plot if any is).
    Deterministic."""
    n = len(points)
    opts = [_sides(r, gap) for r in radii]

    def geo(w: float):
        pts = [(fx * w, (1 - fy) * height) for fx, fy in points]
        marks = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(pts, radii)]
        return w, pts, marks

    geos = [geo(w) for w in widths]
    # each label's places as boxes at every width, and what they cover of edges and markers
    cand: list[
        list[tuple[tuple[str, str, float, float], list[tuple[float, float, float, float]], float]]
    ] = []
    for k in range(n):
        row = []
        for place in opts[k]:
            bxs = [label_box_at(pts[k], boxes[k], place) for _, pts, _ in geos]
            fixed = 0.0
            for (w, _, marks), bx in zip(geos, bxs):
                if bx[0] < 0 or bx[2] > w or bx[1] < 0 or bx[3] > height:
                    fixed += 1e9
                fixed += sum(_area(bx, m) for i, m in enumerate(marks) if i != k)
            row.append((place, bxs, fixed))
        cand.append(row)

    def clash(a: list, b: list) -> float:
        return sum(_area(x, y) for x, y in zip(a, b))

    order = sorted(range(n), key=lambda k: (sum(1 for c in cand[k] if c[2] == 0), k))
    chosen: dict[int, int] = {}
    steps = 0

    def search(i: int) -> bool:
        nonlocal steps
        if i == n:
            return True
        k = order[i]
        for j, (_, bxs, fixed) in enumerate(cand[k]):
            steps += 1
            if steps > budget:
                return False
            if fixed == 0 and all(clash(bxs, cand[q][chosen[q]][1]) == 0 for q in chosen):
                chosen[k] = j
                if search(i + 1):
                    return True
                del chosen[k]
        return False

    if not search(0):
        if strict:
            return None
        chosen = {}
        for k in range(n):
            costs = [
                fixed + sum(clash(bxs, cand[q][chosen[q]][1]) for q in chosen) for _, bxs, fixed in cand[k]
            ]
            chosen[k] = costs.index(min(costs))
    return tuple(
        (xa, ya, round(dx, 1), round(dy, 1)) for k in range(n) for xa, ya, dx, dy in [cand[k][chosen[k]][0]]
    )


def ref_rows(
    fracs: Sequence[float], widths_px: Sequence[float], *, width: float = NARROW_PX
) -> tuple[int, ...]:
    """A row (0 = nearest the plot) for each reference-line label so labels in one row do
    not overlap at the narrowest plot width; a label left of the middle runs right from
    its line, one right of the middle runs left."""
    rows: list[list[tuple[float, float]]] = []
    out = []
    for f, w in zip(fracs, widths_px):
        x = f * width
        span = (x, x + w) if f < 0.5 else (x - w, x)
        for k, row in enumerate(rows):
            if not any(span[0] < b and a < span[1] for a, b in row):
                row.append(span)
                out.append(k)
                break
        else:
            rows.append([span])
            out.append(len(rows) - 1)
    return tuple(out)
