"""Static charts for DOCX/PDF, drawn with matplotlib's Agg canvas (no browser, no pyplot).

Deterministic: fixed size and DPI, no timestamp or software tag in the PNG metadata,
the Okabe-Ito palette and DejaVu Sans (which has the Welsh letters). Series differ by
hatch pattern as well as colour, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import io
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from appraisal.charts.palette import GREY, colour
from appraisal.i18n.formatting import format_cell
from appraisal.report.structure import ChartSpec

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


def _wrap(label: str, width: int = 28) -> str:
    """Break a long category label on spaces so it fits beside a bar."""
    words, lines, cur = label.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    return "\n".join(lines) if lines else label


def chart_height(spec: ChartSpec) -> float:
    """A figure height (inches) that gives every category label room."""
    if spec.kind == "line":
        return 3.4
    lines = sum(c.count("\n") + 1 for c in _cats(spec))
    per = 0.19 * lines + 0.12 * len(spec.categories)
    legend = 0.45 if spec.kind != "hbar" else 0.0
    return round(max(2.4, 0.95 + per + legend), 2)


@lru_cache(maxsize=256)
def render_png(spec: ChartSpec, *, width_in: float = 6.5, height_in: float = 3.2, lang: str = "en") -> bytes:
    """Draw ``spec`` and return PNG bytes (cached: the same spec gives the same bytes)."""
    with matplotlib.rc_context(_RC):
        fig = MplFigure(figsize=(width_in, height_in), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        _DRAW[spec.kind](ax, spec, lang)
        axis = ax.yaxis if spec.kind in ("grouped_bar", "line") else ax.xaxis
        if spec.value_format.startswith("pct"):
            axis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        elif spec.value_format.startswith("gbp"):
            axis.set_major_formatter(FuncFormatter(_money_tick))
            axis.set_major_locator(MaxNLocator(nbins=5))
        ax.tick_params(colors="#222222")
        if spec.x_title:
            ax.set_xlabel(_wrap(spec.x_title, _title_width(spec, width_in)))
        if spec.y_title:
            ax.set_ylabel(spec.y_title)
        _margins(fig, spec, width_in, height_in)
        buf = io.BytesIO()
        fig.savefig(
            buf,
            format="png",
            dpi=DPI,
            metadata={"Software": None},
            facecolor="white",
            pil_kwargs={"compress_level": 4},
        )
    return buf.getvalue()


Job = tuple[ChartSpec, float, float, str]


def _render_job(job: Job) -> bytes:
    spec, w, h, lang = job
    return render_png(spec, width_in=w, height_in=h, lang=lang)


def render_many(jobs: list[Job], workers: int = 1) -> list[bytes]:
    """Render several charts, in ``workers`` forked processes when that pays (each chart
    takes a fifth of a second of matplotlib layout). Results are the same either way."""
    if workers <= 1 or len(jobs) < 6 or "fork" not in mp.get_all_start_methods():
        return [_render_job(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        out = list(pool.map(_render_job, jobs, chunksize=max(1, len(jobs) // (workers * 2))))
    return out


def _margins(fig: MplFigure, spec: ChartSpec, width_in: float, height_in: float) -> None:
    """Fixed margins from the label lengths (cheaper than tight_layout's extra draw)."""
    horizontal = spec.kind not in ("grouped_bar", "line")
    longest = max((len(line) for c in _cats(spec) for line in c.split("\n")), default=4)
    left_in = 0.25 + (longest * 0.062 if horizontal else 0.45)
    n_legend = len(spec.series) if spec.kind != "hbar" else 0
    legend_rows = -(-n_legend // _legend_cols(spec)) if n_legend else 0
    title_lines = _wrap(spec.x_title, _title_width(spec, width_in)).count("\n") + 1 if spec.x_title else 0
    bottom_in = 0.38 + 0.2 * title_lines + legend_rows * 0.2 + (0.3 if not horizontal else 0)
    fig.subplots_adjust(
        left=min(left_in / width_in, 0.5),
        right=1 - 0.35 / width_in,
        top=1 - 0.15 / height_in,
        bottom=min(bottom_in / height_in, 0.5),
    )


def _title_width(spec: ChartSpec, width_in: float) -> int:
    """Characters of axis title that fit under the plot area."""
    longest = max((len(line) for c in _cats(spec) for line in c.split("\n")), default=4)
    left_in = min(0.25 + longest * 0.062, width_in * 0.5) if spec.kind not in ("grouped_bar", "line") else 0.7
    return max(30, int((width_in - left_in - 0.35) / 0.068))


def _label_width(spec: ChartSpec) -> int:
    return 36 if spec.kind == "tornado" else 28


def _cats(spec: ChartSpec) -> list[str]:
    return [_wrap(c, _label_width(spec)) for c in spec.categories]


def _legend_cols(spec: ChartSpec) -> int:
    longest = max((len(s.name) for s in spec.series), default=1)
    return max(1, min(len(spec.series), 6 if longest <= 12 else 3 if longest <= 30 else 2))


def _legend(ax, spec: ChartSpec) -> None:
    """Legend below the axes, under the axis title."""
    fig = ax.figure
    fig.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=_legend_cols(spec),
        frameon=False,
        handlelength=1.6,
    )


def _hbar(ax, spec: ChartSpec, lang: str) -> None:
    s = spec.series[0]
    y = np.arange(len(spec.categories))[::-1]
    bars = ax.barh(y, s.values, color=colour(0), edgecolor="white", height=0.65)
    ax.set_yticks(y, _cats(spec))
    top = max(s.values) if s.values else 1.0
    for b, v in zip(bars, s.values):
        ax.text(
            b.get_width() + top * 0.01,
            b.get_y() + b.get_height() / 2,
            format_cell(v, spec.value_format, lang),
            va="center",
            ha="left",
            fontsize=7.5,
            color=GREY,
        )
    ax.set_xlim(0, (spec.x_range[1] if spec.x_range else top * 1.15) or 1.0)


def _stacked_hbar(ax, spec: ChartSpec, lang: str) -> None:
    y = np.arange(len(spec.categories))[::-1]
    left = np.zeros(len(spec.categories))
    for i, s in enumerate(spec.series):
        vals = np.asarray(s.values, dtype=float)
        ax.barh(
            y,
            vals,
            left=left,
            color=colour(i),
            edgecolor="white",
            hatch=_HATCHES[i % len(_HATCHES)],
            height=0.65,
            label=_wrap(s.name, 30),
            linewidth=0.5,
        )
        left = left + vals
    for yy, total in zip(y, left if spec.show_totals else ()):
        ax.text(
            total + (left.max() or 1) * 0.01,
            yy,
            format_cell(float(total), spec.value_format, lang),
            va="center",
            fontsize=7.5,
            color=GREY,
        )
    ax.set_yticks(y, _cats(spec))
    if spec.x_range:
        ax.set_xlim(*spec.x_range)
    else:
        ax.set_xlim(0, (left.max() or 1) * 1.12)
    _legend(ax, spec)


def _grouped_bar(ax, spec: ChartSpec, lang: str) -> None:
    n = len(spec.series)
    x = np.arange(len(spec.categories))
    width = 0.8 / max(n, 1)
    for i, s in enumerate(spec.series):
        ax.bar(
            x - 0.4 + width * (i + 0.5),
            s.values,
            width=width,
            color=colour(i),
            hatch=_HATCHES[i % len(_HATCHES)],
            edgecolor="white",
            label=_wrap(s.name, 30),
            linewidth=0.5,
        )
    ax.set_xticks(x, [_wrap(c, 16) for c in spec.categories])
    if spec.x_range:
        ax.set_ylim(*spec.x_range)
    _legend(ax, spec)


def _tornado(ax, spec: ChartSpec, lang: str) -> None:
    lo, hi = spec.series[0], spec.series[1]
    y = np.arange(len(spec.categories))[::-1]
    base = spec.base
    for i, s in enumerate((lo, hi)):
        vals = np.asarray(s.values, dtype=float) - base
        ax.barh(
            y,
            vals,
            left=base,
            color=colour(i),
            hatch=_HATCHES[i],
            edgecolor="white",
            height=0.6,
            label=s.name,
            linewidth=0.5,
        )
    ax.axvline(base, color="#222222", linewidth=0.8)
    ax.set_yticks(y, _cats(spec))
    _legend(ax, spec)


def _money_tick(v: float, _pos: object = None) -> str:
    """Compact money ticks: £1.2m, £350k, £0."""
    sign = "-" if v < 0 else ""
    a = abs(v)
    for unit, div in (("m", 1e6), ("k", 1e3)):
        if a >= div:
            v = a / div
            text = f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.1f}"
            return f"{sign}£{text}{unit}"
    return f"{sign}£{a:.0f}"


def _line(ax, spec: ChartSpec, lang: str) -> None:
    for i, s in enumerate(spec.series):
        ax.plot(
            s.x or range(len(s.values)),
            s.values,
            color=colour(i),
            linestyle=("-", "--", ":", "-.")[i % 4],
            linewidth=1.8,
            label=_wrap(s.name, 40),
        )
    if spec.base:
        ax.axvline(spec.base, color=GREY, linewidth=0.8, linestyle=":")
    ax.grid(True, color="#e5e5e5", linewidth=0.6)
    _legend(ax, spec)


_DRAW = {
    "line": _line,
    "hbar": _hbar,
    "stacked_hbar": _stacked_hbar,
    "grouped_bar": _grouped_bar,
    "tornado": _tornado,
}
