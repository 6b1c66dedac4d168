"""Small building blocks every page uses: intro text, provenance, charts with tables.

Conventions kept here so each page looks and reads the same way:
- every page opens with its title and one or two sentences on what it shows and how
  to read it (``intro``);
- every default number carries its source and status (``provenance``/``status_label``);
- every chart has a table equivalent in a "Show as table" expander (``chart``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from appraisal.i18n import localised
from appraisal.i18n.formatting import format_date, format_money, format_number, format_share
from appraisal.model import Quantity
from appraisal.present import Presenter
from appraisal.ui import state
from appraisal.ui.html_table import HtmlColumn, html_table
from appraisal.ui.state import dataset, lang, region_id, tr

PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}

#: Streamlit badge colours per status; the text label always says the status too.
STATUS_COLOURS = {
    "verified": "green",
    "secondary": "blue",
    "derived": "violet",
    "unverified": "orange",
    "illustrative": "gray",
}


def intro(page_key: str, terms: Sequence[str] = ()) -> None:
    """Page title, the one-sentence 'what this shows', and 'how to read it'; ``terms``
    (glossary keys) adds a line linking the page's technical terms to the glossary."""
    st.title(tr(f"page.{page_key}.title"))
    st.markdown(tr(f"page.{page_key}.intro"))
    if terms:
        # body text, not a caption: links in a caption are drawn too faint (axe: 3:1 on white)
        st.markdown(tr("glossary.see", terms=" · ".join(term(k) for k in terms)))


#: The glossary page's URL path (appraisal/ui/pages/glossary.py).
GLOSSARY_PAGE = "glossary"


def glossary_anchor(key: str) -> str:
    """The HTML id of a glossary entry's heading: its key with '-' for '_'."""
    return key.replace("_", "-")


def term(key: str, text: str | None = None) -> str:
    """A Markdown link to glossary entry ``key``, labelled ``text`` (default: the term).

    The link is relative ('glossary?lang=cy&region=gwent#smaa': the app's own server,
    under any base path); Streamlit opens it in a new tab, so the user's work stays open.
    It carries the session's language and region, so the new tab's URL needs no rewrite
    (a rewrite drops the '#'), and the glossary scrolls to the entry's heading."""
    label = text if text is not None else tr(f"glossary.term.{key}")
    return f"[{label}]({glossary_link(key)})"


def glossary_link(key: str) -> str:
    """The relative URL of glossary entry ``key`` (see ``term``)."""
    return f"{GLOSSARY_PAGE}?lang={lang()}&region={region_id()}#{glossary_anchor(key)}"


def region_name(rid: str | None = None) -> str:
    return localised(dataset().region(rid or region_id()), "name", lang())


def status_label(status: str) -> str:
    return tr(f"ui.status.{status}")


def status_badge(status: str) -> None:
    st.badge(status_label(status), color=STATUS_COLOURS.get(status, "gray"))  # type: ignore[arg-type]


def provenance_text(source: str, status: str) -> str:
    return tr("ui.prov.caption", source=source or tr("ui.prov.no_source"), status=status_label(status))


def provenance(q: Quantity | None = None, *, source: str = "", status: str = "") -> None:
    """A small caption 'Source: ... · Status: ...' under a number."""
    if q is not None:
        source, status = q.source, q.status
    st.caption(provenance_text(source, status))


def chart(
    fig: go.Figure,
    table: pd.DataFrame | None,
    *,
    key: str,
    alt: str,
    column_config: dict | None = None,
    expanded: bool = False,
) -> None:
    """A plotly chart with a text alternative and a 'Show as table' equivalent.

    ``alt`` is both the chart's accessible name (``st.plotly_chart(alt=...)``, read by
    screen readers on the graphic) and a visible caption under it, for everyone."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None, alt=alt)
    st.caption(alt)
    if table is not None:
        with st.expander(tr("ui.show_table"), expanded=expanded):
            dataframe(table, hide_index=True, width="stretch", column_config=column_config, placeholder="–")


def picture(html: str, table: str | None, *, key: str, alt: str, expanded: bool = False) -> None:
    """A picture drawn on the server (an HTML fragment with an SVG named by ``alt``, every
    text in it escaped by its builder) with :func:`chart`'s caption and 'Show as table'
    (``table``: an :func:`appraisal.ui.html_table.html_table`): no chart or grid library loads in the browser."""
    with st.container(key=key):
        # st.markdown, not st.html: st.html's sanitiser drops SVG
        st.markdown(html, unsafe_allow_html=True)
    st.caption(alt)
    if table is not None:
        with st.expander(tr("ui.show_table"), expanded=expanded):
            st.markdown(table, unsafe_allow_html=True)


def static_table(rows: Sequence[dict], columns: Sequence[HtmlColumn], *, label: str = "") -> None:
    """A small table drawn as HTML with the page (see :mod:`appraisal.ui.html_table`)."""
    st.markdown(html_table(rows, columns, label=label), unsafe_allow_html=True)


def _pin_first(
    data: Any, column_config: dict | None, hide_index: bool | None, column_order: Sequence[str] | None = None
) -> dict | None:
    """``column_config`` with the first column pinned (frozen), so a grid wider than its
    place scrolls sideways beside its row labels instead of scrolling them away.

    Streamlit pins the index; the app's grids hide it, so their first data column (the
    region, option or criterion the row is about) is the one to keep in view: the first
    of ``column_order`` when the page gives one, else the frame's first column."""
    if not hide_index:
        return column_config
    frame = getattr(data, "data", data)  # a pandas Styler carries its frame as .data
    columns = list(column_order) if column_order else list(getattr(frame, "columns", []))
    if not columns:
        return column_config
    first = columns[0]
    cfg = dict(column_config or {})
    if first in cfg and cfg[first] is None:  # the page hides that column: leave it so
        return column_config
    spec = cfg.get(first) or {}
    spec = {"label": spec} if isinstance(spec, str) else dict(spec)
    spec["pinned"] = True
    cfg[first] = spec
    return cfg


def dataframe(data: Any, *, column_config: dict | None = None, hide_index: bool | None = True, **kwargs: Any):
    """``st.dataframe`` as every grid in the app draws it: index hidden, first column pinned."""
    cfg = _pin_first(data, column_config, hide_index, kwargs.get("column_order"))
    return st.dataframe(data, hide_index=hide_index, column_config=cfg, **kwargs)


def data_editor(
    data: Any, *, column_config: dict | None = None, hide_index: bool | None = True, **kwargs: Any
):
    """``st.data_editor`` with the first column pinned, as :func:`dataframe`."""
    cfg = _pin_first(data, column_config, hide_index, kwargs.get("column_order"))
    return st.data_editor(data, hide_index=hide_index, column_config=cfg, **kwargs)


#: Table text is drawn at about 7.4 px a character (Source Sans, the app's 18 px base
#: font scaled for tables); a column also needs room for padding and the sort icon.
CHAR_PX, PAD_PX, HELP_PX = 7.4, 30, 22


def fit_width(
    label: str, values: Iterable[object] = (), *, help: bool = False, minimum: int = 56, maximum: int = 380
) -> int:
    """A table column width (px) that shows ``label`` and its longest value in full.

    Fixed widths tuned for English cut Welsh labels, which are often longer; widths
    are worked out from the text actually shown, in whatever language it is."""
    longest = max([len(str(label))] + [len(str(v)) for v in values])
    px = CHAR_PX * longest + PAD_PX + (HELP_PX if help else 0)
    return int(min(maximum, max(minimum, px)))


def rows_table(rows: Sequence[dict], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame from engine ``rows()`` keeping and renaming the given columns."""
    df = pd.DataFrame(list(rows))
    keep = [c for c in columns if c in df.columns]
    return df[keep].rename(columns=columns)


def fmt_num(v: float | None, digits: int = 1) -> str:
    """A number with grouping for the session's language (Babel: en_GB / cy_GB)."""
    if v is None:
        return tr("ui.not_available")
    return format_number(v, lang(), decimals=digits)


def fmt_int(v: float | None) -> str:
    """A count such as births or what-ifs: '26,944'."""
    return fmt_num(v, 0)


def fmt_pct(v: float | None, digits: int = 0) -> str:
    """A share 0-1 as a percentage for the session's language: 0.153 -> '15%'."""
    if v is None:
        return tr("ui.not_available")
    return format_share(v, lang(), decimals=digits)


def fmt_money(v: float | None, decimals: int = 0) -> str:
    """Pounds sterling for the session's language: '£1,234,567'."""
    if v is None:
        return tr("ui.not_available")
    return format_money(v, lang(), decimals=decimals)


def fmt_date(d: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """A long date in the session's language ('2 Mawrth 2026'), optionally with hh:mm."""
    if d is None:
        return ""
    day = d.date() if isinstance(d, dt.datetime) else d
    text = format_date(day, lang())
    if with_time and isinstance(d, dt.datetime):
        text += d.strftime(" %H:%M")
    return text


def money_cells(
    table: pd.DataFrame, columns: Iterable[str], *, decimals: int = 0, language: str | None = None
) -> pd.DataFrame:
    """``table`` with its money ``columns`` as text, exactly as ``format_money`` writes
    it ('-£1,083,734'; empty cells stay empty), for a ``money_column``.

    Streamlit formats numbers in the browser with a printf pattern, which can only put
    the sign after a literal '£' ('£-1,083,734'); text written here reads right in both
    languages. Columns not in ``table`` are ignored."""
    lg = language or lang()
    out = table.copy()

    def cell(v: Any) -> str | None:
        if v is None or pd.isna(v):
            return None
        return format_money(round(float(v), decimals) + 0.0, lg, decimals=decimals)  # no '-£0'

    for col in columns:
        if col in out.columns:
            out[col] = pd.Series([cell(v) for v in out[col]], index=out.index, dtype=object)
    return out


def money_column(**kwargs: Any) -> Any:
    """Column config for a money column filled by ``money_cells``: text, right-aligned
    like a number."""
    return st.column_config.TextColumn(alignment="right", **kwargs)


def fixed_labels(values: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget ``format_func`` whose labels are worked out now, in the session's language.

    Streamlit calls ``format_func`` during the run, but AppTest also calls it between
    runs, where the session (and so its language) is not known; labels fixed here are
    the same in both, so a Welsh page reads Welsh everywhere."""
    table = {v: label(v) for v in values}
    return lambda v: table[v] if v in table else str(v)


@st.cache_resource(show_spinner=False)
def _presenter(language: str) -> Presenter:
    return Presenter(dataset(), language)


def presenter() -> Presenter:
    """Names and number formats in the session's language (shared with the report)."""
    return _presenter(lang())


def sure_line_key() -> str:
    """The 'how sure?' sentence for the session's SMAA weight model."""
    model = state.inputs().smaa_model
    return "ui.sure_line" if model == "stated" else f"ui.sure_line_{model}"


def sure_line(reg) -> str:
    """'How sure?': the region's SMAA first-rank acceptability, as every page says it."""
    return tr(
        sure_line_key(),
        option=presenter().winners(reg.winners),
        pct=fmt_pct(reg.acceptability),
        n=fmt_int(reg.smaa.samples),
        spread=f"{100 * state.inputs().smaa_spread:.0f}",
    )


def top_line(reg) -> str:
    """Who comes first, how far ahead of whom (the run's winner, runner-up and margin)."""
    p = presenter()
    return tr(
        "page.weights.top_line",
        option=p.winners(reg.winners),
        other=p.option(reg.runner_up or reg.winner),
        margin=fmt_num(reg.margin),
    )


def results_summary(reg, region: str) -> str:
    """The Results page's one-sentence answer for a region."""
    return tr(
        "page.results.summary",
        region=region_name(region),
        option=presenter().winners(reg.winners),
        total=fmt_num(reg.total),
        margin=fmt_num(reg.margin),
    )


def undo_redo(
    prefix: str,
    undo: Callable[[], None],
    redo: Callable[[], None],
    *,
    can_undo: bool,
    can_redo: bool,
    help_keys: tuple[str, str] = ("ui.undo.help", "ui.redo.help"),
) -> None:
    """Undo and Redo buttons side by side (keys ``{prefix}_undo`` and ``{prefix}_redo``)."""
    row = st.container(horizontal=True)
    for name, fn, enabled, help_key in (
        ("undo", undo, can_undo, help_keys[0]),
        ("redo", redo, can_redo, help_keys[1]),
    ):
        row.button(
            tr(f"ui.{name}.button"),
            on_click=fn,
            icon=f":material/{name}:",
            key=f"{prefix}_{name}",
            disabled=not enabled,
            help=tr(help_key),
        )


def option_name(option_id: str) -> str:
    return presenter().option(option_id)


def criterion_name(criterion_id: str) -> str:
    return presenter().criterion(criterion_id)


def group_name(group_id: str) -> str:
    return presenter().group(group_id)
