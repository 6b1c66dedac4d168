"""HTML renderer: one self-contained file with interactive plotly charts.

plotly.js is inlined once (no CDN, works offline and from a shared drive). Every text
from the report, including user-entered names and rationale, is escaped with
``appraisal.safety.escape_html``; chart data is embedded as JSON with ``<``, ``>`` and
``&`` written as unicode escapes, so no user text can close the script. Chart div ids
come from the figure keys, so the same report gives the same bytes.
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache

from appraisal.i18n import t
from appraisal.i18n.formatting import format_cell
from appraisal.report.structure import ChartSpec, Figure, Paragraph, Report, Section, Table
from appraisal.safety import escape_html as e

_CSS = """
:root { --ink:#1a1a1a; --muted:#595959; --line:#c8ced6; --head:#dde7f0; --zebra:#f6f8fa; --warn:#9c2700; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 0;
       line-height: 1.5; font-size: 16px; }
main, header.report, nav.toc { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header.report { padding-top: 2rem; }
h1 { font-size: 1.9rem; margin: 0 0 .25rem; }
h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid var(--head); padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin-top: 1.8rem; }
p.subtitle { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
p.warning { color: var(--warn); font-weight: 600; }
p.note { color: var(--muted); font-size: .9rem; font-style: italic; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.25rem; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; vertical-align: top; }
th { background: var(--head); text-align: left; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
tbody tr:nth-child(even) { background: var(--zebra); }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-top: .25rem; }
.chart { width: 100%; min-height: 340px; }
details { margin-top: .4rem; }
nav.toc ol { columns: 2; }
a { color: #0057a3; }
@media print { .chart { page-break-inside: avoid; } nav.toc { display: none; } }
"""

_NUM = ' class="num"'
_CONFIG = {"responsive": True, "displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def _json(obj: object) -> str:
    """JSON safe inside <script>: no raw '<', '>' or '&' can appear."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@lru_cache(maxsize=1 << 16, typed=True)
def _cell_text(value: object, fmt: str, lang: str) -> str:
    return format_cell(value, fmt, lang)


def cell_text(value: object, fmt: str, lang: str) -> str:
    """``format_cell(value, fmt, lang)``, remembered: a report shows the same values many
    times, and DOCX, PDF and HTML show the same tables, so each distinct value is
    formatted (Babel) once per process. ``typed``: 1, 1.0 and True stay apart; -0.0,
    equal to 0.0 as a key, is formatted each time."""
    if isinstance(value, float) and value == 0.0 and math.copysign(1.0, value) < 0:
        return format_cell(value, fmt, lang)
    return _cell_text(value, fmt, lang)


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def plotly_figure(spec: ChartSpec, lang: str) -> dict:
    """The plotly.js figure (data + layout) of a chart spec: the same renderer the app uses
    (``appraisal.charts.plotly_render``), so the web report and the app cannot disagree."""
    from appraisal.charts.plotly_render import figure_dict

    return figure_dict(spec, lang)


class _Builder:
    def __init__(self, report: Report):
        self.report = report
        self.out: list[str] = []
        self.n_tables = 0
        self.n_figures = 0

    def w(self, s: str) -> None:
        self.out.append(s)

    def table(self, table: Table, caption: str, numbered: bool = True) -> None:
        lang = self.report.lang
        if numbered:
            self.n_tables += 1
            caption = f"{t('report.table_label', lang, n=self.n_tables)}: {caption}"
        num = [f != "text" for f in table.formats]
        self.w(
            f'<div class="table-wrap"><table id="{e(table.key)}"><caption>{e(caption)}</caption><thead><tr>'
        )
        for h, n in zip(table.headers, num):
            self.w(f'<th scope="col"{_NUM if n else ""}>{e(h)}</th>')
        self.w("</tr></thead><tbody>")
        for row in table.rows:
            self.w("<tr>")
            for v, f, n in zip(row, table.formats, num):
                self.w(f"<td{_NUM if n else ''}>{e(cell_text(v, f, lang))}</td>")
            self.w("</tr>")
        self.w("</tbody></table></div>")
        if table.note:
            self.w(f'<p class="note">{e(table.note)}</p>')

    def figure(self, fig: Figure) -> None:
        lang = self.report.lang
        self.n_figures += 1
        div = f"chart-{fig.key}"
        spec = plotly_figure(fig.chart, lang)
        cap = f"{t('report.figure_label', lang, n=self.n_figures)}: {fig.caption}"
        self.w(f'<figure><div id="{e(div)}" class="chart" role="img" aria-label="{e(fig.alt)}"></div>')
        self.w(
            f'<script>Plotly.newPlot("{e(div)}",{_json(spec["data"])},{_json(spec["layout"])},{_json(_CONFIG)});'
            "</script>"
        )
        self.w(f"<figcaption>{e(cap)}</figcaption>")
        self.w(f"<details><summary>{e(t('report.figure_data', lang))}</summary>")
        self.table(fig.table, fig.caption, numbered=False)
        self.w("</details></figure>")

    def section(self, s: Section) -> None:
        tag = "h2" if s.level == 1 else "h3"
        self.w(f'<section id="{e(s.key)}"><{tag}>{e(s.heading)}</{tag}>')
        for b in s.blocks:
            if isinstance(b, Paragraph):
                cls = f' class="{e(b.kind)}"' if b.kind != "body" else ""
                self.w(f"<p{cls}>{e(b.text)}</p>")
            elif isinstance(b, Table):
                self.table(b, b.caption)
            elif isinstance(b, Figure):
                self.figure(b)
        self.w("</section>")


def render_html(report: Report) -> bytes:
    """The report as one self-contained HTML file (UTF-8 bytes)."""
    r = report
    b = _Builder(r)
    lang_attr = "cy-GB" if r.lang == "cy" else "en-GB"
    b.w(f'<!DOCTYPE html>\n<html lang="{lang_attr}"><head><meta charset="utf-8">')
    b.w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    b.w(f"<title>{e(r.title)}</title>")
    b.w(f'<meta name="generator" content="PAIR options appraisal; data version {e(r.data_version)}">')
    b.w(f"<style>{_CSS}</style>")
    b.w(f'<script type="text/javascript">{_plotly_js()}</script>')
    b.w("</head><body>")
    b.w(
        f'<header class="report"><h1>{e(r.title)}</h1><p class="subtitle">{e(r.subtitle)}</p><dl class="facts">'
    )
    for f in r.key_facts:
        b.w(f"<dt>{e(f.label)}</dt><dd>{e(f.value)}</dd>")
    b.w("</dl></header>")
    b.w(
        f'<nav class="toc" aria-label="{e(t("report.contents", r.lang))}"><h2>{e(t("report.contents", r.lang))}</h2><ol>'
    )
    for s in r.sections:
        if s.level == 1:
            b.w(f'<li><a href="#{e(s.key)}">{e(s.heading)}</a></li>')
    b.w("</ol></nav><main>")
    for s in r.sections:
        b.section(s)
    b.w(f'<p class="note">{e(t("report.generated", r.lang, date=r.date_text, version=r.data_version))}</p>')
    b.w("</main></body></html>\n")
    return "".join(b.out).encode("utf-8")
