"""Glossary: the tool's technical terms in plain language, each with its source.

Entries are grouped by where a reader meets them. Each has a heading whose anchor is
``widgets.glossary_anchor(key)``, so other pages link straight to it with
``widgets.term(key)`` ('glossary?lang=en#smaa'); text, term and source come from the
catalogue (``appraisal/i18n/<lang>/glossary.yaml``: ``glossary.term.<key>``,
``glossary.text.<key>``, ``glossary.source.<key>``).
"""

from __future__ import annotations

import streamlit as st

from appraisal.ui import widgets
from appraisal.ui.state import tr

PAGE = {"key": "glossary", "title_key": "page.glossary.title", "icon": ":material/dictionary:", "order": 90}

#: (group, entry keys) in the order shown.
ENTRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "weights",
        ("mcda", "swing_weighting", "rank_order_centroid", "ahp", "value_function", "macbeth"),
    ),
    (
        "robustness",
        ("smaa", "central_weights", "confidence_factor", "switching_value", "topsis", "promethee"),
    ),
    (
        "economics",
        ("npsv", "bcr", "stpr", "optimism_bias", "outcome_chain", "heckman", "evpi", "ceac"),
    ),
    ("case", ("green_book", "five_case", "bau", "do_minimum")),
)


def keys() -> list[str]:
    """Every entry's key, in page order."""
    return [k for _, ks in ENTRIES for k in ks]


def _contents() -> str:
    """'Jump to a term:' and a same-page link to every entry (a '#' link stays in the tab)."""
    links = " · ".join(f"[{tr(f'glossary.term.{k}')}](#{widgets.glossary_anchor(k)})" for k in keys())
    return f"{tr('page.glossary.contents')} {links}"


def render() -> None:
    widgets.intro("glossary")
    st.markdown(_contents())
    for group, entries in ENTRIES:
        st.header(tr(f"page.glossary.group.{group}"), anchor=f"group-{group}")
        for k in entries:
            st.subheader(tr(f"glossary.term.{k}"), anchor=widgets.glossary_anchor(k))
            st.markdown(tr(f"glossary.text.{k}"))
            st.caption(tr("page.glossary.source", source=tr(f"glossary.source.{k}")))
