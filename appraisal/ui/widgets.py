"""Small building blocks every page uses: intro text, provenance, charts with tables.

Conventions kept here so each page looks and reads the same way:
- every page opens with its title and one or two sentences on what it shows and how
  to read it (``intro``);
- every default number carries its source and status (``provenance``/``status_label``);
- every chart has a table equivalent in a "Show as table" expander (``chart``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from appraisal.i18n import localised
from appraisal.model import Quantity
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


def intro(page_key: str) -> None:
    """Page title, the one-sentence 'what this shows', and 'how to read it'."""
    st.title(tr(f"page.{page_key}.title"))
    st.markdown(tr(f"page.{page_key}.intro"))


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
    """A plotly chart with a text alternative and a 'Show as table' equivalent."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None)
    st.caption(alt)
    if table is not None:
        with st.expander(tr("ui.show_table"), expanded=expanded):
            st.dataframe(
                table, hide_index=True, width="stretch", column_config=column_config, placeholder="–"
            )


def rows_table(rows: Sequence[dict], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame from engine ``rows()`` keeping and renaming the given columns."""
    df = pd.DataFrame(list(rows))
    keep = [c for c in columns if c in df.columns]
    return df[keep].rename(columns=columns)


def fmt_num(v: float | None, digits: int = 1) -> str:
    if v is None:
        return tr("ui.not_available")
    return f"{v:,.{digits}f}"


def fmt_pct(v: float | None, digits: int = 0) -> str:
    if v is None:
        return tr("ui.not_available")
    return f"{100 * v:.{digits}f}%"


def option_name(option_id: str) -> str:
    for o in dataset().options:
        if o.id == option_id:
            return localised(o, "name", lang())
    return option_id


def criterion_name(criterion_id: str) -> str:
    for c in dataset().criteria:
        if c.id == criterion_id:
            return localised(c, "name", lang())
    return criterion_id


def group_name(group_id: str) -> str:
    for g in dataset().groups:
        if g.id == group_id:
            return localised(g, "name", lang())
    return group_id
