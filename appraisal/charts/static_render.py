"""Draw a :class:`~appraisal.charts.spec.ChartSpec` as a static PNG, for DOCX and PDF.

matplotlib's Agg canvas (no browser, no pyplot). Deterministic: fixed size and DPI, no
timestamp or software tag in the PNG metadata, the Okabe-Ito palette and DejaVu Sans
(which has the Welsh letters), so the same spec gives the same bytes. Series differ by
hatch pattern, dash or marker as well as colour, so colour is never the only carrier of
meaning; heatmap cells print their value on the same colour scale the app uses.

Cost (a seven-region report draws about sixty figures): each figure is drawn once per
process and kept (``render_png`` caches by spec, size and language; ``render_many``
draws only the figures not yet cached, in forked workers when there are enough, and
keeps what the workers drew), so DOCX and PDF share the same PNG bytes and a second
report reuses them. Drawing one figure builds as few matplotlib artists as the picture
allows: a series of bars is one ``PolyCollection`` (not a ``Rectangle`` a bar), and an
axis's ticks are one ``Line2D`` of tick markers and a ``Text`` a label placed where
matplotlib's ``Axis`` places them (not a ``Tick`` of five artists each:
:func:`_draw_ticks`), which draws the same pixels; the garbage collector waits until the
figure is done. Text is rasterised a string at a time (FreeType draws the laid-out
string into one bitmap, as matplotlib's Agg backend did up to 3.10) instead of glyph by
glyph, and the PNG is written straight from the canvas as 8-bit RGB (the figure is
opaque white, so no alpha channel), unfiltered rows in one zlib stream: a format the
PDF renderer embeds as it is, without decoding it. :func:`stock_artists` draws with
matplotlib's own artists instead, for the benchmark's baseline.
"""

from __future__ import annotations

import gc
import math
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.collections import PolyCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba, to_rgba_array
from matplotlib.figure import Figure as MplFigure
from matplotlib.font_manager import fontManager, get_font
from matplotlib.lines import TICKDOWN, TICKLEFT, Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import NullLocator
from matplotlib.transforms import Bbox, IdentityTransform, blended_transform_factory
from PIL import Image

from appraisal.charts import style as S
from appraisal.charts.palette import GREY, INK, MUTED, colour, scale_colour, scale_stops, text_on
from appraisal.charts.spec import LINE_STYLES, ChartSpec, Series
from appraisal.charts.text import wrap_lines
from appraisal.workers import fork_map

DPI = 150
_HATCHES = ("", "//", "\\\\", "xx", "..", "--", "||", "++")
_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "pair-report",
}
_LS = {"solid": "-", "dash": "--", "dot": ":", "dashdot": "-."}
#: plotly marker names -> matplotlib markers
_MARKERS = {
    "circle": "o",
    "square": "s",
    "diamond": "D",
    "triangle-up": "^",
    "triangle-down": "v",
    "x": "X",
    "cross": "P",
    "star": "*",
    "hexagon": "h",
    "pentagon": "p",
}
_MARKER_ORDER = ("o", "s", "D", "^", "X", "P", "*", "h")
_HORIZONTAL = ("hbar", "stacked_hbar", "tornado")


def _wrap(label: str, width: int = 28) -> str:
    """Break a long label on spaces so it fits beside a bar."""
    return "\n".join(wrap_lines(label, width)) if label else label


def _mk(s: Series, i: int) -> str:
    return _MARKERS.get(s.marker, _MARKER_ORDER[i % len(_MARKER_ORDER)]) if s.marker else _MARKER_ORDER[i % 8]


def chart_height(spec: ChartSpec) -> float:
    """A figure height (inches) that gives every category label room."""
    if spec.kind in ("line", "scatter"):
        return round(max(3.4 if spec.kind == "line" else 3.8, 2.75 + _legend_in(spec)), 2)
    if spec.kind == "heatmap":
        rows = [_wrap(c, HEATMAP_WRAP).count("\n") + 1 for c in spec.categories]
        cols = max((_wrap(s.name, _col_width(spec, 6.5)).count("\n") + 1 for s in spec.series), default=1)
        per = max(0.3, 0.17 * max(rows, default=1))
        return round(max(2.0, 0.55 + per * len(spec.categories) + 0.16 * cols), 2)
    lines = sum(c.count("\n") + 1 for c in _cats(spec))
    per = 0.19 * lines + 0.12 * len(spec.categories)
    legend = _legend_in(spec) + 0.12 if _legend_names(spec) else 0.0
    return round(max(2.4, 0.95 + per + legend), 2)


#: Characters per line of a heatmap row label (19 criteria must fit one A4 page).
HEATMAP_WRAP = 38

#: zlib level of the PNG's image data: 1 is about four times faster than Pillow's level 4
#: on these flat-coloured charts and gives files of about the same size.
PNG_LEVEL = 1
#: Figures kept per process (a seven-region report has about thirty).
CACHE_SIZE = 256


class _TextRenderer(RendererAgg):
    """Agg renderer that draws each plain-text string into one FreeType bitmap, and
    keeps strings it has laid out.

    matplotlib 3.11 lays text out and rasterises it one glyph at a time (a Python loop
    over glyphs), which is most of a chart's drawing time; this is matplotlib 3.10's
    ``RendererAgg.draw_text`` (the string laid out by ``FT2Font.set_text``, the same call
    that measures it, drawn by ``draw_glyphs_to_bitmap`` at the origin and placed at a
    whole pixel), so extents and positions agree with the layout. A string's bitmap and
    extents depend only on the string, the font, its size, the DPI and the hinting, so
    they are kept (``_TEXT_CACHE``) and the same label on the next chart costs nothing:
    the pixels are those FreeType would draw again. Math text and TeX go through the
    stock renderer."""

    def _text_key(self, s: str, prop, antialiased: bool | None) -> tuple:  # noqa: ANN001
        return (
            s,
            tuple(prop.__dict__.values()),  # every property (what FontProperties hashes)
            self.dpi,
            get_hinting_flag(),
            matplotlib.rcParams["text.hinting_factor"],
            antialiased,
        )

    def _get_font_height_metrics(self, prop):  # noqa: ANN001, ANN202 - matplotlib's hook
        """The font's ascent, descent and line gap at ``prop``'s size (pixels), as
        ``Text._get_layout`` reads them from the OS/2 or hhea table when the renderer
        has no such method; kept per font and size, not looked up for every string."""
        key = ("metrics", tuple(prop.__dict__.values()), self.dpi)
        found = _TEXT_CACHE.get(key)
        if found is None:
            font = get_font(fontManager._find_fonts_by_props(prop))
            found = (None, None, None)
            for table_name, gap_key, ascent_key, descent_key in (
                ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                ("hhea", "lineGap", "ascent", "descent"),
            ):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                scale = (
                    1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                )
                found = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
                break
            _TEXT_CACHE.put(key, found)
        return found

    def get_text_width_height_descent(self, s, prop, ismath):  # noqa: ANN001, ANN201 - matplotlib's API
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = self._text_key(s, prop, None)
        found = _TEXT_CACHE.get(key)
        if found is None:
            found = super().get_text_width_height_descent(s, prop, ismath)
            _TEXT_CACHE.put(key, found)
        return found

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # noqa: ANN001 - matplotlib's API
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        key = self._text_key(s, prop, bool(gc.get_antialiased()))
        found = _TEXT_CACHE.get(key)
        if found is None:
            font = self._prepare_font(prop)
            font.set_text(s, 0, flags=get_hinting_flag())  # angle 0: the bitmap is rotated below
            font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
            xo, yo = font.get_bitmap_offset()
            image = np.array(font.get_image())  # a copy: the font's buffer is reused
            found = (image, xo / 64.0, yo / 64.0, font.get_descent() / 64.0)
            _TEXT_CACHE.put(key, found)
        image, xo, yo, d = found
        xd = d * math.sin(math.radians(angle))
        yd = d * math.cos(math.radians(angle))
        self._renderer.draw_text_image(image, round(x + xo + xd), round(y + yo + yd) + 1, angle, gc)
        return None


#: The string-at-a-time path needs these FreeType calls (matplotlib's ft2font); without
#: them (another matplotlib) the stock renderer draws, with the same layout.
_FAST_TEXT = all(
    hasattr(cls, name)
    for cls, name in (
        (RendererAgg, "_prepare_font"),
        (matplotlib.ft2font.FT2Font, "draw_glyphs_to_bitmap"),
        (matplotlib.ft2font.FT2Font, "get_image"),
        (matplotlib.ft2font.FT2Font, "get_bitmap_offset"),
    )
)


class _Canvas(FigureCanvasAgg):
    """An Agg canvas whose renderer is :class:`_TextRenderer`."""

    def get_renderer(self):  # noqa: ANN201 - matplotlib's API
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        if getattr(self, "_lastKey", None) != key or getattr(self, "renderer", None) is None:
            self.renderer = _TextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgba: np.ndarray, dpi: float = DPI, level: int = PNG_LEVEL) -> bytes:
    """An 8-bit RGB PNG of an (h, w, 4) RGBA canvas over white: IHDR, pHYs (the pixel
    density), one IDAT of unfiltered rows (filter type 0), IEND; no time or text chunks,
    so the same pixels give the same bytes (PNG specification, ISO/IEC 15948:2004)."""
    h, w = rgba.shape[:2]
    raw = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    raw[:, 0] = 0  # filter type 0 ('None') for every row
    if int(rgba[:, :, 3].min()) < 255:  # not fully opaque: composite over white
        image = Image.frombuffer("RGBA", (w, h), np.ascontiguousarray(rgba), "raw", "RGBA", 0, 1)
        image = Image.alpha_composite(Image.new("RGBA", (w, h), "white"), image)
        raw[:, 1:] = np.frombuffer(image.convert("RGB").tobytes(), dtype=np.uint8).reshape(h, 3 * w)
    else:  # Pillow's raw packer drops the alpha bytes faster than a strided numpy copy
        image = Image.frombuffer("RGBA", (w, h), np.ascontiguousarray(rgba), "raw", "RGBA", 0, 1)
        raw[:, 1:] = np.frombuffer(image.tobytes("raw", "RGB"), dtype=np.uint8).reshape(h, 3 * w)
    ppm = round(dpi / 0.0254)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)),
            _chunk(b"pHYs", struct.pack(">IIB", ppm, ppm, 1)),
            _chunk(b"IDAT", zlib.compress(raw, level)),
            _chunk(b"IEND", b""),
        )
    )


class _PngCache:
    """A thread-safe LRU (drawn figures, keyed by spec, width, height, language and
    title; or laid-out strings)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            png = self._items.get(key)
            if png is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return png

    def put(self, key: Hashable, png: Any) -> None:
        with self._lock:
            self._items[key] = png
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


_CACHE = _PngCache(CACHE_SIZE)
#: Laid-out strings (extents and bitmaps) kept by the text renderer, across figures.
_TEXT_CACHE = _PngCache(8192)


def _key(spec: ChartSpec, width_in: float, height_in: float, lang: str, title: bool) -> Hashable:
    return (spec, float(width_in), float(height_in), lang, bool(title))


def _draw_png(spec: ChartSpec, width_in: float, height_in: float, lang: str, title: bool) -> bytes:
    """Draw ``spec`` (no cache), with the cyclic garbage collector paused: a figure
    builds thousands of artists, transforms and callbacks, and collections triggered
    while they are built cost about a tenth of the drawing; they run after it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return _draw_png_unpaused(spec, width_in, height_in, lang, title)
    finally:
        if paused:
            gc.enable()


def _draw_png_unpaused(spec: ChartSpec, width_in: float, height_in: float, lang: str, title: bool) -> bytes:
    with matplotlib.rc_context(_RC):
        fig = MplFigure(figsize=(width_in, height_in), dpi=DPI, facecolor="white")
        canvas = _Canvas(fig) if _FAST_TEXT else FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        top_in = 0.15
        if title and spec.title:
            text = _wrap(spec.title, max(40, int((width_in - 0.4) / 0.075)))
            fig.suptitle(text, x=0.02, ha="left", y=1 - 0.08 / height_in, va="top", fontsize=9.5)
            top_in += 0.2 * (text.count("\n") + 1)
        _margins(fig, spec, width_in, height_in, top_in)
        ax.xaxis.set_major_locator(NullLocator())  # ticks are drawn by _draw_ticks
        ax.yaxis.set_major_locator(NullLocator())
        _DRAW[spec.kind](ax, spec, lang)
        _ticks(ax, spec, lang)
        if spec.x_title:
            ax.set_xlabel(_wrap(spec.x_title, _title_width(spec, width_in)))
        if spec.y_title:
            ax.set_ylabel(_wrap(spec.y_title, _y_title_width(spec, height_in)))
        _draw_ticks(ax, canvas.get_renderer())
        canvas.draw()
        return png_bytes(np.asarray(canvas.buffer_rgba()), DPI)


def _clear() -> None:
    """Forget every drawn figure and laid-out string (the next figure is drawn from scratch)."""
    _CACHE.clear()
    _TEXT_CACHE.clear()


def render_png(
    spec: ChartSpec, *, width_in: float = 6.5, height_in: float = 3.2, lang: str = "en", title: bool = False
) -> bytes:
    """Draw ``spec`` and return PNG bytes (cached: the same spec gives the same bytes;
    ``render_png.cache_clear()`` forgets what was drawn).

    ``title``: draw ``spec.title`` above the plot (off for the report, whose caption
    says it)."""
    key = _key(spec, width_in, height_in, lang, title)
    png = _CACHE.get(key)
    if png is None:
        png = _draw_png(spec, width_in, height_in, lang, title)
        _CACHE.put(key, png)
    return png


render_png.cache_clear = _clear  # type: ignore[attr-defined]
render_png.cache = _CACHE  # type: ignore[attr-defined]


Job = tuple[ChartSpec, float, float, str]


def _render_job(job: Job) -> bytes:
    spec, w, h, lang = job
    return _draw_png(spec, w, h, lang, False)


def _cost(job: Job) -> float:
    """Rough drawing cost (area and number of labels), to hand the dearest figures out first."""
    spec, w, h, _lang = job
    return w * h + 0.05 * (len(spec.categories) * max(1, len(spec.series)))


def render_many(jobs: list[Job], workers: int = 1) -> list[bytes]:
    """Render several charts (``(spec, width, height, language)`` each): figures already
    drawn in this process come from the cache, each other distinct figure is drawn once,
    in ``workers`` forked processes when there are enough of them to pay for the fork,
    and kept in the cache. The bytes are the same however they were drawn."""
    keys = [_key(s, w, h, lang, False) for s, w, h, lang in jobs]
    found: dict[Hashable, bytes] = {}
    todo: dict[Hashable, Job] = {}
    for key, job in zip(keys, jobs):
        if key in found or key in todo:
            continue
        png = _CACHE.get(key)
        if png is None:
            todo[key] = job
        else:
            found[key] = png
    if todo:
        missing = sorted(todo.items(), key=lambda kv: -_cost(kv[1]))
        drawn = fork_map(_render_job, [j for _k, j in missing], workers, least=6)
        for (key, _job), png in zip(missing, drawn):
            _CACHE.put(key, png)
            found[key] = png
    return [found[k] for k in keys]


# ---------------------------------------------------------------------------- layout


def _ticks(ax, spec: ChartSpec, lang: str) -> None:
    """Axis ticks from the shared style (the app's plotly charts use the same ones)."""
    if spec.kind == "heatmap":
        return
    if spec.kind in _HORIZONTAL:
        lo, hi = ax.get_xlim()
        vals, texts = S.axis_ticks(lo, hi, spec.value_format, lang)
        _set_ticks(ax, "x", vals, texts)
        ax.set_xlim(lo, hi)
        return
    lo, hi = ax.get_ylim()
    vals, texts = S.axis_ticks(lo, hi, spec.value_format, lang)
    _set_ticks(ax, "y", vals, texts)
    ax.set_ylim(lo, hi)
    if spec.kind in ("line", "scatter"):
        lo, hi = ax.get_xlim()
        vals, texts = S.axis_ticks(lo, hi, spec.x_format, lang)
        _set_ticks(ax, "x", vals, texts)
        ax.set_xlim(lo, hi)


#: Tick marks and labels in the colour ``Axes.tick_params(colors=...)`` gave them.
_TICK_INK = "#222222"


#: True while drawing with matplotlib's own artists for ticks and bars (``Tick``,
#: ``Rectangle``): the benchmarks' baseline, the way the report drew before (see
#: :func:`stock_artists`).
_STOCK: ContextVar[bool] = ContextVar("stock_artists", default=False)


@contextmanager
def stock_artists() -> Iterator[None]:
    """Within the block, the drawing functions (``_DRAW``) make matplotlib's stock
    artists: ``Axes.barh``/``bar`` for bars, ``set_xticks``/``set_yticks``, ``grid``
    and ``tick_params`` for ticks (for a baseline measured beside this renderer)."""
    token = _STOCK.set(True)
    try:
        yield
    finally:
        _STOCK.reset(token)


def _set_ticks(ax, axis: str, values, labels) -> None:
    """Ticks at ``values`` labelled ``labels`` on the ``"x"`` or ``"y"`` axis, drawn
    by :func:`_draw_ticks` (``Axes.set_xticks(values, labels)`` without its five artists
    a tick)."""
    if _STOCK.get():
        (ax.set_xticks if axis == "x" else ax.set_yticks)(values, labels)
        return
    ax.__dict__.setdefault("_pair_ticks", {})[axis] = (
        [float(v) for v in values],
        [str(t) for t in labels],
    )


def _in_view(values: list[float], lo: float, hi: float) -> list[int]:
    """The ticks an Axis draws: those inside its view interval (with its 1e-10 slack)."""
    lo, hi = min(lo, hi), max(lo, hi)
    slack = 1e-10 * (hi - lo)
    return [k for k, v in enumerate(values) if lo - slack <= v <= hi + slack]


def _draw_ticks(ax, renderer) -> None:  # noqa: ANN001 - matplotlib's Axes and renderer
    """Draw the ticks :func:`_set_ticks` recorded as matplotlib's ``Axis`` draws them
    (grid lines, tick marks, labels and the axis title's place beyond the labels), as
    plain artists: one ``Line2D`` of tick markers an axis and one ``Text`` a label, so
    no ``Tick`` (two lines, a grid line and two texts each) is built or drawn.

    With the default rc settings: ticks pointing out, ``xtick.major.size`` long and
    ``xtick.major.width`` wide, labels ``xtick.major.pad`` beyond the tick end,
    ``xtick.labelsize``, the axis title ``axes.labelpad`` beyond the labels and the
    spine; everything at the axis' z-order (below lines, ``axes.axisbelow``)."""
    rc = matplotlib.rcParams
    ticks = ax.__dict__.get("_pair_ticks", {})
    length = ax.__dict__.get("_pair_tick_length")
    grid = ax.__dict__.get("_pair_grid")
    z = ax.xaxis.get_zorder()
    dpi = ax.figure.dpi
    for name in ("x", "y"):
        if name not in ticks:
            continue
        axis = ax.xaxis if name == "x" else ax.yaxis
        values, labels = ticks[name]
        keep = _in_view(values, *axis.get_view_interval())
        values, labels = [values[k] for k in keep], [labels[k] for k in keep]
        size = rc[f"{name}tick.major.size"] if length is None else length
        if grid is not None:
            for v in values:
                line = Line2D(
                    [v, v] if name == "x" else [0, 1],
                    [0, 1] if name == "x" else [v, v],
                    color=grid["color"],
                    linewidth=grid["linewidth"],
                    alpha=rc["grid.alpha"],
                    linestyle=rc["grid.linestyle"],
                    marker="",
                    transform=(ax.get_xaxis_transform if name == "x" else ax.get_yaxis_transform)(
                        which="grid"
                    ),
                    zorder=z,
                )
                ax.add_artist(line)  # clipped to the axes, as grid lines are
        if size > 0 and values:
            marks = Line2D(
                values if name == "x" else [0.0] * len(values),
                [0.0] * len(values) if name == "x" else values,
                color=_TICK_INK,
                linestyle="none",
                marker=TICKDOWN if name == "x" else TICKLEFT,
                markersize=size,
                markeredgecolor=_TICK_INK,
                markeredgewidth=rc[f"{name}tick.major.width"],
                transform=(ax.get_xaxis_transform if name == "x" else ax.get_yaxis_transform)(which="tick1"),
                zorder=z,
            )
            ax.add_artist(marks)
            marks.set_clip_on(False)
        pad = rc[f"{name}tick.major.pad"] + size
        trans, va, ha = (ax.get_xaxis_text1_transform if name == "x" else ax.get_yaxis_text1_transform)(pad)
        texts = []
        for v, label in zip(values, labels):
            text = Text(
                v if name == "x" else 0,
                0 if name == "x" else v,
                label,
                fontsize=rc[f"{name}tick.labelsize"],
                color=_TICK_INK,
                verticalalignment=va,
                horizontalalignment=ha,
                transform=trans,
                zorder=z,
            )
            ax.add_artist(text)
            text.set_clip_on(False)
            texts.append(text)
        # the axis title beyond the labels and the spine, as Axis._update_label_position
        side = "bottom" if name == "x" else "left"
        box = Bbox.union(
            [*(t.get_window_extent(renderer) for t in texts), ax.spines[side].get_window_extent(renderer)]
        )
        gap = axis.labelpad * dpi / 72
        if name == "x":
            axis.set_label_coords(
                0.5, box.y0 - gap, blended_transform_factory(ax.transAxes, IdentityTransform())
            )
        else:
            axis.set_label_coords(
                box.x0 - gap, 0.5, blended_transform_factory(IdentityTransform(), ax.transAxes)
            )


def _margins(
    fig: MplFigure, spec: ChartSpec, width_in: float, height_in: float, top_in: float = 0.15
) -> None:
    """Fixed margins from the label lengths (cheaper than tight_layout's extra draw)."""
    horizontal = spec.kind in _HORIZONTAL
    if spec.kind == "heatmap":
        left_in = _heatmap_left_in(spec)
        cols = max(
            (_wrap(s.name, _col_width(spec, width_in)).count("\n") + 1 for s in spec.series), default=1
        )
        title_lines = _wrap(spec.x_title, _title_width(spec, width_in)).count("\n") + 1 if spec.x_title else 0
        bottom_in = 0.2 + 0.15 * cols + 0.2 * title_lines
        fig.subplots_adjust(
            left=min(left_in / width_in, 0.55),
            right=1 - 0.2 / width_in,
            top=1 - top_in / height_in,
            bottom=min(bottom_in / height_in, 0.5),
        )
        return
    left_in = 0.2 + _widest_in(_cats(spec)) if horizontal else 0.7
    if spec.y_title and not horizontal:
        left_in += 0.16 * (_wrap(spec.y_title, _y_title_width(spec, height_in)).count("\n") + 1)
    title_lines = _wrap(spec.x_title, _title_width(spec, width_in)).count("\n") + 1 if spec.x_title else 0
    extra = 0.3 if spec.kind == "grouped_bar" else 0.12 if not horizontal else 0.0
    bottom_in = 0.38 + 0.2 * title_lines + _legend_in(spec) + extra
    if spec.kind == "grouped_bar":
        bottom_in += 0.14 * max((_wrap(c, 16).count("\n") for c in spec.categories), default=0)
    fig.subplots_adjust(
        left=min(left_in / width_in, 0.5),
        right=1 - 0.35 / width_in,
        top=1 - top_in / height_in,
        bottom=min(bottom_in / height_in, 0.6),
    )


def _y_title_width(spec: ChartSpec, height_in: float) -> int:
    """Characters of y-axis title that fit along the plot's height."""
    plot_in = height_in - 0.9 - _legend_in(spec)
    return max(14, min(40, int(plot_in / 0.075)))


def _title_width(spec: ChartSpec, width_in: float) -> int:
    """Characters of axis title that fit under the plot area."""
    left_in = (
        min(0.2 + _widest_in(_cats(spec)), width_in * 0.5) if spec.kind in _HORIZONTAL + ("heatmap",) else 0.7
    )
    return max(30, int((width_in - left_in - 0.35) / 0.068))


def _label_width(spec: ChartSpec) -> int:
    return 36 if spec.kind == "tornado" else 28


def _cats(spec: ChartSpec) -> list[str]:
    return [_wrap(c, _label_width(spec)) for c in spec.categories]


def _legend_names(spec: ChartSpec) -> list[str]:
    if spec.kind in ("hbar", "heatmap"):
        return []
    names = [s.name for s in spec.series if s.legend and s.style != "none"]
    return names + [b.name for b in spec.bands]


def _legend_wrap(spec: ChartSpec) -> int:
    return 40 if spec.kind in ("line", "scatter") else 30


def _legend_in(spec: ChartSpec) -> float:
    """The height (inches) of the legend under the plot: its rows of wrapped names."""
    names = [_wrap(n, _legend_wrap(spec)) for n in _legend_names(spec)]
    if not names:
        return 0.0
    cols = _legend_cols(spec)
    rows = [names[k : k + cols] for k in range(0, len(names), cols)]
    return sum(0.04 + 0.125 * max(n.count("\n") + 1 for n in row) for row in rows)


def _legend_cols(spec: ChartSpec) -> int:
    names = _legend_names(spec) or [s.name for s in spec.series]
    longest = max((len(n) for n in names), default=1)
    return max(1, min(len(names), 6 if longest <= 12 else 3 if longest <= 30 else 2))


def _legend(ax, spec: ChartSpec) -> None:
    """Legend below the axes, under the axis title (outside the plot area)."""
    fig = ax.figure
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(handles)), key=lambda k: getattr(handles[k], "_pair_bars", False))
    fig.legend(
        [handles[k] for k in order],
        [labels[k] for k in order],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=_legend_cols(spec),
        frameon=False,
        handlelength=1.6,
    )


def _refs(ax, spec: ChartSpec) -> None:
    """Reference lines; a vertical line's label at the top of the plot, running away
    from the nearer side; a horizontal line's at the right end, above the line."""
    lo, hi = ax.get_xlim()
    for r in spec.refs:
        col = INK if r.strong else GREY
        if r.axis == "x":
            ax.axvline(r.value, color=col, linewidth=0.9, linestyle=_LS[r.style])
            if r.label:
                left = (r.value - lo) / ((hi - lo) or 1) < 0.5
                ax.text(
                    r.value,
                    1.0,
                    " " + _wrap(r.label, 24) + " ",
                    transform=blended_transform_factory(ax.transData, ax.transAxes),
                    ha="left" if left else "right",
                    va="top",
                    fontsize=7,
                    color=INK,
                )
        else:
            ax.axhline(r.value, color=col, linewidth=0.9, linestyle=_LS[r.style])
            if r.label:
                ax.text(
                    1.0,
                    r.value,
                    _wrap(r.label, 40),
                    transform=blended_transform_factory(ax.transAxes, ax.transData),
                    ha="right",
                    va="bottom",
                    fontsize=7,
                    color=INK,
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
                )


# ---------------------------------------------------------------------------- kinds


def _bars(
    ax,
    pos,
    length,
    base=0.0,
    *,
    thickness: float,
    colours,
    horizontal: bool = True,
    hatch: str = "",
    linewidth: float | None = None,
    label: str | None = None,
) -> None:
    """Bars as ``Axes.barh`` (``horizontal``) or ``Axes.bar`` draws them, centred on
    ``pos``, from ``base`` to ``base + length``, but as one ``PolyCollection`` instead of
    a ``Rectangle`` artist per bar (a bar chart's bars are then one artist to build and
    one call to draw). The same corners, white edges, hatch, sticky edge at the base
    and data limits; the legend lists bars after the other handles, as it lists
    ``barh``'s containers (see :func:`_legend`). Bars of a non-finite length are left out."""
    if _STOCK.get():
        size = {"height": thickness, "left": base} if horizontal else {"width": thickness, "bottom": base}
        (ax.barh if horizontal else ax.bar)(
            pos,
            length,
            color=colours,
            edgecolor="white",
            hatch=hatch or None,
            linewidth=linewidth,
            label=label,
            **size,
        )
        return
    pos = np.asarray(pos, dtype=float)
    length = np.asarray(length, dtype=float)
    base = np.broadcast_to(np.asarray(base, dtype=float), length.shape)
    cols = np.broadcast_to(np.asarray(to_rgba_array(colours)), (len(length), 4))
    keep = np.isfinite(length) & np.isfinite(base)
    pos, length, base, cols = pos[keep], length[keep], base[keep], cols[keep]
    a0, a1 = pos - thickness / 2, pos + thickness / 2
    v0, v1 = base, base + length
    # a Rectangle's corners: (x, y), (x + w, y), (x + w, y + h), (x, y + h)
    if horizontal:
        corners = [(v0, a0), (v1, a0), (v1, a1), (v0, a1)]
    else:
        corners = [(a0, v0), (a1, v0), (a1, v1), (a0, v1)]
    verts = np.stack([np.stack(c, axis=-1) for c in corners], axis=1)
    coll = PolyCollection(
        verts,
        closed=True,
        facecolors=cols,
        edgecolors="white",
        linewidths=matplotlib.rcParams["patch.linewidth"] if linewidth is None else linewidth,
        hatch=hatch or None,
    )
    if label is not None:
        coll.set_label(label)
    coll._pair_bars = True  # listed after the other legend handles
    (coll.sticky_edges.x if horizontal else coll.sticky_edges.y).extend(base.tolist())
    ax.add_collection(coll, autolim=True)


def _hbar(ax, spec: ChartSpec, lang: str) -> None:
    s = spec.series[0]
    n = len(spec.categories)
    y = np.arange(n)[::-1]
    cols = [
        MUTED if spec.muted(i) else colour(spec.category_colours[i]) if spec.category_colours else colour(0)
        for i in range(n)
    ]
    vals = np.asarray(s.values, dtype=float)
    muted = np.array([spec.muted(i) for i in range(n)], dtype=bool)
    for part in (~muted, muted):
        if part.any():
            _bars(
                ax,
                y[part],
                vals[part],
                thickness=0.65,
                colours=[c for c, k in zip(cols, part) if k],
                hatch="//" if part is muted else "",
            )
    _set_ticks(ax, "y", y, _cats(spec))
    top = max(s.values) if s.values else 1.0
    if spec.show_values:
        for yy, v in zip(y, s.values):
            ax.text(
                v + top * 0.01,
                yy,
                S.value_text(v, spec.value_format, lang),
                va="center",
                ha="left",
                fontsize=7.5,
                color=GREY,
            )
    ax.set_xlim(
        spec.x_range[0] if spec.x_range else 0, (spec.x_range[1] if spec.x_range else top * 1.15) or 1.0
    )
    _refs(ax, spec)


def _stacked_hbar(ax, spec: ChartSpec, lang: str) -> None:
    y = np.arange(len(spec.categories))[::-1]
    left = np.zeros(len(spec.categories))
    segments = []
    for i, s in enumerate(spec.series):
        if s.points:
            continue
        vals = np.asarray(s.values, dtype=float)
        c = colour(spec.colour_of(i))
        _bars(
            ax,
            y,
            vals,
            left,
            thickness=0.65,
            colours=c,
            hatch=_HATCHES[spec.pattern_of(i) % len(_HATCHES)],
            label=_wrap(s.name, 30) if s.legend else None,
            linewidth=0.5,
        )
        segments.append((vals, left.copy(), c))
        left = left + vals
    top = max(float(left.max()) if len(left) else 0.0, *(max(s.values) for s in spec.series if s.points), 0.0)
    for s in spec.series:
        if s.points:
            ax.scatter(s.values, y, marker=_mk(s, 2), s=28, color=INK, zorder=3, label=_wrap(s.name, 30))
    if spec.x_range:
        ax.set_xlim(*spec.x_range)
    else:
        ax.set_xlim(0, (top or 1) * 1.12)
    lo, hi = ax.get_xlim()
    span = (hi - lo) or 1.0
    if spec.show_values:
        for vals, start, c in segments:
            for yy, v, x0 in zip(y, vals, start):
                if np.isfinite(v) and v / span >= 0.07:
                    ax.text(
                        x0 + v / 2,
                        yy,
                        S.value_text(float(v), spec.value_format, lang),
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color=text_on(c),
                    )
    for yy, total in zip(y, left if spec.show_totals else ()):
        ax.text(
            total + (left.max() or 1) * 0.01,
            yy,
            S.value_text(float(total), spec.value_format, lang),
            va="center",
            fontsize=7.5,
            color=GREY,
        )
    _set_ticks(ax, "y", y, _cats(spec))
    _refs(ax, spec)
    _legend(ax, spec)


def _grouped_bar(ax, spec: ChartSpec, lang: str) -> None:
    n = len(spec.series)
    x = np.arange(len(spec.categories))
    width = 0.8 / max(n, 1)
    for i, s in enumerate(spec.series):
        _bars(
            ax,
            x - 0.4 + width * (i + 0.5),
            s.values,
            thickness=width,
            horizontal=False,
            colours=colour(spec.colour_of(i)),
            hatch=_HATCHES[spec.pattern_of(i) % len(_HATCHES)],
            label=_wrap(s.name, 30),
            linewidth=0.5,
        )
    _set_ticks(ax, "x", x, [_wrap(c, 16) for c in spec.categories])
    if spec.x_range:
        ax.set_ylim(*spec.x_range)
    _legend(ax, spec)


def _tornado(ax, spec: ChartSpec, lang: str) -> None:
    lo, hi = spec.series[0], spec.series[1]
    y = np.arange(len(spec.categories))[::-1]
    base = spec.base
    for i, s in enumerate((lo, hi)):
        vals = np.asarray(s.values, dtype=float) - base
        _bars(
            ax,
            y,
            vals,
            base,
            thickness=0.6,
            colours=colour(spec.colour_of(i)),
            hatch=_HATCHES[spec.pattern_of(i) % len(_HATCHES)],
            label=s.name,
            linewidth=0.5,
        )
    ax.axvline(base, color="#222222", linewidth=0.8)
    _set_ticks(ax, "y", y, _cats(spec))
    if spec.x_range:
        ax.set_xlim(*spec.x_range)
    _refs(ax, spec)
    _legend(ax, spec)


def _line(ax, spec: ChartSpec, lang: str) -> None:
    scatter = spec.kind == "scatter"
    for b in spec.bands:
        lo_s, hi_s = spec.series[b.lower], spec.series[b.upper]
        ax.fill_between(
            lo_s.x or range(len(lo_s.values)),
            lo_s.values,
            hi_s.values,
            color=to_rgba(colour(b.colour), b.opacity),
            linewidth=0,
            label=_wrap(b.name, _legend_wrap(spec)),
        )
    labelled: list[tuple[float, float, str]] = []
    for i, s in enumerate(spec.series):
        if s.style == "none":
            continue
        xs = s.x or tuple(range(len(s.values)))
        c = colour(spec.colour_of(i))
        style = s.style or ("markers" if scatter else LINE_STYLES[i % len(LINE_STYLES)])
        label = _wrap(s.name, 40) if s.legend else None
        if style == "markers":
            ax.scatter(
                xs,
                s.values,
                marker=_mk(s, i),
                s=70 if scatter else 36,
                facecolors="none" if s.hollow else c,
                edgecolors=c if s.hollow else INK,
                linewidths=1.6 if s.hollow else 0.6,
                zorder=3,
                label=label,
            )
            if s.labels:
                labelled += [(float(x), float(v), lab) for x, v, lab in zip(xs, s.values, s.labels) if lab]
        else:
            ax.plot(
                xs,
                s.values,
                color=c,
                linestyle=_LS.get(style, "-") if style != "lines+markers" else "-",
                marker=_mk(s, i) if style == "lines+markers" else None,
                markevery=max(1, len(xs) // 10) if style == "lines+markers" else None,
                markersize=4,
                linewidth=1.8,
                label=label,
            )
    if spec.x_range:
        ax.set_xlim(*spec.x_range)
    elif scatter:
        xs_all = [x for s in spec.series for x in (s.x or range(len(s.values)))]
        x_lo, x_hi = S.padded_range(min(xs_all, default=0.0), max(xs_all, default=1.0), pad=0.08)
        ax.set_xlim(x_lo - (x_hi - x_lo) * 0.04, x_hi)
    if spec.y_range:
        ax.set_ylim(*spec.y_range)
    else:
        ys = [v for s in spec.series for v in s.values if math.isfinite(v)] + [
            r.value for r in spec.refs if r.axis == "y"
        ]
        ax.set_ylim(*S.padded_range(min(ys, default=0.0), max(ys, default=1.0)))
    if labelled:
        (x_lo, x_hi), (y_lo, y_hi) = ax.get_xlim(), ax.get_ylim()
        pts = [((x - x_lo) / ((x_hi - x_lo) or 1), (v - y_lo) / ((y_hi - y_lo) or 1)) for x, v, _ in labelled]
        texts = [_wrap(lab, S.WRAP_REF) for *_, lab in labelled]
        box = ax.get_position()
        fig_w, fig_h = ax.figure.get_size_inches()
        others = [
            ((float(x) - x_lo) / ((x_hi - x_lo) or 1), (float(v) - y_lo) / ((y_hi - y_lo) or 1))
            for s in spec.series
            if s.points and not s.labels
            for x, v in zip(s.x or range(len(s.values)), s.values)
        ]
        offs = S.label_offsets(
            pts,
            texts,
            width=box.width * fig_w * 72,
            height=box.height * fig_h * 72,
            marker_px=9,
            size=7,
            obstacles=others,
        )
        for (x, v, _), text, (dx, dy) in zip(labelled, texts, offs):
            ax.annotate(
                text,
                (x, v),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="center",
                va="center",
                fontsize=7,
                color=INK,
                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 4},
            )
    if spec.base and spec.kind == "line" and not any(r.axis == "x" for r in spec.refs):
        ax.axvline(spec.base, color=GREY, linewidth=0.8, linestyle=":")
    _refs(ax, spec)
    if _STOCK.get():
        ax.grid(True, color="#e5e5e5", linewidth=0.6)
    else:
        ax.__dict__["_pair_grid"] = {"color": "#e5e5e5", "linewidth": 0.6}  # drawn by _draw_ticks
    _legend(ax, spec)


@lru_cache(maxsize=4096)
def _text_in(text: str, size_pt: float = 8.5) -> float:
    """Width in inches of ``text`` in the report's font (DejaVu Sans) at ``size_pt``, from
    the font's advance widths (FreeType, no drawing): margins fitted to the real label, so
    a long name with wide letters ("Cwm Taf Morgannwg") is not clipped."""
    font = get_font(fontManager.findfont(_RC["font.family"]))
    font.set_size(size_pt, 72)
    font.set_text(text, 0.0, flags=get_hinting_flag())
    return font.get_width_height()[0] / 64 / 72


def _widest_in(labels, size_pt: float = 8.5) -> float:  # noqa: ANN001 - an iterable of str
    return max((_text_in(line, size_pt) for c in labels for line in c.split("\n")), default=0.3)


def _heatmap_left_in(spec: ChartSpec) -> float:
    return 0.2 + _widest_in([x for c in spec.categories for x in wrap_lines(c, HEATMAP_WRAP)])


def _col_width(spec: ChartSpec, width_in: float) -> int:
    """Characters of a heatmap column label that fit its column."""
    per_col = (width_in - min(_heatmap_left_in(spec), width_in * 0.55) - 0.2) / max(len(spec.series), 1)
    names = [s.name for s in spec.series] or ["x"]
    per_char = max(_text_in(n) / max(len(n), 1) for n in names)  # the widest letters among the labels
    return max(6, int(0.9 * per_col / per_char))


def _heatmap(ax, spec: ChartSpec, lang: str) -> None:
    n, m = len(spec.categories), len(spec.series)
    z = np.array([[s.values[i] for s in spec.series] for i in range(n)], dtype=float).reshape(n, m)
    finite = z[np.isfinite(z)]
    lo, hi = spec.x_range or ((float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0))
    if hi <= lo:
        hi = lo + 1.0
    cmap = LinearSegmentedColormap.from_list("pair", list(scale_stops(spec.dark_high)))
    ax.pcolormesh(
        np.ma.masked_invalid(z), cmap=cmap, vmin=lo, vmax=hi, edgecolors="white", linewidth=2, shading="flat"
    )
    for i in range(n):
        for j in range(m):
            v = z[i, j]
            ink = text_on(scale_colour((v - lo) / (hi - lo), spec.dark_high)) if np.isfinite(v) else INK
            ax.text(
                j + 0.5,
                i + 0.5,
                spec.cell_text(i, j, lang),
                ha="center",
                va="center",
                fontsize=7.5,
                color=ink,
            )
    for r, c in spec.marked:
        ax.add_patch(Rectangle((c, r), 1, 1, fill=False, edgecolor=INK, linewidth=2.2))
    ax.set_xlim(0, m)
    ax.set_ylim(n, 0)
    _set_ticks(ax, "y", np.arange(n) + 0.5, [_wrap(c, HEATMAP_WRAP) for c in spec.categories])
    _set_ticks(
        ax,
        "x",
        np.arange(m) + 0.5,
        [_wrap(s.name, _col_width(spec, ax.figure.get_figwidth())) for s in spec.series],
    )
    if _STOCK.get():
        ax.tick_params(length=0)
    else:
        ax.__dict__["_pair_tick_length"] = 0.0
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)


_DRAW = {
    "line": _line,
    "scatter": _line,
    "hbar": _hbar,
    "stacked_hbar": _stacked_hbar,
    "grouped_bar": _grouped_bar,
    "tornado": _tornado,
    "heatmap": _heatmap,
}


def _waterfall(ax, spec: ChartSpec, lang: str) -> None:
    """A step chart (``spec.steps()``): totals from zero, changes from the running total,
    each series its colour and hatch; every bar's value is printed right of it (a change
    signed) and dotted connectors join one bar's end to the next bar."""
    steps = spec.steps()
    n = len(steps)
    y = np.arange(n)[::-1]
    for k, s in enumerate(spec.series):
        idx = [c for c, st in enumerate(steps) if st[0] == k]
        if not idx:
            continue
        _bars(
            ax,
            [y[c] for c in idx],
            [steps[c][3] - steps[c][2] for c in idx],
            [steps[c][2] for c in idx],
            thickness=0.62,
            colours=colour(spec.colour_of(k)),
            hatch=_HATCHES[spec.pattern_of(k) % len(_HATCHES)],
            linewidth=0.5,
            label=_wrap(s.name, 30) if s.legend else None,
        )
    for c in range(n - 1):
        ax.plot([steps[c][3]] * 2, [y[c] - 0.31, y[c + 1] + 0.31], color=GREY, linewidth=0.6, linestyle=":")
    texts = []
    for k, v, _, _ in steps:
        text = S.value_text(v, spec.value_format, lang)
        texts.append(f"+{text}" if k > 0 and v > 0 else text)
    edges = [max(a, b) for _, _, a, b in steps]
    ends = [0.0, *(x for _, _, a, b in steps for x in (a, b)), *(r.value for r in spec.refs if r.axis == "x")]
    lo = min(ends)
    lo = lo - 0.04 * (max(ends) - lo) if lo < 0 else lo
    if spec.x_range:
        lo, hi = spec.x_range
    else:
        plot_in = ax.get_position().width * ax.figure.get_figwidth()
        need = [
            (e - lo) / max(0.05, 1 - (len(t) * 7.5 * 0.6 / 72 + 0.1) / plot_in) for e, t in zip(edges, texts)
        ]
        hi = lo + max([*need, (max(ends) - lo) * 1.04, 1.0])
    ax.set_xlim(lo, hi)
    for yy, e, text in zip(y, edges, texts):
        ax.text(e + (hi - lo) * 0.01, yy, text, va="center", ha="left", fontsize=7.5, color=INK)
    _set_ticks(ax, "y", y, _cats(spec))
    _refs(ax, spec)
    _legend(ax, spec)


_DRAW["waterfall"] = _waterfall
#: The waterfall is drawn with horizontal bars (names on the y axis, values along x).
_HORIZONTAL = (*_HORIZONTAL, "waterfall")

__all__ = ["DPI", "Job", "chart_height", "render_many", "render_png"]
